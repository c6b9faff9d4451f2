"""A frequency table: one line per value (label, count, bar), line-rendered, with a cursor."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from tui.core.frequency import Row
from tui.core.textsafe import one_line
from tui.ui.widgets.row_cursor import RowCursorView, cursor_bindings

COUNT_WIDTH = 8
MAX_LABEL_WIDTH = 40


class FrequencyView(RowCursorView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("frequency", "value"),
        Binding("enter", "choose", "Dive", id="frequency.dive"),
        # On the table rather than its screen: Tab otherwise moves the focus.
        Binding("tab", "screen.property(1)", "Next property", id="frequency.next"),
        Binding("shift+tab", "screen.property(-1)", "Previous property", id="frequency.previous"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"frequency--cursor", "frequency--empty"}

    DEFAULT_CSS = """
    FrequencyView { background: $surface; overflow-x: hidden; overflow-y: auto; }
    FrequencyView > .frequency--cursor { background: $block-cursor-blurred-background; }
    FrequencyView:focus > .frequency--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    FrequencyView:nocolor:focus > .frequency--cursor { text-style: bold reverse; }
    FrequencyView > .frequency--empty { color: $text-muted; }
    """

    class Chosen(Message):
        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.message = "Counting…"
        self._peak = 1

    def show(self, rows: list[Row]) -> None:
        self.rows = rows
        self._peak = max((row.count for row in rows), default=1)
        self.message = "No events in this view." if not rows else ""
        self.virtual_size = Size(self.size.width, max(len(rows), 1))
        self.set_reactive(FrequencyView.cursor, 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def show_message(self, message: str) -> None:
        self.rows = []
        self.message = message
        self.virtual_size = Size(self.size.width, 1)
        self.refresh()

    def _label_width(self) -> int:
        widest = max((cell_len(one_line(r.label)) for r in self.rows), default=0)
        return min(widest, MAX_LABEL_WIDTH) + 2

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        base = self.rich_style
        if not self.rows:
            text = Text(f"  {self.message}" if y == 0 else "")
            text.stylize(self.get_component_rich_style("frequency--empty"))
        elif line >= len(self.rows):
            return Strip.blank(width, base)
        else:
            text = self._line(self.rows[line], width)
            if line == self.cursor:
                text.stylize(self.get_component_rich_style("frequency--cursor"))
        strip = Strip(text.render(self.app.console)).simplify()
        return strip.crop_extend(0, width, base).apply_style(base)

    def _line(self, row: Row, width: int) -> Text:
        label_width = self._label_width()
        text = Text(one_line(row.label), no_wrap=True)
        text.truncate(label_width - 2, overflow="ellipsis", pad=True)
        text.append("  ")
        text.append(f"{row.count:>{COUNT_WIDTH},} ")
        bar_width = max(width - label_width - COUNT_WIDTH - 1, 1)
        text.append(
            "█" * max(1, round(row.count * bar_width / max(self._peak, 1))) if row.count else ""
        )
        return text

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif height > 0 and new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.virtual_size.height)

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(self.Chosen(self.rows[self.cursor]))

    def on_click(self, event: events.Click) -> None:
        if self.rows:
            self.cursor = self.scroll_offset.y + event.y
