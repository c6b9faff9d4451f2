"""String columns left in a cache entry's Arrow file until a value is needed."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:  # imported where a value is read: importing this module costs nothing
    import polars as pl


class IpcFile:
    """A cache entry's Arrow file of string columns, read only when a value is needed.

    The file stays open, and polars reads it through that descriptor (``/proc/self/fd``), so
    deleting or rebuilding the cache while the store is open changes nothing for it. A single
    value is read with its record batch (a few thousand rows, a few milliseconds); a whole
    column (for text search) once, in a background thread started when the store opens.
    """

    def __init__(self, path: Path, rows: int, batch_rows: int) -> None:
        self.rows = rows
        self.batch_rows = batch_rows
        self._handle = path.open("rb")
        self.close = weakref.finalize(self, self._handle.close)  # closed with the store
        fd_path = Path(f"/proc/self/fd/{self._handle.fileno()}")
        self.source = str(fd_path) if fd_path.exists() else str(path)

    def column(self, name: str) -> IpcColumn:
        return IpcColumn(self, name)


class IpcColumn(Sequence[str]):
    """One string column of an :class:`IpcFile`, by file row."""

    # The last batches read, the oldest read dropped first (the cursor moves among neighbours).
    _KEEP_BATCHES = 8

    def __init__(self, file: IpcFile, name: str) -> None:
        self._file = file
        self._name = name
        self._lock = threading.Lock()
        self._whole: pl.Series | None = None
        self._loader: threading.Thread | None = None
        self._batches: dict[int, list[str | None]] = {}
        self._wanted = False  # preload once the first value has been read

    def __len__(self) -> int:
        return self._file.rows

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        row = int(row)
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        whole = self._whole
        if whole is not None:
            return whole[row]
        size = self._file.batch_rows
        batch = self._batches.get(row // size)
        if batch is None:
            import polars as pl

            batch = (
                pl.scan_ipc(self._file.source)
                .select(self._name)
                .slice(row // size * size, size)
                .collect()
                .to_series()
                .to_list()
            )
            if len(self._batches) >= self._KEEP_BATCHES:
                self._batches.pop(next(iter(self._batches)))
            self._batches[row // size] = batch
            if self._wanted:
                self.preload(now=True)
        return batch[row % size]

    def preload(self, *, now: bool = False) -> None:
        """Read the whole column in a thread, starting after the first value is read (the
        first screen's detail would otherwise wait for polars' threads), or ``now``. The
        thread is not a daemon: a process that exits at once waits the fraction of a second
        it takes."""
        if not now:
            self._wanted = True
            return
        self._wanted = False
        with self._lock:
            if self._whole is None and self._loader is None:
                self._loader = threading.Thread(
                    target=self._load_quietly, name=f"load-{self._name}", daemon=False
                )
                self._loader.start()

    def _load_quietly(self) -> None:
        try:
            self.series()
        except Exception:  # a search that needs it reads it again and reports the failure
            return

    def series(self) -> pl.Series:
        """The whole column (read once; waits for a preload under way)."""
        import polars as pl

        with self._lock:
            if self._whole is None:
                frame = pl.read_ipc(self._file.source, columns=[self._name])
                self._whole = frame.to_series()
                self._batches.clear()
            return self._whole


Strings: TypeAlias = "pl.Series | IpcColumn"


def whole_series(strings: Strings) -> pl.Series:
    return strings.series() if isinstance(strings, IpcColumn) else strings
