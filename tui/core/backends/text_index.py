"""A Parquet file's text index: its ``search_text`` column again, as a DuckDB table, beside it.

Text search over Parquet reads and decodes every row's ``search_text`` (1.7 GB at 10M rows):
DuckDB's scan of the Parquet column takes 1.1–1.3 s on two cores. The same text in DuckDB's
own storage (compressed with FSST, a third of the bytes) is scanned about twice as fast, with
the same ``contains`` and so the same answers. ``convert`` writes the index beside the file it
writes (``events.parquet`` → ``events.parquet.search.duckdb``); a file without one is searched
by scanning it, as before (``convert`` writes none for a small file: the scan is fast).

An index is used only for the file it was made from: it records the file's size and a digest
of its footer (which holds every row group's offsets, sizes and statistics), and both are
checked before the first search. It is opened read-only and sandboxed (no other file, no
extension), and must hold exactly the two tables it is written with, no view and no macro: a
database file can run code when queried, and an index comes with the data, from anyone. An
index that does not match, or cannot be read, is left alone and the file is scanned: a stale
index could only give wrong answers.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

    from tui.core.columns import Rows
    from tui.core.parquet_rows import Database

SUFFIX = ".search.duckdb"
# Below this many rows a scan of the file takes tens of milliseconds: ``convert`` writes no
# index (DuckDB's smallest file is most of a megabyte).
INDEX_MIN_ROWS = 500_000
VERSION = 1
_FOOTER_TAIL = 8  # a Parquet file ends with its footer's length (4 bytes LE) and "PAR1"


def index_path(parquet: Path) -> Path:
    """Where the index of a Parquet file lives: beside it, named after it."""
    return parquet.with_name(parquet.name + SUFFIX)


def identity(parquet: Path) -> tuple[int, str]:
    """The file's size and the digest of its footer: what ties an index to one file.
    OSError or ValueError when it is not a readable Parquet file."""
    with parquet.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size < 2 * len(b"PAR1") + _FOOTER_TAIL:
            raise ValueError(f"{parquet.name}: too short to be Parquet")
        file.seek(size - _FOOTER_TAIL)
        tail = file.read(_FOOTER_TAIL)
        (length,) = struct.unpack("<I", tail[:4])
        if tail[4:] != b"PAR1" or length > size - _FOOTER_TAIL:
            raise ValueError(f"{parquet.name}: no Parquet footer")
        file.seek(size - _FOOTER_TAIL - length)
        digest = hashlib.blake2b(file.read(length), digest_size=16).hexdigest()
    return size, digest


def write_text_index(parquet: Path) -> Path:
    """Write the index of a Parquet file with our columns (stored in seq order) beside it,
    atomically: built under a temporary name, then renamed over any older index."""
    import duckdb

    target = index_path(parquet)
    size, digest = identity(parquet)
    folder = Path(tempfile.mkdtemp(dir=parquet.parent, prefix=f".{target.name}.", suffix=".tmp"))
    temporary = folder / "index.duckdb"
    source = str(parquet).replace("'", "''")
    try:
        with duckdb.connect(str(temporary)) as connection:
            connection.execute("SET enable_progress_bar = false")  # the caller says what it does
            # Rows go in in seq order (the file's order), so a scan gives them back ascending.
            connection.execute(
                f"CREATE TABLE search AS SELECT seq AS r, search_text AS text "
                f"FROM read_parquet('{source}')"
            )
            connection.execute(
                "CREATE TABLE made_from (version INTEGER, size BIGINT, footer VARCHAR, rows BIGINT)"
            )
            connection.execute(
                "INSERT INTO made_from SELECT ?, ?, ?, count(*) FROM search",
                [VERSION, size, digest],
            )
            connection.execute("CHECKPOINT")
        temporary.replace(target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return target


# Opened as a stranger's file: no file but itself, no extension, settings locked. DuckDB
# treats a database file as trusted code (a view may read any file, or the network).
_SANDBOX: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}
# Exactly what write_text_index makes: two tables, these columns; no view, no macro.
_OUR_COLUMNS = {
    ("search", "r", "BIGINT"),
    ("search", "text", "VARCHAR"),
    ("made_from", "version", "INTEGER"),
    ("made_from", "size", "BIGINT"),
    ("made_from", "footer", "VARCHAR"),
    ("made_from", "rows", "BIGINT"),
}


def open_matching(parquet: Path, rows: int) -> duckdb.DuckDBPyConnection | None:
    """A read-only, sandboxed connection to the file's index when there is one made by
    write_text_index from this very file with ``rows`` rows; None otherwise."""
    import duckdb

    found = index_path(parquet)
    if not found.is_file():
        return None
    try:
        expected = (VERSION, *identity(parquet), rows)
        connection = duckdb.connect(str(found), read_only=True, config=_SANDBOX)
    except (OSError, ValueError, duckdb.Error):
        return None
    try:
        if _only_ours(connection):
            made = connection.execute("SELECT version, size, footer, rows FROM made_from")
            if [tuple(row) for row in made.fetchall()] == [expected]:
                return connection
    except duckdb.Error:
        pass
    connection.close()
    return None


def _only_ours(connection: duckdb.DuckDBPyConnection) -> bool:
    (views,) = connection.execute(
        "SELECT count(*) FROM duckdb_views() WHERE NOT internal"
    ).fetchone() or (1,)
    (functions,) = connection.execute(
        "SELECT count(*) FROM duckdb_functions() WHERE NOT internal"
    ).fetchone() or (1,)
    columns = connection.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal"
    ).fetchall()
    return views == 0 and functions == 0 and {tuple(c) for c in columns} == _OUR_COLUMNS


class ParquetText:
    """A Parquet store's text search: ``contains`` over the file's text index when one was
    made from this file (looked for at the first search), else over the file's own
    ``search_text`` column (casefolded by the writer). The same answers either way."""

    def __init__(self, database: Database, parquet: Path | None, rows: int) -> None:
        self._database = database
        self._parquet = parquet  # one file: a directory's files have no index
        self._rows = rows
        self._index: Database | None = None
        self._looked = False
        self._lock = threading.Lock()

    @property
    def indexed(self) -> bool:
        """Whether searches read the text index (looked for on first asking)."""
        from tui.core.parquet_rows import Database

        with self._lock:
            if not self._looked:
                self._looked = True
                found = open_matching(self._parquet, self._rows) if self._parquet else None
                self._index = Database(found) if found is not None else None
            return self._index is not None

    def find(self, needle: str) -> Rows:
        if self.indexed and self._index is not None:
            return self._index.row_numbers("contains(text, ?)", [needle], "search")
        return self._database.row_numbers("contains(search_text, ?)", [needle])
