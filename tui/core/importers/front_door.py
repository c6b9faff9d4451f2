"""The one front door for every input: what a path is, checked before any importer runs.

Whether the format was detected or forced (``--from acled``), a path must exist, be a regular
file (or, for our format, a directory), not be empty, not be compressed in a way no importer
reads, and not be larger than its importer takes. Only then is a format chosen and the file
handed over. A pipe or a device is never opened: reading /dev/zero never ends, and a FIFO
blocks until a writer comes.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.importers.registry import (
    AUTO,
    REGISTRY,
    SNIFF_BYTES,
    Importer,
    Sniff,
    default_importer,
    detect,
    format_labels,
    zip_importer,
)
from tui.core.problems import LoadError, Problem

# Magic numbers of the compressions people send; (what it is, the command that undoes it).
_COMPRESSED: tuple[tuple[bytes, str, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed", "gunzip"),
    (b"BZh", "bzip2-compressed", "bunzip2"),
    (b"\xfd7zXZ\x00", "xz-compressed", "unxz"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed", "unzstd"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "7z x"),
    (b"Rar!\x1a\x07", "a RAR archive", "unrar x"),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty archive
_UTF16 = (b"\xff\xfe", b"\xfe\xff")
NOT_REGULAR = "not a regular file (a pipe, device or socket cannot be read)"


@dataclass(frozen=True)
class Admitted:
    """Paths that passed the door, and the importer that will read them."""

    importer: Importer[Any]
    paths: list[Path]


class _RefusedError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def admit(paths: Sequence[Path], forced: str = AUTO) -> Admitted:
    """Check every path and choose its importer; raise LoadError with every problem found.

    Several paths open together only in a format that takes several (our own); an imported
    file opens on its own.
    """
    if forced != AUTO and forced not in REGISTRY:
        raise ValueError(f"unknown format {forced!r}: use one of {', '.join(REGISTRY)}")
    if not paths:
        raise LoadError([Problem(Path(), "no files to open")])
    chosen: list[Importer[Any]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            chosen.append(_admit_one(path, REGISTRY[forced] if forced != AUTO else None))
        except _RefusedError as refused:
            problems.append(refused.problem)
    if problems:
        raise LoadError(problems)
    importer = chosen[0]
    if len(paths) > 1 and not all(i is importer and i.many for i in chosen):
        raise LoadError(
            Problem(path, f"holds {i.label}: open an imported file on its own")
            for path, i in zip(paths, chosen, strict=True)
            if not i.many
        )
    return Admitted(importer, list(paths))


def _directory_importer(path: Path) -> Importer[Any]:
    """Our JSON, unless the directory holds Parquet files and no JSON (as `convert` writes
    a large dataset: parts of one table)."""
    try:
        suffixes = {entry.name.rsplit(".", 1)[-1].lower() for entry in os.scandir(path)}
    except OSError:
        return default_importer()  # its loader says why the directory cannot be read
    if "parquet" in suffixes and "json" not in suffixes:
        return REGISTRY["parquet"]
    return default_importer()


def _admit_one(path: Path, forced: Importer[Any] | None) -> Importer[Any]:
    def refuse(message: str, line: int | None = None, column: int | None = None) -> _RefusedError:
        return _RefusedError(Problem(path, message, line, column))

    try:
        info = path.stat()
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            raise refuse("no such file or directory") from None
        if error.errno == errno.ELOOP:
            raise refuse("no such file or directory (a symlink loop)") from None
        raise refuse(f"cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        taker = forced or _directory_importer(path)
        if not taker.many:
            raise refuse(f"is a directory, not {taker.label}")
        return taker  # the loader checks each file in it the same way
    if not stat.S_ISREG(info.st_mode):
        raise refuse(NOT_REGULAR)
    if info.st_size == 0:
        raise refuse("file is empty")
    head = _read_head(path)
    if isinstance(head, str):
        if forced is None and head != NOT_REGULAR:
            # Unreadable: our loader reports it, with the reason, after its size check.
            return _check_size(path, info.st_size, default_importer())
        raise refuse(head if head == NOT_REGULAR else f"cannot read: {head}")
    for magic, what, command in _COMPRESSED:
        if head.startswith(magic):
            raise refuse(f"is {what}: decompress it first ({command} FILE)", 1)
    if head.startswith(_ZIP):
        reader = zip_importer()
        if forced is not None and not forced.reads_zip:
            raise refuse(
                f"is a zip archive, not {forced.label} (only {reader.label} is read from a zip)", 1
            )
        return _check_size(path, info.st_size, reader)
    sniff = Sniff(path, head)
    importer = forced or detect(sniff)
    if importer is None:
        raise refuse(f"cannot tell the format: not {format_labels()} (give --from to say which)", 1)
    if sniff.is_binary and not importer.detect(sniff):
        # Forced onto bytes it would not claim: say what the bytes are before it chokes.
        if head.startswith(_UTF16):
            raise refuse(f"is UTF-16 text, not {importer.label}: save it as UTF-8", 1, 1)
        offset = head.index(b"\x00")
        line = head.count(b"\n", 0, offset) + 1
        raise refuse(
            f"holds binary data (a NUL byte at offset {offset}), not {importer.label}", line
        )
    return _check_size(path, info.st_size, importer)


def _check_size(path: Path, size: int, importer: Importer[Any]) -> Importer[Any]:
    limit = importer.max_bytes
    if limit is not None and size > limit:
        raise _RefusedError(
            Problem(path, f"file is too large to load ({size:,} bytes; limit {limit >> 20} MiB)")
        )
    return importer


def _read_head(path: Path) -> bytes | str:
    """The first bytes of a regular file, or why they cannot be read. Opened without blocking
    and checked again once open, in case a pipe took the file's place since stat."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return error.strerror or str(error)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return NOT_REGULAR
        return os.read(descriptor, SNIFF_BYTES)
    except OSError as error:
        return error.strerror or str(error)
    finally:
        os.close(descriptor)
