"""The time axis (A) and its lanes (L) over the main view's events, and the keys that open them.

Counts are asked of the backend protocol in a worker, so a key never waits on them. Enter on a
bucket returns its period to the main screen, which adds it as a removable period chip. A lane
is a country, an actor or a concern; on the lanes, ←/→ choose one, d removes it and [/] move it,
and the main screen keeps the lanes so chosen for the next L.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Mount
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.core.backends.base import TimeViewBackend
from tui.core.backends.memory import MemoryBackend
from tui.core.filters import Filter, describe, to_query
from tui.core.frequency import Row
from tui.core.pages import label_of
from tui.core.periods import ZOOMS, Period, Zoom
from tui.core.store import EventStore, Query
from tui.core.textsafe import one_line
from tui.core.timeaxis import Axis, Lane, axis, default_lanes, lanes, opening_zoom
from tui.ui.marks import AnnotationsReady, annotations_of
from tui.ui.messages import OpenPage
from tui.ui.screens.frequency import FrequencyScreen
from tui.ui.screens.jump import JumpScreen
from tui.ui.widgets.axis import AxisView
from tui.ui.widgets.detail_list import LinkList
from tui.ui.widgets.timeline import TimelineView

LANE_ACTIONS = ("select_lane", "remove_lane", "move_lane")


class AxisScreen(Screen[Period | None]):
    """One axis of the view's events, or one lane per country, actor or concern; dismissed
    with a period."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "zoom(1)", "Zoom in", key_display="+", id="axis.zoom-in"),
        Binding("minus", "zoom(-1)", "Zoom out", key_display="-", id="axis.zoom-out"),
        Binding("colon", "jump", "Jump to date", key_display=":", id="axis.jump"),
        Binding("escape", "back", "Back to the list", id="axis.back"),
    ]

    DEFAULT_CSS = """
    AxisScreen #axis-title { background: $panel; padding: 0 1; }
    AxisScreen #axis-header { color: $text-muted; padding: 0 0 0 0; }
    """

    def __init__(
        self,
        store: EventStore,
        filters: tuple[Filter, ...],
        *,
        lanes_wanted: list[Lane] | None = None,
        added_lanes: Sequence[Lane] = (),
        focus_key: int = 0,
        zoom: Zoom | None = None,
        lanes_changed: Callable[[list[Lane]], None] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.filters = filters
        self.backend: TimeViewBackend = MemoryBackend(store)
        self.lanes_wanted = lanes_wanted  # None: a single axis; []: the default lanes
        self.added_lanes = list(added_lanes)  # added with l, after those
        self.lanes: list[Lane] = []  # the lanes shown, once counted
        self.focus_key = focus_key  # the event (or period start) the cursor goes to
        self.zoom = zoom  # None until the first count chooses one
        self.lanes_changed = lanes_changed  # told the lanes after each removal or move

    def compose(self) -> ComposeResult:
        yield Static(id="axis-title")
        yield Static(id="axis-header")
        yield AxisView(id="axis")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(AxisView).focus()
        self._count()

    def _query(self) -> Query:
        return to_query(self.filters, annotations_of(self.app))

    def _count(self) -> None:
        view = self.query_one(AxisView)
        view.show_message(f"Counting events per {self.zoom or 'period'}…")
        self._title()
        wanted, query, known = self.zoom, self._query(), list(self.lanes)
        # Lanes replace the view's country filters: open on a zoom that fits their events.
        spread = query if self.lanes_wanted is None else replace(query, countries=frozenset())

        def count() -> None:
            zoom = wanted or opening_zoom(self.backend, spread)
            chosen: list[Lane] = []
            try:
                if self.lanes_wanted is None:
                    found = [axis(self.backend, query, zoom)]
                else:
                    chosen = known or list(
                        dict.fromkeys(
                            [
                                *(self.lanes_wanted or default_lanes(self.backend, query)),
                                *self.added_lanes,
                            ]
                        )
                    )
                    found = lanes(self.backend, query, chosen, zoom)
            except ValueError as error:
                self.app.call_from_thread(self._failed, zoom, one_line(str(error)))
                return
            self.app.call_from_thread(self._shown, zoom, found, chosen)

        self.run_worker(count, thread=True, exclusive=True, group="axis", exit_on_error=False)

    def _shown(self, zoom: Zoom, found: list[Axis], chosen: list[Lane]) -> None:
        if self.zoom is not None and zoom is not self.zoom:
            return  # a newer zoom is being counted
        self.zoom = zoom
        self.lanes = chosen
        self._title()
        names = self._lane_names() if self.lanes_wanted is not None else None
        view = self.query_one(AxisView)
        if not found or not len(found[0]):
            view.show_message("No events in this view.")
        else:
            view.show(found, names, key=self.focus_key)
        self._header()

    def _lane_names(self) -> list[str]:
        return [one_line(label_of(self.store, lane)) for lane in self.lanes]

    def _header(self) -> None:
        view = self.query_one(AxisView)
        self.query_one("#axis-header", Static).update(view.header(view.size.width))

    def on_resize(self) -> None:
        self._header()  # lane columns follow the width

    def _failed(self, zoom: Zoom, message: str) -> None:
        self.zoom = zoom
        self._title()
        self.query_one(AxisView).show_message(message)

    def _title(self) -> None:
        what = "Lanes" if self.lanes_wanted is not None else "Time axis"
        shown = self.filters
        if self.lanes_wanted is not None:  # country lanes stand for those country filters
            countries = {lane.key for lane in self.lanes if lane.kind == "country"}
            shown = tuple(f for f in shown if f.kind != "country" or f.value not in countries)
        scope = describe(shown) if shown else "all events"
        title = f"{what} by {self.zoom or '…'} · {scope} · +/- zoom · Enter narrows · Esc back"
        self.query_one("#axis-title", Static).update(Text(title))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LANE_ACTIONS:  # only over lanes, once counted
            return self.lanes_wanted is not None and bool(self.lanes)
        return True

    def action_zoom(self, step: int) -> None:
        if self.zoom is None:
            return  # still choosing the first zoom
        index = ZOOMS.index(self.zoom) + step
        if not 0 <= index < len(ZOOMS):
            self.notify(f"{self.zoom} is the {'finest' if step > 0 else 'coarsest'} zoom")
            return
        period = self.query_one(AxisView).current_period
        if period is not None and not period.start_key <= self.focus_key <= period.end_key:
            self.focus_key = period.start_key  # keep the reader's place in time
        self.zoom = ZOOMS[index]
        self._count()

    @on(AnnotationsReady)
    def _marks_ready(self) -> None:
        """Opened before the analyst's marks were: a filter by them is counted again (on a
        zoom chosen anew if none of the events had been found)."""
        if any(f.kind in ("starred", "noted", "tag") for f in self.filters):
            if not self.query_one(AxisView).axes:
                self.zoom = None
            self._count()

    # -- lanes --------------------------------------------------------------------------------

    def action_select_lane(self, step: int) -> None:
        view = self.query_one(AxisView)
        view.selected_lane = max(0, min(view.selected_lane + step, len(self.lanes) - 1))
        self._header()

    def action_remove_lane(self) -> None:
        view = self.query_one(AxisView)
        if len(self.lanes) < 2:
            self.notify("The last lane stays: Esc goes back to the list.", markup=False)
            return
        index = view.selected_lane
        removed = self.lanes.pop(index)
        order = [i for i in range(len(view.axes)) if i != index]
        view.set_lanes([view.axes[i] for i in order], self._lane_names())
        view.selected_lane = min(index, len(self.lanes) - 1)
        self._lanes_edited()
        name = one_line(label_of(self.store, removed))
        self.notify(f"{name} removed from the lanes.", markup=False)

    def action_move_lane(self, step: int) -> None:
        view = self.query_one(AxisView)
        index = view.selected_lane
        other = index + step
        if not 0 <= other < len(self.lanes):
            return
        self.lanes[index], self.lanes[other] = self.lanes[other], self.lanes[index]
        axes = list(view.axes)
        axes[index], axes[other] = axes[other], axes[index]
        view.set_lanes(axes, self._lane_names())
        view.selected_lane = other
        self._lanes_edited()

    def _lanes_edited(self) -> None:
        self._title()
        self._header()
        if self.lanes_changed is not None:
            self.lanes_changed(list(self.lanes))

    # -- leaving ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_jump(self) -> None:
        self.app.push_screen(JumpScreen(), self._jump)

    def _jump(self, period: Period | None) -> None:
        """The cursor to the bucket holding the period's start (clamped to the axis)."""
        view = self.query_one(AxisView)
        if period is not None and view.axes:
            self.focus_key = period.start_key
            view.cursor = view.axes[0].index_of_key(period.start_key)

    @on(AxisView.Chosen)
    def _chosen(self, event: AxisView.Chosen) -> None:
        self.dismiss(event.period)


class TimeViewActions(Screen[None]):
    """The main screen's keys for the time views: A, L, F and :. The main screen provides
    ``store``, ``filters`` and ``add_filter``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("A", "axis", "Time axis", id="views.axis"),
        Binding("L", "lanes", "Lanes", id="views.lanes"),
        Binding("F", "frequency", "Frequencies", id="views.frequency"),
        Binding("colon", "jump", "Jump to date", key_display=":", show=False, id="views.jump"),
        Binding("l", "add_lane", "Add as lane", show=False, id="views.add-lane"),
    ]

    store: EventStore
    filters: tuple[Filter, ...]
    _opening: tuple[str, Sequence[str | Lane]] = ("list", [])
    _added_lanes: tuple[Lane, ...] = ()  # added with l, shown after the default lanes
    # The lanes as last removed or reordered on the lanes screen; None: the default ones.
    _edited_lanes: list[Lane] | None = None

    def open_on_view(self, view: str, lanes: Sequence[str | Lane]) -> None:
        """Open on this view ("list", "axis" or "lanes", with these lanes: a country's alpha-3
        code, or any lane) once mounted (--view, --lanes); Esc then returns to the list."""
        self._opening = (view, lanes)

    @on(Mount)
    def _open_view(self) -> None:
        view, codes = self._opening
        # After the main screen's own mount has applied the filters the view counts.
        if view == "axis":
            self.call_after_refresh(self.action_axis)
        elif view == "lanes":
            chosen = [Lane("country", c) if isinstance(c, str) else c for c in codes]
            self.call_after_refresh(self.action_lanes, chosen or None)

    def add_filter(self, new: Filter) -> None:
        raise NotImplementedError  # the main screen's

    def _current_key(self) -> int:
        row = self.query_one(TimelineView).current_row
        return int(self.store.columns.start_keys[row]) if row is not None else 0

    def _narrow(self, period: Period | None) -> None:
        if period is not None:
            self.add_filter(Filter("period", period.label))

    def action_axis(self) -> None:
        screen = AxisScreen(self.store, self.filters, focus_key=self._current_key())
        self.app.push_screen(screen, self._narrow)

    def action_lanes(self, chosen: list[Lane] | None = None) -> None:
        # Lanes: those given, else as last edited, else the filtered countries in the order
        # chosen, else (empty) the most frequent; then those added with l.
        added: Sequence[Lane] = self._added_lanes
        if chosen is None and self._edited_lanes is not None:
            chosen, added = self._edited_lanes, ()
        if chosen is None:
            chosen = [Lane("country", f.value) for f in self.filters if f.kind == "country"]
        screen = AxisScreen(
            self.store,
            self.filters,
            lanes_wanted=chosen,
            added_lanes=added,
            focus_key=self._current_key(),
            lanes_changed=self._lanes_edited,
        )
        self.app.push_screen(screen, self._narrow)

    def _lanes_edited(self, chosen: list[Lane]) -> None:
        self._edited_lanes = chosen

    def action_add_lane(self) -> None:
        """l on a country, an actor or a concern in the reader: a lane for it."""
        focused = self.focused
        entry = focused.selected_entry if isinstance(focused, LinkList) else None
        if entry is None or entry.target is None:
            self._say(
                "Put the cursor on an actor, a concern or a country in the reader, then press l."
            )
            return
        self.add_lane(entry.target)

    def add_lane(self, lane: Lane) -> None:
        """Add a lane for L (l here or on a page), saying so."""
        name = one_line(label_of(self.store, lane))
        shown = self._edited_lanes if self._edited_lanes is not None else self._added_lanes
        if lane in shown:
            self._say(f"{name} is a lane already: L shows the lanes.")
            return
        if self._edited_lanes is not None:
            self._edited_lanes = [*self._edited_lanes, lane]
        else:
            self._added_lanes = (*self._added_lanes, lane)
        self.notify(f"{name} added as a lane: L shows the lanes.", markup=False)

    def _say(self, message: str) -> None:
        self.notify(message, title="Lanes", severity="warning", markup=False)

    def action_frequency(self) -> None:
        self.app.push_screen(FrequencyScreen(self.store, self.filters), self._dive)

    def _dive(self, row: Row | None) -> None:
        if row is None:
            return
        if row.dive == "country" or row.dive == "period":
            self.add_filter(Filter(row.dive, row.value))
        elif row.dive == "actor" or row.dive == "concern":
            self.post_message(OpenPage(row.dive, row.value))

    def action_jump(self) -> None:
        self.app.push_screen(JumpScreen(), self._jump)

    def _jump(self, period: Period | None) -> None:
        if period is None:
            return
        timeline = self.query_one(TimelineView)
        keys = self.store.columns.start_keys[timeline.rows]
        position = int(keys.searchsorted(period.start_key, side="left"))
        if position >= len(keys):
            self.notify(
                f"No event on or after {period.label} in this view.",
                title="Jump",
                severity="warning",
                markup=False,
            )
            return
        timeline.cursor = position
        timeline.focus()
