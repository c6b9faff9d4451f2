"""A dismissible list of the problems that kept files out, over the app opened on the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.problems import LoadError, Problem


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "dismiss", "Close and explore what loaded", id="problems.close"),
    ]

    DEFAULT_CSS = """
    ProblemsScreen { align: center middle; }
    ProblemsScreen > VerticalScroll { width: 100; max-width: 100%; height: auto;
        max-height: 80%; border: thick $error; background: $surface; padding: 0 1; }
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("Some of the data could not be loaded", style="bold"))
            # Problem text is made safe by Problem itself; Text never parses it as markup.
            yield Static(Text(LoadError(self.problems).report()))
            yield Static(Text("Esc or Enter: explore what did load.", style="italic"))
