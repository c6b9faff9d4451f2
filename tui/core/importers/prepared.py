"""The columnar "prepared" form an importer produces (and the index cache keeps), and the
bad-row bookkeeping every importer shares.

An importer turns a file into a :class:`Prepared`: columns in time order that are small integer
codes, dates as sort keys, and the few free-text columns, plus the label tables the codes point
into. Building the :class:`~tui.core.store.EventStore` from that is cheap and the same whether the
columns were just parsed or read back from the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy.typing as npt

from tui.core.problems import LoadError, Problem

if TYPE_CHECKING:  # BadRows serves the small formats too (TimelineJS): they need no polars
    import polars as pl

    from tui.core.importers.registry import ProgressCallback
    from tui.core.importers.stored_strings import StoredStrings, Strings

MAX_LISTED_PROBLEMS = 50  # a refusal lists this many bad rows, then says how many more


@dataclass
class Prepared:
    """An import in columnar form, rows in time order; ``labels`` are the code tables."""

    format: str
    name: str
    frame: pl.DataFrame | None  # None from the cache when the strings are ``stored``
    labels: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    skipped: int = 0  # bad rows left out (only with skip_bad)
    problems: list[Problem] = field(default_factory=list)  # the first few of them
    # Arrays of any length (ragged columns, their indexes, codes in time order): the cache
    # keeps these as raw memory-mapped arrays, so a cached open copies none of them.
    arrays: dict[str, npt.NDArray[Any]] = field(default_factory=dict)
    # From the cache, the frame's string columns as compressed blocks, read when needed.
    stored: dict[str, StoredStrings] | None = None

    def whole_frame(self) -> pl.DataFrame:
        """The frame, for importers whose columns are all in it (never stored as blocks)."""
        if self.frame is None:
            raise ValueError(f"{self.name}: its strings are stored as blocks")
        return self.frame

    def strings(self, name: str) -> Strings:
        """A string column of the frame, or as the cache stored it."""
        if self.stored is not None:
            return self.stored[name]
        if self.frame is None:
            raise KeyError(name)
        return self.frame[name]


class BadRows:
    """Collects bad rows: all are counted, the first MAX_LISTED_PROBLEMS are kept to list."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.listed: list[Problem] = []

    def add(self, message: str, line: int | None = None, field_name: str | None = None) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED_PROBLEMS:
            self.listed.append(Problem(self.path, message, line, None, field_name))

    def add_frame(self, bad: pl.DataFrame) -> None:
        """Rows of a frame with columns ``line`` and ``problem`` (already filtered to bad)."""
        room = MAX_LISTED_PROBLEMS - len(self.listed)
        if room > 0:
            for line, problem in bad.head(room).select("line", "problem").iter_rows():
                self.listed.append(Problem(self.path, str(problem), int(line)))
        self.count += len(bad)

    def add_records(self, bad: pl.DataFrame, line_of: Callable[[int], int]) -> None:
        """Rows of a frame with columns ``record`` (index in the file) and ``problem``; the
        line of a record is looked up only for the rows that will be listed."""
        room = MAX_LISTED_PROBLEMS - len(self.listed)
        if room > 0:
            for record, problem in bad.head(room).select("record", "problem").iter_rows():
                self.listed.append(Problem(self.path, str(problem), line_of(int(record))))
        self.count += len(bad)

    def raise_unless(self, skip_bad: bool) -> None:
        """Refuse the import (LoadError listing the bad rows) unless told to skip them."""
        if self.count and not skip_bad:
            problems = list(self.listed)
            if self.count > len(self.listed):
                problems.append(
                    Problem(
                        self.path,
                        f"… and {self.count - len(self.listed):,} more bad rows "
                        "(--skip-bad loads the good rows and skips these)",
                    )
                )
            raise LoadError(problems)


def report_progress(progress: ProgressCallback | None, rows: int, done: int, size: int) -> None:
    """Rows so far and a total estimated from the bytes read (exact on the last call)."""
    if progress is None:
        return
    total = rows if done >= size else round(rows * size / max(done, 1))
    progress(rows, total)
