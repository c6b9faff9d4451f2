"""What every importer shares: the result type, bad-row reporting, chunked CSV reading, and
the columnar "prepared" form that the store is built from (and that the index cache keeps).

An importer turns a file into a :class:`Prepared`: one polars frame in time order whose columns
are small integer codes, dates as sort keys, and the few free-text columns, plus the label
tables the codes point into. Building the :class:`~tui.store.EventStore` from that is cheap and
the same whether the frame was just parsed or read back from the cache.
"""

from __future__ import annotations

import bisect
import csv
import io
import queue
import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl

from tui.model import Source
from tui.problems import LoadError, Problem
from tui.store import RaggedColumn, Rows, empty_rows

Progress = Callable[[int, int | None], None]
T = TypeVar("T")

MAX_LISTED_PROBLEMS = 50  # a refusal lists this many bad rows, then says how many more
CHUNK_BYTES = 32 * 1024 * 1024  # CSV is parsed in slices this size: bounded memory, progress
QUEUE_DEPTH = 2  # slices read ahead of the parse


@dataclass
class Prepared:
    """An import in columnar form, rows in time order; ``labels`` are the code tables."""

    format: str
    name: str
    frame: pl.DataFrame
    labels: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    skipped: int = 0  # bad rows left out (only with skip_bad)
    problems: list[Problem] = field(default_factory=list)  # the first few of them
    # Arrays of any length (ragged columns, their indexes, codes in time order): the cache
    # keeps these as raw memory-mapped arrays, so a cached open copies none of them.
    arrays: dict[str, npt.NDArray[Any]] = field(default_factory=dict)
    # From the cache, the frame's string columns may be left in its file until needed.
    ipc: IpcFile | None = None

    def strings(self, name: str) -> Strings:
        """A string column of the frame, or of the cache file when it was left there."""
        return self.ipc.column(name) if self.ipc is not None else self.frame[name]


class BadRows:
    """Collects bad rows: all are counted, the first MAX_LISTED_PROBLEMS are kept to list."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.listed: list[Problem] = []

    def add(self, message: str, line: int | None = None, field_name: str | None = None) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED_PROBLEMS:
            self.listed.append(Problem(self.path, message, line, None, field_name))

    def add_frame(self, bad: pl.DataFrame) -> None:
        """Rows of a frame with columns ``line`` and ``problem`` (already filtered to bad)."""
        room = MAX_LISTED_PROBLEMS - len(self.listed)
        if room > 0:
            for line, problem in bad.head(room).select("line", "problem").iter_rows():
                self.listed.append(Problem(self.path, str(problem), int(line)))
        self.count += len(bad)

    def add_records(self, bad: pl.DataFrame, line_of: Callable[[int], int]) -> None:
        """Rows of a frame with columns ``record`` (index in the file) and ``problem``; the
        line of a record is looked up only for the rows that will be listed."""
        room = MAX_LISTED_PROBLEMS - len(self.listed)
        if room > 0:
            for record, problem in bad.head(room).select("record", "problem").iter_rows():
                self.listed.append(Problem(self.path, str(problem), line_of(int(record))))
        self.count += len(bad)

    def raise_unless(self, skip_bad: bool) -> None:
        """Refuse the import (LoadError listing the bad rows) unless told to skip them."""
        if self.count and not skip_bad:
            problems = list(self.listed)
            if self.count > len(self.listed):
                problems.append(
                    Problem(
                        self.path,
                        f"… and {self.count - len(self.listed):,} more bad rows "
                        "(--skip-bad loads the good rows and skips these)",
                    )
                )
            raise LoadError(problems)


@dataclass
class Chunk:
    data: bytes
    first_line: int  # line number in the file of the chunk's first line
    lines: int  # newlines in the chunk
    done_bytes: int  # bytes of the file consumed so far


def csv_chunks(
    path: Path, skip_lines: int = 0, chunk_bytes: int = CHUNK_BYTES, quoted: bool = True
) -> Iterator[Chunk]:
    """Slices of a CSV file cut only between records (never inside a quoted field).

    A newline ends a record only when an even number of quote characters precede it, so each
    cut point is found by keeping count of quotes; ``first_line`` lets bad rows be reported by
    their line in the file. The next slice is read and cut in a thread while the caller parses
    this one (polars releases the GIL), so the scanning costs little wall time.
    """
    return _in_thread(_cut_chunks(path, skip_lines, chunk_bytes, quoted))


def _cut_chunks(path: Path, skip_lines: int, chunk_bytes: int, quoted: bool) -> Iterator[Chunk]:
    line = 1 + skip_lines
    for piece in _cut_slices(path, skip_lines, chunk_bytes, quoted):
        newlines = piece.data.count(b"\n")
        yield Chunk(piece.data, line, newlines, piece.end)
        line += newlines


@dataclass
class Slice:
    data: bytes
    start: int  # byte offset in the file of the slice's first byte
    end: int  # byte offset just after it (bytes of the file consumed so far)


def csv_slices(
    path: Path, skip_lines: int = 0, chunk_bytes: int | None = None, quoted: bool = True
) -> Iterator[Slice]:
    """Like csv_chunks, without counting lines (see LineFinder for when a line is needed)."""
    size = CHUNK_BYTES if chunk_bytes is None else chunk_bytes
    return _in_thread(_cut_slices(path, skip_lines, size, quoted))


def _in_thread(source: Iterator[T]) -> Iterator[T]:
    """Items of the iterator produced in a thread, two ahead of the consumer."""
    items: queue.Queue[T | BaseException | None] = queue.Queue(maxsize=QUEUE_DEPTH)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in source:
                while not stop.is_set():
                    try:
                        items.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            items.put(None)
        except BaseException as error:  # handed to the consumer, which re-raises it
            items.put(error)

    worker = threading.Thread(target=produce, name="csv-slices", daemon=True)
    worker.start()
    try:
        while (item := items.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _cut_slices(path: Path, skip_lines: int, chunk_bytes: int, quoted: bool) -> Iterator[Slice]:
    with path.open("rb") as stream:
        for _ in range(skip_lines):
            stream.readline()
        start = stream.tell()
        while True:
            block = stream.read(chunk_bytes)
            if not block:
                return
            if len(block) < chunk_bytes:  # the rest of the file
                cut = len(block)
            else:
                cut = block.rfind(b"\n") + 1
                quotes = _quotes(block, cut) if quoted else 0
                while quotes % 2 and cut > 0:
                    earlier = block.rfind(b"\n", 0, cut - 1) + 1
                    quotes -= block.count(b'"', earlier, cut)
                    cut = earlier
                if cut == 0:  # one record longer than a chunk: take a bigger bite
                    stream.seek(start)
                    chunk_bytes *= 2
                    continue
            piece = block if cut == len(block) else block[:cut]
            yield Slice(piece, start, start + cut)
            start += cut
            stream.seek(start)


class LineFinder:
    """File line numbers of records, found only when asked (a bad row is being reported).

    The parse records which byte range of the file each slice came from and how many records
    it held; the line of a record is then found by counting newlines before its slice and
    reading the slice again. Counting lines for every slice up front would cost a pass over
    the whole file that a file with no bad rows never needs.
    """

    def __init__(self, path: Path, first_line: int) -> None:
        self._path = path
        self._first_line = first_line  # the line the first slice starts on
        self._slices: list[tuple[int, int, int, int]] = []  # start, end, first record, records
        self._origin = (0, first_line)  # where the records start: a byte offset and its line
        self._known = self._origin  # the furthest offset whose line is known
        self._lines: dict[int, list[int] | pl.Series] = {}

    def add(self, start: int, end: int, first_record: int, records: int) -> None:
        if not self._slices:
            self._origin = self._known = (start, self._first_line)
        self._slices.append((start, end, first_record, records))

    def line_at(self, offset: int) -> int:
        """The line holding a byte offset of the file (at or past the records' start)."""
        start, line = self._known if self._known[0] <= offset else self._origin
        with self._path.open("rb") as stream:
            stream.seek(start)
            remaining = offset - start
            while remaining > 0:
                block = stream.read(min(remaining, CHUNK_BYTES))
                if not block:
                    break
                line += block.count(b"\n")
                remaining -= len(block)
        return line

    def lines(self, records: Sequence[int]) -> list[int]:
        return [self.line(int(r)) for r in records]

    def line(self, record: int) -> int:
        index = bisect.bisect_right([s[2] for s in self._slices], record) - 1
        start, end, first_record, records = self._slices[index]
        if index not in self._lines:
            line = self.line_at(start)
            with self._path.open("rb") as stream:
                stream.seek(start)
                data = stream.read(end - start)
            self._known = (start, line)
            chunk = Chunk(data, line, data.count(b"\n"), end)
            self._lines[index] = record_lines(chunk, records)
        return int(self._lines[index][record - first_record])


def record_lines(chunk: Chunk, count: int) -> pl.Series | list[int]:
    """The file line each record starts on; fields may span lines, so count records properly."""
    first_line = chunk.first_line
    if chunk.lines == count or (chunk.lines == count - 1 and not chunk.data.endswith(b"\n")):
        return pl.int_range(first_line, first_line + count, dtype=pl.Int64, eager=True)
    text = chunk.data.decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[int] = []
    start = first_line
    for _ in reader:
        lines.append(start)
        start = first_line + reader.line_num
    lines.extend(range(start, start + count - len(lines)))
    return lines[:count]


def _quotes(block: bytes, end: int, step: int = 4 * 1024 * 1024) -> int:
    """Quote characters in block[:end], counted by numpy in pieces (twice as fast as
    bytes.count, and without holding the GIL, so the parse in the other thread runs on)."""
    data = np.frombuffer(block, dtype=np.uint8, count=end)
    return sum(
        int(np.count_nonzero(data[start : start + step] == 34)) for start in range(0, end, step)
    )


def report_progress(progress: Progress | None, rows: int, done: int, size: int) -> None:
    """Rows so far and a total estimated from the bytes read (exact on the last call)."""
    if progress is None:
        return
    total = rows if done >= size else round(rows * size / max(done, 1))
    progress(rows, total)


def encode(series: pl.Series) -> tuple[npt.NDArray[np.int32], list[str]]:
    """Codes (-1 for missing or empty) into a sorted table of the distinct labels.

    For a Categorical column this works on its physical ids with numpy: no string of the
    column is materialised, which matters at a million rows.
    """
    if series.dtype != pl.Categorical:
        series = series.cast(pl.Categorical)
    physical = series.to_physical()
    top = physical.max()
    missing = int(top) + 1 if isinstance(top, int) else 0
    ids = physical.fill_null(missing).to_numpy().astype(np.int64)
    # The first row holding each physical id (a reversed scatter: the last write wins).
    first = np.full(missing + 1, -1, dtype=np.int64)
    first[ids[::-1]] = np.arange(len(ids) - 1, -1, -1, dtype=np.int64)
    present = np.flatnonzero(first[:missing] >= 0)
    names = series.gather(pl.Series(first[present])).cast(pl.String).to_list()
    order = sorted((name, int(pid)) for name, pid in zip(names, present, strict=True) if name)
    table = np.full(missing + 1, -1, dtype=np.int32)
    for code, (_, pid) in enumerate(order):
        table[pid] = code
    return table[ids], [name for name, _ in order]


_NON_ID = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An id-safe ASCII slug of a name (may be empty for names with no Latin letters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ID.sub("-", ascii_text.lower()).strip("-")[:120]


def unique_ids(prefix: str, names: Sequence[str]) -> list[str]:
    """One stable id per name: prefix:slug, numbered when two names share a slug."""
    seen: dict[str, int] = {}
    ids: list[str] = []
    for index, name in enumerate(names):
        base = f"{prefix}:{slug(name) or f'n{index}'}"
        count = seen.get(base, 0)
        seen[base] = count + 1
        ids.append(base if count == 0 else f"{base}-{count + 1}")
    return ids


class FrameText:
    """Text search for imports: free-text columns scanned by polars, labelled columns by label.

    Long text (ACLED notes) is matched case-insensitively in place, with no lower-cased copy;
    names (actors, places, kinds) are matched once per distinct label and then turned into rows.
    """

    def __init__(
        self,
        rows: int,
        texts: Sequence[Strings],
        text_rows: npt.NDArray[np.integer[Any]] | None,
        labelled: Sequence[tuple[RaggedColumn | None, npt.NDArray[Any] | None, Sequence[str]]],
    ) -> None:
        self._rows = rows
        self._texts = list(texts)
        self._text_rows = text_rows  # row r's text is at text_rows[r] (texts in file order)
        self._labelled = list(labelled)

    def find(self, needle: str) -> Rows:
        if not needle:
            return empty_rows()
        hits = np.zeros(self._rows, dtype=np.bool_)
        pattern = "(?i)" + re.escape(needle)
        for strings in self._texts:
            text = whole_series(strings)
            found = text.str.contains(pattern).fill_null(False).to_numpy()
            hits |= found if self._text_rows is None else found[self._text_rows]
        for ragged, codes, labels in self._labelled:
            matching = [i for i, label in enumerate(labels) if needle in label.casefold()]
            if not matching:
                continue
            if ragged is not None:
                hits[ragged.rows_with_codes(matching)] = True
            elif codes is not None:
                hits |= np.isin(codes, np.asarray(matching, dtype=codes.dtype))
        return np.flatnonzero(hits).astype(np.int64)


class LazySources(Mapping[str, Source]):
    """Sources of a large import, made on access (a real file cites tens of thousands)."""

    def __init__(self, prefix: str, titles: Sequence[str]) -> None:
        self._prefix = prefix
        self._titles = titles

    def key(self, code: int) -> str:
        return f"{self._prefix}{code}"

    def __getitem__(self, key: str) -> Source:
        if not key.startswith(self._prefix) or not key[len(self._prefix) :].isdigit():
            raise KeyError(key)
        code = int(key[len(self._prefix) :])
        if not 0 <= code < len(self._titles) or not self._titles[code]:
            raise KeyError(key)
        return Source(id=key, title=self._titles[code])

    def __iter__(self) -> Iterator[str]:
        return (self.key(code) for code, title in enumerate(self._titles) if title)

    def __len__(self) -> int:
        return sum(1 for title in self._titles if title)


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

    _KEEP_BATCHES = 8  # recently read batches kept (the cursor moves among neighbours)

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
        with self._lock:
            if self._whole is None:
                frame = pl.read_ipc(self._file.source, columns=[self._name])
                self._whole = frame.to_series()
                self._batches.clear()
            return self._whole


Strings = pl.Series | IpcColumn


def whole_series(strings: Strings) -> pl.Series:
    return strings.series() if isinstance(strings, IpcColumn) else strings


class StringColumn(Sequence[str]):
    """A string column in file order, read one row (in time order) at a time."""

    def __init__(self, strings: Strings, file_row: npt.NDArray[np.integer[Any]]) -> None:
        self._strings = strings
        self._file_row = file_row

    def __len__(self) -> int:
        return len(self._strings)

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        return str(self._strings[int(self._file_row[row])])

    def __iter__(self) -> Iterator[str]:
        series = whole_series(self._strings).gather(pl.Series(self._file_row))
        return (str(value) for value in series.to_list())


def codes_of(series: pl.Series) -> npt.NDArray[np.int32]:
    """Codes as int32 with -1 for a missing value."""
    return series.fill_null(-1).to_numpy().astype(np.int32)


def ragged_from_matrix(matrix: npt.NDArray[np.int32], labels: Sequence[str]) -> RaggedColumn:
    """Rows of a fixed-width code matrix (-1 = none) as a RaggedColumn, order kept."""
    present = matrix >= 0
    offsets = np.zeros(len(matrix) + 1, dtype=np.int64)
    np.cumsum(present.sum(axis=1), out=offsets[1:])
    return RaggedColumn(offsets, matrix[present].astype(np.int32), labels)
