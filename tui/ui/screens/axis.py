"""The time axis (A) and its lanes (L) over the main view's events (the keys that open them
are in tui/ui/screens/time_views.py).

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
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.core.backends.base import TimeViewBackend
from tui.core.backends.memory import MemoryBackend
from tui.core.filters import Filter, describe, to_query
from tui.core.pages import label_of
from tui.core.periods import ZOOMS, Period, Zoom
from tui.core.store import EventStore, Query
from tui.core.textsafe import one_line
from tui.core.timeaxis import Axis, Lane, axis, default_lanes, lanes, opening_zoom
from tui.ui.marks import AnnotationsReady, annotations_of
from tui.ui.screens.jump import JumpScreen
from tui.ui.widgets.axis import AxisView

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
