"""The index cache: a large import, once parsed, is kept in columnar form for the next open.

An entry is keyed by the file's resolved path, size and modification time (ns), the format,
and the app's version, so a changed file or a new app version simply misses. It lives in the
user's cache directory (``TIMELINE_EXPLORER_CACHE_DIR`` overrides it), never beside the
user's file. Each entry is three files: the string columns as Arrow IPC, the other arrays
(codes, offsets, indexes) as raw aligned bytes, both memory-mapped on read so a hit copies
nothing and costs little time or memory, and a small JSON record of labels, counts and the
arrays' places, written last. Anything unreadable, inconsistent or from another version is
ignored and rebuilt, and deleting the directory at any time is safe. Entries are written in a
background thread once the store is open, so writing one costs the user no waiting.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import platformdirs
import polars as pl

from tui import __version__
from tui.atomic import write_text_atomic
from tui.importers.common import IpcFile, Prepared
from tui.problems import Problem

ENV_DIR = "TIMELINE_EXPLORER_CACHE_DIR"
MIN_BYTES = 5 * 1024 * 1024  # smaller files parse faster than a cache pays for itself
LAYOUT = 2  # bump when the prepared columns of any importer change meaning


def cache_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("timeline-explorer")) / "imports"


@dataclass(frozen=True)
class CacheKey:
    path: Path
    size: int
    mtime_ns: int
    format: str

    @classmethod
    def of(cls, path: Path, format: str) -> CacheKey:
        resolved = path.resolve()
        stat = resolved.stat()
        return cls(resolved, stat.st_size, stat.st_mtime_ns, format)

    @property
    def digest(self) -> str:
        text = "\0".join(
            [str(self.path), str(self.size), str(self.mtime_ns), self.format, __version__]
        )
        return hashlib.sha256(f"{LAYOUT}\0{text}".encode()).hexdigest()[:32]

    def record(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "format": self.format,
            "version": __version__,
            "layout": LAYOUT,
        }


SUFFIXES = (".arrow", ".bin", ".json", ".tmp")
_ALIGN = 64
BATCH_ROWS = 8192  # rows per record batch of the Arrow file: what reading one value costs


def _entry(key: CacheKey, directory: Path | None = None) -> tuple[Path, Path, Path]:
    base = (directory or cache_dir()) / key.digest
    return base.with_suffix(".arrow"), base.with_suffix(".bin"), base.with_suffix(".json")


def _map_arrays(path: Path, places: list[Any]) -> dict[str, npt.NDArray[Any]]:
    """Read-only arrays over a memory map of the file (no copy; pages load when touched)."""
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        view = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    arrays: dict[str, npt.NDArray[Any]] = {}
    for name, dtype, count, offset in places:
        arrays[str(name)] = np.frombuffer(view, dtype=np.dtype(dtype), count=count, offset=offset)
    return arrays


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


def load(key: CacheKey) -> Prepared | None:
    """The cached import for this key, or None (missing, stale or damaged: never an error)."""
    columns, raw, record = _entry(key)
    try:
        meta = json.loads(record.read_text(encoding="utf-8"))
        if (
            meta.get("key") != key.record()
            or columns.stat().st_size != meta["columns_bytes"]
            or raw.stat().st_size != meta["arrays_bytes"]
        ):
            return None
        rows = int(meta["rows"])
        ipc: IpcFile | None = None
        if meta.get("lazy"):  # strings stay in the file until needed (see IpcFile)
            ipc = IpcFile(columns, rows, int(meta["batch_rows"]))
            try:
                names = list(pl.read_ipc_schema(ipc.source))
                counted = pl.scan_ipc(ipc.source).select(pl.len()).collect().item()
            except BaseException:
                ipc.close()
                raise
            if names != meta["columns"] or counted != rows:
                ipc.close()
                return None
            frame = pl.DataFrame()
        else:
            frame = pl.read_ipc(columns)
            if len(frame) != rows:
                return None
        arrays = _map_arrays(raw, meta["arrays"])
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
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pl.exceptions.PolarsError):
        return None


def store(key: CacheKey, prepared: Prepared) -> None:
    """Write an entry; failures (a read-only or full disk) only cost the next open time."""
    columns, raw, record = _entry(key)
    try:
        columns.parent.mkdir(parents=True, exist_ok=True)
        # Streamed to a temporary file then renamed (as tui.atomic does for small files), so
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
        write_text_atomic(record, json.dumps(meta, ensure_ascii=False))
        _evict(key, record.parent)
    except (OSError, pl.exceptions.PolarsError):
        return


MAX_ENTRIES = 8  # entries are hundreds of MB at a million rows: keep the most recent few


def _evict(kept: CacheKey, directory: Path) -> None:
    """Drop entries of earlier versions of the same file (they can never hit again), then the
    oldest beyond MAX_ENTRIES. An open store keeps reading its deleted entry (Linux keeps a
    deleted file's pages while it is mapped)."""
    records: list[tuple[float, Path]] = []
    for record in directory.glob("*.json"):
        if record.stem == kept.digest:
            continue
        try:
            meta = json.loads(record.read_text(encoding="utf-8"))
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
        if path.suffix in SUFFIXES:
            path.unlink(missing_ok=True)
