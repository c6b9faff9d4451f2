"""String columns an index cache entry keeps as compressed blocks of rows.

A block is BLOCK_ROWS values joined by a separator byte no value of the column holds, then
zlib-compressed. One value is read with its block (a fraction of a millisecond, and no polars:
a cache hit's first screen reads ids and notes without importing it); the whole column (text
search, export) is built once, as a polars Series, on a thread started after the first value
is read. The blocks, their offsets and the rows that are null are plain arrays, kept with the
entry's other arrays (:mod:`tui.core.cache_files`).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import zlib
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # imported where a whole column is made: reading one value needs none
    import polars as pl

BLOCK_ROWS = 2048  # values per block: what reading one value decompresses (~0.5 MB of notes)
# Separators tried in turn: the first that no value holds joins the column's values.
_SEPARATORS = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"]
PRELOAD_DELAY = 1.0  # seconds between the first value read and making the whole column
_WINDOW = 8  # blocks decompressed and split together when the whole column is made


class NoSeparatorError(ValueError):
    """Every separator occurs in some value: the column cannot be stored as blocks."""


def pack(series: pl.Series) -> tuple[dict[str, npt.NDArray[Any]], str]:
    """A string column as arrays (``blocks``, ``block_offsets``, ``nulls``) and the separator
    its blocks are joined with. The compression holds no lock on the interpreter."""
    import polars as pl

    series = series.cast(pl.String)
    separator = next(
        (s for s in _SEPARATORS if not series.str.contains(s, literal=True).any()), None
    )
    if separator is None:
        raise NoSeparatorError(series.name)
    nulls = series.is_null()
    filled = series.fill_null("")
    blocks = bytearray()  # appended to: the compressed column is held once, not twice
    ends = [0]
    starts = range(0, len(series), BLOCK_ROWS)

    def joined(start: int) -> bytes:
        text: str = filled.slice(start, BLOCK_ROWS).str.join(separator).item()
        return text.encode("utf-8")

    for compressed in _compressed_in_order(joined(start) for start in starts):
        blocks += compressed
        ends.append(len(blocks))
    arrays: dict[str, npt.NDArray[Any]] = {
        "blocks": np.frombuffer(blocks, dtype=np.uint8),
        "block_offsets": np.asarray(ends, dtype=np.int64),
        "nulls": np.flatnonzero(nulls.to_numpy()).astype(np.int64),
    }
    return arrays, separator


def _compressed_in_order(texts: Iterator[bytes]) -> Iterator[bytes]:
    """The texts zlib-compressed, in order: a second thread compresses half of each window of
    texts while this one compresses the other half (zlib lets go of the interpreter). A plain
    thread, not an executor: this runs in the cache's writer, which a process that exits waits
    for, when executors take no more work. Serial if no thread can be started."""
    while window := list(itertools.islice(texts, 2 * _WINDOW)):
        theirs, mine = window[:_WINDOW], window[_WINDOW:]
        done: list[bytes] = []
        helper = threading.Thread(target=_compress_into, args=(theirs, done), name="pack")
        try:
            helper.start()
            started = True
        except RuntimeError:  # the interpreter is finishing: no new thread
            started = False
        ours = _compress_all(mine)
        if started:
            helper.join()
        else:
            _compress_into(theirs, done)
        yield from done
        yield from ours


def _compress_into(texts: list[bytes], into: list[bytes]) -> None:
    into.extend(_compress_all(texts))


def _compress_all(texts: list[bytes]) -> list[bytes]:
    return [zlib.compress(text, 1) for text in texts]


class StoredStrings(Sequence[str | None]):
    """One string column kept as blocks (see :func:`pack`), by file row."""

    _KEEP_BLOCKS = 16  # the last blocks read, the oldest read dropped first

    def __init__(
        self, name: str, rows: int, separator: str, arrays: Mapping[str, npt.NDArray[Any]]
    ) -> None:
        self.name = name
        self._rows = rows
        self._separator = separator.encode("utf-8")
        self._blocks = arrays["blocks"]
        self._block_offsets = arrays["block_offsets"]
        self._nulls = arrays["nulls"]
        _check(name, rows, separator, arrays)
        self._lock = threading.Lock()  # held while the whole column is made
        self._read_lock = threading.Lock()  # the blocks read: the UI and workers read values
        self._whole: pl.Series | None = None
        self._loader: threading.Thread | None = None
        self._read: dict[int, list[bytes]] = {}
        self._wanted = False  # preload once the first value has been read
        self._taken = 0  # blocks read by take() since the export's plan()
        self._taken_blocks: dict[int, pl.Series] = {}  # the last few take() read
        self._whole_planned = False  # an export's rows lie in most blocks (plan())

    def __len__(self) -> int:
        return self._rows

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
        number = row // BLOCK_ROWS
        values = self._read.get(number)
        if values is None:
            values = self._block(number)
            with self._read_lock:
                if len(self._read) >= self._KEEP_BLOCKS:
                    self._read.pop(next(iter(self._read)))
                self._read[number] = values
            if self._wanted:
                self.preload(now=True)
        if len(self._nulls) and self._is_null(row):
            return None
        return values[row % BLOCK_ROWS].decode("utf-8")

    def plan(self, rows: npt.NDArray[np.integer[Any]]) -> None:
        """Told the rows an export will take, batch after batch: when they lie in more than
        half of the blocks, the whole column is made at once (its blocks unpacked on two
        threads), else each block is read when a batch first needs it (:meth:`take`)."""
        count = len(self._block_offsets) - 1
        self._whole_planned = 2 * len(np.unique(rows // BLOCK_ROWS)) > count
        self._taken = 0

    def take(self, rows: npt.NDArray[np.integer[Any]]) -> pl.Series:
        """The values at these file rows (in the order given), as a polars Series.

        An export asks a batch of rows at a time, having said which (:meth:`plan`). Rows in
        few blocks (a view of some months) are read from their blocks alone, each block once
        for batches in order: the whole column is never held (every block is 1.2 s of zlib
        at 1M rows). Rows spread over many blocks (a country's events across the years) make
        the whole column, as does reading as many blocks as the column holds: at worst
        twice the whole column's zlib."""
        import polars as pl

        numbers = np.unique(rows // BLOCK_ROWS)
        count = len(self._block_offsets) - 1
        self._taken += sum(1 for n in numbers.tolist() if n not in self._taken_blocks)
        whole = self._whole is not None or self._whole_planned
        if whole or 4 * len(numbers) > count or self._taken > count:
            return self.series().gather(rows)
        parts = [self._block_series(number) for number in numbers.tolist()]
        firsts = np.cumsum([0, *(len(part) for part in parts[:-1])])
        local = firsts[np.searchsorted(numbers, rows // BLOCK_ROWS)] + rows % BLOCK_ROWS
        return pl.concat(parts).gather(local)

    def _block_series(self, number: int) -> pl.Series:
        """One block's values (nulls in place), kept for the next batch: batches in order
        share the block at their edge."""
        import polars as pl

        kept = self._taken_blocks
        found = kept.get(number)
        if found is None:
            values = self._raw(number).decode("utf-8").split(self._separator.decode("utf-8"))
            first = number * BLOCK_ROWS
            if len(values) != min(BLOCK_ROWS, self._rows - first):
                raise ValueError(f"{self.name}: block {number} holds {len(values)} values")
            found = pl.Series(self.name, values, dtype=pl.String)
            nulls = self._nulls[(self._nulls >= first) & (self._nulls < first + len(found))]
            if len(nulls):
                found = found.scatter(nulls - first, None)
            if len(kept) >= 4:
                kept.pop(next(iter(kept)))
            kept[number] = found
        return found

    def _is_null(self, row: int) -> bool:
        at = int(np.searchsorted(self._nulls, row))
        return at < len(self._nulls) and int(self._nulls[at]) == row

    def _raw(self, number: int) -> bytes:
        start, end = int(self._block_offsets[number]), int(self._block_offsets[number + 1])
        return zlib.decompress(self._blocks[start:end].data)

    def _block(self, number: int) -> list[bytes]:
        values = self._raw(number).split(self._separator)
        if len(values) != min(BLOCK_ROWS, self._rows - number * BLOCK_ROWS):
            raise ValueError(f"{self.name}: block {number} holds {len(values)} values")
        return values

    def values(self) -> list[str | None]:
        """Every value, in order, as Python strings, without polars (for short strings such as
        ids: a million take a fraction of a second). Not kept: the caller keeps what it needs."""
        whole = self._whole
        if whole is not None:
            return whole.to_list()
        found: list[str | None] = []
        separator = self._separator.decode("utf-8")
        for number in range(len(self._block_offsets) - 1):
            values = self._raw(number).decode("utf-8").split(separator)
            if len(values) != min(BLOCK_ROWS, self._rows - number * BLOCK_ROWS):
                raise ValueError(f"{self.name}: block {number} holds {len(values)} values")
            found.extend(values)
        for row in self._nulls.tolist():
            found[row] = None
        return found

    def preload(self, *, now: bool = False) -> None:
        """Make the whole column in a thread, starting PRELOAD_DELAY seconds after the first
        value is read (the first screen, being drawn then, would otherwise share the
        interpreter with polars' import), or ``now``. The wait is on a daemon thread, so a
        process that quits at once does not wait for it; the making is not: a process that
        quits meanwhile waits the second it takes."""
        if not now:
            self._wanted = True
            return
        self._wanted = False
        with self._lock:
            if self._whole is None and self._loader is None:
                self._loader = threading.Timer(PRELOAD_DELAY, self._start_loading)
                self._loader.daemon = True
                self._loader.start()

    def _start_loading(self) -> None:
        loader = threading.Thread(target=self._load_quietly, name=f"load-{self.name}")
        with contextlib.suppress(RuntimeError):  # the interpreter is shutting down
            loader.start()

    def _load_quietly(self) -> None:
        try:
            self.series()
        except Exception:  # a search that needs it makes it again and reports the failure
            return

    def series(self) -> pl.Series:
        """The whole column (made once; waits for a preload under way)."""
        with self._lock:
            if self._whole is None:
                self._whole = self._make_series()
                self._read.clear()
            return self._whole

    def _make_series(self) -> pl.Series:
        import polars as pl

        count = len(self._block_offsets) - 1
        separator = self._separator.decode("utf-8")
        parts: list[pl.Series] = []
        # zlib lets go of the interpreter: two threads decompress while this one splits.
        # A few blocks at a time, so that no more than those are held decompressed at once.
        with ThreadPoolExecutor(2, thread_name_prefix=f"unpack-{self.name}") as pool:
            for first in range(0, count, _WINDOW):
                numbers = range(first, min(first + _WINDOW, count))
                # Split by Python and copied once into polars' buffers: compact, where
                # polars' own split keeps list buffers and more memory for a while.
                values: list[str] = []
                for raw in pool.map(self._raw, numbers):
                    values.extend(raw.decode("utf-8").split(separator))
                expected = min(len(numbers) * BLOCK_ROWS, self._rows - first * BLOCK_ROWS)
                if len(values) != expected:
                    raise ValueError(f"{self.name}: blocks from {first} hold {len(values)}")
                parts.append(pl.Series(values, dtype=pl.String))
        # Left in chunks: joining them would hold the column twice for a moment.
        whole = (
            pl.concat(parts, rechunk=False) if parts else pl.Series([], dtype=pl.String)
        ).alias(self.name)
        if len(self._nulls):
            whole = whole.scatter(self._nulls, None)
        return whole


def _check(name: str, rows: int, separator: str, arrays: Mapping[str, npt.NDArray[Any]]) -> None:
    """ValueError unless the arrays describe ``rows`` values in blocks as :func:`pack` makes
    them (the cache checks their bytes; this, that they fit together before any is read)."""
    offsets, blocks, nulls = arrays["block_offsets"], arrays["blocks"], arrays["nulls"]
    if separator not in _SEPARATORS:
        raise ValueError(f"{name}: not a separator: {separator!r}")
    if len(offsets) != -(-rows // BLOCK_ROWS) + 1 or offsets[0] != 0:
        raise ValueError(f"{name}: {len(offsets) - 1} blocks for {rows} rows")
    if offsets[-1] != len(blocks) or (len(offsets) > 1 and (np.diff(offsets) < 0).any()):
        raise ValueError(f"{name}: block offsets outside its {len(blocks)} bytes")
    if len(nulls) and (nulls[0] < 0 or nulls[-1] >= rows or (np.diff(nulls) <= 0).any()):
        raise ValueError(f"{name}: null rows out of order or range")


Strings: TypeAlias = "pl.Series | StoredStrings"


def whole_series(strings: Strings) -> pl.Series:
    return strings.series() if isinstance(strings, StoredStrings) else strings


def plan_strings(strings: Strings, rows: npt.NDArray[np.integer[Any]]) -> None:
    """Tell the column the rows an export will take (see StoredStrings.plan)."""
    if isinstance(strings, StoredStrings):
        strings.plan(rows)


def strings_at(strings: Strings, rows: npt.NDArray[np.integer[Any]]) -> pl.Series:
    """The column's values at these rows (in the order given)."""
    if isinstance(strings, StoredStrings):
        return strings.take(rows)
    return strings.gather(rows)
