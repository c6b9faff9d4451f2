"""Save view… (from the palette): a one-line box for the view's name. A name that cannot be
used (empty, or one of --view's own) is said in the box, which stays open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.textsafe import one_line, without_controls


def clean_view_name(typed: str) -> str:
    """A name as typed, made one line: controls dropped, runs of space made one."""
    return " ".join(without_controls(typed).split())


class SaveViewScreen(ModalScreen[str | None]):
    """Dismissed with the name typed (cleaned), or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="save-view.cancel"),
    ]

    DEFAULT_CSS = """
    SaveViewScreen { align: center middle; }
    SaveViewScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: round $accent; background: $panel;
        padding: 0 1;
    }
    SaveViewScreen #save-view-error { color: $error; }
    SaveViewScreen #save-view-names { color: $text-muted; }
    """

    def __init__(self, existing: Sequence[str]) -> None:
        """``existing``: the names saved (one typed again replaces it)."""
        super().__init__()
        self.existing = list(existing)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Save the filters, the cursor and the view as:"))
            yield Input(placeholder="a name, e.g. Japan and NZ in 2024", id="save-view-name")
            if self.existing:
                names = ", ".join(one_line(name) for name in self.existing)
                yield Static(Text(f"Saved already: {names}"), id="save-view-names")
            yield Static(id="save-view-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        from tui.core.view_states import view_name_problem  # with the annotations, not at start

        name = clean_view_name(event.value)
        problem = view_name_problem(name)
        if problem is not None:
            self.query_one("#save-view-error", Static).update(Text(problem))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
