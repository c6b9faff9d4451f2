"""Export the events of a view (rows of an EventStore, in time order) to a file.

Formats: TimelineJS JSON, CSV, our own JSON and a Markdown brief. Plain Python, no UI: the
``export`` command and the app's export action both call :func:`export_rows`. Every file is
written atomically and never over an input file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

import numpy as np

from tui.core.atomic import write_text_atomic
from tui.core.columns import Rows
from tui.core.exporters.csvfile import to_csv
from tui.core.exporters.markdown import to_markdown
from tui.core.exporters.native import to_json
from tui.core.exporters.timelinejs import to_timelinejs
from tui.core.store import EventStore
from tui.core.textsafe import visible

__all__ = [
    "ExportError",
    "ExportFormat",
    "ExportResult",
    "OutputPolicy",
    "check_output",
    "check_target",
    "count_events",
    "export_rows",
    "export_to_stream",
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
    """An export that cannot be done, with a message fit to show a user as it is.

    ``remedy`` names the command-line option that would allow it ("--force replaces it"):
    the command line adds it, the app (which has no such option) does not."""

    def __init__(self, message: str, remedy: str = "") -> None:
        super().__init__(message)
        self.remedy = remedy


@dataclass(frozen=True, slots=True)
class OutputPolicy:
    """What an export may do to its destination beyond writing a new or regular file."""

    force: bool = False  # replace a read-only file
    mkdir: bool = True  # create a missing directory (the command line asks for --mkdir)
    follow_symlinks: bool = False  # write to the file a symlink points to


_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


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


def check_target(path: Path, policy: OutputPolicy = OutputPolicy()) -> Path:
    """The file to write for path, or ExportError: only a new name or a regular file is
    replaced (never a device, a pipe, a socket, or a symlink unless following it), a read-only
    file only with ``force``, a missing directory created only with ``mkdir``."""
    shown = visible(str(path))
    try:
        info = path.lstat()
    except FileNotFoundError:
        return _check_directory(path, policy)
    except OSError as error:
        raise ExportError(f"cannot write {shown}: {error.strerror or error}") from error
    if stat.S_ISLNK(info.st_mode):
        if not policy.follow_symlinks:
            raise ExportError(
                f"will not write {shown}: it is a symbolic link",
                "--follow-symlinks writes to the file it points to",
            )
        try:
            target = path.resolve(strict=False)
        except (OSError, RuntimeError) as error:
            raise ExportError(f"cannot write {shown}: {error}") from error
        return check_target(target, OutputPolicy(policy.force, policy.mkdir, False))
    if stat.S_ISDIR(info.st_mode):
        raise ExportError(f"cannot write {shown}: it is a directory")
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise ExportError(f"will not write {shown}: it is {kind}, not a regular file")
    read_only = not info.st_mode & 0o222 or not os.access(path, os.W_OK)
    if read_only and not policy.force:
        raise ExportError(f"will not replace {shown}: it is read-only", "--force replaces it")
    return path


def _check_directory(path: Path, policy: OutputPolicy) -> Path:
    parent = path.parent
    try:
        if parent.is_dir() or policy.mkdir:
            return path
    except OSError:
        pass
    what = "is not a directory" if parent.exists() else "does not exist"
    remedy = "" if parent.exists() else "--mkdir creates it"
    raise ExportError(f"cannot write {visible(str(path))}: {visible(str(parent))} {what}", remedy)


def count_events(rows: Rows | Iterable[int]) -> int:
    """How many distinct events the rows hold (a view may list a row more than once)."""
    return len(np.unique(np.asarray(rows if isinstance(rows, np.ndarray) else list(rows))))


def export_rows(
    store: EventStore,
    rows: Rows | Iterable[int],
    fmt: ExportFormat | str,
    path: Path,
    description: str = "",
    *,
    inputs: Sequence[Path] = (),
    policy: OutputPolicy = OutputPolicy(),
) -> ExportResult:
    """Write the rows' events to path atomically; raise ExportError saying what went wrong.

    inputs are the files and directories the store was loaded from: never written over.
    """
    export_format = ExportFormat(fmt)
    check_output(path, inputs)
    target = check_target(path, policy)
    text = render(store, rows, export_format, description)
    try:
        write_text_atomic(target, text, make_parents=policy.mkdir)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"cannot write {visible(str(path))}: {reason}") from error
    return ExportResult(path, count_events(rows), export_format)


def export_to_stream(
    store: EventStore,
    rows: Rows | Iterable[int],
    fmt: ExportFormat | str,
    stream: BinaryIO,
    description: str = "",
) -> ExportResult:
    """Write the rows' events to an open stream (``-o -``: standard output)."""
    export_format = ExportFormat(fmt)
    text = render(store, rows, export_format, description)
    try:
        stream.write(text.encode("utf-8"))
        stream.flush()
    except OSError as error:
        raise ExportError(f"cannot write to standard output: {error.strerror or error}") from error
    return ExportResult(Path("-"), count_events(rows), export_format)


# The name the app's export action uses: the export of what the view shows.
export_view = export_rows
