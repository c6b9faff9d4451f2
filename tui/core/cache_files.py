"""The files of an index cache entry, handled so that nothing another process does to them can
hurt the app: opened only when regular (never a FIFO, never through a link), copied to private
unlinked files and checked by CRC before they are memory-mapped, written 0600 in a 0700
directory. The entry's layout and its keys are in :mod:`tui.core.cache`."""

from __future__ import annotations

import mmap
import os
import stat
import tempfile
import zlib
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


def _private_file(directory: Path) -> int:
    """A new 0600 file nobody else can open by name (unlinked at once; gone with its fd)."""
    try:
        return os.open(directory, os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC, 0o600)
    except (OSError, AttributeError):
        handle, name = tempfile.mkstemp(dir=directory, prefix=".private.", suffix=".tmp")
        Path(name).unlink()
        return handle


def _crc_of(fd: int) -> int:
    """CRC-32 of the whole file, read in chunks (mapping it would count it all as resident)."""
    crc, offset, chunk = 0, 0, bytearray(1 << 23)
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
    """A checked private copy of a cache file: what the store maps instead of the file itself.
    The copy is made in the kernel (copy_file_range), so it costs little more than a read."""
    source = open_regular(path)
    try:
        if os.fstat(source).st_size != size:
            raise DamagedEntryError(
                f"{path.name}: {os.fstat(source).st_size} bytes, recorded {size}"
            )
        copy = _private_file(path.parent)
        try:
            copied = 0
            while copied < size:
                step = os.copy_file_range(source, copy, size - copied)
                if step <= 0:
                    raise DamagedEntryError(f"{path.name}: shorter than recorded")
                copied += step
            if _crc_of(copy) != crc:
                raise DamagedEntryError(f"{path.name}: its checksum differs from the record's")
            return copy
        except BaseException:
            os.close(copy)
            raise
    finally:
        os.close(source)


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
