"""The index cache: a large import, once parsed, is kept in columnar form for the next open.

An entry is keyed by the file's resolved path, inode, size, modification and change times (ns),
a checksum of samples of its content, the format and the app's version, so a changed file (even
one whose size and mtime were put back) or a new app version simply misses. It lives in the
user's cache directory (``TIMELINE_EXPLORER_CACHE_DIR`` overrides it), never beside the
user's file; the directory is 0700 and every file in it 0600 (the record names the input and
its actors). Each entry is three files: the string columns (``.arrow``), the other arrays
(codes, offsets, indexes) as raw aligned bytes, and a small JSON record of labels, counts, the
arrays' places and the files' checksums, written last. An import read to columns (ACLED) keeps
its strings as zlib-compressed blocks of rows (:mod:`tui.core.importers.stored_strings`), raw
arrays too, so that a hit, and its first screen's values, need no polars; a frame read whole
(GDELT) keeps them as Arrow IPC. A hit never maps the entry itself: another
process could truncate it (SIGBUS) or rewrite it under us. Each file is opened once (the user's
own, never through a link), read into a private copy in memory and checked against the record's
checksum as it is read, on threads that run while the modules the entry needs are imported;
only those copies are memory-mapped. Anything unreadable, inconsistent or from another version
is discarded and rebuilt (a damaged entry with a note for the user); anything in the directory
that is not a regular file is never opened; deleting the directory at any time is safe. Entries
are written in a background thread once the store is open: writing one costs the user no wait.

This module decides what an entry holds and when it is used; :mod:`tui.core.cache_files` opens,
copies, checks and writes its files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from tui import __version__
from tui.core.atomic import open_atomic, write_bytes_atomic
from tui.core.cache_files import (
    DamagedEntryError,
    PrivateCopies,
    crc_of_path,
    map_arrays,
    private_directory,
    read_own,
    read_regular,
    write_arrays,
)
from tui.core.problems import Problem

if TYPE_CHECKING:
    from tui.core.importers.prepared import Prepared
    from tui.core.importers.stored_strings import StoredStrings

# polars is imported by a hit only for an entry whose strings are an Arrow file (a frame
# read whole), once its files are being copied, so that its import and their copying overlap.

ENV_DIR = "TIMELINE_EXPLORER_CACHE_DIR"
LAYOUT = 4  # bump when the prepared columns of any importer change meaning


def cache_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("timeline-explorer")) / "imports"


SAMPLE_BYTES = 4096  # read at the head, the tail and SAMPLES places between: a cheap checksum
SAMPLES = 16


@dataclass(frozen=True)
class CacheKey:
    path: Path
    size: int
    mtime_ns: int
    format: str
    inode: int = 0
    ctime_ns: int = 0
    sampled: str = ""  # checksum of the head, the tail and SAMPLES places of the content

    @classmethod
    def of(cls, path: Path, format: str) -> CacheKey:
        resolved = path.resolve()
        with resolved.open("rb") as stream:
            status = os.fstat(stream.fileno())
            sampled = _sampled_checksum(stream, status.st_size)
        return cls(
            resolved,
            status.st_size,
            status.st_mtime_ns,
            format,
            status.st_ino,
            status.st_ctime_ns,
            sampled,
        )

    @property
    def digest(self) -> str:
        text = "\0".join(str(value) for value in (*self.record().values(), __version__))
        return hashlib.sha256(f"{LAYOUT}\0{text}".encode()).hexdigest()[:32]

    def record(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "inode": self.inode,
            "ctime_ns": self.ctime_ns,
            "sampled": self.sampled,
            "format": self.format,
            "version": __version__,
            "layout": LAYOUT,
        }


def _sampled_checksum(stream: Any, size: int) -> str:
    """A hash of a few KB spread over the file: an edit that keeps the size and puts the
    mtime back still changes the ctime; this catches the rest where it samples."""
    digest = hashlib.blake2b(digest_size=16)
    step = max(size // (SAMPLES + 1), 1)
    for offset in sorted({0, *range(step, size, step), max(size - SAMPLE_BYTES, 0)}):
        stream.seek(offset)
        digest.update(offset.to_bytes(8, "little") + stream.read(SAMPLE_BYTES))
    return digest.hexdigest()


SUFFIXES = (".arrow", ".bin", ".json", ".tmp")


def _entry(key: CacheKey, directory: Path | None = None) -> tuple[Path, Path, Path]:
    base = (directory or cache_dir()) / key.digest
    return base.with_suffix(".arrow"), base.with_suffix(".bin"), base.with_suffix(".json")


_notes: list[str] = []  # what the user should hear about the cache (a damaged entry)
_notes_lock = threading.Lock()


def take_notes() -> list[str]:
    """Notes since the last call (the app shows them once the store is open)."""
    with _notes_lock:
        notes, _notes[:] = list(_notes), []
    return notes


def has_entry(key: CacheKey) -> bool:
    """Whether an entry's record is there (it may still be stale or damaged: see read_entry)."""
    return _entry(key)[2].is_file()


def read_entry(key: CacheKey) -> Prepared | None:
    """The cached import for this key, or None (missing, stale or damaged: never an error)."""
    columns, raw, record = _entry(key)
    try:
        meta = json.loads(read_own(record))
        if meta.get("key") != key.record():
            return None
        return _load_entry(key, meta, columns, raw)
    except DamagedEntryError as damage:
        _discard(record)
        with _notes_lock:
            _notes.append(f"the index cache of {key.path.name} was damaged ({damage}): re-read it")
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _load_entry(key: CacheKey, meta: dict[str, Any], columns: Path, raw: Path) -> Prepared:
    rows = int(meta["rows"])
    copies = PrivateCopies(
        [
            (columns, int(meta["columns_bytes"]), int(meta["columns_crc"])),
            (raw, int(meta["arrays_bytes"]), int(meta["arrays_crc"])),
        ]
    )
    try:  # imported while the files are copied and checked
        from tui.core.importers.prepared import Prepared
    finally:
        strings_fd, arrays_fd = copies.result()
    try:
        stored: dict[str, StoredStrings] | None = None
        frame = None
        if meta.get("lazy"):  # strings as blocks, read a value at a time (no polars)
            stored = _stored_strings(strings_fd, meta, rows)
        else:
            frame = _read_frame(strings_fd, rows)
        arrays = map_arrays(arrays_fd, meta["arrays"])  # the map outlives the descriptor
    finally:
        os.close(strings_fd)
        os.close(arrays_fd)
    return Prepared(
        format=str(meta["format"]),
        name=str(meta["name"]),
        frame=frame,
        labels={str(k): [str(v) for v in vs] for k, vs in meta["labels"].items()},
        meta={str(k): str(v) for k, v in meta.get("meta", {}).items()},
        skipped=int(meta["skipped"]),
        problems=[
            Problem(key.path, str(message), int(line) if line is not None else None)
            for line, message in meta["problems"]
        ],
        arrays=arrays,
        stored=stored,
    )


def _stored_strings(fd: int, meta: dict[str, Any], rows: int) -> dict[str, StoredStrings]:
    from tui.core.importers.stored_strings import StoredStrings

    arrays = map_arrays(fd, meta["strings_arrays"])
    stored: dict[str, StoredStrings] = {}
    try:
        for name, separator in meta["strings"].items():
            own = {part: arrays[f"{name}.{part}"] for part in ("blocks", "block_offsets", "nulls")}
            stored[str(name)] = StoredStrings(str(name), rows, str(separator), own)
    except (KeyError, ValueError) as error:
        raise DamagedEntryError(f"its strings differ from the record's ({error})") from error
    return stored


def _read_frame(fd: int, rows: int) -> Any:
    """A frame's Arrow file, read whole from its private copy (safe to map)."""
    import polars as pl

    try:
        frame = pl.read_ipc(f"/proc/self/fd/{fd}")
    except pl.exceptions.PolarsError as error:
        raise DamagedEntryError(type(error).__name__) from error
    if len(frame) != rows:
        raise DamagedEntryError("its row count differs from the record's")
    return frame


def _discard(record: Path) -> None:
    for suffix in (".json", ".arrow", ".bin"):  # the record first: nothing uses it after
        with contextlib.suppress(OSError):
            record.with_suffix(suffix).unlink()


def write_entry(key: CacheKey, prepared: Prepared) -> None:
    """Write an entry; failures (a read-only or full disk) only cost the next open time."""
    import polars as pl  # loaded already: the prepared frame is polars'

    frame = prepared.frame
    if frame is None:
        return  # read from the cache: it has an entry already
    columns, raw, record = _entry(key)
    try:
        private_directory(columns.parent)
        # Streamed to temporary files renamed at the end, so a large frame is never held
        # twice in memory as bytes, and a reader never sees half an entry. Compressed strings
        # (an eighth on the synthetic 1M file; real notes repeat less) make every open copy
        # and check less.
        lazy = bool(prepared.arrays)  # columnar imports keep their strings as blocks
        separators: dict[str, str] = {}
        with open_atomic(columns, make_parents=False, mode=0o600) as stream:
            if lazy:
                strings_places = write_arrays(stream, _packed(frame, separators))
            else:
                frame.write_ipc(stream, compression="lz4")
        with open_atomic(raw, make_parents=False, mode=0o600) as stream:
            places = write_arrays(stream, prepared.arrays)
        meta = {
            "key": key.record(),
            "columns_bytes": columns.stat().st_size,
            "arrays_bytes": raw.stat().st_size,
            "columns_crc": crc_of_path(columns),
            "arrays_crc": crc_of_path(raw),
            "arrays": places,
            "rows": len(frame),
            "lazy": lazy,
            "strings": separators,  # each string column's separator (see stored_strings)
            "strings_arrays": strings_places if lazy else [],
            "format": prepared.format,
            "name": prepared.name,
            "labels": prepared.labels,
            "meta": prepared.meta,
            "skipped": prepared.skipped,
            "problems": [[p.line, p.message] for p in prepared.problems],
        }
        record_bytes = json.dumps(meta, ensure_ascii=False).encode("utf-8")
        write_bytes_atomic(record, record_bytes, make_parents=False, mode=0o600)
        _evict(key, record.parent)
    except (OSError, ValueError, pl.exceptions.PolarsError):  # ValueError: no separator
        return


def _packed(frame: Any, separators: dict[str, str]) -> dict[str, Any]:
    """The frame's string columns as blocks (see stored_strings.pack), each column's
    separator put in ``separators``."""
    from tui.core.importers.stored_strings import pack

    arrays: dict[str, Any] = {}
    for name in frame.columns:
        packed, separators[name] = pack(frame[name])
        arrays.update({f"{name}.{part}": array for part, array in packed.items()})
    return arrays


MAX_ENTRIES = 8  # entries are hundreds of MB at a million rows: keep the most recent few


def _evict(kept: CacheKey, directory: Path) -> None:
    """Drop entries of earlier versions of the same file (they can never hit again), then the
    oldest beyond MAX_ENTRIES. Safe under an open store: it reads its own private copy of
    its entry, never the entry's files."""
    records: list[tuple[float, Path]] = []
    for record in directory.glob("*.json"):
        if record.stem == kept.digest or not record.is_file() or record.is_symlink():
            continue  # a FIFO or anything else not ours is never opened nor removed
        try:
            meta = json.loads(read_regular(record))
            same_file = meta.get("key", {}).get("path") == str(kept.path)
            records.append((-1.0 if same_file else record.stat().st_mtime, record))
        except (OSError, ValueError, AttributeError):
            records.append((-1.0, record))  # unreadable: nothing could use it
    records.sort()
    stale = [r for when, r in records if when < 0]
    rest = [r for when, r in records if when >= 0]
    for record in stale + rest[: max(len(rest) - (MAX_ENTRIES - 1), 0)]:
        for suffix in (".arrow", ".bin", ".json"):
            record.with_suffix(suffix).unlink(missing_ok=True)


BACKGROUND = True  # write entries in a thread, after the store is open (tests turn it off)
_writers: list[threading.Thread] = []


def write_entry_soon(key: CacheKey, prepared: Prepared) -> None:
    """Write the entry in a background thread when BACKGROUND (else now): the user has the
    store while the entry is written. The thread is not a daemon, so a process that exits
    right after an open still finishes the entry (a half-written one is never read anyway).
    """
    if not BACKGROUND:
        write_entry(key, prepared)
        return
    _writers[:] = [t for t in _writers if t.is_alive()]
    writer = threading.Thread(target=_write_behind, args=(key, prepared), name="index-cache-write")
    _writers.append(writer)
    writer.start()


def _write_behind(key: CacheKey, prepared: Prepared) -> None:
    """Write the entry at a lower priority than the app's threads: it starts as the first
    screen is made, and its compressing should take only the CPU that screen leaves."""
    with contextlib.suppress(OSError, AttributeError):  # Linux: a thread's own niceness
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WRITER_NICENESS)
    write_entry(key, prepared)


WRITER_NICENESS = 19


def wait() -> None:
    """Wait for entries being written in the background."""
    for writer in list(_writers):
        writer.join()


def clear(directory: Path | None = None) -> None:
    """Delete every entry (the directory itself may stay)."""
    root = directory or cache_dir()
    if not root.is_dir():
        return
    for path in root.iterdir():
        if path.suffix in SUFFIXES and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
