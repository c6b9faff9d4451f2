"""Jump to a date (:): a one-line box; the main screen moves the cursor to the first event on
or after the period typed. A date that cannot be read is said so in the box, never guessed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.periods import Period, parse_period


class JumpScreen(ModalScreen[Period | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="jump.cancel"),
    ]

    DEFAULT_CSS = """
    JumpScreen { align: center middle; }
    JumpScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: round $accent; background: $panel;
        padding: 0 1;
    }
    JumpScreen #jump-error { color: $error; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Jump to the first event on or after:"))
            yield Input(placeholder="2024-06-19, June 2024 or 2016", id="jump-date")
            yield Static(id="jump-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            period = parse_period(event.value)
        except ValueError as error:
            self.query_one("#jump-error", Static).update(Text(str(error)))
            return
        self.dismiss(period)

    def action_cancel(self) -> None:
        self.dismiss(None)
