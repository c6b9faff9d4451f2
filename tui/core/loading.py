"""Open paths as an event store, whatever they hold (the one entry point the app and CLI use).

Every path goes through the front door (tui/core/importers/front_door.py: what the path is, its
size, its compression), which chooses the importer from the registry — detected from the
content unless the caller forces a format. The importer reads and builds; nothing here names
a format.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.importers.front_door import admit
from tui.core.importers.registry import AUTO, Importer, ProgressCallback, Read, ReadOptions
from tui.core.problems import LoadError, Problem
from tui.core.store import EventStore
from tui.core.textsafe import visible

__all__ = [
    "NO_EVENTS",
    "OpenInBackground",
    "OpenResult",
    "ProgressCallback",
    "open_store",
    "reader_started",
]

NO_EVENTS = "holds no events: nothing to show"
START_WAIT = 1.5  # seconds OpenInBackground's caller waits at most for the reader to start


@dataclass
class OpenResult:
    """A store and what the user should be told about how it was loaded."""

    store: EventStore
    warnings: list[str] = field(default_factory=list)  # one line each, already made safe
    skipped_rows: int = 0  # bad rows left out under skip_bad, over all files
    skipped_problems: list[Problem] = field(default_factory=list)  # the first few of them
    from_cache: bool = False
    format: str = "ours"
    # Under keep_going: what kept files or events of our own format out of the store.
    problems: list[Problem] = field(default_factory=list)


def open_store(
    paths: Sequence[Path],
    *,
    format: str = AUTO,
    skip_bad: bool = False,
    progress: ProgressCallback | None = None,
    keep_going: bool = False,
    require_events: bool = False,
) -> OpenResult:
    """Load the paths as one store, or raise LoadError listing the problems.

    With ``keep_going`` (the app), files of our own format with problems are left out and
    their problems returned with the store of what did load; LoadError only when nothing did.
    With ``skip_bad`` the good rows of an import load and the result says how many were
    skipped; without it a file with bad rows is refused. With ``require_events`` a result
    with no event at all is refused too (the command line never opens or writes nothing
    silently).
    """
    admitted = admit(paths, format)
    importer = admitted.importer
    if not getattr(importer, "says_when_reading", False):
        reader_started()  # nothing to wait for: the caller goes on with its own imports
    options = ReadOptions(skip_bad=skip_bad, progress=progress, keep_going=keep_going)
    read, store = _read_and_build(importer, admitted.paths, options)
    if progress is not None:
        progress(len(store), len(store))
    if require_events and len(store) == 0:
        raise LoadError(no_events_problems(admitted.paths, read))
    result = OpenResult(
        store, from_cache=read.from_cache, format=importer.name, problems=read.left_out
    )
    if read.skipped:
        _note_skipped(result, admitted.paths[0], read.skipped, read.skipped_problems)
    return result


def no_events_problems(paths: Sequence[Path], read: Read[Any]) -> list[Problem]:
    if read.skipped:
        noun = "row was" if read.skipped == 1 else "rows were"
        why = f"no events: all {read.skipped:,} {noun} bad and skipped"
        return [Problem(paths[0], why), *read.skipped_problems]
    return [*read.left_out, *(Problem(path, NO_EVENTS) for path in paths)]


def _read_and_build(
    importer: Importer[Any], paths: list[Path], options: ReadOptions
) -> tuple[Read[Any], EventStore]:
    try:
        read = importer.read(paths, options)
        return read, importer.build(read)
    except _reading_failures() as error:
        # The importers word their own failures as file:line: message; this is the last net,
        # so a failure nobody foresaw is still a message and never a traceback.
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        if isinstance(error, MemoryError):
            reason = "not enough memory to read it"
        what = f"{type(error).__name__}: " if not isinstance(error, OSError | MemoryError) else ""
        first_line = next(iter(str(reason).splitlines()), "") or type(error).__name__
        message = f"cannot read as {importer.label}: {what}{first_line}"
        raise LoadError([Problem(paths[0], message[:300])]) from error


def _reading_failures() -> tuple[type[BaseException], ...]:
    """What reading may raise. Asked only once something was raised: the modules named here
    are imported then (when a reader has not already), not at start-up."""
    import csv
    import zipfile
    import zlib

    failures: list[type[BaseException]] = [
        OSError,
        csv.Error,
        UnicodeError,
        EOFError,
        zlib.error,
        zipfile.BadZipFile,
        NotImplementedError,  # zipfile: an unsupported compression method
        RuntimeError,  # zipfile: an encrypted member
        MemoryError,
        RecursionError,
        OverflowError,
    ]
    polars = sys.modules.get("polars")
    if polars is not None:  # only an importer that ran polars can have failed in it
        failures.append(polars.exceptions.PolarsError)
        panic = getattr(polars.exceptions, "PanicException", None)
        if isinstance(panic, type) and issubclass(panic, BaseException):
            failures.append(panic)
    return tuple(failures)


def _note_skipped(result: OpenResult, path: Path, skipped: int, problems: list[Problem]) -> None:
    result.skipped_rows += skipped
    result.skipped_problems.extend(problems)
    noun = "row" if skipped == 1 else "rows"
    first = f" (first: line {problems[0].line}: {problems[0].message})" if problems else ""
    # The notice shows a bad cell's text: made safe here, where it is written.
    result.warnings.append(visible(f"skipped {skipped:,} bad {noun} in {path.name}{first}"))


_opening = threading.local()  # on an OpenInBackground's thread: the event its caller awaits


def reader_started() -> None:
    """Said by a reader on an :class:`OpenInBackground` thread once it has imported what it
    reads with (polars) and is reading, or once it knows it needs nothing more (a cache hit):
    the caller, waiting to import the app, goes on. Does nothing on any other thread."""
    started: threading.Event | None = getattr(_opening, "started", None)
    if started is not None:
        started.set()


class OpenInBackground:
    """An open started at once on a thread of its own, so that reading overlaps what the
    caller does next (importing and starting the app: polars parses, and the index cache
    copies, without holding the interpreter). Calling it waits for the result, or raises
    what the open raised; progress reported before the call is passed on at the call, the
    rest as it comes.

    The thread is not a daemon: the index cache's writer, which it may start, inherits that
    and finishes before the process exits, as when the app's own worker opens.

    The constructor returns once the reader has its modules (see :func:`reader_started`),
    at most START_WAIT seconds: importing polars and the app's modules at the same time
    holds both up (the interpreter does one import at a time), while polars' parse, once
    started, runs beside the app's import on the other core."""

    def __init__(self, opener: Callable[[ProgressCallback], OpenResult]) -> None:
        self._lock = threading.Lock()
        self._progress: ProgressCallback | None = None
        self._latest: tuple[int, int | None] | None = None
        self._finished = threading.Event()
        self._result: OpenResult | None = None
        self._error: BaseException | None = None
        self._started = threading.Event()
        threading.Thread(target=self._open, args=(opener,), name="open-in-background").start()
        self._started.wait(START_WAIT)

    def _open(self, opener: Callable[[ProgressCallback], OpenResult]) -> None:
        _opening.started = self._started
        try:
            self._result = opener(self._report)
        except BaseException as error:  # handed to whoever waits for the result
            self._error = error
        finally:
            self._started.set()
            self._finished.set()

    def _report(self, done: int, total: int | None) -> None:
        with self._lock:
            self._latest = (done, total)
            forward = self._progress
        if forward is not None:
            forward(done, total)

    def __call__(self, progress: ProgressCallback | None = None) -> OpenResult:
        with self._lock:
            self._progress = progress
            latest = self._latest
        if progress is not None and latest is not None:
            progress(*latest)
        self._finished.wait()
        if self._error is not None:
            raise self._error
        assert self._result is not None  # set whenever no error was
        return self._result
