"""A one-line sparkline of events over the dataset's whole span, with the cursor's place marked."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

from tui.core.columns import Rows
from tui.core.dates import year_label
from tui.core.store import EventStore

_BARS = " ▁▂▃▄▅▆▇█"


class DensityStrip(Widget):
    """Events per slice of time (the dataset's span split into as many slices as there are
    cells), scaled to the busiest slice, for the rows currently shown."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"density--bar", "density--cursor", "density--axis"}
    DEFAULT_CSS = """
    DensityStrip { height: 2; padding: 0 1; background: $surface; }
    DensityStrip > .density--bar { color: $primary; }
    DensityStrip > .density--cursor { color: $warning; text-style: bold reverse; }
    DensityStrip > .density--axis { color: $foreground; }
    """

    def __init__(self, store: EventStore, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.rows: Rows = store.all_rows()
        self.cursor_row: int | None = None
        self._counts: tuple[int, list[int]] | None = None  # (slots, counts) for self.rows

    def update_view(self, rows: Rows, cursor_row: int | None) -> None:
        """Called on every cursor move: the counts are recomputed only when the rows change."""
        if rows is not self.rows:
            self.rows = rows
            self._counts = None
        self.cursor_row = cursor_row
        self.refresh()

    def _slots(self, width: int) -> int:
        """Never more slices than months in the span, so no slice falls between two months
        and shows a false gap; each slice then takes one or more cells."""
        keys = self.store.columns.start_keys
        first, last = int(keys[0]), int(keys[-1])
        months = (last // 10000 - first // 10000) * 12 + (last // 100) % 100 - (first // 100) % 100
        return max(1, min(width, months + 1))

    def _counts_for(self, slots: int) -> list[int]:
        if self._counts is None or self._counts[0] != slots:
            self._counts = (slots, self.store.month_counts(self.rows, slots))
        return self._counts[1]

    def render(self) -> Text:
        width = self.content_region.width
        text = Text(no_wrap=True, overflow="crop")
        if width <= 0 or len(self.store) == 0:
            return text
        slots = self._slots(width)
        counts = self._counts_for(slots)
        peak = max(counts) or 1
        marked = self.store.bucket_of(self.cursor_row, slots) if self.cursor_row is not None else -1
        bar_style = self.get_component_rich_style("density--bar")
        cursor_style = self.get_component_rich_style("density--cursor")
        previous_slot = -1
        for cell in range(width):
            slot = cell * slots // width
            count = counts[slot]
            level = 0 if count == 0 else 1 + (count * (len(_BARS) - 2)) // peak
            glyph = _BARS[min(level, len(_BARS) - 1)]
            if slot == marked and slot != previous_slot:  # mark the slice's first cell
                text.append(glyph if glyph != " " else "│", cursor_style)
            else:
                text.append(glyph, bar_style)
            previous_slot = slot
        first = year_label(self.store.year(0))
        last = year_label(self.store.year(len(self.store) - 1))
        room = max(width - len(last), 0)
        axis = first.ljust(room)[:room] + last
        text.append("\n")
        text.append(axis[:width], self.get_component_rich_style("density--axis"))
        return text
