"""A line-rendered view with a cursor over its rows: the moves the timeline and a frequency
table share. Each subclass binds the keys (with ids of its own), renders the lines and says
what the cursor's moving shows."""

from __future__ import annotations

from collections.abc import Sized

from textual.binding import Binding
from textual.reactive import reactive
from textual.scroll_view import ScrollView


def cursor_bindings(area: str, noun: str) -> list[Binding]:
    """The six cursor keys every such view binds, with ids under ``area`` ("timeline") and
    descriptions naming what the cursor moves over ("event")."""
    return [
        Binding("up,k", "cursor_up", f"Previous {noun}", show=False, id=f"{area}.cursor-up"),
        Binding("down,j", "cursor_down", f"Next {noun}", show=False, id=f"{area}.cursor-down"),
        Binding("pageup", "page_up", "Page up", show=False, id=f"{area}.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id=f"{area}.page-down"),
        Binding("home,g", "first", f"First {noun}", show=False, id=f"{area}.first"),
        Binding("end,G", "last", f"Last {noun}", show=False, id=f"{area}.last"),
    ]


class RowCursorView(ScrollView):
    # The position of the selected row within ``rows`` (not a line number). Not repainting:
    # a move refreshes only the lines that changed (the subclass's watch_cursor).
    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    rows: Sized  # set by the subclass: what the cursor moves over

    # The validator clamps every move to the rows shown.
    def validate_cursor(self, position: int) -> int:
        return max(0, min(position, len(self.rows) - 1))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(self.scrollable_content_region.height - 1, 1)

    def action_page_down(self) -> None:
        self.cursor += max(self.scrollable_content_region.height - 1, 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1
