"""Export the events of a view (rows of an EventStore, in time order) to a file.

Formats: TimelineJS JSON, CSV, our own JSON and a Markdown brief. Plain Python, no UI: the
``export`` command and the app's export action both call :func:`export_rows`. Every file is
written atomically and never over an input file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np

from tui.atomic import write_text_atomic
from tui.exporters.csvfile import to_csv
from tui.exporters.markdown import to_markdown
from tui.exporters.native import to_json
from tui.exporters.timelinejs import to_timelinejs
from tui.store import EventStore, Rows
from tui.textsafe import visible

__all__ = [
    "ExportError",
    "ExportFormat",
    "ExportResult",
    "check_output",
    "export_rows",
    "export_view",
    "format_for_path",
    "render",
    "to_csv",
    "to_json",
    "to_markdown",
    "to_timelinejs",
]


class ExportFormat(StrEnum):
    TIMELINEJS = "timelinejs"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "md"


# A plain .json means our own format; TimelineJS is also .json, so it is never guessed.
_SUFFIXES = {
    ".csv": ExportFormat.CSV,
    ".md": ExportFormat.MARKDOWN,
    ".markdown": ExportFormat.MARKDOWN,
    ".json": ExportFormat.JSON,
}


def format_for_path(path: Path) -> ExportFormat | None:
    """The format a file name suggests, or None when it suggests none."""
    return _SUFFIXES.get(path.suffix.lower())


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    count: int
    format: ExportFormat


class ExportError(Exception):
    """An export that cannot be done, with a message fit to show a user as it is."""


def render(
    store: EventStore,
    rows: Rows | Iterable[int],
    fmt: ExportFormat | str,
    description: str = "",
) -> str:
    """The export's text: rows in time order, each once; description names the filter."""
    match ExportFormat(fmt):
        case ExportFormat.TIMELINEJS:
            return to_timelinejs(store, rows, description)
        case ExportFormat.CSV:
            return to_csv(store, rows)
        case ExportFormat.JSON:
            return to_json(store, rows, description)
        case ExportFormat.MARKDOWN:
            return to_markdown(store, rows, description)


def check_output(path: Path, inputs: Iterable[Path]) -> None:
    """Raise ExportError if writing path would replace an input file or land in an input
    directory (where the next load of that directory would pick it up)."""
    shown = visible(str(path))
    try:
        target = path.resolve()
        exists = target.exists()
    except (OSError, RuntimeError) as error:
        raise ExportError(f"cannot write {shown}: {error}") from error
    if target.is_dir():
        raise ExportError(f"cannot write {shown}: it is a directory")
    for given in inputs:
        try:
            source = given.resolve()
            is_dir = source.is_dir()
            members = [p for p in source.iterdir() if p.is_file()] if is_dir else [source]
            if target == source or (exists and any(target.samefile(member) for member in members)):
                raise ExportError(f"will not overwrite {shown}: it is an input file")
            if is_dir and target.parent == source:
                raise ExportError(
                    f"will not write {shown}: it is in the input directory "
                    f"{visible(str(given))}, which would then load it as data"
                )
        except (OSError, RuntimeError):
            continue  # an input we cannot look at is not one we could write over by name


def export_rows(
    store: EventStore,
    rows: Rows | Iterable[int],
    fmt: ExportFormat | str,
    path: Path,
    description: str = "",
    *,
    inputs: Sequence[Path] = (),
) -> ExportResult:
    """Write the rows' events to path atomically; raise ExportError saying what went wrong.

    inputs are the files and directories the store was loaded from: never written over.
    """
    export_format = ExportFormat(fmt)
    check_output(path, inputs)
    text = render(store, rows, export_format, description)
    try:
        write_text_atomic(path, text)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"cannot write {visible(str(path))}: {reason}") from error
    count = len(np.unique(np.asarray(rows if isinstance(rows, np.ndarray) else list(rows))))
    return ExportResult(path, count, export_format)


# The name the app's export action uses: the export of what the view shows.
export_view = export_rows
