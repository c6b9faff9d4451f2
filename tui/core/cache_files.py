"""The files of an index cache entry, handled so that nothing another process does to them can
hurt the app: opened only when regular (never a FIFO, never through a link) and the user's own,
read once into private memory and checked by CRC on the way (the bytes checked are the bytes
used), written 0600 in a 0700 directory. The entry's layout and its keys are in
:mod:`tui.core.cache`."""

from __future__ import annotations

import mmap
import os
import stat
import tempfile
import zlib
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

_ALIGN = 64  # each array starts on a 64-byte boundary, as numpy and Arrow prefer


class DamagedEntryError(Exception):
    """An entry whose files disagree with its record: discarded, with a note for the user."""


def private_directory(directory: Path) -> None:
    """The cache directory, made 0700: its records name the user's files and their actors."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(directory.stat().st_mode) != 0o700:
        directory.chmod(0o700)


def open_regular(path: Path) -> int:
    """A descriptor on path if it is a regular file; never blocks on a FIFO or follows a link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path.name}: not a regular file")
    return fd


def read_regular(path: Path) -> str:
    """The text of path, read only if it is a regular file (see :func:`open_regular`)."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as stream:
        return stream.read().decode("utf-8")


def open_own(path: Path) -> int:
    """A descriptor on path if it is a regular file of the user's own that nobody else may
    read or write (as every cache file is written); everything later is read through it, so
    a file swapped in under that name afterwards is never seen."""
    fd = open_regular(path)
    status = os.fstat(fd)
    if status.st_uid != os.geteuid() or status.st_mode & 0o077:
        os.close(fd)
        raise DamagedEntryError(f"{path.name}: not the user's own private file")
    return fd


def read_own(path: Path) -> str:
    """The text of path, read only if :func:`open_own` accepts it (the entry's record)."""
    with os.fdopen(open_own(path), "rb") as stream:
        return stream.read().decode("utf-8")


def _private_file(directory: Path) -> int:
    """A new file in memory nobody else can open by name (gone with its descriptor); where
    there is no memfd, an unlinked 0600 file in the cache directory."""
    try:
        return os.memfd_create("timeline-explorer-cache", os.MFD_CLOEXEC)
    except (OSError, AttributeError):
        pass
    try:
        return os.open(directory, os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC, 0o600)
    except (OSError, AttributeError):
        handle, name = tempfile.mkstemp(dir=directory, prefix=".private.", suffix=".tmp")
        Path(name).unlink()
        return handle


_CHUNK = 1 << 23  # read, checked and written 8 MiB at a time


def _crc_of(fd: int) -> int:
    """CRC-32 of the whole file, read in chunks (mapping it would count it all as resident)."""
    crc, offset, chunk = 0, 0, bytearray(_CHUNK)
    view = memoryview(chunk)
    while count := os.preadv(fd, [chunk], offset):
        crc = zlib.crc32(view[:count], crc)
        offset += count
    return crc


def crc_of_path(path: Path) -> int:
    fd = open_regular(path)
    try:
        return _crc_of(fd)
    finally:
        os.close(fd)


def private_copy(path: Path, size: int, crc: int) -> int:
    """A checked private copy of a cache file: what the store maps instead of the file itself
    (another process may truncate or rewrite that under a running app). The file is read once,
    through one descriptor: each chunk is added to the CRC and written to the copy, so the
    bytes checked against the record are the bytes the store uses. Reading, checking and
    writing run in the kernel and zlib, without holding the interpreter."""
    source = open_own(path)
    try:
        if os.fstat(source).st_size != size:
            raise DamagedEntryError(
                f"{path.name}: {os.fstat(source).st_size} bytes, recorded {size}"
            )
        copy = _private_file(path.parent)
        try:
            _copy_checked(path, source, copy, size, crc)
            return copy
        except BaseException:
            os.close(copy)
            raise
    finally:
        os.close(source)


def _copy_checked(path: Path, source: int, copy: int, size: int, crc: int) -> None:
    chunk = bytearray(min(_CHUNK, max(size, 1)))
    view = memoryview(chunk)
    done, found = 0, 0
    while done < size:
        count = os.preadv(source, [view[: min(len(chunk), size - done)]], done)
        if count <= 0:
            raise DamagedEntryError(f"{path.name}: shorter than recorded")
        found = zlib.crc32(view[:count], found)
        written = 0
        while written < count:
            written += os.write(copy, view[written:count])
        done += count
    if found != crc:
        raise DamagedEntryError(f"{path.name}: its checksum differs from the record's")


class PrivateCopies:
    """Private copies (:func:`private_copy`) of several cache files, made on threads of their
    own: the copying holds no lock on the interpreter, so the caller imports what it needs
    for the entry meanwhile. :meth:`result` must be called once: it waits, and hands over
    the descriptors or raises the first failure (closing the copies that were made)."""

    def __init__(self, wanted: Sequence[tuple[Path, int, int]]) -> None:
        pool = ThreadPoolExecutor(len(wanted), thread_name_prefix="cache-copy")
        self._copies: list[Future[int]] = [pool.submit(private_copy, *w) for w in wanted]
        pool.shutdown(wait=False)  # its threads end with their copies

    def result(self) -> list[int]:
        made: list[int] = []
        failure: BaseException | None = None
        for copy in self._copies:
            try:
                made.append(copy.result())
            except BaseException as error:  # every copy waited for, the first failure raised
                failure = failure or error
        if failure is not None:
            for fd in made:
                os.close(fd)
            raise failure
        return made


def write_arrays(stream: BinaryIO, arrays: dict[str, npt.NDArray[Any]]) -> list[Any]:
    """Write the arrays back to back, aligned; return their places for the record:
    ``[name, dtype, count, offset]`` each, what :func:`map_arrays` reads them back with."""
    places: list[Any] = []
    offset = 0
    for name, array in arrays.items():
        data = np.ascontiguousarray(array)
        pad = -offset % _ALIGN
        stream.write(b"\0" * pad)
        offset += pad
        places.append([name, data.dtype.str, int(data.size), offset])
        stream.write(data.data.cast("B") if data.size else b"")
        offset += data.nbytes
    return places


def map_arrays(fd: int, places: list[Any]) -> dict[str, npt.NDArray[Any]]:
    """Read-only arrays over a memory map of a private copy (no copy; pages load when touched).
    The map outlives the descriptor, which the caller may close."""
    size = os.fstat(fd).st_size
    view = mmap.mmap(fd, 0, access=mmap.ACCESS_READ) if size else b""
    arrays: dict[str, npt.NDArray[Any]] = {}
    for name, dtype, count, offset in places:
        arrays[str(name)] = np.frombuffer(view, dtype=np.dtype(dtype), count=count, offset=offset)
    return arrays
