"""Export the current view: choose a file and a format; the app says where it wrote."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Select, Static

from tui.core.columns import Rows
from tui.core.exporters import ExportError, ExportFormat, export_rows, format_for_path
from tui.core.store import EventStore
from tui.core.textsafe import visible

FORMAT_LABELS = {
    ExportFormat.MARKDOWN: "Markdown brief (.md)",
    ExportFormat.CSV: "CSV (.csv)",
    ExportFormat.JSON: "Timeline Explorer JSON (.json)",
    ExportFormat.TIMELINEJS: "TimelineJS JSON",
}


class ExportScreen(ModalScreen[tuple[Path, ExportFormat] | None]):
    """Asks for a file name and a format; dismisses with them, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel export")]

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical { width: 72; max-width: 100%; height: auto;
        border: round $accent; padding: 0 1; background: $surface; }
    ExportScreen Static { margin-top: 1; }
    """

    def __init__(self, count: int, default_name: str = "timeline-export.md") -> None:
        super().__init__()
        self.count = count
        self.default_name = default_name

    def compose(self) -> ComposeResult:
        noun = "event" if self.count == 1 else "events"
        with Vertical():
            yield Static(Text(f"Export the {self.count:,} {noun} shown", style="bold"))
            yield Input(self.default_name, id="export-path")
            yield Select(
                [(label, fmt) for fmt, label in FORMAT_LABELS.items()],
                value=ExportFormat.MARKDOWN,
                allow_blank=False,
                id="export-format",
            )
            yield Static(Text("Enter writes the file (atomically); Esc cancels.", style="dim"))

    @on(Input.Changed, "#export-path")
    def _suffix_picks_format(self, event: Input.Changed) -> None:
        suggested = format_for_path(Path(event.value))
        select: Select[ExportFormat] = self.query_one("#export-format", Select)
        keeps_timelinejs = (
            select.value == ExportFormat.TIMELINEJS and suggested == ExportFormat.JSON
        )
        if suggested is not None and not keeps_timelinejs:  # .json fits both JSON formats
            select.value = suggested

    @on(Input.Submitted, "#export-path")
    def _submit(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            return
        select: Select[ExportFormat] = self.query_one("#export-format", Select)
        chosen = select.value
        assert isinstance(chosen, ExportFormat)
        self.dismiss((Path(name).expanduser(), chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)


def start_export(
    screen: Screen[Any],
    store: EventStore,
    rows: Rows,
    description: str,
    inputs: Sequence[Path],
) -> None:
    """Ask where to write the rows, write them, and say where (or why not) in a notice."""

    def write(choice: tuple[Path, ExportFormat] | None) -> None:
        if choice is None:
            return
        path, fmt = choice
        try:
            result = export_rows(store, rows, fmt, path, description, inputs=inputs)
        except ExportError as error:
            screen.notify(str(error), title="Not exported", severity="error", markup=False)
            return
        noun = "event" if result.count == 1 else "events"
        where = visible(str(result.path.resolve()))
        screen.notify(f"Wrote {result.count:,} {noun} to {where}", title="Exported", markup=False)

    screen.app.push_screen(ExportScreen(len(rows)), write)
