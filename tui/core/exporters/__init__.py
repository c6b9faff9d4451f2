"""Export the events of a view (rows of an EventStore, in time order) to a file.

Formats: TimelineJS JSON, CSV, our own JSON and a Markdown brief. Plain Python, no UI: the
``export`` command and the app's export action both call :func:`export_rows`. Every file is
written atomically and never over an input file.

Exports stream: the events are read and written a batch at a time (see ``_stream``), so memory
holds a batch, never the whole file; after each batch the caller hears the progress and may
cancel. An import that gives its CSV cells as columns is written by polars (``csv_frames``).

Given the dataset's annotations (``marks``), every format carries the analyst's stars, tags and
notes (see ``marks``): read once, before anything is written.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tui.core.atomic import open_atomic
from tui.core.textsafe import visible

if TYPE_CHECKING:
    from tui.core.columns import Rows
    from tui.core.exporters._stream import Piece
    from tui.core.exporters.marks import Annotations, ExportMarks
    from tui.core.store import EventStore

__all__ = [
    "Cancelled",
    "ExportCancelled",
    "ExportError",
    "ExportFormat",
    "ExportResult",
    "OutputPolicy",
    "Progress",
    "check_output",
    "check_target",
    "export_rows",
    "export_to_stream",
    "format_for_path",
    "render",
]


class ExportFormat(StrEnum):
    TIMELINEJS = "timelinejs"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "md"


_BUFFER_BYTES = 1 << 20  # a large export goes out in few, large writes

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


class ExportCancelled(ExportError):  # noqa: N818 (a cancel is not an error to the user)
    """The export was cancelled: nothing was written at the destination."""

    def __init__(self) -> None:
        super().__init__("export cancelled")


# progress(events written so far, events in all), after each batch.
Progress = Callable[[int, int], None]
# Asked between batches: True stops the export (ExportCancelled) and leaves nothing behind.
Cancelled = Callable[[], bool]


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
    marks: Annotations | ExportMarks | None = None,
) -> str:
    """The export's text: rows in time order, each once; description names the filter."""
    from tui.core.exporters._common import distinct_rows
    from tui.core.exporters._stream import joined
    from tui.core.exporters.marks import snapshot

    pieces = chunks(store, distinct_rows(rows), ExportFormat(fmt), description, snapshot(marks))
    return joined(pieces[0])


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


def export_rows(
    store: EventStore,
    rows: Rows | Iterable[int],
    fmt: ExportFormat | str,
    path: Path,
    description: str = "",
    *,
    inputs: Sequence[Path] = (),
    policy: OutputPolicy = OutputPolicy(),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    marks: Annotations | ExportMarks | None = None,
) -> ExportResult:
    """Write the rows' events to path atomically; raise ExportError saying what went wrong.

    inputs are the files and directories the store was loaded from: never written over.
    ``marks``: the dataset's annotations (or a snapshot of them), written with the events.
    ``progress(done, total)`` is called after each batch of events; when ``cancelled()`` turns
    True (it is asked between batches) the export stops with ExportCancelled, and the
    destination is as it was (no partial file, no temporary file left).
    """
    export_format = ExportFormat(fmt)
    check_output(path, inputs)
    target = check_target(path, policy)
    from tui.core.exporters._common import distinct_rows
    from tui.core.exporters.marks import snapshot

    ordered = distinct_rows(rows)
    taken = snapshot(marks)  # read once, before writing: the writer reads no SQLite
    _stop_if(cancelled)  # before the directory or the temporary file is made
    try:
        with open_atomic(target, make_parents=policy.mkdir, buffering=_BUFFER_BYTES) as stream:
            pieces = chunks(store, ordered, export_format, description, taken)
            _write(stream, pieces, progress, cancelled)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"cannot write {visible(str(path))}: {reason}") from error
    return ExportResult(path, len(ordered), export_format)


def export_to_stream(
    store: EventStore,
    rows: Rows | Iterable[int],
    fmt: ExportFormat | str,
    stream: BinaryIO,
    description: str = "",
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    marks: Annotations | ExportMarks | None = None,
) -> ExportResult:
    """Write the rows' events to an open stream (``-o -``: standard output), batch by batch.

    A cancel stops the stream where it is: a pipe cannot be taken back."""
    export_format = ExportFormat(fmt)
    from tui.core.exporters._common import distinct_rows
    from tui.core.exporters.marks import snapshot

    ordered = distinct_rows(rows)
    pieces = chunks(store, ordered, export_format, description, snapshot(marks))
    _stop_if(cancelled)
    try:
        _write(stream, pieces, progress, cancelled)
        stream.flush()
    except OSError as error:
        raise ExportError(f"cannot write to standard output: {error.strerror or error}") from error
    return ExportResult(Path("-"), len(ordered), export_format)


def _stop_if(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ExportCancelled


def _write(
    stream: BinaryIO,
    pieces: tuple[Iterator[Piece], int],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    """Write the pieces, reporting progress and asking about a cancel after each one."""
    parts, total = pieces
    reported = 0
    for text, done in parts:
        stream.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        if progress is not None and done > reported:
            progress(done, total)
            reported = done
        _stop_if(cancelled)
    if progress is not None and reported != total:
        progress(total, total)


def chunks(
    store: EventStore,
    ordered: Rows,
    fmt: ExportFormat,
    description: str,
    marks: ExportMarks | None = None,
) -> tuple[Iterator[Piece], int]:
    """The export's text in pieces, each with the number of events written once it is; and
    the number of events in all. The writers are imported here, when an export runs: the
    app's first screen names the formats but never loads them."""
    from tui.core.exporters._stream import planned
    from tui.core.exporters.csvfile import csv_pieces
    from tui.core.exporters.markdown import markdown_pieces
    from tui.core.exporters.native import json_pieces
    from tui.core.exporters.timelinejs import timelinejs_pieces

    planned(store, ordered)
    match fmt:
        case ExportFormat.TIMELINEJS:
            pieces = timelinejs_pieces(store, ordered, description, marks)
        case ExportFormat.CSV:
            pieces = csv_pieces(store, ordered, marks)
        case ExportFormat.JSON:
            pieces = json_pieces(store, ordered, description, marks)
        case ExportFormat.MARKDOWN:
            pieces = markdown_pieces(store, ordered, description, marks=marks)
    return pieces, len(ordered)
