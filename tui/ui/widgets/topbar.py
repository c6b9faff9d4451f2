"""The header: dataset name, events shown / total, and the active filters as removable chips."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from tui.core.filters import Filter
from tui.core.textsafe import one_line


class Chip(Static):
    """One active filter; a click removes it."""

    DEFAULT_CSS = """
    Chip { width: auto; height: 1; margin: 0 1 0 0; padding: 0 1;
           background: $accent 30%; color: $text; }
    Chip:hover { background: $error 50%; }
    """

    class Removed(Message):
        def __init__(self, removed: Filter) -> None:
            super().__init__()
            self.removed = removed

    def __init__(self, chip_filter: Filter) -> None:
        prefix = "⚑ " if chip_filter.kind == "country" else "⌕ "
        super().__init__(Text(prefix + chip_filter.label + " ✕"))
        self.chip_filter = chip_filter
        self.tooltip = "Click to remove this filter (x removes the last one)"

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Removed(self.chip_filter))


class TopBar(Horizontal):
    DEFAULT_CSS = """
    TopBar { height: 1; dock: top; background: $panel; }
    TopBar > #title { width: auto; max-width: 80%; padding: 0 1; text-style: bold;
                      color: $text; text-wrap: nowrap; text-overflow: ellipsis; }
    TopBar > #count { width: auto; padding: 0 1; color: $text-muted; }
    TopBar > #chips { width: 1fr; height: 1; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        # A long dataset name is cut, so the count and the filter chips stay in view.
        yield Static(Text(one_line(self._title)), id="title")
        yield Static(id="count")
        yield Horizontal(id="chips")

    def set_count(self, shown: int, total: int) -> None:
        self.query_one("#count", Static).update(Text(f"{shown:,} / {total:,} events"))

    def set_filters(self, filters: tuple[Filter, ...]) -> None:
        chips = self.query_one("#chips", Horizontal)
        chips.remove_children()
        chips.mount_all([Chip(f) for f in filters])
