"""Shown while a large file loads: a progress bar and the count so far, never a frozen screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from tui.core.textsafe import one_line


class LoadingScreen(Screen[None]):
    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen > Vertical { width: 70; max-width: 100%; height: auto;
        border: round $accent; padding: 1 2; background: $surface; }
    LoadingScreen #loading-count { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Opening {one_line(self.label)}…", style="bold"))
            yield ProgressBar(total=None, show_eta=False, id="loading-bar")
            yield Static(Text("reading…"), id="loading-count")

    def set_progress(self, done: int, total: int | None) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        counted = f"{done:,} events read" + (f" of about {total:,}" if total else "")
        self.query_one("#loading-count", Static).update(Text(counted))
