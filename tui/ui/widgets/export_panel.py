"""An export running in a worker thread, with a one-line progress panel that stays out of the way.

The writing happens off the UI thread, so keys keep working while it runs. The thread only
stores how far it got; a timer on the UI thread shows it (no call back into the app from the
thread, which could wait forever on an app that is quitting). Cancelling (Esc, or quitting the
app, which cancels every worker) is seen by the exporter between batches: it stops and leaves
nothing at the destination.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui.core.columns import Rows
from tui.core.exporters import (
    ExportCancelled,
    ExportError,
    ExportFormat,
    ExportResult,
    check_output,
    check_target,
    export_rows,
)
from tui.core.store import EventStore
from tui.core.textsafe import one_line, visible

if TYPE_CHECKING:
    from tui.core.exporters.marks import Annotations

SHOW_AFTER = 0.5  # seconds: a quicker export only says where it wrote
POLL_EVERY = 0.1  # seconds between progress updates on screen


@dataclass(frozen=True, slots=True)
class ExportJob:
    store: EventStore
    rows: Rows
    fmt: ExportFormat
    path: Path
    description: str
    inputs: Sequence[Path]
    marks: Annotations | None = None  # the analyst's stars, tags and notes, written along


class ExportPanel(Horizontal):
    """Hidden until an export has run for SHOW_AFTER seconds; then its progress and 'Esc
    cancels'."""

    DEFAULT_CSS = """
    ExportPanel { height: 1; display: none; background: $panel; padding: 0 1; }
    ExportPanel.-shown { display: block; }
    ExportPanel > #export-label { width: auto; max-width: 60%; margin-right: 2; }
    ExportPanel > ProgressBar { width: 1fr; }
    """

    class Started(Message):
        """An export began writing."""

    class Finished(Message):
        """The export ended: written, refused, failed or cancelled (the panel has said so)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._worker: Worker[ExportResult | ExportError] | None = None
        self._done = 0  # events written so far: set by the worker thread, read by the timer
        self._job: ExportJob | None = None
        self._poll: Timer | None = None
        self._started = 0.0

    def compose(self) -> ComposeResult:
        yield Static(id="export-label")
        yield ProgressBar(show_eta=False, id="export-bar")

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, job: ExportJob) -> None:
        """Write the job's rows in a worker; refusals found before writing are said at once."""
        try:
            check_output(job.path, job.inputs)
            check_target(job.path)
        except ExportError as error:
            self._refused(error)
            return
        self._job = job
        self._done = 0
        self._started = time.monotonic()
        noun = "event" if len(job.rows) == 1 else "events"
        label = f"Exporting {len(job.rows):,} {noun} to {visible(job.path.name)} · Esc cancels"
        self.query_one("#export-label", Static).update(Text(one_line(label)))
        self.query_one(ProgressBar).update(total=max(len(job.rows), 1), progress=0)
        self._poll = self.set_interval(POLL_EVERY, self._show_progress)
        self._worker = self._write(job)
        self.post_message(self.Started())

    def cancel(self) -> bool:
        """Stop the running export (nothing is left at its destination); False if none runs."""
        worker = self._worker
        if worker is None:
            return False
        worker.cancel()
        self._end()
        self.notify("Export cancelled", title="Not exported")
        return True

    def on_unmount(self) -> None:
        # Leaving the screen ends its workers: say that the export stopped.
        if self._worker is not None:
            self._worker.cancel()
            self.app.notify("Export cancelled", title="Not exported")

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write(self, job: ExportJob) -> ExportResult | ExportError:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self._done = done

        try:
            return export_rows(
                job.store,
                job.rows,
                job.fmt,
                job.path,
                job.description,
                inputs=job.inputs,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
                marks=job.marks,
            )
        except ExportCancelled as cancelled:
            return cancelled
        except ExportError as error:
            return error

    def _show_progress(self) -> None:
        if self._worker is None:  # a tick that arrived after the export ended
            return
        if time.monotonic() - self._started >= SHOW_AFTER:
            self.add_class("-shown")
        self.query_one(ProgressBar).update(progress=self._done)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._worker or worker.state == WorkerState.CANCELLED:
            return  # a cancelled export was announced when it was cancelled
        if worker.state == WorkerState.SUCCESS:
            outcome = worker.result
            self._end()
            if isinstance(outcome, ExportResult):
                self._wrote(outcome)
            elif isinstance(outcome, ExportCancelled):
                self.notify("Export cancelled", title="Not exported")
            elif outcome is not None:
                self._refused(outcome)
        elif worker.state == WorkerState.ERROR:
            self._end()
            self._refused(ExportError(f"the export failed: {worker.error}"))

    def _end(self) -> None:
        self._worker = None
        self._job = None
        if self._poll is not None:
            self._poll.stop()
            self._poll = None
        self.remove_class("-shown")
        self.post_message(self.Finished())

    def _wrote(self, result: ExportResult) -> None:
        noun = "event" if result.count == 1 else "events"
        where = visible(str(result.path.resolve()))
        self.notify(f"Wrote {result.count:,} {noun} to {where}", title="Exported", markup=False)

    def _refused(self, error: ExportError) -> None:
        self.notify(str(error), title="Not exported", severity="error", markup=False)
