"""The timeline's lines: its events in time order, with a line naming the year before the
first event of each year. Both mappings between an event's position and its line are
arithmetic on the positions that start a year (no per-line list, whatever the rows)."""

from __future__ import annotations

import numpy as np

from tui.core.columns import Rows, empty_rows


class YearLines:
    def __init__(self, starts: Rows | None = None, events: int = 0) -> None:
        self.starts = empty_rows() if starts is None else starts  # positions starting a year
        self.lines = self.starts + np.arange(len(self.starts))  # the lines naming those years
        self.events = events

    @property
    def count(self) -> int:
        """Lines in all (one for the empty message when there are no events)."""
        return self.events + len(self.starts) if self.events else 1

    def line_of(self, position: int) -> int:
        return position + int(np.searchsorted(self.starts, position, side="right"))

    def at_line(self, line: int) -> tuple[int | None, int | None]:
        """(event position, None) for an event's line, (None, position of the year's first
        event) for a year's line, (None, None) past the end."""
        index = int(np.searchsorted(self.lines, line, side="right")) - 1
        if index >= 0 and int(self.lines[index]) == line:
            return None, int(self.starts[index])
        position = line - (index + 1)
        return (position, None) if 0 <= position < self.events else (None, None)

    def first_at_or_below(self, line: int) -> int:
        """The first event position at or below a line (each year's line above it takes one)."""
        return line - int(np.searchsorted(self.lines, line, side="left"))

    def starts_year(self, position: int) -> bool:
        return position in self.starts

    def previous_start(self, position: int) -> int | None:
        """The start of this year, or of the previous one when already at a year's start."""
        if not len(self.starts):
            return None
        index = int(np.searchsorted(self.starts, position, side="right")) - 1
        if int(self.starts[index]) == position and index > 0:
            index -= 1
        return int(self.starts[index])

    def next_start(self, position: int) -> int | None:
        index = int(np.searchsorted(self.starts, position, side="right"))
        return int(self.starts[index]) if index < len(self.starts) else None
