"""Write files atomically: a temporary file in the same directory, flushed, then renamed.

A reader (or the next start after a kill mid-write) sees the old file or the new one, never a
half-written one; a leftover temporary file is named so that nothing loads it (hidden, .tmp).
SIGTERM and SIGHUP during the write remove the temporary file as Ctrl+C does, then take their
usual course. The temporary name fits whenever the destination's name does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import BinaryIO

_RANDOM_CHARS = 8  # what mkstemp adds between prefix and suffix
_SUFFIX = ".tmp"
_TERMINATING = (signal.SIGTERM, signal.SIGHUP) if hasattr(signal, "SIGHUP") else (signal.SIGTERM,)


class _Terminated(BaseException):
    """Raised in the writing thread by SIGTERM/SIGHUP, so the cleanup below runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _mode_for(path: Path) -> int:
    """The permissions a plain open() would give: the old file's, or 0o666 less the umask
    (mkstemp's own 0o600 would make exports unreadable to anyone else)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def temporary_prefix(path: Path) -> str:
    """ ".NAME." cut so that prefix, random part and suffix fit the directory's name limit."""
    try:
        limit = os.pathconf(path.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    room = limit - len(".") - len(".") - _RANDOM_CHARS - len(_SUFFIX)
    encoded = os.fsencode(path.name)
    if len(encoded) > room:
        try:  # cut on a character boundary when the name is UTF-8
            name = encoded[:room].decode("utf-8", errors="ignore")
        except UnicodeDecodeError:
            name = os.fsdecode(encoded[:room])
        encoded = os.fsencode(name)[:room]
    return f".{os.fsdecode(encoded)}."


@contextlib.contextmanager
def _terminations_raise() -> Iterator[None]:
    """While writing, turn SIGTERM/SIGHUP into an exception (handlers can only be set in the
    main thread; elsewhere, and for signals someone chose to ignore, nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, object] = {}

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise _Terminated(signum)

    for signum in _TERMINATING:
        handler = signal.getsignal(signum)
        if handler is not signal.SIG_IGN:
            previous[signum] = handler
            signal.signal(signum, terminate)
    try:
        yield
    except _Terminated as terminated:
        _restore(previous)
        previous = {}
        signal.raise_signal(terminated.signum)  # the usual course: by default, exit
        raise KeyboardInterrupt from None  # a handler that returned: stop as Ctrl+C would
    finally:
        _restore(previous)


def _restore(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]


@contextlib.contextmanager
def open_atomic(
    path: Path, *, make_parents: bool = True, mode: int | None = None, buffering: int = -1
) -> Iterator[BinaryIO]:
    """A binary stream that replaces path atomically once the block ends without an error (on
    an error the temporary file is removed and path is untouched). For data written in pieces,
    so a large file is never held whole in memory. ``make_parents=False`` refuses a missing
    directory (FileNotFoundError) instead of creating it; ``mode`` overrides the permissions a
    plain open() would give (the index cache writes its files 0600); ``buffering`` is open()'s
    (a large export writes in fewer, larger pieces)."""
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path) if mode is None else mode
    with _terminations_raise():
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=temporary_prefix(path), suffix=_SUFFIX
        )
        try:
            os.fchmod(handle, mode)
            with os.fdopen(handle, "wb", buffering=buffering) as stream:
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def write_bytes_atomic(
    path: Path, data: bytes, *, make_parents: bool = True, mode: int | None = None
) -> None:
    """Replace path with data atomically (see :func:`open_atomic` for the options)."""
    with open_atomic(path, make_parents=make_parents, mode=mode) as stream:
        stream.write(data)


def write_text_atomic(path: Path, text: str, *, make_parents: bool = True) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), make_parents=make_parents)
