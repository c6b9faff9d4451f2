"""The time axis: one line per bucket (empty ones too), a count and a bar, or one column per lane.

Line-rendered like the timeline: a line is built when shown, from the counts arrays, so a day
axis over decades costs what a year axis does. Bars: █ events dated within the bucket, ▒ those
of them marked approximate, ░ events dated only to a coarser period starting in the bucket
(not in the count: see tui.core.timeaxis). A │ after the count marks a bucket that an event
begun in an earlier one still covers (a span: counted once, where it starts).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from tui.core.periods import Period, Zoom
from tui.core.timeaxis import Axis
from tui.ui.widgets.row_cursor import RowCursorView, cursor_bindings

COUNT_WIDTH = 7
COARSE_WIDTH = 10


def period_text(period: Period) -> str:
    """The period's label plus what helps a reader place it (weekday, month name)."""
    if period.zoom is Zoom.DAY or period.zoom is Zoom.WEEK:
        key = period.start_key
        day = dt.date(key // 10000, key // 100 % 100, key % 100)
        extra = day.strftime("%a") if period.zoom is Zoom.DAY else day.strftime("%d %b")
        return f"{period.label} {extra}"
    if period.zoom is Zoom.MONTH:
        months = [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ]
        return f"{period.label} {months[period.start_key // 100 % 100 - 1]}"
    return period.label


def bar(placed: int, approximate: int, coarse: int, scale: float, width: int) -> str:
    """Cells for the counts at ``scale`` cells per event; a non-zero count gets a cell."""

    def cells(count: int) -> int:
        return 0 if count <= 0 else max(1, round(count * scale))

    certain = cells(placed - approximate)
    rough = cells(approximate)
    unsure = cells(coarse)
    return ("█" * certain + "▒" * rough + "░" * unsure)[:width]


class AxisView(RowCursorView, can_focus=True):
    """Buckets of one axis, or of several lanes over the same buckets, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("axis", "period"),
        Binding("enter", "choose", "Narrow to period", id="axis.choose"),
        # The lanes' keys are the screen's (it knows the lanes); bound here, before the
        # scrolling that ←/→ would otherwise do.
        Binding(
            "left", "screen.select_lane(-1)", "Lane to the left", show=False, id="axis.lane-left"
        ),
        Binding(
            "right", "screen.select_lane(1)", "Lane to the right", show=False, id="axis.lane-right"
        ),
        Binding("d,delete", "screen.remove_lane", "Remove lane", id="axis.remove-lane"),
        Binding(
            "left_square_bracket,shift+left",
            "screen.move_lane(-1)",
            "Move lane left",
            show=False,
            id="axis.move-lane-left",
        ),
        Binding(
            "right_square_bracket,shift+right",
            "screen.move_lane(1)",
            "Move lane right",
            show=False,
            id="axis.move-lane-right",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"axis--cursor", "axis--empty", "axis--coarse"}

    DEFAULT_CSS = """
    AxisView { background: $surface; overflow-x: hidden; overflow-y: auto; }
    AxisView > .axis--cursor { background: $block-cursor-blurred-background; }
    AxisView:focus > .axis--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    AxisView:nocolor:focus > .axis--cursor { text-style: bold reverse; }
    AxisView > .axis--empty { color: $text-muted; }
    AxisView > .axis--coarse { color: $text-muted; }
    """

    class Chosen(Message):
        """Enter on a bucket: narrow the view to its period."""

        def __init__(self, period: Period) -> None:
            super().__init__()
            self.period = period

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.axes: list[Axis] = []
        self.lane_names: list[str] = []
        self.selected_lane = 0  # the lane ←/→ choose, d removes and [/] move
        self.message = "Counting…"
        self._peak = 1
        self._cache: LRUCache[tuple[int, int, bool], Strip] = LRUCache(1024)

    def show(self, axes: list[Axis], lane_names: list[str] | None = None, key: int = 0) -> None:
        """Show counts (one axis, or one per lane name) with the cursor on the bucket of
        sort key ``key`` (0: the first)."""
        self.axes = axes
        self.lane_names = list(lane_names or [])
        self.selected_lane = min(self.selected_lane, max(len(self.lane_names) - 1, 0))
        # One scale for every lane, so lanes compare; a bucket's bar shows placed + coarse.
        self._peak = max((int((a.placed + a.coarse).max()) for a in axes if len(a)), default=1)
        self._cache.clear()
        size = len(axes[0]) if axes else 0
        self.virtual_size = Size(self.size.width, max(size, 1))
        position = axes[0].index_of_key(key) if axes and key and size else 0
        self.set_reactive(AxisView.cursor, position)
        # After the refresh that applies the new size: before it, the scroll is clamped.
        self.call_after_refresh(self.scroll_to, y=max(position - 2, 0), animate=False)
        self.refresh()

    def set_lanes(self, axes: list[Axis], lane_names: list[str]) -> None:
        """The same buckets in other lanes (one removed, or reordered): the cursor stays."""
        self.axes = axes
        self.lane_names = lane_names
        self._peak = max((int((a.placed + a.coarse).max()) for a in axes if len(a)), default=1)
        self._cache.clear()
        self.refresh()

    def show_message(self, message: str) -> None:
        self.axes = []
        self._cache.clear()
        self.message = message
        self.virtual_size = Size(self.size.width, 1)
        self.refresh()

    @property
    def current_period(self) -> Period | None:
        return self.axes[0].period(self.cursor) if self.axes and len(self.axes[0]) else None

    # -- rendering ----------------------------------------------------------------------------

    def _label_width(self) -> int:
        if not self.axes or not len(self.axes[0]):
            return 0
        return max(cell_len(period_text(self.axes[0].period(0))), len("period")) + 2

    def header(self, width: int) -> Text:
        """Column titles for the lines below (lane names, or what the bar shows)."""
        label_width = self._label_width()
        if not self.lane_names:
            return Text(
                f"{'period':<{label_width}}{'events':>{COUNT_WIDTH}}  "
                "│ a span goes on  █ dated  ▒ approximate  ░ dated to a longer period, not counted",
                no_wrap=True,
                overflow="ellipsis",
            )
        column = self._lane_width(width)
        text = Text(f"{'period':<{label_width}}", no_wrap=True, overflow="ellipsis")
        for index, name in enumerate(self.lane_names):
            chosen = index == self.selected_lane and len(self.lane_names) > 1
            text.append(f"{name[: column - 1]:<{column - 1}}", "reverse" if chosen else "")
            text.append(" ")
        return text

    def _lane_width(self, width: int) -> int:
        return max((width - self._label_width()) // max(len(self.lane_names), 1), 8)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        base = self.rich_style
        if not self.axes or not len(self.axes[0]):
            text = Text(f"  {self.message}" if y == 0 else "")
            text.stylize(self.get_component_rich_style("axis--empty"))
        elif line >= len(self.axes[0]):
            return Strip.blank(width, base)
        else:
            key = (line, width, line == self.cursor)
            cached = self._cache.get(key)
            if cached is not None:
                return cached
            text = self._line(line, width)
            if line == self.cursor:
                text.stylize(self.get_component_rich_style("axis--cursor"))
            strip = Strip(text.render(self.app.console)).simplify()
            self._cache[key] = strip = strip.crop_extend(0, width, base).apply_style(base)
            return strip
        strip = Strip(text.render(self.app.console)).simplify()
        return strip.crop_extend(0, width, base).apply_style(base)

    def _line(self, index: int, width: int) -> Text:
        label_width = self._label_width()
        first = self.axes[0]
        text = Text(f"{period_text(first.period(index)):<{label_width}}", no_wrap=True)
        coarse_style = self.get_component_rich_style("axis--coarse", partial=True)
        if not self.lane_names:
            bar_width = max(width - label_width - COUNT_WIDTH - 2 - COARSE_WIDTH, 1)
            self._cell(text, first, index, COUNT_WIDTH, bar_width, coarse_style)
            coarse = int(first.coarse[index])
            if coarse:
                text.append(f" +{coarse} longer", coarse_style)
            return text
        column = self._lane_width(width)
        for lane in self.axes:
            self._cell(text, lane, index, 4, column - 6, coarse_style)
        return text

    def _cell(
        self, text: Text, axis: Axis, index: int, count_width: int, bar_width: int, style: Style
    ) -> None:
        """Count, span mark (│ or space), bar padded to ``bar_width``, space."""
        placed, coarse = int(axis.placed[index]), int(axis.coarse[index])
        scale = bar_width / max(self._peak, 1)
        drawn = bar(placed, int(axis.approximate[index]), coarse, scale, bar_width)
        text.append(f"{placed if placed else '':>{count_width}}")
        text.append("│" if axis.continuing[index] else " ", style)
        solid = drawn.rstrip("░")
        text.append(solid)
        text.append(drawn[len(solid) :], style)
        text.append(" " * (bar_width - len(drawn) + 1))

    # -- cursor -------------------------------------------------------------------------------

    def validate_cursor(self, position: int) -> int:  # the cursor moves over the buckets
        size = len(self.axes[0]) if self.axes else 0
        return max(0, min(position, size - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif height > 0 and new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, self.virtual_size.height)

    def action_last(self) -> None:
        self.cursor = len(self.axes[0]) - 1 if self.axes else 0

    def action_choose(self) -> None:
        period = self.current_period
        if period is not None:
            self.post_message(self.Chosen(period))

    def on_click(self, event: events.Click) -> None:
        if self.axes:
            self.cursor = self.scroll_offset.y + event.y
