"""The main screen's keys for the time views: the axis (A), the lanes (L and l), the frequency
tables (F) and a jump to a date (:).

The screens themselves are imported when their key is first pressed: the first screen of the
app does not wait for the axis, the frequency tables and their counting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.events import Mount
from textual.screen import Screen

from tui.core.filters import Filter
from tui.core.pages import label_of
from tui.core.store import EventStore
from tui.core.textsafe import one_line
from tui.ui.messages import OpenPage
from tui.ui.widgets.detail_list import LinkList
from tui.ui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tui.core.frequency import Row
    from tui.core.periods import Period
    from tui.core.timeaxis import Lane


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

    def searching(self) -> bool:
        """Whether a search still finds the rows shown (the main screen says)."""
        return False

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
            from tui.core.timeaxis import Lane

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
        from tui.ui.screens.axis import AxisScreen

        screen = AxisScreen(self.store, self.filters, focus_key=self._current_key())
        self.app.push_screen(screen, self._narrow)

    def action_lanes(self, chosen: list[Lane] | None = None) -> None:
        # Lanes: those given, else as last edited, else the filtered countries in the order
        # chosen, else (empty) the most frequent; then those added with l.
        from tui.core.timeaxis import Lane
        from tui.ui.screens.axis import AxisScreen

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
        from tui.ui.screens.frequency import FrequencyScreen

        self.app.push_screen(FrequencyScreen(self.store, self.filters), self._dive)

    def _dive(self, row: Row | None) -> None:
        if row is None:
            return
        if row.dive == "country" or row.dive == "period":
            self.add_filter(Filter(row.dive, row.value))
        elif row.dive == "actor" or row.dive == "concern":
            self.post_message(OpenPage(row.dive, row.value))

    def action_jump(self) -> None:
        from tui.ui.screens.jump import JumpScreen

        self.app.push_screen(JumpScreen(), self._jump)

    def _jump(self, period: Period | None) -> None:
        if period is None:
            return
        timeline = self.query_one(TimelineView)
        keys = self.store.columns.start_keys[timeline.rows]
        position = int(keys.searchsorted(period.start_key, side="left"))
        if position >= len(keys):
            later = "yet: the search is still running." if self.searching() else "in this view."
            self.notify(
                f"No event on or after {period.label} {later}",
                title="Jump",
                severity="warning",
                markup=False,
            )
            return
        timeline.cursor = position
        timeline.focus()
