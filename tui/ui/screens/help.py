"""The help screen: every binding with its description, generated from the bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.rowtext import KIND_MARKERS


def binding_rows(sources: Iterable[tuple[str, type[DOMNode]]]) -> list[tuple[str, str, str]]:
    """(where, keys, description) for each described binding of the given classes."""
    rows: list[tuple[str, str, str]] = []
    for where, source in sources:
        for item in source.BINDINGS:
            if not isinstance(item, Binding) or not item.description:
                continue
            keys = item.key_display or ", ".join(
                {
                    "slash": "/",
                    "question_mark": "?",
                    "left_square_bracket": "[",
                    "right_square_bracket": "]",
                }.get(k.strip(), k.strip())
                for k in item.key.split(",")
            )
            rows.append((where, keys, item.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80; max-width: 100%; height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, sources: list[tuple[str, type[DOMNode]]]) -> None:
        super().__init__()
        self.sources = sources

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", expand=True, box=None, show_edge=False)
        table.add_column("Where", style="dim", no_wrap=True)
        table.add_column("Keys", style="bold", no_wrap=True)
        table.add_column("What it does")
        for where, keys, description in binding_rows(self.sources):
            table.add_row(where, keys, description)
        legend = Text("\nTimeline markers: ", style="bold")
        for kind, marker in KIND_MARKERS.items():
            legend.append(f"{marker} {kind}  ", style="not bold")
        with VerticalScroll():
            yield Static(table)
            yield Static(legend)
            yield Static(
                Text(
                    "\nCtrl+P opens the command palette: go to an actor, a concern or "
                    "a country, or run any action. Esc closes this help.",
                    "dim",
                )
            )
