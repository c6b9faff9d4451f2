"""Reading CSV in slices cut between records, and finding a record's line when one is bad."""

from __future__ import annotations

import bisect
import csv
import io
import queue
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl

from tui.core.problems import LoadError, Problem

T = TypeVar("T")

CHUNK_BYTES = 32 * 1024 * 1024  # CSV is parsed in slices this size: bounded memory, progress
QUEUE_DEPTH = 2  # slices read ahead of the parse
# Limits no real event file comes near; past them a file is refused with its line, before a
# parser spends gigabytes on it (one 10 MB line of 5M fields, 16 MB of newlines).
MAX_LINE_BYTES = 128 * 1024
MAX_BLANK_LINES = 10_000  # in a row


def normalise_line_ends(data: bytes) -> bytes:
    """CRLF and a bare CR (old Mac, Excel's "CSV (Macintosh)") as LF: the one reading of line
    ends that the parse, every check and every line number share."""
    if b"\r" not in data:
        return data
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def count_line_breaks(data: bytes) -> int:
    """Line breaks as normalise_line_ends reads them (LF, CRLF and CR each count once)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def read_first_line(path: Path) -> tuple[bytes, int]:
    """The first line of a file (without its line break) and the offset just after it; a line
    over MAX_LINE_BYTES is refused rather than read whole."""
    with path.open("rb") as stream:
        head = stream.read(MAX_LINE_BYTES + 2)
    ends = [i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0]
    if not ends:
        if len(head) > MAX_LINE_BYTES:
            raise _too_long(path, 1)
        return head, len(head)
    end = min(ends)
    after = end + 2 if head[end : end + 2] == b"\r\n" else end + 1
    return head[:end], after


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
    start = 0
    for _ in range(skip_lines):
        start += _line_length(path, start)
    # Each block is read into one reused buffer (no fresh pages to fault in and zero) and
    # only the slice cut from it is copied out: one copy of the file, not two.
    buffer = bytearray(chunk_bytes)
    with path.open("rb", buffering=0) as stream:
        while True:
            if len(buffer) != chunk_bytes:
                buffer = bytearray(chunk_bytes)
            stream.seek(start)
            size = _read_into(stream, memoryview(buffer))
            if not size:
                return
            block: bytes | bytearray = buffer
            if size < chunk_bytes:  # the rest of the file
                block = bytes(memoryview(buffer)[:size])
                cut = size
            else:
                # A CR that ends the block may be half of a CRLF: never cut just after it.
                cut = _last_break(block, len(block) - 1)
                quotes = _quotes(block, cut) if quoted else 0
                while quotes % 2 and cut > 0:
                    earlier = _last_break(block, cut - 1)
                    quotes -= block.count(b'"', earlier, cut)
                    cut = earlier
                if cut == 0:  # one record longer than a chunk: take a bigger bite
                    _check_lines(path, start, block, len(block))
                    chunk_bytes *= 2
                    continue
            _check_lines(path, start, block, cut)
            data = block if isinstance(block, bytes) else bytes(memoryview(block)[:cut])
            piece = normalise_line_ends(data)
            _check_blank_lines(path, start, piece)
            yield Slice(piece, start, start + cut)
            start += cut


def _read_into(stream: io.FileIO, view: memoryview) -> int:
    """Fill view from the stream (a read may return less than asked); the bytes read."""
    done = 0
    while done < len(view):
        count = stream.readinto(view[done:])
        if not count:
            break
        done += count
    return done


def _last_break(block: bytes | bytearray, end: int) -> int:
    """The offset just after the last line break (LF or CR) before ``end``, 0 if none. A CR
    is looked for only after the last LF (a file without CRs is not scanned twice)."""
    newline = block.rfind(b"\n", 0, end)
    return max(newline, block.rfind(b"\r", newline + 1, end)) + 1


def _line_length(path: Path, start: int) -> int:
    with path.open("rb") as stream:
        stream.seek(start)
        head = stream.read(MAX_LINE_BYTES + 2)
    ends = [i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0]
    if not ends:
        return len(head)
    end = min(ends)
    return end + 2 if head[end : end + 2] == b"\r\n" else end + 1


def _check_lines(path: Path, start: int, block: bytes | bytearray, end: int) -> None:
    """Refuse a line over MAX_LINE_BYTES in block[:end]. Looks for a line break in every
    half-limit window (a few hundred short searches a slice), so a file within the limit
    costs almost nothing."""
    window = MAX_LINE_BYTES // 2
    for offset in range(0, end, window):
        stop = min(offset + window, end)
        if block.find(b"\n", offset, stop) < 0 and block.find(b"\r", offset, stop) < 0:
            line_start = _last_break(block, offset)
            following = [block.find(b, offset, end) for b in (b"\n", b"\r")]
            line_end = min([i for i in following if i >= 0], default=end)
            if line_end - line_start > MAX_LINE_BYTES:
                raise _too_long(path, _line_of_offset(path, start + line_start))


def scan_fields(
    data: bytes, schema: Mapping[str, pl.DataType], columns: Sequence[str], *, tab: bool = False
) -> pl.DataFrame:
    """Headerless rows (comma-separated and quoted, or ``tab``-separated with no quoting) read
    by polars as the ``columns`` of ``schema``. Polars pads a short row with nulls and cuts a
    long one silently (see :func:`ragged_suspects`); bytes that are not UTF-8 are replaced."""
    return (
        pl.scan_csv(
            data,
            has_header=False,
            separator="\t" if tab else ",",
            quote_char=None if tab else '"',
            schema=schema,
            truncate_ragged_lines=True,
            missing_columns="insert",
            encoding="utf8-lossy",
        )
        .select(*columns)
        .collect()
    )


def ragged_suspects(frame: pl.DataFrame, last: str, beyond: str) -> pl.Series | None:
    """The rows of a :func:`scan_fields` frame whose field count may be wrong: a null in
    ``last`` (the last field every row has) or a value in ``beyond`` (a column past the
    layout's last, read for this alone). None when there are none, found from null counts
    (no scan); the caller counts the suspects' fields again to be sure."""
    if frame[last].null_count() or frame[beyond].null_count() < len(frame):
        return frame[last].is_null() | frame[beyond].is_not_null()
    return None


def _check_blank_lines(path: Path, start: int, piece: bytes) -> None:
    """Refuse a run of over MAX_BLANK_LINES blank lines (each would be a row to report).

    Such a run holds a line break at some multiple of its length, so only those bytes are
    looked at (a few thousand a slice), and the run is looked for only around a break."""
    length = MAX_BLANK_LINES + 1
    sample = np.frombuffer(piece, dtype=np.uint8)[::length]
    for hit in np.flatnonzero(sample == 10).tolist():
        near = hit * length
        run = piece.find(b"\n" * length, max(0, near - length + 1), near + length)
        if run >= 0:  # the run's first blank line is the one after this break
            line = _line_of_offset(path, start) + piece.count(b"\n", 0, run) + (run > 0)
            message = f"more than {MAX_BLANK_LINES:,} blank lines in a row"
            raise LoadError([Problem(path, message, line)])


def _too_long(path: Path, line: int) -> LoadError:
    limit = f"{MAX_LINE_BYTES // 1024} KB"
    return LoadError([Problem(path, f"a line longer than {limit} (the limit)", line)])


def _line_of_offset(path: Path, offset: int, start: int = 0, line: int = 1) -> int:
    """The line holding a byte offset, counted from ``start`` (a byte offset known to begin
    ``line``). Only on the way to an error: it reads the file up to the offset."""
    with path.open("rb") as stream:
        stream.seek(start)
        remaining, last = offset - start, b""
        while remaining > 0:
            block = stream.read(min(remaining, CHUNK_BYTES))
            if not block:
                break
            line += count_line_breaks(block) - (last == b"\r" and block[:1] == b"\n")
            last = block[-1:]
            remaining -= len(block)
    return line


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
        return _line_of_offset(self._path, offset, start, line)

    def line(self, record: int) -> int:
        index = bisect.bisect_right([s[2] for s in self._slices], record) - 1
        start, end, first_record, records = self._slices[index]
        if index not in self._lines:
            line = self.line_at(start)
            with self._path.open("rb") as stream:
                stream.seek(start)
                data = normalise_line_ends(stream.read(end - start))
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
    try:
        for _ in reader:
            lines.append(start)
            start = first_line + reader.line_num
    except csv.Error:  # a field past csv's own limit: count by the slicer's rule instead
        return _lines_by_quotes(chunk, count)
    lines.extend(range(start, start + count - len(lines)))
    return lines[:count]


def _lines_by_quotes(chunk: Chunk, count: int) -> list[int]:
    """Record start lines by the rule the slices are cut by: a line break ends a record when
    an even number of quotes precede it (no field-size limit, unlike csv)."""
    data = np.frombuffer(chunk.data, dtype=np.uint8)
    breaks = np.flatnonzero(data == 10)
    quotes = np.flatnonzero(data == 34)
    ending = breaks[np.searchsorted(quotes, breaks) % 2 == 0]
    # Record k > 0 starts on the line after the break that ends record k - 1.
    after = np.searchsorted(breaks, ending) + 1
    starts = [chunk.first_line, *(chunk.first_line + after).tolist()]
    return starts[:count]


def _quotes(block: bytes | bytearray, end: int, step: int = 4 * 1024 * 1024) -> int:
    """Quote characters in block[:end], counted by numpy in pieces (twice as fast as
    bytes.count, and without holding the GIL, so the parse in the other thread runs on)."""
    data = np.frombuffer(block, dtype=np.uint8, count=end)
    return sum(
        int(np.count_nonzero(data[start : start + step] == 34)) for start in range(0, end, step)
    )
