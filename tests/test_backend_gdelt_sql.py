"""The GDELT/BigQuery SQL, checked for real: every query is rendered for BigQuery, transpiled
to DuckDB by sqlglot and run on a local table with GDELT's exact columns, loaded from GDELT
event rows; its answers must equal what tui.core.importers.gdelt gives on the same rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from tests.conftest import TEST_DATA
from tui.core.backends.base import Bucket, EventRow, Facet
from tui.core.backends.bigquery import print_sql
from tui.core.backends.gdelt_sql import BIGQUERY_SCHEMA, PARTITION_COLUMN, GdeltSource
from tui.core.backends.memory import MemoryBackend
from tui.core.backends.sqlbackend import Runner, SqlBackend
from tui.core.backends.sqlbuild import Record, render
from tui.core.importers import gdelt
from tui.core.store import EventStore, Query

FIXTURE = TEST_DATA / "imports" / "gdelt2.export.CSV"
REAL_DIR = TEST_DATA / "real" / "gdelt"


def _is_gdelt2(path: Path) -> bool:
    """A GDELT 2.0 export (61 columns): the layout of the BigQuery table."""
    with path.open(encoding="utf-8", errors="replace") as stream:
        return stream.readline().count("\t") == 60


REAL = sorted(p for p in REAL_DIR.glob("*") if p.suffix.lower() == ".csv" and _is_gdelt2(p))
_LOCAL_TYPES = {"INTEGER": "BIGINT", "FLOAT": "DOUBLE", "STRING": "VARCHAR"}
JUNE_17, JUNE_20 = dt.date(2024, 6, 17), dt.date(2024, 6, 20)


def gdelt_table(path: Path) -> duckdb.DuckDBPyConnection:
    """GDELT's BigQuery table, locally: same catalog, dataset, table and column names and
    types, and _PARTITIONTIME as the day each row was added (DATEADDED)."""
    connection = duckdb.connect()
    connection.execute("ATTACH ':memory:' AS \"gdelt-bq\"")
    connection.execute('CREATE SCHEMA "gdelt-bq".gdeltv2')
    columns = ", ".join(f"'{name}': '{_LOCAL_TYPES[kind]}'" for name, kind in BIGQUERY_SCHEMA)
    connection.execute(
        'CREATE TABLE "gdelt-bq".gdeltv2.events_partitioned AS '
        f"SELECT *, CAST(strptime(CAST(DATEADDED AS VARCHAR), '%Y%m%d%H%M%S') AS DATE)"
        f"::TIMESTAMPTZ AS {PARTITION_COLUMN} "
        f"FROM read_csv('{path}', delim = '\\t', header = false, quote = '', "
        f"columns = {{{columns}}})"
    )
    return connection


def transpiled_runner(connection: duckdb.DuckDBPyConnection) -> tuple[list[str], Runner]:
    ran: list[str] = []

    def run(select: exp.Expr) -> list[Record]:
        bigquery_sql = render(select, "bigquery")
        ran.append(bigquery_sql)
        local = sqlglot.transpile(bigquery_sql, read="bigquery", write="duckdb")[0]
        result = connection.execute(local)
        names = [c[0] for c in result.description or ()]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    return ran, run


@pytest.fixture(scope="module")
def fixture_pair() -> tuple[MemoryBackend, SqlBackend, list[str]]:
    store: EventStore = gdelt.build(gdelt.prepare(FIXTURE))
    ran, run = transpiled_runner(gdelt_table(FIXTURE))
    backend = SqlBackend("gdelt", GdeltSource(JUNE_17, JUNE_20), run)
    return MemoryBackend(store), backend, ran


# Counted by hand from the six rows of gdelt2.export.CSV (see its README).
HAND_COUNTS = [
    (Query(), 6),
    (Query(countries=frozenset({"JPN"})), 1),  # JAPAN/JPN, Tokyo
    (Query(countries=frozenset({"RUS"})), 2),  # the Pyongyang visit, the Kharkiv shelling
    (Query(countries=frozenset({"PRK"})), 1),
    (Query(countries=frozenset({"ROU"})), 1),  # CAMEO ROM and FIPS RO
    (Query(countries=frozenset({"TLS"})), 2),  # CAMEO TMP and FIPS TT (Dili; Timor-Leste)
    (Query(countries=frozenset({"RUS", "UKR"})), 1),
    (Query(countries=frozenset({"USA"})), 0),
    (Query(text="visit"), 1),  # CAMEO 042 "Make a visit"
    (Query(text="PYONGYANG"), 1),
    (Query(text="timor"), 2),  # the actor EAST TIMOR; the places East Timor, Timor-Leste
    (Query(text="it's"), 0),  # a quote in the literal
    (Query(start_key=20240619, end_key=20240620), 4),
    (Query(start_key=20240600, end_key=20240618), 2),  # a month-precision key as a bound
    (Query(concern="gdelt:verbal-cooperation"), 3),  # QuadClass 1
    (Query(concern="gdelt:material-conflict", countries=frozenset({"UKR"})), 1),
    (Query(concern="gdelt:no-such-concern"), 0),
]


# Where the SQL means more than the importer: it searches the place's whole FullName
# ("Dili, Dili, East Timor"); the importer shows and searches places without their country
# part, so "timor" finds one more event in SQL. Its rows include the importer's.
_PLACE_TEXT = {Query(text="timor")}


@pytest.mark.parametrize(("query", "expected"), HAND_COUNTS)
def test_sql_counts_equal_the_hand_count(
    fixture_pair: tuple[MemoryBackend, SqlBackend, list[str]], query: Query, expected: int
) -> None:
    assert fixture_pair[1].count(query) == expected


def test_text_in_the_places_country_part(
    fixture_pair: tuple[MemoryBackend, SqlBackend, list[str]],
) -> None:
    memory, backend, _ = fixture_pair
    for query in _PLACE_TEXT:
        in_sql = {r.id for r in backend.window(query, 0, 10)}
        assert {r.id for r in memory.window(query, 0, 10)} <= in_sql


@pytest.mark.parametrize("query", [q for q, _ in HAND_COUNTS if q not in _PLACE_TEXT])
def test_rows_buckets_and_facets_equal_the_importers(
    fixture_pair: tuple[MemoryBackend, SqlBackend, list[str]], query: Query
) -> None:
    memory, backend, _ = fixture_pair
    assert backend.count(query) == memory.count(query)

    # Actor ids differ by design: here GDELT's own NAME/CAMEO; the importer merges actors
    # that show as one ("USA" named "WASHINGTON" is the United States).
    def shown(rows: list[EventRow]) -> list[tuple[object, ...]]:
        return [(r.id, r.start_key, r.title, r.kind, r.countries, r.concerns) for r in rows]

    assert shown(backend.window(query, 0, 10)) == shown(memory.window(query, 0, 10))
    assert shown(backend.window(query, 1, 2)) == shown(memory.window(query, 1, 2))
    for unit in Bucket:
        assert backend.buckets(query, unit) == memory.buckets(query, unit)
    for facet in (Facet.COUNTRIES, Facet.CONCERNS, Facet.KINDS):
        assert backend.facet(query, facet) == memory.facet(query, facet)


def test_actor_filter_and_detail(
    fixture_pair: tuple[MemoryBackend, SqlBackend, list[str]],
) -> None:
    _, backend, _ = fixture_pair
    assert backend.facet(Query(), Facet.ACTORS, 1) == [("RUSSIA/RUS", 2)]
    assert [r.id for r in backend.window(Query(actor="RUSSIA/RUS"), 0, 10)] == [
        "1185036515",
        "1185036513",
    ]
    assert backend.count(Query(actor="RUSSIA/")) == 0  # the name with no country code
    detail = backend.event("1185036514")
    assert detail is not None
    assert detail.row.title == "Sign formal agreement: Japan – New Zealand"
    assert detail.places == ("Tokyo, Tokyo, Japan",)
    assert detail.sources[0].url == "https://www.example.org/news/japan-new-zealand-summit"
    assert backend.event("42") is None
    assert backend.event("1 OR 1=1") is None


def _partition_bounds(sql: str) -> set[str]:
    """The comparisons on _PARTITIONTIME that every row must pass (top-level ANDs only)."""
    tree = sqlglot.parse_one(sql, read="bigquery")
    where = tree.args.get("where")
    assert where is not None, sql
    parts = list(where.this.flatten()) if isinstance(where.this, exp.And) else [where.this]
    return {
        type(p).__name__
        for p in parts
        if isinstance(p, exp.GTE | exp.LT) and p.this.sql() == PARTITION_COLUMN
    }


def test_every_bigquery_query_is_partition_filtered() -> None:
    ran, run = transpiled_runner(gdelt_table(FIXTURE))
    backend = SqlBackend("gdelt", GdeltSource(JUNE_17, JUNE_20), run)
    for query, _ in HAND_COUNTS:
        backend.count(query)
        backend.window(query, 0, 10)
        for unit in Bucket:
            backend.buckets(query, unit)
        for facet in Facet:
            backend.facet(query, facet, 5)
    backend.span()
    backend.event("1185036514")
    assert len(ran) == len(HAND_COUNTS) * (2 + len(Bucket) + len(Facet)) + 2
    for sql in ran:
        assert _partition_bounds(sql) == {"GTE", "LT"}, sql


def test_print_sql_puts_the_count_first() -> None:
    text = print_sql(Query(countries=frozenset({"JPN"}), text="visit"), JUNE_17, JUNE_20)
    statements = [s for s in text.split(";\n") if s.strip()]
    assert statements[0].startswith("-- count\nSELECT\n  COUNT(*) AS n\n")
    # the list, its density, the facets, the time axis and the actor pairs (GDELT's events
    # have no end: no span query)
    assert len(statements) == 3 + len(Facet) + 2
    for statement in statements:
        body = statement.split("\n", 1)[1]
        assert _partition_bounds(body) == {"GTE", "LT"}
        assert "_PARTITIONTIME >= CAST('2024-06-17' AS TIMESTAMP)" in body
        assert "_PARTITIONTIME < CAST('2024-06-21' AS TIMESTAMP)" in body


def test_events_added_after_the_window_are_left_out() -> None:
    # Each fixture row was added on its SQLDATE; a view of June 17-18 that allows no later
    # additions sees the rows of those days only, and the partition filter says so.
    _, run = transpiled_runner(gdelt_table(FIXTURE))
    narrow = SqlBackend("gdelt", GdeltSource(JUNE_17, dt.date(2024, 6, 18)), run)
    assert narrow.count(Query()) == 2
    wider = GdeltSource(JUNE_17, dt.date(2024, 6, 18), added_within_days=3)
    assert "CAST('2024-06-22' AS TIMESTAMP)" in render(
        SqlBackend("g", wider, run).statements(Query())[0][1],
        "bigquery",
    )
    with pytest.raises(ValueError, match="ends"):
        GdeltSource(JUNE_20, JUNE_17)


@pytest.mark.skipif(not REAL, reason="no real GDELT files in tests/data/real/gdelt")
@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_gdelt_files(path: Path) -> None:
    store = gdelt.build(gdelt.prepare(path))
    memory = MemoryBackend(store)
    first, last = memory.span() or (0, 0)
    period = (_day(first), _day(last))
    _, run = transpiled_runner(gdelt_table(path))
    backend = SqlBackend("gdelt", GdeltSource(*period, added_within_days=400), run)
    top = [code for code, _ in memory.facet(Query(), Facet.COUNTRIES, 5)]
    queries = [Query(), *(Query(countries=frozenset({c})) for c in top)]
    queries += [Query(text=t) for t in ("protest", "minsk", "eu", "meet", "police", "vancouver")]
    queries += [Query(concern="gdelt:material-conflict"), Query(start_key=first, end_key=first)]
    for query in queries:
        assert backend.count(query) == memory.count(query), query
        got, expected = backend.window(query, 0, 50), memory.window(query, 0, 50)
        assert [(r.id, r.start_key, r.title, r.kind, r.countries) for r in got] == [
            (r.id, r.start_key, r.title, r.kind, r.countries) for r in expected
        ], query
        assert backend.buckets(query, Bucket.DAY) == memory.buckets(query, Bucket.DAY)
        for facet in (Facet.COUNTRIES, Facet.CONCERNS, Facet.KINDS):
            assert backend.facet(query, facet) == memory.facet(query, facet), (query, facet)


def _day(key: int) -> dt.date:
    return dt.date(key // 10000, key // 100 % 100, key % 100)
