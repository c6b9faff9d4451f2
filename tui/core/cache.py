"""The index cache: a large import, once parsed, is kept in columnar form for the next open.

An entry is keyed by the file's resolved path, inode, size, modification and change times (ns),
a checksum of samples of its content, the format and the app's version, so a changed file (even
one whose size and mtime were put back) or a new app version simply misses. It lives in the
user's cache directory (``TIMELINE_EXPLORER_CACHE_DIR`` overrides it), never beside the
user's file; the directory is 0700 and every file in it 0600 (the record names the input and
its actors). Each entry is three files: the string columns as Arrow IPC, the other arrays
(codes, offsets, indexes) as raw aligned bytes, and a small JSON record of labels, counts, the
arrays' places and the files' checksums, written last. A hit never maps the entry itself: another
process could truncate it (SIGBUS) or rewrite it under us. Its two files are first copied
(in the kernel) to private unlinked files and checked against the record's checksums, and
only those copies are memory-mapped. Anything unreadable, inconsistent or from another version
is discarded and rebuilt (a damaged entry with a note for the user); anything in the directory
that is not a regular file is never opened; deleting the directory at any time is safe. Entries
are written in a background thread once the store is open: writing one costs the user no wait.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import stat
import tempfile
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import platformdirs
import polars as pl

from tui import __version__
from tui.core.atomic import write_bytes_atomic
from tui.core.importers.ipc import IpcFile
from tui.core.importers.prepared import Prepared
from tui.core.problems import Problem

ENV_DIR = "TIMELINE_EXPLORER_CACHE_DIR"
MIN_BYTES = 5 * 1024 * 1024  # smaller files parse faster than a cache pays for itself
LAYOUT = 3  # bump when the prepared columns of any importer change meaning


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
_ALIGN = 64
BATCH_ROWS = 8192  # rows per record batch of the Arrow file: what reading one value costs


def _entry(key: CacheKey, directory: Path | None = None) -> tuple[Path, Path, Path]:
    base = (directory or cache_dir()) / key.digest
    return base.with_suffix(".arrow"), base.with_suffix(".bin"), base.with_suffix(".json")


def _map_arrays(fd: int, places: list[Any]) -> dict[str, npt.NDArray[Any]]:
    """Read-only arrays over a memory map of a private copy (no copy; pages load when touched)."""
    size = os.fstat(fd).st_size
    view = mmap.mmap(fd, 0, access=mmap.ACCESS_READ) if size else b""
    arrays: dict[str, npt.NDArray[Any]] = {}
    for name, dtype, count, offset in places:
        arrays[str(name)] = np.frombuffer(view, dtype=np.dtype(dtype), count=count, offset=offset)
    return arrays


class DamagedEntryError(Exception):
    """An entry whose files disagree with its record: discarded, with a note for the user."""


def _open_regular(path: Path) -> int:
    """A descriptor on path if it is a regular file; never blocks on a FIFO or follows a link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path.name}: not a regular file")
    return fd


def _read_regular(path: Path) -> str:
    fd = _open_regular(path)
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


def _private_copy(path: Path, size: int, crc: int) -> int:
    """A checked private copy of a cache file: what the store maps instead of the file itself.
    The copy is made in the kernel (copy_file_range), so it costs little more than a read."""
    source = _open_regular(path)
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


def _crc_of_path(path: Path) -> int:
    fd = _open_regular(path)
    try:
        return _crc_of(fd)
    finally:
        os.close(fd)


def _write_arrays(path: Path, arrays: dict[str, npt.NDArray[Any]]) -> list[Any]:
    places: list[Any] = []
    offset = 0
    with path.open("wb") as stream:
        for name, array in arrays.items():
            data = np.ascontiguousarray(array)
            pad = -offset % _ALIGN
            stream.write(b"\0" * pad)
            offset += pad
            places.append([name, data.dtype.str, int(data.size), offset])
            stream.write(data.data.cast("B") if data.size else b"")
            offset += data.nbytes
        stream.flush()
        os.fsync(stream.fileno())
    return places


_notes: list[str] = []  # what the user should hear about the cache (a damaged entry)
_notes_lock = threading.Lock()


def take_notes() -> list[str]:
    """Notes since the last call (the app shows them once the store is open)."""
    with _notes_lock:
        notes, _notes[:] = list(_notes), []
    return notes


def load(key: CacheKey) -> Prepared | None:
    """The cached import for this key, or None (missing, stale or damaged: never an error)."""
    columns, raw, record = _entry(key)
    try:
        meta = json.loads(_read_regular(record))
        if meta.get("key") != key.record():
            return None
        return _load_entry(key, meta, columns, raw)
    except DamagedEntryError as damage:
        _discard(record)
        with _notes_lock:
            _notes.append(f"the index cache of {key.path.name} was damaged ({damage}): re-read it")
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pl.exceptions.PolarsError):
        return None


def _load_entry(key: CacheKey, meta: dict[str, Any], columns: Path, raw: Path) -> Prepared:
    rows = int(meta["rows"])
    strings = _private_copy(columns, int(meta["columns_bytes"]), int(meta["columns_crc"]))
    try:
        arrays_fd = _private_copy(raw, int(meta["arrays_bytes"]), int(meta["arrays_crc"]))
    except BaseException:
        os.close(strings)
        raise
    try:
        private_strings = Path(f"/proc/self/fd/{strings}")
        ipc: IpcFile | None = None
        if meta.get("lazy"):  # strings stay in the file until needed (see IpcFile)
            # IpcFile opens its own descriptor on the private copy, which outlives ours.
            ipc = IpcFile(private_strings, rows, int(meta["batch_rows"]))
            try:
                names = list(pl.read_ipc_schema(ipc.source))
                counted = pl.scan_ipc(ipc.source).select(pl.len()).collect().item()
            except BaseException:
                ipc.close()
                raise
            if names != meta["columns"] or counted != rows:
                ipc.close()
                raise DamagedEntryError("its columns differ from the record's")
            frame = pl.DataFrame()
        else:
            frame = pl.read_ipc(private_strings)  # the private copy: safe to map
            if len(frame) != rows:
                raise DamagedEntryError("its row count differs from the record's")
        arrays = _map_arrays(arrays_fd, meta["arrays"])  # the map outlives the descriptor
    except pl.exceptions.PolarsError as error:
        raise DamagedEntryError(type(error).__name__) from error
    finally:
        os.close(strings)
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
        ipc=ipc,
    )


def _discard(record: Path) -> None:
    for suffix in (".json", ".arrow", ".bin"):  # the record first: nothing uses it after
        with contextlib.suppress(OSError):
            record.with_suffix(suffix).unlink()


def store(key: CacheKey, prepared: Prepared) -> None:
    """Write an entry; failures (a read-only or full disk) only cost the next open time."""
    columns, raw, record = _entry(key)
    try:
        _private_directory(columns.parent)
        # Streamed to a temporary file then renamed (as tui.core.atomic does for small files), so
        # a large frame is never held twice in memory as bytes.
        handle, temporary = tempfile.mkstemp(
            dir=columns.parent, prefix=f".{columns.name}.", suffix=".tmp"
        )
        os.close(handle)
        try:
            prepared.frame.write_ipc(
                temporary, compression="uncompressed", record_batch_size=BATCH_ROWS
            )
            with Path(temporary).open("rb+") as stream:
                os.fsync(stream.fileno())
            Path(temporary).replace(columns)
            handle, temporary = tempfile.mkstemp(
                dir=raw.parent, prefix=f".{raw.name}.", suffix=".tmp"
            )
            os.close(handle)
            places = _write_arrays(Path(temporary), prepared.arrays)
            Path(temporary).replace(raw)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        meta = {
            "key": key.record(),
            "columns_bytes": columns.stat().st_size,
            "arrays_bytes": raw.stat().st_size,
            "columns_crc": _crc_of_path(columns),
            "arrays_crc": _crc_of_path(raw),
            "arrays": places,
            "rows": len(prepared.frame),
            "columns": prepared.frame.columns,
            "lazy": bool(prepared.arrays),  # columnar imports read their strings lazily
            "batch_rows": BATCH_ROWS,
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
    except (OSError, pl.exceptions.PolarsError):
        return


def _private_directory(directory: Path) -> None:
    """The cache directory, made 0700: its records name the user's files and their actors."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(directory.stat().st_mode) != 0o700:
        directory.chmod(0o700)


MAX_ENTRIES = 8  # entries are hundreds of MB at a million rows: keep the most recent few


def _evict(kept: CacheKey, directory: Path) -> None:
    """Drop entries of earlier versions of the same file (they can never hit again), then the
    oldest beyond MAX_ENTRIES. An open store keeps reading its deleted entry (Linux keeps a
    deleted file's pages while it is mapped)."""
    records: list[tuple[float, Path]] = []
    for record in directory.glob("*.json"):
        if record.stem == kept.digest or not record.is_file() or record.is_symlink():
            continue  # a FIFO or anything else not ours is never opened nor removed
        try:
            meta = json.loads(_read_regular(record))
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


def store_soon(key: CacheKey, prepared: Prepared) -> None:
    """Write the entry in a background thread when BACKGROUND (else now): the user has the
    store while the entry is written. The thread is not a daemon, so a process that exits
    right after an open still finishes the entry (a half-written one is never read anyway).
    """
    if not BACKGROUND:
        store(key, prepared)
        return
    _writers[:] = [t for t in _writers if t.is_alive()]
    writer = threading.Thread(target=store, args=(key, prepared), name="index-cache-write")
    _writers.append(writer)
    writer.start()


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
