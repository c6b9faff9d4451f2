"""Asking the row cache for rows without waiting: ``ready`` never queries, ``request`` fetches
on the cache's own thread and calls back with the rows it then holds; a block already being
fetched is not fetched twice, and a row evicted before the call back is not said to be held."""

from __future__ import annotations

import threading
from typing import Any

import duckdb
import numpy as np
import pytest

from tests.conftest import DATA
from tui.core.importers.ours import load_paths
from tui.core.parquet_rows import Database, RowCache
from tui.core.store import EventStore

ROWS, SPAN = 3000, 100
WAIT = 30  # seconds a test waits for a thread before it fails (it never takes near that)


class Recorded:
    """A row cache over a view of ROWS rows, each fetch recorded (thread, rows) and held
    back while ``gate`` is clear."""

    def __init__(self, capacity: int = 10 * SPAN) -> None:
        connection = duckdb.connect()
        connection.execute(
            "CREATE VIEW events AS SELECT i AS r, 'id' || i AS id, 'title ' || i AS title "
            f"FROM range({ROWS}) AS t(i)"
        )
        self.gate = threading.Event()
        self.gate.set()
        gate = self.gate

        class GatedDatabase(Database):
            def fetch(self, sql: str, parameters: Any = ()) -> list[tuple[Any, ...]]:
                assert gate.wait(WAIT), "the test never opened the gate"
                return super().fetch(sql, parameters)

        self.cache = RowCache(
            GatedDatabase(connection),
            ("id", "title"),
            ROWS,
            span=SPAN,
            capacity=capacity,
            unreadable=lambda message: ("", message),
        )
        self.fetched: list[tuple[str, list[int]]] = []
        self.cache.listeners.append(
            lambda rows: self.fetched.append((threading.current_thread().name, sorted(rows)))
        )

    def fetches_of(self, row: int) -> int:
        return sum(row in rows for _, rows in self.fetched)


class Answer:
    """What ``on_ready`` was called with, and on which thread; ``wait`` for it."""

    def __init__(self) -> None:
        self.held: list[int] | None = None
        self.thread = ""
        self._called = threading.Event()

    def __call__(self, held: list[int]) -> None:
        assert self.held is None, "called twice"
        self.held, self.thread = held, threading.current_thread().name
        self._called.set()

    def wait(self) -> list[int]:
        assert self._called.wait(WAIT), "on_ready was never called"
        assert self.held is not None
        return self.held


def test_a_request_fetches_off_the_callers_thread_and_calls_back_with_the_rows() -> None:
    recorded = Recorded()
    recorded.gate.clear()
    answer = Answer()
    assert not recorded.cache.ready(250)
    recorded.cache.request([250, 251, 260], answer)
    assert not recorded.cache.ready(250)  # asking did not fetch: the fetch is held back
    recorded.gate.set()
    assert answer.wait() == [250, 251, 260]
    assert answer.thread != threading.current_thread().name
    assert recorded.cache.ready(250) and recorded.cache.ready(299)  # its whole block
    assert all(thread != threading.current_thread().name for thread, _ in recorded.fetched)
    before = len(recorded.fetched)
    assert recorded.cache.get(260) == ("id260", "title 260")  # held: no query
    assert recorded.fetches_of(260) == 1 and len(recorded.fetched) >= before


def test_rows_held_already_are_answered_at_once_without_a_query() -> None:
    recorded = Recorded()
    recorded.cache.get(10)
    count = len(recorded.fetched)
    answer = Answer()
    recorded.cache.request([10, 20], answer)
    assert answer.held == [10, 20]  # called before request returned
    assert answer.thread == threading.current_thread().name
    assert recorded.fetches_of(10) == 1 and len(recorded.fetched) == count


def test_two_requests_for_one_block_fetch_it_once() -> None:
    recorded = Recorded()
    recorded.gate.clear()
    first, second = Answer(), Answer()
    recorded.cache.request([1250], first)
    recorded.cache.request([1260, 1299], second)  # the same block, while it is being fetched
    recorded.gate.set()
    assert first.wait() == [1250]
    assert second.wait() == [1260, 1299]
    assert recorded.fetches_of(1250) == 1


def test_a_get_while_a_request_fetches_waits_for_that_fetch() -> None:
    recorded = Recorded()
    recorded.gate.clear()
    answer = Answer()
    recorded.cache.request([1700], answer)
    getter = threading.Thread(target=lambda: recorded.cache.get(1710))
    getter.start()
    recorded.gate.set()
    getter.join(WAIT)
    assert answer.wait() == [1700]
    assert recorded.fetches_of(1710) == 1


def test_rows_evicted_before_the_call_back_are_not_said_to_be_held() -> None:
    # Room for one block only: the second block asked for evicts the first before the call.
    recorded = Recorded(capacity=SPAN)
    answer = Answer()
    recorded.cache.request([0, 150], answer)
    assert answer.wait() == [150]
    assert not recorded.cache.ready(0)
    assert recorded.cache.get(0) == ("id0", "title 0")  # asked again, it is read again
    assert recorded.fetches_of(0) == 2


@pytest.fixture(scope="module")
def in_memory() -> EventStore:
    return EventStore.from_dataset(load_paths([DATA]))


def test_a_store_in_memory_has_every_row_ready_and_answers_at_once(in_memory: EventStore) -> None:
    assert in_memory.rows_ready(range(len(in_memory)), full=True)
    answer = Answer()
    in_memory.request_rows([3, 1], answer, full=True)
    assert answer.held == [3, 1]
    assert answer.thread == threading.current_thread().name


def test_a_window_of_rows_shown_apart_is_one_fetch_in_their_order() -> None:
    recorded = Recorded()
    every_seventh = np.arange(0, ROWS, 7, dtype=np.int64)
    recorded.cache.hint(every_seventh)  # what a page's timeline shows (EventStore.showing)
    window = [int(row) for row in every_seventh[120:157]]  # 37 rows across 3 blocks of the file
    answer = Answer()
    recorded.cache.request(window, answer)
    assert answer.wait() == window
    assert recorded.fetched[0][1] == [7 * place for place in range(100, 200)]
