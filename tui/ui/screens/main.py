"""The screen a user lives in: header with filter chips, density strip, timeline, detail pane."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui.core.columns import Rows
from tui.core.countries import CountryResolver
from tui.core.filters import Filter, added, describe, start_row, to_query
from tui.core.store import EventStore, Query
from tui.core.textsafe import one_line
from tui.ui.marks import annotations_of
from tui.ui.messages import OpenPage
from tui.ui.screens.marking import MARK_KINDS, MarkActions
from tui.ui.screens.reading import ReadingScreen
from tui.ui.screens.time_views import TimeViewActions
from tui.ui.widgets.density import DensityStrip
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.export_panel import ExportPanel
from tui.ui.widgets.search import SearchBar
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import Chip, TopBar

# A text search over more events than this runs in a worker; below it, it takes milliseconds.
LARGE_STORE = 50_000
SHOW_BUSY_AFTER = 0.5  # seconds before a running search says so
SCREEN_WAIT = 0.5  # seconds a search may pause for its first screen of rows to be read


@dataclass(frozen=True, slots=True)
class Filtered:
    """A finished query: the filters asked for, what they found, and the filters before."""

    filters: tuple[Filter, ...]
    query: Query
    rows: Rows
    previous: tuple[Filter, ...] | None  # set when an empty text search should be refused


class SearchFound(Message):
    """What a text search running in a worker has found so far: the first rows of its answer
    (every match up to the last of them)."""

    def __init__(self, worker: Worker[Filtered | None], found: Filtered) -> None:
        super().__init__()
        self.worker = worker
        self.found = found


# A, L, F and : are in screens/time_views.py; s, n and t in screens/marking.py.
class MainScreen(MarkActions, TimeViewActions, ReadingScreen):
    # Focus the timeline as the screen is composed, before any key can arrive (a deferred
    # focus() from on_mount could take the focus back from a search box opened meanwhile).
    AUTO_FOCUS = "#timeline"

    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding runs as the key arrives, not after the keys queued behind it: a
        # burst such as "/Japan" (a paste, a macro) then types into the box it opened.
        Binding("slash", "search", "Search", key_display="/", priority=True, id="main.search"),
        Binding("c", "clear_filters", "Clear filters", show=False, id="main.clear-filters"),
        Binding(
            "x", "remove_last_filter", "Remove last filter", show=False, id="main.remove-filter"
        ),
        Binding("e", "export", "Export", id="main.export"),
        Binding("escape", "cancel_export", "Cancel export", id="main.cancel-export"),
    ]

    def __init__(
        self,
        store: EventStore,
        resolver: CountryResolver,
        filters: tuple[Filter, ...] = (),
        *,
        blink: bool = True,
        inputs: Sequence[Path] = (),
    ) -> None:
        super().__init__()
        self.store = store
        self.resolver = resolver
        self.filters = filters
        self.inputs = tuple(inputs)
        self._blink = blink
        self._filtering: Worker[Filtered | None] | None = None  # the text search in flight
        self._part_shown = False  # the search in flight shows what it has found so far
        self._busy_timer: Timer | None = None
        self._ready = False  # composed and mounted: keys have something to act on
        self._search_early = False  # "/" came before the screen was built

    def compose(self) -> ComposeResult:
        yield TopBar(self.store.name)
        yield SearchBar(self.store, self.resolver, blink=self._blink)
        yield DensityStrip(self.store, id="density")
        with Horizontal(id="panes"):
            yield TimelineView(self.store, id="timeline")
            yield DetailPane(self.store, id="detail")
        yield Static(id="busy")
        yield ExportPanel(id="export-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#busy", Static).display = False
        self.apply_filters(self.filters, open_on_start=True)
        self._ready = True
        if self._search_early:
            self.query_one(SearchBar).open()

    # -- filters ------------------------------------------------------------------------------

    def apply_filters(
        self,
        filters: tuple[Filter, ...],
        *,
        refuse_empty_text: bool = False,
        open_on_start: bool = False,
    ) -> None:
        """Show the events the filters keep. A text search over a large dataset runs in a
        worker (a newer search cancels it); the rest takes milliseconds and runs here.
        ``refuse_empty_text``: a text search that finds nothing changes nothing, and says so.
        ``open_on_start``: put the cursor on the dataset's start event if the view has it."""
        previous = self.filters if refuse_empty_text else None
        self.filters = filters
        query = to_query(filters, annotations_of(self.app))
        if query.text and len(self.store) > LARGE_STORE:
            self._say_busy(query.text)
            self._part_shown = False
            timeline = self.query_one(TimelineView)
            place = timeline.current_row  # the reader's row: the first rows shown are there
            self._filtering = self._query_in_worker(filters, query, previous, timeline, place)
            return
        self._cancel_search()
        self._show(Filtered(filters, query, self.store.query(query), previous), open_on_start)

    @work(thread=True, exclusive=True, group="filter", exit_on_error=False)
    def _query_in_worker(
        self,
        filters: tuple[Filter, ...],
        query: Query,
        previous: tuple[Filter, ...] | None,
        timeline: TimelineView,
        place: int | None,
    ) -> Filtered | None:
        """The whole answer; what is found meanwhile is posted (SearchFound) as it grows."""
        worker: Worker[Filtered | None] = get_current_worker()
        answers = self.store.growing_query(query)
        screen_read = False
        try:
            for rows, whole in answers:
                found = Filtered(filters, query, rows, previous)
                if whole:
                    return found
                if worker.is_cancelled:
                    return None  # closing the answers ends the scan
                self.post_message(SearchFound(worker, found))
                if not screen_read:
                    screen_read = self._let_screen_be_read(worker, rows, timeline, place)
        finally:
            answers.close()
        return None  # not reached: the last answer is whole

    def _let_screen_be_read(
        self,
        worker: Worker[Filtered | None],
        rows: Rows,
        timeline: TimelineView,
        place: int | None,
    ) -> bool:
        """Before the scan reads on, the store reads the rows the first screen of them shows
        (up to SCREEN_WAIT seconds): on two cores, both at once take twice as long. Whether
        that screen is shown (the rows reach the reader's place)."""
        at = 0 if place is None else int(np.searchsorted(rows, place))
        if at >= len(rows):
            return False  # not shown yet: the reader's place is further on
        shown = timeline.screen_from(rows, at)
        waited_until = time.monotonic() + SCREEN_WAIT
        while time.monotonic() < waited_until and not worker.is_cancelled:
            if self.store.rows_ready(shown) and self.store.rows_ready(shown[:1], full=True):
                break
            time.sleep(0.01)
        return True

    @on(SearchFound)
    def _search_found_some(self, message: SearchFound) -> None:
        if message.worker is not self._filtering:
            return  # a search a newer one replaced
        rows, timeline = message.found.rows, self.query_one(TimelineView)
        if self._part_shown:
            self._grow(rows, complete=False)
        elif timeline.current_row is None or int(rows[-1]) >= timeline.current_row:
            # The reader's place is among the rows found: the cursor goes where the whole
            # answer puts it, and stays there as the rest arrives.
            self._show(message.found, open_on_start=False, complete=False)
            self._part_shown = True

    @on(Worker.StateChanged)
    def _search_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._filtering or worker.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return  # another worker, or a search a newer one replaced
        self._cancel_search()
        if worker.state == WorkerState.ERROR:
            self.notify(one_line(str(worker.error)), title="Search failed", severity="error")
            return
        result = worker.result
        if result is not None and self._part_shown:
            self._grow(result.rows, complete=True)
        elif result is not None:
            self._show(result, open_on_start=False)

    def _say_busy(self, text: str) -> None:
        if self._busy_timer is not None:
            self._busy_timer.stop()
        busy = self.query_one("#busy", Static)
        busy.update(Text(f"Searching {len(self.store):,} events for “{one_line(text)}”…"))
        self._busy_timer = self.set_timer(SHOW_BUSY_AFTER, self._show_busy)

    def _show_busy(self) -> None:
        # A timer's tick can arrive after the search ended and stopped it: check it still runs.
        if self._filtering is not None:
            self.query_one("#busy", Static).display = True

    def _cancel_search(self) -> None:
        """Forget any search in flight (its thread finishes; its result is dropped)."""
        if self._filtering is not None:
            self._filtering.cancel()
            self._filtering = None
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        self.query_one("#busy", Static).display = False

    def _show(self, found: Filtered, open_on_start: bool, *, complete: bool = True) -> None:
        filters, query, rows = found.filters, found.query, found.rows
        if not len(rows) and found.previous is not None:
            self.filters = found.previous
            hint = self.resolver.did_you_mean(query.text)
            self.notify(
                f"no country matches {one_line(query.text)!r}, and no event mentions it"
                + (f"; {hint}" if hint else ""),
                title="Nothing found",
                severity="warning",
                markup=False,
            )
            return
        timeline = self.query_one(TimelineView)
        if any(f.kind in MARK_KINDS for f in filters) and annotations_of(self.app) is None:
            timeline.empty_message = (
                "Your stars, notes and tags are still opening, or could not be opened (a "
                "notice says why): nothing is marked. "
                "Press x to remove the last filter, or c to clear all."
            )
        elif filters:
            removable = " or ".join(f"'{f.label}'" for f in reversed(filters))
            timeline.empty_message = (
                f"No events match {describe(filters)}. Remove a filter ({removable}): "
                "press x to remove the last one, or c to clear all."
            )
        else:
            timeline.empty_message = "This dataset has no events."
        keep_row = _opening_row(self.store, rows) if open_on_start else timeline.current_row
        self.query_one(DetailPane).set_highlight(query.text)
        timeline.show(rows, highlight=query.text, keep_row=keep_row, complete=complete)
        top = self.query_one(TopBar)
        top.set_count(len(rows), len(self.store), complete=complete)
        top.set_filters(filters)
        self.query_one(DensityStrip).update_view(rows, timeline.current_row)

    def _grow(self, rows: Rows, *, complete: bool) -> None:
        """More of a running search's rows after those shown; the reader stays in place."""
        timeline = self.query_one(TimelineView)
        timeline.grow(rows, complete=complete)
        self.query_one(TopBar).set_count(len(rows), len(self.store), complete=complete)
        self.query_one(DensityStrip).update_view(rows, timeline.current_row)

    def add_filter(self, new: Filter) -> None:
        self.apply_filters(added(self.filters, new), refuse_empty_text=new.kind == "text")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys can arrive before the screen is built (composed and mounted).
        if action == "search":  # "/" typed in the box is a character, not a new search
            return not self._ready or not self.query_one(SearchBar).has_focus_within
        if not self._ready:  # nothing yet for the other keys to act on
            return False
        if action == "cancel_export":  # Esc does nothing here unless an export runs
            return self.query_one(ExportPanel).running
        return True

    def action_search(self) -> None:
        if self._ready:
            self.query_one(SearchBar).open()
        else:  # a "/" typed as the screen appeared: the box opens once the screen is built
            self._search_early = True

    def on_key(self, event: events.Key) -> None:
        # A printable key reaches the screen itself while the search box has focus only when
        # it was sent here before anything had focus (typed right after an early "/"): it
        # belongs in the box. (The box handles every printable key sent to it.)
        if not (self._ready and event.is_printable and event.character):
            return
        bar = self.query_one(SearchBar)
        if bar.has_focus_within:
            event.stop()
            bar.query_one(Input).insert_text_at_cursor(event.character)

    def searching(self) -> bool:
        return self._filtering is not None

    def action_export(self) -> None:
        if self.searching():  # the timeline shows the old rows, or only some
            self.notify(
                "A search is still running: export once it has found every event.",
                title="Not yet",
                severity="warning",
            )
            return
        rows = self.query_one(TimelineView).rows
        description = describe(self.filters) if self.filters else "all events"
        from tui.ui.screens.export import start_export  # its writers load when first asked

        start_export(self, self.store, rows, description, self.inputs)

    def action_cancel_export(self) -> None:
        self.query_one(ExportPanel).cancel()

    @on(ExportPanel.Started)
    @on(ExportPanel.Finished)
    def _export_started_or_finished(self) -> None:
        self.refresh_bindings()  # Esc cancels an export only while one runs

    def action_clear_filters(self) -> None:
        self.apply_filters(())

    def action_remove_last_filter(self) -> None:
        if self.filters:
            self.apply_filters(self.filters[:-1])

    @on(Chip.Removed)
    def _chip_removed(self, event: Chip.Removed) -> None:
        self.apply_filters(tuple(f for f in self.filters if f != event.removed))

    @on(SearchBar.Chosen)
    def _search_chosen(self, event: SearchBar.Chosen) -> None:
        kind, value = event.choice.kind, event.choice.value
        self.query_one(TimelineView).focus()
        if kind == "actor" or kind == "concern":
            self.post_message(OpenPage(kind, value))
        else:  # a country, a text, or one of the analyst's marks
            self.add_filter(Filter(kind, value))

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.query_one(TimelineView).focus()

    @on(SearchBar.RemoveLastFilter)
    def _search_remove_last(self) -> None:
        self.action_remove_last_filter()

    # -- cursor and links ---------------------------------------------------------------------

    def cursor_event_id(self) -> str | None:
        """The id of the event at the timeline's cursor (None when nothing is shown)."""
        row = self.query_one(TimelineView).current_row
        return None if row is None else self.store.columns.ids[row]

    def select_event(self, event_id: str) -> bool:
        """Put the cursor on this event if the timeline shows it; whether it does."""
        row = self.store.row_of(event_id)
        timeline = self.query_one(TimelineView)
        if row is None:
            return False
        position = int(np.searchsorted(timeline.rows, row))
        if position >= len(timeline.rows) or int(timeline.rows[position]) != row:
            return False
        timeline.cursor = position
        return True

    @on(TimelineView.Highlighted)
    def _density_follows(self, event: TimelineView.Highlighted) -> None:
        """The density strip marks the cursor (the reader follows it in ReadingScreen)."""
        density = self.query_one(DensityStrip)
        density.update_view(event.timeline.rows, event.row)


def _opening_row(store: EventStore, rows: Rows) -> int | None:
    """The dataset's start event if the rows show it; else None (the first event)."""
    row = start_row(store)
    if row is None:
        return None
    index = int(np.searchsorted(rows, row))  # rows are in time order
    return row if index < len(rows) and int(rows[index]) == row else None
