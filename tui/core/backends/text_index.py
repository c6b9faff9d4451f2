"""A Parquet file's text index: its ``search_text`` column again, as a DuckDB table, beside it.

Text search over Parquet reads and decodes every row's ``search_text`` (1.7 GB at 10M rows):
DuckDB's scan of the Parquet column takes 1.1–1.3 s on two cores. The same text in DuckDB's
own storage (compressed with FSST, a third of the bytes) is scanned about twice as fast, with
the same ``contains`` and so the same answers. ``convert`` writes the index beside the file it
writes (``events.parquet`` → ``events.parquet.search.duckdb``); a file without one is searched
by scanning it, as before (``convert`` writes none for a small file: the scan is fast).

An index is used only for the file it was made from: it records the file's size and a digest
of its footer (which holds every row group's offsets, sizes and statistics), and both are
checked before the first search. An index that does not match, or cannot be read, is left
alone and the file is scanned: a stale index could only give wrong answers.
"""

from __future__ import annotations

import contextlib
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
SCHEMA = "text_index"  # the name the index is attached under in a store's connection
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


def attach_matching(connection: duckdb.DuckDBPyConnection, parquet: Path, rows: int) -> bool:
    """Attach the file's index (read-only, as ``text_index``) when there is one made from
    this very file with ``rows`` rows; False, attaching nothing, otherwise."""
    import duckdb

    found = index_path(parquet)
    if not found.is_file():
        return False
    try:
        expected = (VERSION, *identity(parquet), rows)
        connection.execute(f"ATTACH '{_quoted(found)}' AS {SCHEMA} (READ_ONLY)")
    except (OSError, ValueError, duckdb.Error):
        return False
    try:
        made = connection.execute(
            f"SELECT version, size, footer, rows FROM {SCHEMA}.made_from"
        ).fetchall()
        if len(made) == 1 and tuple(made[0]) == expected:
            return True
    except duckdb.Error:
        pass
    with contextlib.suppress(duckdb.Error):
        connection.execute(f"DETACH {SCHEMA}")
    return False


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


class ParquetText:
    """A Parquet store's text search: ``contains`` over the file's text index when one was
    made from this file (looked for at the first search), else over the file's own
    ``search_text`` column (casefolded by the writer). The same answers either way."""

    def __init__(self, database: Database, parquet: Path | None, rows: int) -> None:
        self._database = database
        self._parquet = parquet  # one file: a directory's files have no index
        self._rows = rows
        self._indexed: bool | None = None
        self._lock = threading.Lock()

    @property
    def indexed(self) -> bool:
        """Whether searches read the text index (attached on first asking)."""
        with self._lock:
            if self._indexed is None:
                self._indexed = self._database.using(self._attach)
            return self._indexed

    def _attach(self, cursor: duckdb.DuckDBPyConnection) -> bool:
        return self._parquet is not None and attach_matching(cursor, self._parquet, self._rows)

    def find(self, needle: str) -> Rows:
        if self.indexed:
            return self._database.row_numbers("contains(text, ?)", [needle], f"{SCHEMA}.search")
        return self._database.row_numbers("contains(search_text, ?)", [needle])
