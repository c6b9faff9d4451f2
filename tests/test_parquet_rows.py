"""The row cache of the store over Parquet: a miss fetches the block of rows around the row
(in the order a screen shows them), and scrolling finds the next block already fetched."""

from __future__ import annotations

import threading
import time
from typing import Any

import duckdb
import numpy as np
import pytest

from tui.core.parquet_rows import Database, RowCache

ROWS, SPAN = 3000, 100


def _cache() -> tuple[RowCache, list[tuple[str, list[int]]]]:
    connection = duckdb.connect()
    connection.execute(
        "CREATE VIEW events AS SELECT i AS r, 'id' || i AS id, 'title ' || i AS title "
        f"FROM range({ROWS}) AS t(i)"
    )
    cache = RowCache(
        Database(connection),
        ("id", "title"),
        ROWS,
        span=SPAN,
        capacity=10 * SPAN,
        unreadable=lambda message: ("", message),
    )
    fetched: list[tuple[str, list[int]]] = []  # (thread, rows) of every fetch

    def record(rows: dict[int, tuple[Any, ...]]) -> None:
        fetched.append((threading.current_thread().name, sorted(rows)))

    cache.listeners.append(record)
    return cache, fetched


def _settle(fetched: list[tuple[str, list[int]]], count: int) -> None:
    deadline = time.monotonic() + 10
    while len(fetched) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)  # and nothing more comes


def test_a_miss_fetches_its_block_and_scrolling_finds_the_next_ready() -> None:
    cache, fetched = _cache()
    assert cache.get(0) == ("id0", "title 0")
    assert fetched == [("MainThread", list(range(0, SPAN)))]
    assert cache.get(40) == ("id40", "title 40")  # in the block: no fetch, none ahead yet
    assert len(fetched) == 1
    cache.get(60)  # within half a block of the next: it is fetched in the background
    _settle(fetched, 2)
    assert fetched[1][0] != "MainThread"
    assert fetched[1][1] == list(range(SPAN, 2 * SPAN))
    before = len(fetched)
    assert [cache.get(r)[1] for r in range(SPAN, 2 * SPAN)][-1] == "title 199"
    _settle(fetched, before + 1)
    assert all(thread != "MainThread" for thread, _ in fetched[before:])


def test_a_miss_in_a_query_result_fetches_the_rows_shown_beside_it() -> None:
    cache, fetched = _cache()
    every_seventh = np.arange(0, ROWS, 7, dtype=np.int64)
    cache.hint(every_seventh)
    assert cache.get(7 * 150) == ("id1050", "title 1050")  # place 150: the block 100..199
    assert fetched[0] == ("MainThread", [7 * p for p in range(100, 200)])
    assert cache.get(3) == ("id3", "title 3")  # not in the result: its own neighbours
    assert ("MainThread", list(range(0, SPAN))) in fetched


def test_a_row_past_the_end_is_an_index_error() -> None:
    cache, _ = _cache()
    with pytest.raises(IndexError):
        cache.get(ROWS + 5)
