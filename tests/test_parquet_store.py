"""A Parquet file opened as the app's EventStore gives the in-memory store's answers exactly:
counts, the rows of every filter, every column at every row, facets, the event in full."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks.synth import write_acled
from tests.conftest import DATA
from tests.test_backend_parquet import _assert_same, _queries
from tui.core.backends.base import Facet
from tui.core.backends.memory import MemoryBackend
from tui.core.backends.schema import write_parquet
from tui.core.importers import acled as acled_importer
from tui.core.importers.ours import load_paths
from tui.core.loading import open_store
from tui.core.parquet_store import ParquetStore, open_parquet_store
from tui.core.store import EventStore, Query

ACLED_ROWS = 3000
Pair = tuple[EventStore, EventStore]  # (in memory, over Parquet)


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    store = EventStore.from_dataset(load_paths([DATA]))
    path = tmp_path_factory.mktemp("curated") / "bundled.parquet"
    write_parquet(store, path)
    opened = open_store([path])  # detected from its content, as the app opens it
    assert opened.format == "parquet"
    assert isinstance(opened.store, ParquetStore)
    return store, opened.store


@pytest.fixture(scope="module")
def acled(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    folder = tmp_path_factory.mktemp("acled")
    store = acled_importer.build(acled_importer.prepare(write_acled(folder / "a.csv", ACLED_ROWS)))
    path = folder / "acled.parquet"
    write_parquet(store, path, batch_rows=1000)
    return store, open_parquet_store(path)


def _same_rows_everywhere(memory: EventStore, parquet: EventStore) -> None:
    assert len(parquet) == len(memory)
    for row in range(len(memory)):
        assert parquet.columns.ids[row] == memory.columns.ids[row]
        assert parquet.columns.titles[row] == memory.columns.titles[row]
        assert parquet.columns.kinds[row] == memory.columns.kinds[row]
        assert parquet.columns.countries[row] == memory.columns.countries[row]
        assert parquet.columns.actors[row] == memory.columns.actors[row]
        assert parquet.columns.concerns[row] == memory.columns.concerns[row]
        assert parquet.date_label(row) == memory.date_label(row)
    assert list(parquet.columns.ids) == list(memory.columns.ids)


def _same_event(memory: EventStore, parquet: EventStore, row: int) -> None:
    """Every part of the event that Parquet carries (see docs/backends.md)."""
    mine, theirs = parquet.events[row], memory.events[row]
    assert (mine.id, mine.title, mine.summary) == (theirs.id, theirs.title, theirs.summary)
    assert (mine.start, mine.end, mine.approximate) == (
        theirs.start,
        theirs.end,
        theirs.approximate,
    )
    assert mine.kind is theirs.kind
    assert [p.actor for p in mine.actors] == list(dict.fromkeys(p.actor for p in theirs.actors))
    assert mine.concerns == theirs.concerns
    assert [p.name for p in mine.places] == [p.name or p.country for p in theirs.places]
    cited = [(memory.sources.get(c.source), c.quote) for c in theirs.citations]
    expected = [
        (s.title, str(s.url) if s.url else "", quote) for s, quote in cited if s is not None
    ]
    found = [parquet.sources[c.source] for c in mine.citations]
    assert [
        (s.title, str(s.url) if s.url else "", c.quote)
        for s, c in zip(found, mine.citations, strict=True)
    ] == expected
    for actor in mine.actors:
        assert parquet.actor_name(actor.actor) == memory.actor_name(actor.actor)
    for concern in mine.concerns:
        assert parquet.concern_label(concern) == memory.concern_label(concern)


def test_curated_data_is_the_same_store(curated: Pair) -> None:
    memory, parquet = curated
    _same_rows_everywhere(memory, parquet)
    for row in range(len(memory)):
        _same_event(memory, parquet, row)
    assert parquet.countries_present() == memory.countries_present()
    assert parquet.row_of("kishida-luxon-tokyo-summit") == memory.row_of(
        "kishida-luxon-tokyo-summit"
    )
    assert parquet.row_of("no-such-event") is None
    assert parquet.row_of("x' OR '1'='1") is None  # a value, never SQL
    ids = ["kishida-luxon-tokyo-summit", "putin-visits-pyongyang", "gone"]
    assert list(parquet.rows_of_ids(ids)) == list(memory.rows_of_ids(ids))


def test_curated_data_same_answers(curated: Pair) -> None:
    memory, parquet = curated
    reference, tried = MemoryBackend(memory), MemoryBackend(parquet)
    queries = [*_queries(reference), Query(text="Putin"), Query(text="  new   ZEALAND ")]
    queries += [Query(text="intelligence", countries=frozenset({"JPN"})), Query(text="zzzz")]
    for query in queries:
        assert np.array_equal(parquet.query(query), memory.query(query)), query
        _assert_same(reference, tried, query)  # counts, windows, buckets, every facet


def test_density_strip_counts_are_the_same(acled: Pair) -> None:
    memory, parquet = acled
    japan = Query(countries=frozenset({"JPN"}))
    for rows in (memory.all_rows(), memory.query(japan), memory.all_rows()[::7]):
        for buckets in (1, 7, 100, 1000):
            assert parquet.month_counts(rows, buckets) == memory.month_counts(rows, buckets)
    for row in (0, 5, ACLED_ROWS // 2, ACLED_ROWS - 1):
        assert parquet.bucket_of(row, 100) == memory.bucket_of(row, 100)


def test_hand_checked_rows_on_bundled_data(curated: Pair) -> None:
    _, parquet = curated
    # Counted by hand in data/*.json: events involving both Japan and New Zealand.
    both = parquet.query(Query(countries=frozenset({"JPN", "NZL"})))
    assert {parquet.columns.ids[int(r)] for r in both} == {
        "japan-new-zealand-speed-up-information-security-talks",
        "kishida-luxon-tokyo-summit",
        "japan-new-zealand-sign-information-security-agreement-and-acsa",
    }
    assert len(parquet.query(Query(countries=frozenset({"GBR"})))) == 1
    first = parquet.events[0]
    assert first.title.startswith("Japan and the United States sign a General Security")
    assert first.start.sort_key == 20070800  # August 2007, month precision


def test_imported_data_same_answers(acled: Pair) -> None:
    memory, parquet = acled
    reference, tried = MemoryBackend(memory), MemoryBackend(parquet)
    queries = _queries(reference)
    queries += [Query(text=t) for t in ("Sudan", "khartoum", "drone strike", "Protesters")]
    for query in queries:
        assert np.array_equal(parquet.query(query), memory.query(query)), query
        _assert_same(reference, tried, query)
    for row in (0, 1, ACLED_ROWS // 2, ACLED_ROWS - 1):
        _same_event(memory, parquet, row)
    top = reference.facet(Query(), Facet.ACTORS, 1)[0][0]
    rows = memory.rows_for_actor(top)
    assert parquet.co_actors(rows) == memory.co_actors(rows)
    assert parquet.country_counts(rows) == memory.country_counts(rows)


def test_imported_rows_and_columns_at_every_row(acled: Pair) -> None:
    _same_rows_everywhere(*acled)


def test_a_directory_of_parts_opens_as_one_store(curated: Pair, tmp_path: Path) -> None:
    import duckdb

    memory, _ = curated
    whole = tmp_path / "whole.parquet"
    write_parquet(memory, whole)
    parts = tmp_path / "parts"
    parts.mkdir()
    with duckdb.connect() as connection:  # two files, seq running on across them
        for name, condition in (("a", "seq < 10"), ("b", "seq >= 10")):
            connection.execute(
                f"COPY (SELECT * FROM '{whole}' WHERE {condition} ORDER BY seq) "
                f"TO '{parts / name}.parquet' (FORMAT parquet)"
            )
    parquet = open_store([parts], format="parquet").store
    _same_rows_everywhere(memory, parquet)
    japan = Query(countries=frozenset({"JPN"}))
    assert np.array_equal(parquet.query(japan), memory.query(japan))
