"""The time views' questions in SQL (bucket_counts, span_counts, pair_counts): hand-checked on
a tiny dataset, the same answers when the SQL goes through BigQuery's dialect, and on GDELT's
table with its partition filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from tests.conftest import DATA
from tests.test_backend_gdelt_sql import (
    FIXTURE,
    JUNE_17,
    JUNE_20,
    _partition_bounds,
    gdelt_table,
    transpiled_runner,
)
from tests.test_backend_parquet import _assert_same_time_counts
from tui.core.backends.base import Bucket, BucketCounts, EventBackend, Facet, SpanCounts
from tui.core.backends.gdelt_sql import GdeltSource
from tui.core.backends.memory import MemoryBackend
from tui.core.backends.parquet import ParquetSource, open_parquet
from tui.core.backends.parquet_files import checked_connection
from tui.core.backends.schema import write_parquet
from tui.core.backends.sqlbackend import SqlBackend
from tui.core.backends.sqlbuild import FacetPlan
from tui.core.importers import gdelt
from tui.core.importers.ours import load_paths
from tui.core.model import Actor, ActorKind, Dataset, Event, EventKind, Participant
from tui.core.store import EventStore, Query


def _tiny_store() -> EventStore:
    japan = Actor(id="japan", name="Japan", kind=ActorKind.STATE, country="JPN")
    nz = Actor(id="nz", name="New Zealand", kind=ActorKind.STATE, country="NZL")

    def event(
        event_id: str, start: str, end: str | None, *actors: str, rough: bool = False
    ) -> Event:
        return Event.model_validate(
            {
                "id": event_id,
                "title": f"Event {event_id}",
                "start": start,
                "end": end,
                "approximate": rough,
                "kind": EventKind.MEETING,
                "actors": [Participant(actor=a) for a in actors],
            }
        )

    events = [
        event("a", "2023", None, "japan"),  # year only
        event("b", "2024-06", None, "japan", "nz"),  # month only
        event("c", "2024-06-17", "2024-07-02", "nz", rough=True),  # a Monday, into July
        event("d", "2024-06-23", "2024-06-24", "japan", "nz"),  # Sunday to Monday
    ]
    dataset = Dataset(name="tiny", events=events, actors={"japan": japan, "nz": nz})
    return EventStore.from_dataset(dataset)


def _listed(counts: BucketCounts) -> list[list[int]]:
    parts = (counts.values, counts.placed, counts.approximate, counts.coarse)
    return [p.tolist() for p in parts]


def _spans(counts: SpanCounts) -> list[tuple[int, int, int]]:
    return list(
        zip(counts.first.tolist(), counts.last.tolist(), counts.count.tolist(), strict=True)
    )


def _week(day: dt.date) -> int:
    return day.toordinal()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> list[EventBackend]:
    store = _tiny_store()
    path = tmp_path_factory.mktemp("tiny") / "tiny.parquet"
    write_parquet(store, path)
    return [MemoryBackend(store), open_parquet(path)]


def test_hand_checked_bucket_counts(tiny: list[EventBackend]) -> None:
    for backend in tiny:
        every = Query()
        # [values, placed, approximate, coarse]
        assert _listed(backend.bucket_counts(every, Bucket.YEAR)) == [
            [2023, 2024],
            [1, 3],
            [0, 1],
            [0, 0],
        ]
        # A year-only date is coarser than a month: in January 2023, but not placed.
        assert _listed(backend.bucket_counts(every, Bucket.MONTH)) == [
            [202301, 202406],
            [0, 3],
            [0, 1],
            [1, 0],
        ]
        assert _listed(backend.bucket_counts(every, Bucket.DAY)) == [
            [20230101, 20240601, 20240617, 20240623],
            [0, 0, 1, 1],
            [0, 0, 1, 0],
            [1, 1, 0, 0],
        ]
        assert _listed(backend.bucket_counts(Query(countries=frozenset({"ATA"})), Bucket.DAY)) == [
            [],
            [],
            [],
            [],
        ]


def test_hand_checked_spans_and_pairs(tiny: list[EventBackend]) -> None:
    for backend in tiny:
        every = Query()
        assert _spans(backend.span_counts(every, Bucket.YEAR)) == []
        assert _spans(backend.span_counts(every, Bucket.MONTH)) == [(202406, 202407, 1)]
        assert _spans(backend.span_counts(every, Bucket.WEEK)) == [
            (_week(dt.date(2024, 6, 17)), _week(dt.date(2024, 6, 24)), 1),  # d
            (_week(dt.date(2024, 6, 17)), _week(dt.date(2024, 7, 1)), 1),  # c
        ]
        assert _spans(backend.span_counts(every, Bucket.DAY)) == [
            (20240617, 20240702, 1),
            (20240623, 20240624, 1),
        ]
        assert backend.pair_counts(every) == [("japan", "nz", 2)]
        assert backend.pair_counts(Query(start_key=20240600)) == [("japan", "nz", 2)]
        # b's key 20240600 (June, day unknown) sorts before 2024-06-01: d alone is left.
        assert backend.pair_counts(Query(start_key=20240601)) == [("japan", "nz", 1)]
        assert backend.pair_counts(every, 0) == []


def _through_bigquery(connection: duckdb.DuckDBPyConnection) -> tuple[list[str], SqlBackend]:
    """Our Parquet columns, the SQL rendered for BigQuery and transpiled back to run."""
    ran, run = transpiled_runner(connection)
    return ran, SqlBackend("bigquery-dialect", PortableParquetSource(), run)


class PortableParquetSource(ParquetSource):
    """Pairs as BigQuery can write them (a lateral UNNEST), not DuckDB's faster form."""

    def facet_plan(self, facet: Facet) -> FacetPlan:
        return replace(super().facet_plan(facet), unnest_in_select=False)


def test_the_sql_means_the_same_in_bigquerys_dialect(tmp_path: Path) -> None:
    store = EventStore.from_dataset(load_paths([DATA]))
    path = tmp_path / "bundled.parquet"
    write_parquet(store, path)
    connection, _ = checked_connection(path)
    ran, backend = _through_bigquery(connection)
    memory = MemoryBackend(store)
    queries = [Query(), Query(actor="vladimir-putin"), Query(start_key=20240000)]
    for query in queries:
        _assert_same_time_counts(memory, backend, query)
    assert ran and all("SUM(CASE" in sql or "COUNT(" in sql for sql in ran)


def test_gdelt_time_counts_are_partition_filtered_and_right() -> None:
    ran, run = transpiled_runner(gdelt_table(FIXTURE))
    backend = SqlBackend("gdelt", GdeltSource(JUNE_17, JUNE_20), run)
    memory = MemoryBackend(gdelt.build(gdelt.prepare(FIXTURE)))
    for query in (Query(), Query(countries=frozenset({"RUS"})), Query(text="timor")):
        for unit in Bucket:
            found, expected = backend.bucket_counts(query, unit), memory.bucket_counts(query, unit)
            if query.text != "timor":  # SQL also searches the place's country part
                assert _listed(found) == _listed(expected), (query, unit)
            assert _spans(backend.span_counts(query, unit)) == []  # one day each
    assert _listed(backend.bucket_counts(Query(), Bucket.DAY)) == [
        [20240617, 20240618, 20240619, 20240620],
        [1, 1, 2, 2],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
    ]
    # GDELT's actors (NAME/CAMEO) of the six rows, by hand: five events with two actors.
    assert backend.pair_counts(Query()) == [
        ("AFRICA/AFR", "ROMANIA/ROM", 1),
        ("EAST TIMOR/TMP", "THE WEST/WST", 1),
        ("JAPAN/JPN", "NEW ZEALAND/NZL", 1),
        ("NORTH KOREA/PRK", "RUSSIA/RUS", 1),
        ("RUSSIA/RUS", "UKRAINE/UKR", 1),
    ]
    assert backend.pair_counts(Query(countries=frozenset({"RUS"})), 1) == [
        ("NORTH KOREA/PRK", "RUSSIA/RUS", 1)
    ]
    assert ran
    for sql in ran:
        assert _partition_bounds(sql) == {"GTE", "LT"}, sql
