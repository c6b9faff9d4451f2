"""Export the current view: choose a file and a format; the app says where it wrote.

The dialog only asks (and asks again before replacing a file); the writing runs in a worker
(:class:`tui.ui.widgets.export_panel.ExportPanel`) so the app answers keys meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Select, Static

from tui.core.columns import Rows
from tui.core.exporters import (
    ExportError,
    ExportFormat,
    check_output,
    check_target,
    format_for_path,
)
from tui.core.store import EventStore
from tui.core.textsafe import visible
from tui.ui.marks import annotations_of
from tui.ui.widgets.export_panel import ExportJob, ExportPanel

FORMAT_LABELS = {
    ExportFormat.MARKDOWN: "Markdown brief (.md)",
    ExportFormat.CSV: "CSV (.csv)",
    ExportFormat.JSON: "Timeline Explorer JSON (.json)",
    ExportFormat.TIMELINEJS: "TimelineJS JSON (.timelinejs.json)",
}
# The ending each format's file gets; TimelineJS is JSON too, so its default name says which.
FORMAT_SUFFIXES = {
    ExportFormat.MARKDOWN: ".md",
    ExportFormat.CSV: ".csv",
    ExportFormat.JSON: ".json",
    ExportFormat.TIMELINEJS: ".timelinejs.json",
}
# Endings replaced when the format changes, longest first (".timelinejs.json" before ".json").
KNOWN_SUFFIXES = (".timelinejs.json", ".markdown", ".json", ".csv", ".md")
DEFAULT_STEM = "timeline-export"

ExportChoice = tuple[Path, ExportFormat]


def name_for_format(name: str, fmt: ExportFormat) -> str:
    """The file name with the ending of ``fmt`` in place of a known export ending (or added)."""
    folded = name.casefold()
    for suffix in KNOWN_SUFFIXES:
        if folded.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return name + FORMAT_SUFFIXES[fmt]


class ReplaceQuestion(Static, can_focus=True):
    """'The file exists': Enter or y replaces it, Esc (or n) goes back to the name."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "answer(True)", "Replace the file", id="export.replace"),
        Binding("escape,n", "answer(False)", "Keep the file", id="export.keep"),
    ]

    class Answered(Message):
        def __init__(self, replace: bool) -> None:
            super().__init__()
            self.replace = replace

    def action_answer(self, replace: bool) -> None:
        self.post_message(self.Answered(replace))


class ExportScreen(ModalScreen[ExportChoice | None]):
    """Asks for a file name and a format; dismisses with them, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel export", id="export.cancel"),
        # Enter on the (closed) format list writes, as the dialog says; the list still opens
        # with Space and the arrow keys, and Enter in its open list picks a format.
        Binding("enter", "write", "Write the file", show=False, priority=True, id="export.write"),
    ]

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical { width: 72; max-width: 100%; height: auto;
        border: round $accent; padding: 0 1; background: $surface; }
    ExportScreen Static { margin-top: 1; }
    ExportScreen ReplaceQuestion { display: none; color: $text-warning; text-style: bold; }
    ExportScreen ReplaceQuestion.-asking { display: block; }
    ExportScreen ReplaceQuestion:focus { background: $warning 20%; }
    """

    def __init__(
        self,
        count: int,
        default_format: ExportFormat = ExportFormat.MARKDOWN,
        *,
        inputs: Sequence[Path] = (),
    ) -> None:
        super().__init__()
        self.count = count
        self.default_format = default_format
        self.inputs = tuple(inputs)  # never written over
        self._replacing: Path | None = None  # the existing file the question is about

    def compose(self) -> ComposeResult:
        noun = "event" if self.count == 1 else "events"
        with Vertical():
            yield Static(Text(f"Export the {self.count:,} {noun} shown", style="bold"))
            yield Input(name_for_format(DEFAULT_STEM, self.default_format), id="export-path")
            yield Select(
                [(label, fmt) for fmt, label in FORMAT_LABELS.items()],
                value=self.default_format,
                allow_blank=False,
                id="export-format",
            )
            yield ReplaceQuestion(id="export-replace")
            yield Static(Text("Enter writes the file (atomically); Esc cancels.", style="dim"))

    @property
    def chosen_format(self) -> ExportFormat:
        value = self.query_one("#export-format", Select).value
        assert isinstance(value, ExportFormat)
        return value

    @on(Input.Changed, "#export-path")
    def _suffix_picks_format(self, event: Input.Changed) -> None:
        self._stop_asking()
        suggested = format_for_path(Path(event.value))
        keeps_timelinejs = (
            self.chosen_format == ExportFormat.TIMELINEJS and suggested == ExportFormat.JSON
        )
        if suggested is not None and not keeps_timelinejs:  # .json fits both JSON formats
            self.query_one("#export-format", Select).value = suggested

    @on(Select.Changed, "#export-format")
    def _format_renames(self, event: Select.Changed) -> None:
        if not isinstance(event.value, ExportFormat):
            return
        box = self.query_one("#export-path", Input)
        name = box.value.strip()
        if not name:
            return
        renamed = name_for_format(name, event.value)
        if renamed != name:
            box.value = renamed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "write":  # only from the closed format list; elsewhere Enter is theirs
            select = self.query_one("#export-format", Select)
            return self.focused is select and not select.expanded
        return True

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_write()

    def action_write(self) -> None:
        name = self.query_one("#export-path", Input).value.strip()
        if not name:
            return
        path = Path(name).expanduser()
        try:  # a name that will be refused is refused here, before asking to replace it
            check_output(path, self.inputs)
            check_target(path)
        except ExportError as error:
            self.notify(str(error), title="Not exported", severity="error", markup=False)
            return
        if path.is_file() and self._replacing != path:
            self._ask_to_replace(path)
            return
        self.dismiss((path, self.chosen_format))

    def _ask_to_replace(self, path: Path) -> None:
        self._replacing = path
        question = self.query_one(ReplaceQuestion)
        question.update(
            Text(f"{visible(str(path))} exists: Enter or y replaces it, Esc goes back.")
        )
        question.add_class("-asking")
        self.set_focus(question)

    def _stop_asking(self) -> None:
        self._replacing = None
        self.query_one(ReplaceQuestion).remove_class("-asking")

    @on(ReplaceQuestion.Answered)
    def _answered(self, event: ReplaceQuestion.Answered) -> None:
        path = self._replacing
        if event.replace and path is not None:
            self.dismiss((path, self.chosen_format))
            return
        self._stop_asking()
        self.set_focus(self.query_one("#export-path", Input))

    def action_cancel(self) -> None:
        self.dismiss(None)


def start_export(
    screen: Screen[Any],
    store: EventStore,
    rows: Rows,
    description: str,
    inputs: Sequence[Path],
) -> None:
    """Ask where to write the rows, then write them in the screen's export panel (one is
    added to a screen that has none); a notice says where (or why not)."""
    panels = screen.query(ExportPanel)
    if panels and panels.first().running:
        screen.notify("An export is running: Esc cancels it.", title="Export")
        return

    def write(choice: ExportChoice | None) -> None:
        if choice is None:
            return
        path, fmt = choice
        marks = annotations_of(screen.app)
        job = ExportJob(store, rows, fmt, path, description, tuple(inputs), marks)
        if panels:
            panels.first().start(job)
            return
        panel = ExportPanel()
        footers = screen.query(Footer)
        screen.mount(panel, before=footers.first() if footers else None)
        screen.call_after_refresh(panel.start, job)

    screen.app.push_screen(ExportScreen(len(rows), inputs=inputs), write)
