"""Events in Parquet with our columns, queried in place by embedded DuckDB (out of core).

``open_parquet(path)`` takes one file or a directory of them (searched recursively) and
returns a backend; nothing is loaded into Python but the rows a question returns. The file's
columns are checked against :mod:`tui.core.backends.schema` first, every problem listed at once.
"""

from __future__ import annotations

import itertools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from tui.core.backends.base import EventDetail, EventRow, Facet, SourceRef
from tui.core.backends.schema import COLUMNS, ORDERED_KEY, ORDERED_VALUE
from tui.core.backends.sqlbackend import SqlBackend
from tui.core.backends.sqlbuild import FacetPlan, Record, render
from tui.core.problems import LoadError, Problem
from tui.core.store import Query

if TYPE_CHECKING:
    import duckdb

VIEW = "events"
_ROW_COLUMNS = (
    "id",
    "start_key",
    "end_key",
    "approximate",
    "title",
    "kind",
    "countries",
    "actors",
    "concerns",
)
_DUCKDB_TYPES = {
    "seq": "BIGINT",
    "start_key": "INTEGER",
    "end_key": "INTEGER",
    "precision": "TINYINT",
    "approximate": "BOOLEAN",
}


def _column(name: str) -> exp.Column:
    return exp.column(name)


class ParquetSource:
    """Our columns, in the ``events`` view of a DuckDB connection."""

    def table(self) -> exp.Expr:
        return exp.to_table(VIEW)

    def conditions(self, query: Query) -> list[exp.Expr]:
        parts: list[exp.Expr] = [
            exp.Contains(this=_column("country_codes"), expression=exp.Literal.string(f" {code} "))
            for code in sorted(query.countries)
        ]
        if query.actor is not None:
            parts.append(
                exp.ArrayContains(
                    this=_column("actors"), expression=exp.Literal.string(query.actor)
                )
            )
        if query.concern is not None:
            parts.append(
                exp.ArrayContains(
                    this=_column("concerns"), expression=exp.Literal.string(query.concern)
                )
            )
        if query.start_key is not None:
            parts.append(
                exp.GTE(this=_column("start_key"), expression=exp.Literal.number(query.start_key))
            )
        if query.end_key is not None:
            parts.append(
                exp.LTE(this=_column("start_key"), expression=exp.Literal.number(query.end_key))
            )
        if query.text:
            # CONTAINS in DuckDB (a third faster than STRPOS); BigQuery's CONTAINS_SUBSTR
            # also ignores case, which changes nothing on casefolded text and needle.
            needle = exp.Literal.string(query.text)
            parts.append(exp.Contains(this=_column("search_text"), expression=needle))
        return parts

    def start_key(self) -> exp.Expr:
        return _column("start_key")

    def order(self) -> list[exp.Expr]:
        return [_column("seq")]

    def row_columns(self) -> list[exp.Expr]:
        return [_column(name) for name in _ROW_COLUMNS]

    def to_row(self, record: Record) -> EventRow:
        return EventRow(
            id=str(record["id"]),
            start_key=int(record["start_key"]),
            end_key=int(record["end_key"]),
            approximate=bool(record["approximate"]),
            title=str(record["title"]),
            kind=str(record["kind"]),
            countries=tuple(record["countries"] or ()),
            actors=tuple(record["actors"] or ()),
            concerns=tuple(record["concerns"] or ()),
        )

    def detail_columns(self) -> list[exp.Expr]:
        return [_column(name) for name in COLUMNS]

    def to_detail(self, record: Record) -> EventDetail:
        titles = record["source_titles"] or []
        urls = record["source_urls"] or []
        quotes = record["quotes"] or []
        return EventDetail(
            row=self.to_row(record),
            summary=str(record["summary"] or ""),
            actor_names=tuple(record["actor_names"] or ()),
            concern_labels=tuple(record["concern_labels"] or ()),
            places=tuple(record["places"] or ()),
            sources=tuple(
                SourceRef(t, u, q) for t, u, q in zip(titles, urls, quotes, strict=False)
            ),
        )

    def id_condition(self, event_id: str) -> exp.Expr | None:
        return exp.EQ(this=_column("id"), expression=exp.Literal.string(event_id))

    def window_key(self) -> exp.Column | None:
        return _column("seq")

    def facet_plan(self, facet: Facet) -> FacetPlan:
        if facet is Facet.KINDS:
            return FacetPlan(scalar=_column("kind"))
        return FacetPlan(unnest=_column(facet.value))

    def facet_labels(self, facet: Facet, group: Record) -> tuple[str, ...]:
        raise NotImplementedError("our Parquet columns count every facet in SQL")


def open_parquet(path: Path, *, threads: int | None = None) -> SqlBackend:
    """A backend over a Parquet file or a directory of them; LoadError when they are not
    readable or lack our columns."""
    import duckdb

    if path.is_dir():
        files = sorted(str(p) for p in path.rglob("*.parquet"))
        if not files:
            raise LoadError([Problem(path, "no .parquet files in this directory")])
    elif path.is_file():
        files = [str(path)]
    else:
        raise LoadError([Problem(path, "no such file or directory")])
    connection = duckdb.connect()
    if threads is not None:
        connection.execute(f"SET threads = {int(threads)}")
    listed = _sql_list(files)
    try:
        connection.execute(f"CREATE VIEW {VIEW} AS SELECT * FROM read_parquet([{listed}])")
        described = connection.execute(f"DESCRIBE {VIEW}").fetchall()
    except duckdb.Error as error:
        connection.close()
        message = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        raise LoadError([Problem(path, f"cannot read as Parquet: {message}")]) from None
    problems = _schema_problems(path, {str(row[0]): str(row[1]) for row in described})
    if problems:
        connection.close()
        raise LoadError(problems)
    dense, ordered = _layout(connection, files)
    return SqlBackend(
        path.name,
        ParquetSource(),
        DuckDBRunner(connection),
        dense_rows=dense,
        stored_in_order=ordered,
    )


def _layout(connection: duckdb.DuckDBPyConnection, files: list[str]) -> tuple[int | None, bool]:
    """From the files' metadata (no scan): (rows, when seq numbers them 0..n-1 once, else
    None; whether the rows are stored in seq order: every file written by write_parquet and
    the files' seq ranges ascending in the order they are read). Otherwise windows are
    still right, only slower."""
    listed = _sql_list(files)
    rows, low, high = connection.execute(
        f"SELECT count(*), min(seq), max(seq) FROM {VIEW}"
    ).fetchone() or (0, None, None)
    dense = int(rows) if rows and low == 0 and high == rows - 1 else None
    marked = connection.execute(
        f"SELECT count(DISTINCT file_name) FROM parquet_kv_metadata([{listed}]) "
        f"WHERE decode(key) = '{ORDERED_KEY}' AND decode(value) = '{ORDERED_VALUE}'"
    ).fetchone()
    if dense is None or marked is None or marked[0] != len(files):
        return dense, False
    ranges = connection.execute(
        f"SELECT file_name, min(CAST(stats_min AS BIGINT)), max(CAST(stats_max AS BIGINT)) "
        f"FROM parquet_metadata([{listed}]) WHERE path_in_schema = 'seq' GROUP BY file_name"
    ).fetchall()
    by_file = {str(name): (int(first), int(last)) for name, first, last in ranges}
    bounds = [by_file.get(f) for f in files]
    if any(b is None for b in bounds):
        return dense, False
    known = [b for b in bounds if b is not None]
    return dense, all(a[1] < b[0] for a, b in itertools.pairwise(known))


def _sql_list(files: list[str]) -> str:
    return ", ".join("'" + f.replace("'", "''") + "'" for f in files)


def _schema_problems(path: Path, found: dict[str, str]) -> list[Problem]:
    problems = []
    for name, kind in COLUMNS.items():
        expected = _DUCKDB_TYPES.get(
            name, "VARCHAR[]" if str(kind).startswith("List") else "VARCHAR"
        )
        if name not in found:
            problems.append(Problem(path, f"missing column (expected {expected})", field=name))
        elif found[name] != expected:
            problems.append(Problem(path, f"is {found[name]}, expected {expected}", field=name))
    return problems


class DuckDBRunner:
    """Runs the builder's queries on a DuckDB connection; safe to call from several threads
    (each call uses its own cursor)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, dialect: str = "duckdb") -> None:
        self.connection = connection
        self.dialect = dialect
        self._lock = threading.Lock()

    def sql(self, select: exp.Expr) -> str:
        return render(select, self.dialect)

    def __call__(self, select: exp.Expr) -> list[Record]:
        text = self.sql(select)
        with self._lock:
            cursor = self.connection.cursor()
        try:
            result = cursor.execute(text)
            names = [column[0] for column in result.description or ()]
            rows: list[Any] = result.fetchall()
        finally:
            cursor.close()
        return [dict(zip(names, row, strict=True)) for row in rows]
