"""Matching an opened dataset to its stored annotations asks the store in batches: its own
id sample (no pass over every id) and one ``present_ids`` batch per step, never one question
per id; a store over Parquet matches the same stored dataset as the same data in memory."""

from __future__ import annotations

import time
from collections.abc import Collection, Iterator, Set
from pathlib import Path
from typing import overload

import numpy as np
import pytest

from benchmarks.synth import write_acled
from tui.core.annotations import AnnotationStore
from tui.core.backends.schema import write_parquet
from tui.core.columns import LazyColumn, RaggedColumn
from tui.core.importers import acled as acled_importer
from tui.core.model import Event
from tui.core.parquet_store import open_parquet_store
from tui.core.store import EventColumns, EventStore

ROWS = 1_000_000


class CountedIds(Collection[str]):
    """A store's id column (a list, as curated data's) that counts how it is read."""

    def __init__(self, count: int) -> None:
        self._ids = [f"event-{row}" for row in range(count)]
        self.reads = 0  # single ids read
        self.passes = 0  # passes over every id

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, row: int) -> str: ...
    @overload
    def __getitem__(self, row: slice) -> list[str]: ...
    def __getitem__(self, row: int | slice) -> str | list[str]:
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self._ids)))]
        self.reads += 1
        return self._ids[row]

    def __iter__(self) -> Iterator[str]:
        self.passes += 1
        return iter(self._ids)

    def __contains__(self, value: object) -> bool:
        raise AssertionError("matching never scans the id column for one id")


def _event(row: int) -> Event:
    raise AssertionError("matching never builds an event")


def big_store(count: int = ROWS) -> tuple[EventStore, CountedIds]:
    ids = CountedIds(count)
    nothing = RaggedColumn(np.zeros(count + 1, dtype=np.int64), np.zeros(0, np.int32), ())
    columns = EventColumns(
        ids=ids,  # type: ignore[arg-type]  # a Collection read by index, as a Sequence
        titles=LazyColumn(count, lambda row: "An event"),
        kinds=LazyColumn(count, lambda row: "other"),
        start_keys=np.full(count, 20240619, dtype=np.int32),
        end_keys=np.zeros(count, dtype=np.int32),
        approximate=np.zeros(count, dtype=np.bool_),
        countries=nothing,
        actors=nothing,
        concerns=nothing,
    )
    return EventStore(name="Big", columns=columns, events=LazyColumn(count, _event)), ids


class Asked:
    """The store as DatasetIds, counting what matching asks of it."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.samples = 0
        self.batches: list[int] = []  # the size of each present_ids batch

    def __len__(self) -> int:
        return len(self.store)

    def id_sample(self, size: int) -> list[str]:
        self.samples += 1
        return self.store.id_sample(size)

    def present_ids(self, event_ids: Collection[str]) -> Set[str]:
        self.batches.append(len(event_ids))
        return self.store.present_ids(event_ids)


def test_a_million_row_store_is_matched_in_batches(tmp_path: Path) -> None:
    store, ids = big_store()
    with AnnotationStore(tmp_path) as annotations:
        first = annotations.dataset("Big", Asked(store))
        first.set_star("event-500001")  # not a sample id (row 500000 is)
        first.set_star("event-gone")  # annotated, then not in the data
        other = annotations.dataset("Other", [f"other-{n}" for n in range(300)])
        assert other.key != first.key
        asked = Asked(store)
        started = time.perf_counter()
        again = annotations.dataset("Big, renamed", asked)
        elapsed = time.perf_counter() - started
    assert again.key == first.key
    assert again.vanished == ("event-gone",)
    assert asked.samples == 1
    # One batch for the other dataset's 128 sample ids (Big's own are known present), one
    # for the two starred ids: not one question per id.
    assert asked.batches == [128, 2]
    # The sample read 128 ids by row; each presence batch is one pass over the ids.
    assert ids.passes == 2
    assert ids.reads == 2 * 128  # a sample at each open of Big
    print(f"reopened a {ROWS:,}-row store's annotations in {elapsed * 1000:.0f} ms")


def test_the_sample_is_ids_at_spread_rows() -> None:
    store, _ = big_store(1000)
    sample = store.id_sample(4)
    assert sample == ["event-0", "event-250", "event-500", "event-750"]
    assert store.id_sample(4) == sample  # the same for the same data
    small, _ = big_store(3)
    assert small.id_sample(128) == ["event-0", "event-1", "event-2"]
    assert store.present_ids({"event-999", "event-1000", "x"}) == {"event-999"}


@pytest.fixture(scope="module")
def acled_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[EventStore, EventStore]:
    folder = tmp_path_factory.mktemp("acled")
    store = acled_importer.build(acled_importer.prepare(write_acled(folder / "a.csv", 3000)))
    path = folder / "acled.parquet"
    write_parquet(store, path)
    return store, open_parquet_store(path)


def test_parquet_store_samples_and_presence(acled_pair: tuple[EventStore, EventStore]) -> None:
    memory, parquet = acled_pair
    assert parquet.id_sample(128) == memory.id_sample(128)
    assert len(set(parquet.id_sample(128))) == 128
    some = [str(memory.columns.ids[row]) for row in (0, 1234, 2999)]
    assert parquet.present_ids([*some, "no-such-event", "x' OR '1'='1"]) == set(some)
    assert parquet.present_ids([]) == set()


def test_parquet_opens_the_annotations_of_the_same_data_in_memory(
    acled_pair: tuple[EventStore, EventStore], tmp_path: Path
) -> None:
    memory, parquet = acled_pair
    starred = str(memory.columns.ids[1501])  # not a sample id (row 1500 is)
    with AnnotationStore(tmp_path) as annotations:
        in_memory = annotations.dataset(memory.name, memory)
        in_memory.set_star(starred)
        annotations.dataset("Other", [f"other-{n}" for n in range(300)])
        asked = Asked(parquet)
        over_parquet = annotations.dataset(parquet.name, asked)
        assert over_parquet.key == in_memory.key
        assert over_parquet.starred_ids() == {starred}
        assert over_parquet.vanished == ()
        assert len(asked.batches) == 2  # the other sample's ids; the starred id
