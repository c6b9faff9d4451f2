"""The header: dataset name, events shown / total, and the active filters as removable chips."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui.core.filters import Filter
from tui.core.textsafe import one_line

_TITLE_MIN = 24  # columns of dataset name kept beside the chips before they move down


class Chip(Static):
    """One active filter; a click removes it."""

    DEFAULT_CSS = """
    Chip { width: auto; height: 1; margin: 0 1 0 0; padding: 0 1;
           background: $accent 20%; color: $text; }
    Chip:hover { background: $error 50%; }
    """

    class Removed(Message):
        def __init__(self, removed: Filter) -> None:
            super().__init__()
            self.removed = removed

    def __init__(self, chip_filter: Filter) -> None:
        super().__init__(Text(self.label_for(chip_filter)))
        self.chip_filter = chip_filter
        self.tooltip = "Click to remove this filter (x removes the last one)"

    @staticmethod
    def label_for(chip_filter: Filter) -> str:
        # The starred ("★ starred") and tag ("#name") labels carry their own sign.
        prefixes = {"country": "⚑ ", "period": "◷ ", "noted": "✎ ", "starred": "", "tag": ""}
        prefix = prefixes.get(chip_filter.kind, "⌕ ")
        return prefix + chip_filter.label + " ✕"

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Removed(self.chip_filter))


class TopBar(Widget):
    """One line: title, count, chips; when the chips do not fit beside a short title, they
    take a second line of their own ("-stacked")."""

    DEFAULT_CSS = """
    TopBar { height: 1; dock: top; background: $panel;
             layout: grid; grid-size: 3 1; grid-columns: 1fr auto auto; }
    TopBar.-stacked { height: 2; grid-size: 2 2; grid-columns: 1fr auto; }
    TopBar > #title { width: 1fr; padding: 0 1; text-style: bold;
                      color: $text; text-wrap: nowrap; text-overflow: ellipsis; }
    TopBar > #count { width: auto; padding: 0 1; color: $foreground; text-wrap: nowrap; }
    TopBar > #chips { width: auto; height: 1; }
    TopBar.-stacked > #chips { column-span: 2; width: 1fr; padding: 0 1; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title
        self._filters: tuple[Filter, ...] = ()
        self._count = ""

    def compose(self) -> ComposeResult:
        # The dataset name takes what is left and is cut first: the count and the filter
        # chips stay in view.
        yield Static(Text(one_line(self._title)), id="title")
        yield Static(id="count")
        yield Horizontal(id="chips")

    def set_count(self, shown: int, total: int, *, complete: bool = True) -> None:
        """``complete`` False: a search is still finding events (the count says "at least")."""
        self._count = f"{shown:,}{'' if complete else '+'} / {total:,} events"
        self.query_one("#count", Static).update(Text(self._count))
        self._arrange_chips()

    def set_filters(self, filters: tuple[Filter, ...]) -> None:
        chips = self.query_one("#chips", Horizontal)
        chips.remove_children()
        chips.mount_all([Chip(f) for f in filters])
        self._filters = filters
        self._arrange_chips()

    def on_resize(self) -> None:
        self._arrange_chips()

    def _arrange_chips(self) -> None:
        if not self.size.width:
            return  # not laid out yet: on_resize decides
        # A chip is its label, a space of padding each side and a space of margin; the
        # count has a space of padding each side.
        chips_width = sum(cell_len(Chip.label_for(f)) + 3 for f in self._filters)
        beside = self.size.width - (cell_len(self._count) + 2) - _TITLE_MIN
        self.set_class(chips_width > beside, "-stacked")
