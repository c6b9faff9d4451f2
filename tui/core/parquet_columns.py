"""The columns of a store over Parquet: the same types the screens read (tui.core.columns),
their per-row values fetched through a RowCache, their whole-column arrays loaded only when a
question needs every row (facet counts: a page's related actors, the frequency table).

A whole ragged column of 10M rows takes seconds to load, so opening never does it: filters
ask DuckDB for their rows instead (see tui.core.parquet_store).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, overload

import numpy as np

from tui.core.columns import CodedColumn, LazyColumn, RaggedColumn, Rows
from tui.core.parquet_rows import Database, RowCache


class CachedColumn(LazyColumn[str]):
    """One text value per row (ids, titles), read through the row cache."""

    def __init__(self, length: int, cache: RowCache, name: str, database: Database) -> None:
        index = cache.columns.index(name)
        super().__init__(length, lambda row: str(cache.get(int(row))[index]))
        self._name = name
        self._database = database

    def __iter__(self) -> Iterator[str]:
        # Every row (the annotations' dataset identity reads all ids): one streaming query.
        return (str(value) for value in self._database.stream(self._name))


def _checked(row: int, length: int) -> int:
    row = int(row)
    if row < 0:
        row += length
    if not 0 <= row < length:
        raise IndexError(row)
    return row


class _WholeColumn:
    """Loads a column's arrays once, on the first question that needs all of them."""

    def __init__(self, load: Callable[[], None]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._done = False

    def ensure(self) -> None:
        with self._lock:
            if not self._done:
                self._load()
                self._done = True


class CachedKinds(CodedColumn):
    """The kind of each row: one row through the row cache; the codes (for the kinds facet)
    loaded on first use."""

    def __init__(self, length: int, cache: RowCache, database: Database) -> None:
        # CodedColumn's attributes (codes, labels) are set by the first use needing them.
        self._rows = CachedColumn(length, cache, "kind", database)
        self._whole = _WholeColumn(lambda: self._load(database))

    def _load(self, database: Database) -> None:
        labels = sorted(str(k) for (k,) in database.fetch("SELECT DISTINCT kind FROM events"))
        listed = ", ".join("'" + label.replace("'", "''") + "'" for label in labels)
        found = database.numbers(
            f"SELECT CAST(list_position([{listed}], kind) - 1 AS TINYINT) AS code FROM events"
        )
        CodedColumn.__init__(self, np.asarray(found["code"], dtype=np.int8), labels)

    def __getattr__(self, name: str) -> Any:
        if name in ("codes", "labels"):
            self._whole.ensure()
            return object.__getattribute__(self, name)
        raise AttributeError(name)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, row: int) -> str: ...
    @overload
    def __getitem__(self, row: slice) -> list[str]: ...
    def __getitem__(self, row: int | slice) -> str | list[str]:
        return self._rows[row]


class CachedRagged(RaggedColumn):
    """Countries, actors or concerns: one row through the row cache; the flat codes and
    offsets (for counts over many rows) loaded from the list column on first use."""

    def __init__(self, length: int, cache: RowCache, name: str, database: Database) -> None:
        # RaggedColumn's attributes are set by the first use needing the whole column.
        self._length = length
        self._cache = cache
        self._index = cache.columns.index(name)
        self._whole = _WholeColumn(lambda: self._load(database, name))

    def _load(self, database: Database, name: str) -> None:
        # Rows are read in the order they are stored, which is row order (checked on open):
        # no ORDER BY, which could also move a row's labels within it.
        enum = f"labels_{name}"
        database.fetch(
            f"CREATE OR REPLACE TYPE {enum} AS ENUM "
            f"(SELECT DISTINCT unnest({name}) FROM events WHERE len({name}) > 0)"
        )
        [(labels,)] = database.fetch(f"SELECT enum_range(NULL::{enum})")
        lengths = database.numbers(f"SELECT len({name}) AS n FROM events")["n"]
        codes = database.numbers(
            f"SELECT enum_code(CAST(unnest({name}) AS {enum})) AS code FROM events"
        )["code"]
        offsets = np.zeros(self._length + 1, dtype=np.int64)
        np.cumsum(np.asarray(lengths, dtype=np.int64), out=offsets[1:])
        RaggedColumn.__init__(self, offsets, np.asarray(codes, dtype=np.int32), list(labels))

    def __getattr__(self, name: str) -> Any:
        if name in ("offsets", "values", "labels", "by_label", "_code_of", "_row_of_value"):
            self._whole.ensure()
            return object.__getattribute__(self, name)
        raise AttributeError(name)

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, row: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, row: slice) -> list[tuple[str, ...]]: ...
    def __getitem__(self, row: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(self._length))]
        values = self._cache.get(_checked(row, self._length))[self._index]
        return tuple(values or ())


class NamesSeen:
    """Display names of ids (actors, concerns), learnt from every row fetched, and the whole
    table from one query when an id never shown is asked for."""

    def __init__(self, database: Database, ids: str, names: str) -> None:
        self._database = database
        self._ids, self._names = ids, names
        self._known: dict[str, str] = {}
        self._whole = _WholeColumn(self._load)

    def learn(self, ids: Sequence[str] | None, names: Sequence[str] | None) -> None:
        for key, name in zip(ids or (), names or (), strict=False):
            self._known[str(key)] = str(name)

    def _load(self) -> None:
        pairs = self._database.fetch(
            f"SELECT DISTINCT unnest({self._ids}) AS key, unnest({self._names}) AS name "
            f"FROM events WHERE len({self._ids}) > 0"
        )
        self._known.update((str(key), str(name)) for key, name in pairs)

    def name(self, key: str) -> str | None:
        found = self._known.get(key)
        if found is None:
            self._whole.ensure()
            found = self._known.get(key)
        return found

    def all(self) -> Mapping[str, str]:
        self._whole.ensure()
        return self._known


def rows_or_empty(found: Rows | None) -> Rows:
    return found if found is not None else np.empty(0, dtype=np.int64)
