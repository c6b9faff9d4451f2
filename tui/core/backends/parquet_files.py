"""Finding and checking Parquet files with our columns: the DuckDB view over them that the
backend (tui.core.backends.parquet) and the app's store (tui.core.parquet_store) query.
Imports no sqlglot: the app opens a file without it."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.backends.our_columns import COLUMNS, ORDERED_KEY, ORDERED_VALUE
from tui.core.problems import LoadError, Problem

if TYPE_CHECKING:
    import duckdb

VIEW = "events"


def parquet_files(path: Path) -> list[str]:
    """The file, or every .parquet file under the directory (sorted); LoadError otherwise."""
    if path.is_dir():
        files = sorted(str(p) for p in path.rglob("*.parquet"))
        if not files:
            raise LoadError([Problem(path, "no .parquet files in this directory")])
        return files
    if path.is_file():
        return [str(path)]
    raise LoadError([Problem(path, "no such file or directory")])


def checked_connection(
    path: Path, *, threads: int | None = None, extra: str = ""
) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    """A DuckDB connection with the ``events`` view over the files, their columns checked
    (every problem listed at once). ``extra``: more columns of the view, as SQL; they may
    use ``file_row_number``, each row's position in its file (known from the file's layout,
    no column decoded)."""
    import duckdb

    files = parquet_files(path)
    connection = duckdb.connect()
    # Each query would otherwise parse every file's footer again: with an actor table of 2 MB
    # (tui.core.backends.actor_table) that is 5 ms more per query. DuckDB re-reads a footer
    # when its file has changed.
    connection.execute("SET parquet_metadata_cache = true")
    if threads is not None:
        connection.execute(f"SET threads = {int(threads)}")
    listed = sql_list(files)
    columns, numbered = (f"*, {extra}", ", file_row_number = true") if extra else ("*", "")
    try:
        connection.execute(
            f"CREATE VIEW {VIEW} AS SELECT {columns} FROM read_parquet([{listed}]{numbered})"
        )
        described = connection.execute(f"DESCRIBE {VIEW}").fetchall()
    except duckdb.Error as error:
        connection.close()
        message = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        raise LoadError([Problem(path, f"cannot read as Parquet: {message}")]) from None
    problems = _schema_problems(path, {str(row[0]): str(row[1]) for row in described})
    if problems:
        connection.close()
        raise LoadError(problems)
    return connection, files


def layout(connection: duckdb.DuckDBPyConnection, files: list[str]) -> tuple[int | None, bool]:
    """From the files' metadata (no scan): (rows, when seq numbers them 0..n-1 once, else
    None; whether the rows are stored in seq order: every file written by write_parquet and
    the files' seq ranges ascending in the order they are read). Otherwise windows are
    still right, only slower."""
    listed = sql_list(files)
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


def sql_list(files: Sequence[str]) -> str:
    """The files as a SQL list's items: quoted string literals."""
    return ", ".join(_literal(f) for f in files)


def kv_metadata(values: Mapping[str, str]) -> str:
    """Key/value metadata as DuckDB's COPY option takes it (``KV_METADATA {...}``): a struct
    of string literals (in which a backslash is no escape, a quote is doubled)."""
    return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in values.items()) + "}"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _schema_problems(path: Path, found: dict[str, str]) -> list[Problem]:
    problems = []
    for name, expected in COLUMNS.items():
        if name not in found:
            problems.append(Problem(path, f"missing column (expected {expected})", field=name))
        elif found[name] != expected:
            problems.append(Problem(path, f"is {found[name]}, expected {expected}", field=name))
    return problems
