"""Columns of an import: label codes, ragged code columns, text search, lazy sources, and the
store an import read straight to columns becomes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tui.core.columns import CodedColumn, LazyColumn, RaggedColumn, Rows, empty_rows
from tui.core.importers.stored_strings import StoredStrings, Strings, whole_series
from tui.core.model import MODEL_WHITESPACE, Actor, Concern, Event, EventKind, Source
from tui.core.store import EventColumns, EventStore

if TYPE_CHECKING:  # a cache hit builds its store without polars: imported where used
    import polars as pl


def encode(series: pl.Series) -> tuple[npt.NDArray[np.int32], list[str]]:
    """Codes (-1 for missing or empty) into a sorted table of the distinct labels.

    For a Categorical column this works on its physical ids with numpy: no string of the
    column is materialised, which matters at a million rows.
    """
    import polars as pl

    if series.dtype != pl.Categorical:
        series = series.cast(pl.Categorical)
    physical = series.to_physical()
    top = physical.max()
    missing = int(top) + 1 if isinstance(top, int) else 0
    ids = physical.fill_null(missing).to_numpy().astype(np.int64)
    # The first row holding each physical id (a reversed scatter: the last write wins).
    first = np.full(missing + 1, -1, dtype=np.int64)
    first[ids[::-1]] = np.arange(len(ids) - 1, -1, -1, dtype=np.int64)
    present = np.flatnonzero(first[:missing] >= 0)
    names = series.gather(pl.Series(first[present])).cast(pl.String).to_list()
    order = sorted((name, int(pid)) for name, pid in zip(names, present, strict=True) if name)
    table = np.full(missing + 1, -1, dtype=np.int32)
    for code, (_, pid) in enumerate(order):
        table[pid] = code
    return table[ids], [name for name, _ in order]


class FrameText:
    """Text search for imports: free-text columns scanned by polars, labelled columns by label.

    Long text (ACLED notes) is matched case-insensitively in place, with no lower-cased copy;
    names (actors, places, kinds) are matched once per distinct label and then turned into rows.
    """

    def __init__(
        self,
        rows: int,
        texts: Sequence[Strings],
        text_rows: npt.NDArray[np.integer[Any]] | None,
        labelled: Sequence[tuple[RaggedColumn | None, npt.NDArray[Any] | None, Sequence[str]]],
    ) -> None:
        self._rows = rows
        self._texts = list(texts)
        self._text_rows = text_rows  # row r's text is at text_rows[r] (texts in file order)
        self._labelled = list(labelled)

    def find(self, needle: str) -> Rows:
        if not needle:
            return empty_rows()
        hits = np.zeros(self._rows, dtype=np.bool_)
        pattern = "(?i)" + re.escape(needle)
        for strings in self._texts:
            text = whole_series(strings)
            found = text.str.contains(pattern).fill_null(False).to_numpy()
            hits |= found if self._text_rows is None else found[self._text_rows]
        for ragged, codes, labels in self._labelled:
            matching = [i for i, label in enumerate(labels) if needle in label.casefold()]
            if not matching:
                continue
            if ragged is not None:
                hits[ragged.rows_with_codes(matching)] = True
            elif codes is not None:
                hits |= np.isin(codes, np.asarray(matching, dtype=codes.dtype))
        return np.flatnonzero(hits).astype(np.int64)


class LazySources(Mapping[str, Source]):
    """Sources of a large import, made on access (a real file cites tens of thousands)."""

    def __init__(self, prefix: str, titles: Sequence[str]) -> None:
        self._prefix = prefix
        self._titles = titles

    def key(self, code: int) -> str:
        return f"{self._prefix}{code}"

    def __getitem__(self, key: str) -> Source:
        if not key.startswith(self._prefix) or not key[len(self._prefix) :].isdigit():
            raise KeyError(key)
        code = int(key[len(self._prefix) :])
        if not 0 <= code < len(self._titles) or not _titled(self._titles[code]):
            raise KeyError(key)
        return Source(id=key, title=self._titles[code])

    def __iter__(self) -> Iterator[str]:
        return (self.key(code) for code, title in enumerate(self._titles) if _titled(title))

    def __len__(self) -> int:
        return sum(1 for title in self._titles if _titled(title))


def _titled(title: str) -> bool:
    """Whether a source cell names a source: whitespace alone (which the model trims to
    nothing, and refuses) does not; its events cite the source by id only."""
    return bool(title.strip(MODEL_WHITESPACE))


class StringColumn(Sequence[str]):
    """A string column in file order, read one row (in time order) at a time."""

    def __init__(self, strings: Strings, file_row: npt.NDArray[np.integer[Any]]) -> None:
        self._strings = strings
        self._file_row = file_row

    def __len__(self) -> int:
        return len(self._strings)

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        return str(self._strings[int(self._file_row[row])])

    def __iter__(self) -> Iterator[str]:
        if isinstance(self._strings, StoredStrings):  # from the cache: read without polars
            values = self._strings.values()
            return iter([str(values[row]) for row in self._file_row.tolist()])
        import polars as pl

        series = self._strings.gather(pl.Series(self._file_row))
        return (str(value) for value in series.to_list())


def codes_of(series: pl.Series) -> npt.NDArray[np.int32]:
    """Codes as int32 with -1 for a missing value."""
    return series.fill_null(-1).to_numpy().astype(np.int32)


def ragged_from_matrix(matrix: npt.NDArray[np.int32], labels: Sequence[str]) -> RaggedColumn:
    """Rows of a fixed-width code matrix (-1 = none) as a RaggedColumn, order kept."""
    present = matrix >= 0
    offsets = np.zeros(len(matrix) + 1, dtype=np.int64)
    np.cumsum(present.sum(axis=1), out=offsets[1:])
    return RaggedColumn(offsets, matrix[present].astype(np.int32), labels)


KIND_LABELS = [kind.value for kind in EventKind]  # the code table of an import's kind column


def columnar_store(
    name: str,
    *,
    ids: Sequence[str],
    kind_codes: npt.NDArray[np.uint8],
    start_keys: npt.NDArray[np.int32],
    approximate: npt.NDArray[np.bool_],
    countries: RaggedColumn,
    actors: tuple[Mapping[str, Actor], RaggedColumn],
    concerns: tuple[Mapping[str, Concern], RaggedColumn],
    text: FrameText,
    made_when_shown: tuple[Callable[[int], str], Callable[[int], Event]],
    sources: Mapping[str, Source],
) -> EventStore:
    """The store of an import read to columns (ACLED, GDELT): one-day events (no end date)
    whose title and whole event are made only when a row is shown (``made_when_shown``: the
    title of a row, the event of a row). ``actors`` and ``concerns`` are each the entities by
    id and the ids of each row; ``kind_codes`` index KIND_LABELS."""
    rows = len(start_keys)
    title, event = made_when_shown
    columns = EventColumns(
        ids=ids,
        titles=LazyColumn(rows, title),
        kinds=CodedColumn(kind_codes, KIND_LABELS),
        start_keys=start_keys,
        end_keys=np.zeros(rows, dtype=np.int32),
        approximate=approximate,
        countries=countries,
        actors=actors[1],
        concerns=concerns[1],
        text_index=text,
    )
    return EventStore(
        name=name,
        columns=columns,
        events=LazyColumn(rows, event),
        actors=actors[0],
        concerns=concerns[0],
        sources=sources,
    )
