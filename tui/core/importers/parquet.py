"""Parquet files with our columns (written by ``convert -o OUT.parquet``), opened in place.

Registered in the registry like any format; the store reads the file through DuckDB as the
screens ask (tui.core.parquet_store), so nothing is parsed up front and no cache is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.problems import LoadError, Problem

if TYPE_CHECKING:
    from tui.core.importers.registry import Read, ReadOptions, Sniff
    from tui.core.store import EventStore

MAGIC = b"PAR1"  # a Parquet file starts (and ends) with it


class ParquetImporter:
    name = "parquet"
    label = "a Parquet file of events"
    many = True  # a directory of Parquet files opens as one dataset (with --from parquet)
    reads_zip = False
    max_bytes: int | None = None  # read in place: its size costs no memory

    def detect(self, sniff: Sniff) -> bool:
        return sniff.head.startswith(MAGIC)

    def read(self, paths: Sequence[Path], options: ReadOptions) -> Read[EventStore]:
        from tui.core.importers.registry import Read
        from tui.core.parquet_store import open_parquet_store

        if len(paths) != 1:
            raise LoadError(
                Problem(path, "open one Parquet file, or one directory of them, at a time")
                for path in paths
            )
        return Read(open_parquet_store(paths[0]))

    def build(self, read: Read[EventStore]) -> EventStore:
        return read.payload
