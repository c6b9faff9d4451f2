"""The time axis (A) and its lanes (L) over the main view's events, and the keys that open them.

Counts are asked of the backend protocol in a worker, so a key never waits on them. Enter on a
bucket returns its period to the main screen, which adds it as a removable period chip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Mount
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.core.backends.memory import MemoryBackend
from tui.core.countries import country_name
from tui.core.filters import Filter, describe, to_query
from tui.core.frequency import Row
from tui.core.periods import ZOOMS, Period, Zoom, serials
from tui.core.store import EventStore, Query
from tui.core.textsafe import one_line
from tui.core.timeaxis import Axis, axis, default_lanes, lanes
from tui.ui.messages import OpenPage
from tui.ui.screens.frequency import FrequencyScreen
from tui.ui.screens.jump import JumpScreen
from tui.ui.widgets.axis import AxisView
from tui.ui.widgets.detail_list import LinkList
from tui.ui.widgets.timeline import TimelineView

ENOUGH_BUCKETS = 12  # the axis opens on the coarsest zoom with at least this many buckets


def opening_zoom(backend: MemoryBackend, query: Query) -> Zoom:
    rows = backend.rows(query)
    if not len(rows):
        return Zoom.YEAR
    keys = backend.store.columns.start_keys[rows[[0, -1]]]
    for zoom in ZOOMS:
        first, last = (int(s) for s in serials(keys, zoom))
        if last - first + 1 >= ENOUGH_BUCKETS:
            return zoom
    return Zoom.DAY


class AxisScreen(Screen[Period | None]):
    """One axis of the view's events, or one lane per country; dismissed with a period."""

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
        lane_codes: list[str] | None = None,
        added_lanes: Sequence[str] = (),
        focus_key: int = 0,
        zoom: Zoom | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.filters = filters
        self.backend = MemoryBackend(store)
        self.lanes_wanted = lane_codes  # None: a single axis; []: the default lanes
        self.added_lanes = list(added_lanes)  # added with l, after those
        self.lane_codes: list[str] = []
        self.focus_key = focus_key  # the event (or period start) the cursor goes to
        self.zoom = zoom  # None until the first count chooses one

    def compose(self) -> ComposeResult:
        yield Static(id="axis-title")
        yield Static(id="axis-header")
        yield AxisView(id="axis")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(AxisView).focus()
        self._count()

    def _count(self) -> None:
        view = self.query_one(AxisView)
        view.show_message(f"Counting events per {self.zoom or 'period'}…")
        self._title()
        wanted, query = self.zoom, to_query(self.filters)
        # Lanes replace the view's country filters: open on a zoom that fits their events.
        spread = query if self.lanes_wanted is None else replace(query, countries=frozenset())

        def count() -> None:
            zoom = wanted or opening_zoom(self.backend, spread)
            try:
                if self.lanes_wanted is None:
                    found, codes = [axis(self.backend, query, zoom)], []
                else:
                    chosen = self.lanes_wanted or default_lanes(self.backend, query)
                    codes = list(dict.fromkeys([*chosen, *self.added_lanes]))
                    found = lanes(self.backend, query, codes, zoom)
            except ValueError as error:
                self.app.call_from_thread(self._failed, zoom, one_line(str(error)))
                return
            self.app.call_from_thread(self._shown, zoom, found, codes)

        self.run_worker(count, thread=True, exclusive=True, group="axis", exit_on_error=False)

    def _shown(self, zoom: Zoom, found: list[Axis], codes: list[str]) -> None:
        if self.zoom is not None and zoom is not self.zoom:
            return  # a newer zoom is being counted
        self.zoom = zoom
        self._title()
        self.lane_codes = codes
        names = [country_name(code) for code in codes] if self.lanes_wanted is not None else None
        view = self.query_one(AxisView)
        if not found or not len(found[0]):
            view.show_message("No events in this view.")
        else:
            view.show(found, names, key=self.focus_key)
        self._header()

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
        if self.lanes_wanted is not None:  # the lanes stand for the country filters
            shown = tuple(f for f in self.filters if f.kind != "country")
        scope = describe(shown) if shown else "all events"
        title = f"{what} by {self.zoom or '…'} · {scope} · +/- zoom · Enter narrows · Esc back"
        self.query_one("#axis-title", Static).update(Text(title))

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
    _opening: tuple[str, list[str]] = ("list", [])
    _added_lanes: tuple[str, ...] = ()  # countries added with l, shown after the default lanes

    def open_on_view(self, view: str, lanes: list[str]) -> None:
        """Open on this view ("list", "axis" or "lanes", with these lanes) once mounted
        (--view, --lanes); Esc then returns to the list."""
        self._opening = (view, lanes)

    @on(Mount)
    def _open_view(self) -> None:
        view, codes = self._opening
        # After the main screen's own mount has applied the filters the view counts.
        if view == "axis":
            self.call_after_refresh(self.action_axis)
        elif view == "lanes":
            self.call_after_refresh(self.action_lanes, codes or None)

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

    def action_lanes(self, codes: list[str] | None = None) -> None:
        # Lanes: those given, else the filtered countries in the order chosen, else (empty)
        # the most frequent.
        if codes is None:
            codes = [f.value for f in self.filters if f.kind == "country"]
        screen = AxisScreen(
            self.store,
            self.filters,
            lane_codes=codes,
            added_lanes=self._added_lanes,
            focus_key=self._current_key(),
        )
        self.app.push_screen(screen, self._narrow)

    def action_add_lane(self) -> None:
        """l on a country, or on an actor with a country, in the reader: a lane for it."""
        focused = self.focused
        entry = focused.selected_entry if isinstance(focused, LinkList) else None
        target = entry.target if entry is not None else None
        if target is None:
            self._say("Put the cursor on a country or an actor in the reader, then press l.")
            return
        code, whose = target.key, ""
        if target.kind == "actor":
            actor = self.store.actors.get(target.key)
            code = actor.country if actor is not None and actor.country else ""
            whose = f" ({one_line(actor.name)}'s country)" if actor is not None else ""
        if target.kind == "concern" or not code:
            self._say("Lanes are by country: put the cursor on a country or a state's actor.")
            return
        name = country_name(code)
        if code in self._added_lanes:
            self._say(f"{name} is a lane already: L shows the lanes.")
            return
        self._added_lanes = (*self._added_lanes, code)
        self.notify(f"{name}{whose} added as a lane: L shows the lanes.", markup=False)

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
