"""DuckDB over Parquet gives the in-memory store's answers, on curated and imported data."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from benchmarks.synth import write_acled
from tests.conftest import DATA
from tui.core.backends.base import Bucket, EventBackend, Facet
from tui.core.backends.memory import MemoryBackend
from tui.core.backends.parquet import open_parquet
from tui.core.backends.schema import write_parquet
from tui.core.importers import acled as acled_importer
from tui.core.importers.ours import load_paths
from tui.core.model import Actor, ActorKind, Concern, Dataset, Event, EventKind, Participant, Place
from tui.core.problems import LoadError
from tui.core.store import EventStore, Query

ACLED_ROWS = 3000


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> tuple[MemoryBackend, EventBackend]:
    store = EventStore.from_dataset(load_paths([DATA]))
    path = tmp_path_factory.mktemp("curated") / "bundled.parquet"
    assert write_parquet(store, path) == len(store)
    return MemoryBackend(store), open_parquet(path)


@pytest.fixture(scope="module")
def acled(tmp_path_factory: pytest.TempPathFactory) -> tuple[MemoryBackend, EventBackend]:
    folder = tmp_path_factory.mktemp("acled")
    path = write_acled(folder / "acled.csv", ACLED_ROWS)
    store = acled_importer.build(acled_importer.prepare(path))
    path = folder / "acled.parquet"
    write_parquet(store, path, batch_rows=1000)  # several batches, joined in order
    return MemoryBackend(store), open_parquet(path)


def _queries(memory: MemoryBackend) -> list[Query]:
    """Every kind of filter, alone and combined, with values taken from the data."""
    top_country = memory.facet(Query(), Facet.COUNTRIES, 2)
    top_actor = memory.facet(Query(), Facet.ACTORS, 1)[0][0]
    top_concern = memory.facet(Query(), Facet.CONCERNS, 1)[0][0]
    first, last = memory.span() or (0, 0)
    middle = (first // 10000 + last // 10000) // 2 * 10000 + 600
    two = frozenset(code for code, _ in top_country)
    return [
        Query(),
        Query(countries=frozenset({top_country[0][0]})),
        Query(countries=two),
        Query(countries=frozenset({"ATA"})),  # no event
        Query(actor=top_actor),
        Query(concern=top_concern),
        Query(start_key=middle),
        Query(end_key=middle),
        Query(start_key=middle, end_key=middle + 9999, countries=frozenset({top_country[0][0]})),
        Query(actor=top_actor, concern=top_concern, start_key=first, end_key=last),
    ]


def _assert_same(memory: MemoryBackend, duck: EventBackend, query: Query) -> None:
    count = memory.count(query)
    assert duck.count(query) == count, query
    for offset, limit in ((0, 40), (count // 2, 40), (max(count - 7, 0), 40), (count + 5, 40)):
        assert duck.window(query, offset, limit) == memory.window(query, offset, limit), query
    for unit in Bucket:
        assert duck.buckets(query, unit) == memory.buckets(query, unit), (query, unit)
    for facet in Facet:
        assert duck.facet(query, facet) == memory.facet(query, facet), (query, facet)
        assert duck.facet(query, facet, 3) == memory.facet(query, facet, 3), (query, facet)
    _assert_same_time_counts(memory, duck, query)


def _assert_same_time_counts(memory: MemoryBackend, duck: EventBackend, query: Query) -> None:
    """The time views' three answers (TimeViewBackend), exactly, at every unit."""
    for unit in Bucket:
        found, expected = duck.bucket_counts(query, unit), memory.bucket_counts(query, unit)
        for part in ("values", "placed", "approximate", "coarse"):
            assert getattr(found, part).tolist() == getattr(expected, part).tolist(), (
                query,
                unit,
                part,
            )
        spans, expected_spans = duck.span_counts(query, unit), memory.span_counts(query, unit)
        for part in ("first", "last", "count"):
            assert getattr(spans, part).tolist() == getattr(expected_spans, part).tolist(), (
                query,
                unit,
                part,
            )
    assert duck.pair_counts(query) == memory.pair_counts(query), query
    assert duck.pair_counts(query, 3) == memory.pair_counts(query, 3), query


def test_curated_data_same_answers(curated: tuple[MemoryBackend, EventBackend]) -> None:
    memory, duck = curated
    queries = [*_queries(memory), Query(text="Putin"), Query(text="  new   ZEALAND ")]
    queries += [Query(text="intelligence", countries=frozenset({"JPN"})), Query(text="zzzz")]
    for query in queries:
        _assert_same(memory, duck, query)
    assert duck.span() == memory.span()


def test_curated_details_are_the_same(curated: tuple[MemoryBackend, EventBackend]) -> None:
    memory, duck = curated
    for row in memory.window(Query(), 0, 1000):
        assert duck.event(row.id) == memory.event(row.id)
    assert duck.event("no-such-event") is None
    assert duck.event("x' OR '1'='1") is None  # a literal, never SQL


def test_hand_checked_answers_on_bundled_data(
    curated: tuple[MemoryBackend, EventBackend],
) -> None:
    _, duck = curated
    # Counted by hand in data/*.json: events involving both Japan and New Zealand.
    both = Query(countries=frozenset({"JPN", "NZL"}))
    assert duck.count(both) == 3
    assert {r.id for r in duck.window(both, 0, 10)} == {
        "japan-new-zealand-speed-up-information-security-talks",
        "kishida-luxon-tokyo-summit",
        "japan-new-zealand-sign-information-security-agreement-and-acsa",
    }
    assert duck.count(Query(countries=frozenset({"GBR"}))) == 1


def test_imported_data_same_answers(acled: tuple[MemoryBackend, EventBackend]) -> None:
    memory, duck = acled
    assert duck.count(Query()) == ACLED_ROWS
    for query in _queries(memory):
        _assert_same(memory, duck, query)
    assert duck.span() == memory.span()
    for row in memory.window(Query(), 1000, 5):
        assert duck.event(row.id) == memory.event(row.id)


def test_imported_text_search(acled: tuple[MemoryBackend, EventBackend]) -> None:
    memory, duck = acled
    for needle in ("Sudan", "khartoum", "drone strike", "Protesters", "clashed", "zzzz"):
        _assert_same(memory, duck, Query(text=needle))
    # Parquet searches every field of the event (title, summary, names, places, tags); the
    # import's own search looks in fewer, so text spanning the title's parts ("Town 252,
    # Wellington") is found only in Parquet: the store's rows are a subset, never more.
    query = Query(text="e, b")
    found = {r.id for r in duck.window(query, 0, ACLED_ROWS)}
    assert {r.id for r in memory.window(query, 0, ACLED_ROWS)} <= found
    assert found


def _tiny_store() -> EventStore:
    japan = Actor(id="japan", name="Japan", kind=ActorKind.STATE, country="JPN")
    nz = Actor(id="nz", name="New Zealand", kind=ActorKind.STATE, country="NZL")
    talks = Concern(id="talks", label="Talks")

    def event(event_id: str, start: str, *actors: str) -> Event:
        return Event.model_validate(
            {
                "id": event_id,
                "title": f"Event {event_id}",
                "start": start,
                "kind": EventKind.MEETING,
                "actors": [Participant(actor=a) for a in actors],
                "concerns": ["talks"],
                "places": [Place(country="FRA", name="Paris")],
            }
        )

    events = [
        event("a", "2023", "japan"),  # year only: counts in 2023-01-01's buckets
        event("b", "2024-06", "japan", "nz"),  # month only: 2024-06-01, a Saturday
        event("c", "2024-06-17", "nz"),  # a Monday
        event("d", "2024-06-23", "japan"),  # a Sunday: the week of 2024-06-17
    ]
    dataset = Dataset(
        name="tiny",
        events=events,
        actors={"japan": japan, "nz": nz},
        concerns={"talks": talks},
        sources={},
    )
    return EventStore.from_dataset(dataset)


def test_hand_checked_buckets(tmp_path: Path) -> None:
    path = tmp_path / "tiny.parquet"
    write_parquet(_tiny_store(), path)
    duck = open_parquet(path)
    query = Query()
    assert duck.buckets(query, Bucket.YEAR) == [(dt.date(2023, 1, 1), 1), (dt.date(2024, 1, 1), 3)]
    assert duck.buckets(query, Bucket.QUARTER) == [
        (dt.date(2023, 1, 1), 1),
        (dt.date(2024, 4, 1), 3),
    ]
    assert duck.buckets(query, Bucket.WEEK) == [
        (dt.date(2022, 12, 26), 1),  # 2023-01-01 was a Sunday
        (dt.date(2024, 5, 27), 1),
        (dt.date(2024, 6, 17), 2),
    ]
    assert duck.buckets(query, Bucket.DAY)[-2:] == [
        (dt.date(2024, 6, 17), 1),
        (dt.date(2024, 6, 23), 1),
    ]
    assert duck.facet(query, Facet.COUNTRIES) == [("FRA", 4), ("JPN", 3), ("NZL", 2)]
    rows = duck.window(query, 0, 10)
    assert [(r.id, r.date_label, int(r.precision)) for r in rows] == [
        ("a", "2023", 1),
        ("b", "2024-06", 2),
        ("c", "2024-06-17", 3),
        ("d", "2024-06-23", 3),
    ]


def test_a_directory_of_parquet_files_is_one_dataset(tmp_path: Path) -> None:
    store = _tiny_store()
    whole = tmp_path / "whole.parquet"
    write_parquet(store, whole)
    frame = pl.read_parquet(whole)
    (tmp_path / "parts" / "2024").mkdir(parents=True)
    frame.slice(0, 1).write_parquet(tmp_path / "parts" / "a.parquet")
    frame.slice(1).write_parquet(tmp_path / "parts" / "2024" / "b.parquet")
    duck = open_parquet(tmp_path / "parts")
    assert [r.id for r in duck.window(Query(), 0, 10)] == ["a", "b", "c", "d"]
    assert duck.count(Query(countries=frozenset({"NZL"}))) == 2


def test_wrong_columns_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pl.DataFrame({"id": [1], "title": ["x"], "start_key": ["2024"]}).write_parquet(path)
    with pytest.raises(LoadError) as caught:
        open_parquet(path)
    messages = [str(p) for p in caught.value.problems]
    assert f"{path}: id: is BIGINT, expected VARCHAR" in messages
    assert f"{path}: start_key: is VARCHAR, expected INTEGER" in messages
    assert f"{path}: countries: missing column (expected VARCHAR[])" in messages
    assert len(messages) == 19  # 20 columns; title alone is right


def test_not_parquet_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_text("id,title\n1,x\n")
    with pytest.raises(LoadError) as caught:
        open_parquet(path)
    assert str(caught.value).startswith(f"{path}: cannot read as Parquet: ")
    with pytest.raises(LoadError):
        open_parquet(tmp_path / "missing.parquet")
    (tmp_path / "empty").mkdir()
    with pytest.raises(LoadError, match=r"no \.parquet files"):
        open_parquet(tmp_path / "empty")


def test_an_empty_store_writes_an_empty_file(tmp_path: Path) -> None:
    empty = EventStore.from_dataset(Dataset(name="empty"))
    path = tmp_path / "empty.parquet"
    assert write_parquet(empty, path) == 0
    duck = open_parquet(path)
    assert duck.count(Query()) == 0
    assert duck.window(Query(), 0, 40) == []
    assert duck.span() is None
    assert duck.buckets(Query(), Bucket.YEAR) == []
    assert [p.name for p in tmp_path.iterdir()] == ["empty.parquet"]  # no part files left


def test_backends_never_import_textual() -> None:
    code = (
        "import sys, tui.core.backends.memory, tui.core.backends.parquet; "
        "import tui.core.backends.bigquery; "
        "print('textual' in sys.modules, 'google.cloud.bigquery' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
