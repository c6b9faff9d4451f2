"""Rows of a Parquet file fetched from DuckDB around the row asked for, and kept (LRU).

A store over Parquet holds only small numeric columns in memory; a row's text (its title, id,
names, the detail pane's summary and sources) is read from the file when a screen asks for it.
One query per row would cost a row group's decoding each time (tens of ms at 10M rows), so a
miss fetches the rows likely asked next with it: the neighbours of the row in the most recent
query results that hold it (a filtered timeline shows those), or else the rows around it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np

from tui.core.columns import Rows

if TYPE_CHECKING:
    import duckdb

ROW = "r"  # the row number column of the store's view (time order, 0..n-1)
# A scan that shows what it finds reads two row groups (of our files) first, then ranges
# twice as large up to LARGEST_RANGE, and shows its rows at most every PART_EVERY seconds.
FIRST_RANGE, LARGEST_RANGE, PART_EVERY = 245_760, 1_966_080, 0.5


class Database:
    """The store's DuckDB connection: each query on its own cursor, so any thread may ask."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._connection.cursor()

    def fetch(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        cursor = self._cursor()
        try:
            return cursor.execute(sql, list(parameters)).fetchall()
        finally:
            cursor.close()

    def row_numbers(self, condition: str, parameters: Sequence[object] = ()) -> Rows:
        """The rows (ascending) where the SQL condition holds."""
        cursor = self._cursor()
        try:
            found = cursor.execute(
                f"SELECT {ROW} FROM events WHERE {condition}", list(parameters)
            ).fetchnumpy()[ROW]
        finally:
            cursor.close()
        return _ascending(np.asarray(found, dtype=np.int64))

    def growing_row_numbers(
        self, condition: str, parameters: Sequence[object], length: int
    ) -> Generator[tuple[Rows, bool]]:
        """The rows (of ``length``) where the condition holds, found a range of rows at a
        time in row order, the first ranges small: after a range, the rows so far (a prefix
        of the answer, flagged False) when any were found and PART_EVERY seconds have passed
        since the last; last, every row (flagged True). The next range is read only when
        asked for: a caller may pause the scan, and closing the generator ends it."""
        found: list[Rows] = []
        shown_at: float | None = None
        first, size = 0, FIRST_RANGE
        while first + size < length:
            found.append(self._rows_between(condition, parameters, first, first + size))
            first, size = first + size, min(size * 2, LARGEST_RANGE)
            if shown_at is not None and time.monotonic() - shown_at < PART_EVERY:
                continue
            if len(so_far := np.concatenate(found)):
                yield so_far, False
                shown_at = time.monotonic()
        found.append(self._rows_between(condition, parameters, first, length))
        yield np.concatenate(found), True

    def _rows_between(
        self, condition: str, parameters: Sequence[object], first: int, end: int
    ) -> Rows:
        return self.row_numbers(f"{ROW} >= {first} AND {ROW} < {end} AND ({condition})", parameters)

    def numbers(self, sql: str) -> dict[str, Any]:
        cursor = self._cursor()
        try:
            return dict(cursor.execute(sql).fetchnumpy())
        finally:
            cursor.close()

    def stream(self, column: str, batch: int = 100_000) -> Iterator[Any]:
        """Every value of one column, in row order (the order rows are stored and read, as
        the store checked when it opened), a batch at a time."""
        cursor = self._cursor()
        try:
            cursor.execute(f"SELECT {column} FROM events")
            while chunk := cursor.fetchmany(batch):
                yield from (value for (value,) in chunk)
        finally:
            cursor.close()


def after_all(count: int, then: Callable[[], None]) -> Callable[[], None]:
    """A callback that calls ``then`` the ``count``-th time it is called, from any thread."""
    lock = threading.Lock()
    left = [count]

    def one_done() -> None:
        with lock:
            left[0] -= 1
            last = left[0] == 0
        if last:
            then()

    return one_done


class RowCache:
    """Some columns of rows, by row number. Rows are fetched a block at a time: ``span``
    consecutive places of the order they are shown in (a recent query's result, or all
    rows); the blocks either side of the one being read are fetched in the background."""

    def __init__(
        self,
        database: Database,
        columns: Sequence[str],
        length: int,
        *,
        span: int,
        capacity: int,
        unreadable: Callable[[str], tuple[Any, ...]],
    ) -> None:
        self._database = database
        self.columns = tuple(columns)
        # The values shown for a row the file fails to give (a damaged page): they say why.
        self._unreadable = unreadable
        self.problem: str | None = None  # the first such failure
        self._length = length
        self._span = span
        self._capacity = capacity
        # Blocks being fetched in the background, by (id of their order, block number).
        self._pending: dict[tuple[int, int], Future[None]] = {}
        # One background fetch at a time: DuckDB runs it off the GIL, beside the UI.
        self._prefetch = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet-rows")
        self._rows: OrderedDict[int, tuple[Any, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self._hints: deque[Rows | None] = deque(maxlen=4)  # recent results, newest last
        self.fetches = 0  # queries run (the benchmark reports it)
        # Told of every fetch (row -> values): the store learns display names from them.
        self.listeners: list[Callable[[dict[int, tuple[Any, ...]]], None]] = []

    def hint(self, rows: Rows) -> None:
        """Rows a screen is about to show (a query's result): a miss fetches its neighbours."""
        with self._lock:
            # Every row: the rows' own order (None), with no array to search.
            self._hints.append(None if len(rows) == self._length else rows)

    def get(self, row: int) -> tuple[Any, ...]:
        with self._lock:
            order, at = self._position(row)
            found = self._rows.get(row)
            if found is not None:
                self._rows.move_to_end(row)
            pending = self._pending.get(self._key(order, at // self._span))
        if found is None:
            if pending is not None:
                pending.result()  # being fetched already: waiting is no slower than fetching
            else:
                self._fetch_block(order, at // self._span, also=row)
            with self._lock:
                found = self._rows.get(row)
            if found is None:  # a row past the end (or forgotten at once: fetch it alone)
                found = self._store([row]).get(row)
                if found is None:
                    raise IndexError(row)
        self._prefetch_around(order, at)
        return found

    def ready(self, row: int) -> bool:
        """Whether the row is held: ``get`` would answer it without a query."""
        with self._lock:
            return row in self._rows

    def request(self, rows: Iterable[int], on_ready: Callable[[list[int]], None]) -> None:
        """Fetch the blocks holding these rows in the background, and the blocks beside them,
        then call ``on_ready`` with those of the rows held by then (one evicted meanwhile is
        left out): on a pool thread, or on the caller's when nothing was left to wait for. A
        block being fetched already is not fetched again: its fetch is waited for."""
        wanted = [int(row) for row in rows]
        waiting: dict[tuple[int, int], Future[None]] = {}
        places: list[tuple[Rows | None, int]] = []
        with self._lock:
            for row in wanted:
                if row in self._rows:
                    continue
                order, at = self._position(row)
                key = self._key(order, at // self._span)
                if key in waiting:
                    continue
                pending = self._pending.get(key)
                if pending is None:
                    pending = self._pending[key] = self._prefetch.submit(
                        self._fetch_pending, order, at // self._span, key
                    )
                waiting[key] = pending
                places.append((order, at))
        for order, at in places:  # queued after the rows asked for: those come first
            self._prefetch_around(order, at)

        def held() -> list[int]:
            with self._lock:
                return [row for row in wanted if row in self._rows]

        if not waiting:
            on_ready(held())
            return
        done = after_all(len(waiting), lambda: on_ready(held()))
        for future in waiting.values():
            future.add_done_callback(lambda _: done())

    def _position(self, row: int) -> tuple[Rows | None, int]:
        """The recent result holding the row and its place there; (None, row) when none
        does (the rows around it are then its neighbours)."""
        for rows in reversed(self._hints):
            if rows is None:
                break
            at = int(np.searchsorted(rows, row))
            if at < len(rows) and rows[at] == row:
                return rows, at
        return None, row

    @staticmethod
    def _key(order: Rows | None, block: int) -> tuple[int, int]:
        return (0 if order is None else id(order), block)

    def _block_rows(self, order: Rows | None, block: int) -> list[int]:
        """The rows at places block*span.. of the order (of all rows when None)."""
        first = block * self._span
        if order is None:
            return list(range(first, min(first + self._span, self._length)))
        return [int(r) for r in order[first : first + self._span]]

    def _fetch_block(self, order: Rows | None, block: int, also: int = -1) -> None:
        with self._lock:
            wanted = [r for r in self._block_rows(order, block) if r not in self._rows]
        if also >= 0 and also not in wanted:
            wanted.append(also)
        self._store(sorted(wanted))

    def _prefetch_around(self, order: Rows | None, at: int) -> None:
        """Fetch the next block either way in the background once the row is within half a
        block of it, so that scrolling finds its rows already here."""
        end = self._length if order is None else len(order)
        half = self._span // 2
        for place in (at + half, at - half):
            if not 0 <= place < end:
                continue
            block = place // self._span
            key = self._key(order, block)
            first = block * self._span
            last = min(first + self._span, end) - 1
            if order is not None:
                first, last = int(order[first]), int(order[last])
            with self._lock:
                if key in self._pending or (first in self._rows and last in self._rows):
                    continue
                self._pending[key] = self._prefetch.submit(self._fetch_pending, order, block, key)

    def _fetch_pending(self, order: Rows | None, block: int, key: tuple[int, int]) -> None:
        try:
            self._fetch_block(order, block)
        finally:
            with self._lock:
                self._pending.pop(key, None)

    def _store(self, wanted: list[int]) -> dict[int, tuple[Any, ...]]:
        """Fetch the rows and keep them (the oldest forgotten past the capacity)."""
        if not wanted:
            return {}
        fetched = self._fetch(wanted)
        with self._lock:
            for number, values in fetched.items():
                self._rows[number] = values
                self._rows.move_to_end(number)
            while len(self._rows) > self._capacity:
                self._rows.popitem(last=False)
        return fetched

    def _fetch(self, wanted: list[int]) -> dict[int, tuple[Any, ...]]:
        low, high = min(wanted), max(wanted)
        condition = f"{ROW} BETWEEN {low} AND {high}"
        if high - low + 1 != len(wanted):  # sparse: the range still lets row groups be skipped
            condition += f" AND {ROW} IN ({', '.join(map(str, wanted))})"
        listed = ", ".join(self.columns)
        import duckdb

        try:
            records = self._database.fetch(f"SELECT {ROW}, {listed} FROM events WHERE {condition}")
        except duckdb.Error as error:
            message = next(iter(str(error).strip().splitlines()), "") or type(error).__name__
            self.problem = self.problem or message
            return {row: self._unreadable(message) for row in wanted}
        self.fetches += 1
        # Lists (countries, actors…) kept as tuples: a tuple of strings is untracked by the
        # garbage collector, which otherwise walks every list of 32K rows on each full pass
        # (~200 ms on the UI thread, at any key).
        fetched = {
            int(record[0]): tuple(tuple(v) if isinstance(v, list) else v for v in record[1:])
            for record in records
        }
        for listener in self.listeners:
            listener(fetched)
        return fetched


def _ascending(rows: Rows) -> Rows:
    """DuckDB keeps the order it reads (preserve_insertion_order), row order: a check is
    cheaper than an ORDER BY; sorted here if it ever did not."""
    return rows if bool((rows[1:] > rows[:-1]).all()) else np.unique(rows)
