"""The column types a store is made of: one value per row in time order, held compactly
(integer codes into label tables, ragged lists, values computed on demand) so a million rows
hold no per-row Python objects; and the text index that free-text search reads."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterable, Sequence
from typing import Any, Protocol, TypeVar, overload, runtime_checkable

import numpy as np
import numpy.typing as npt

Rows = npt.NDArray[np.int64]
T = TypeVar("T")
_SEPARATOR = "\x00"  # never in search text: separates rows in the search haystack


def empty_rows() -> Rows:
    return np.empty(0, dtype=np.int64)


class CodedColumn(Sequence[str]):
    """One label per row, held as small integer codes into a table of labels."""

    def __init__(self, codes: npt.NDArray[np.integer[Any]], labels: Sequence[str]) -> None:
        self.codes = codes
        self.labels = tuple(labels)

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, row: int) -> str: ...
    @overload
    def __getitem__(self, row: slice) -> list[str]: ...
    def __getitem__(self, row: int | slice) -> str | list[str]:
        if isinstance(row, slice):
            return [self.labels[int(c)] for c in self.codes[row]]
        return self.labels[int(self.codes[row])]


class RaggedColumn(Sequence[tuple[str, ...]]):
    """Several labels per row (countries, actors, concerns) as flat codes plus row offsets.

    Row r holds ``labels[values[offsets[r]:offsets[r + 1]]]``. Finding the rows that hold a
    label is one vectorised comparison over ``values``, so no per-label index is built up front.
    """

    def __init__(
        self,
        offsets: npt.NDArray[np.int64],
        values: npt.NDArray[np.int32],
        labels: Sequence[str],
        index: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]] | None = None,
    ) -> None:
        self.offsets = offsets
        self.values = values
        self.labels = tuple(labels)
        self._code_of = {label: code for code, label in enumerate(self.labels)}
        # Optional inverted index (see inverted_index): label code -> its rows, as one slice.
        self.by_label = index
        self._row_of_value: npt.NDArray[np.int32] | None = None

    @classmethod
    def from_tuples(cls, rows: Sequence[tuple[str, ...]]) -> RaggedColumn:
        code_of: dict[str, int] = {}
        flat = [code_of.setdefault(label, len(code_of)) for row in rows for label in row]
        lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return cls(offsets, np.asarray(flat, dtype=np.int32), list(code_of))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, row: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, row: slice) -> list[tuple[str, ...]]: ...
    def __getitem__(self, row: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        if row < 0:
            row += len(self)
        codes = self.values[self.offsets[row] : self.offsets[row + 1]]
        return tuple(self.labels[int(c)] for c in codes)

    def code_of(self, label: str) -> int | None:
        return self._code_of.get(label)

    def row_of_value(self) -> npt.NDArray[np.int32]:
        """The row each entry of ``values`` belongs to (computed once, vectorised)."""
        if self._row_of_value is None:
            lengths = np.diff(self.offsets)
            self._row_of_value = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        return self._row_of_value

    def rows_with_codes(self, codes: Iterable[int]) -> Rows:
        wanted = np.fromiter(codes, dtype=np.int32)
        if len(wanted) == 0:
            return empty_rows()
        if self.by_label is not None:
            starts, index_rows = self.by_label
            parts = [
                index_rows[starts[c] : starts[c + 1]] for c in wanted if 0 <= c < len(starts) - 1
            ]
            if len(parts) == 1:
                return _distinct_sorted(parts[0].astype(np.int64))
            joined = np.concatenate(parts) if parts else empty_rows()
            return np.unique(joined).astype(np.int64)
        hits = self.values == wanted[0] if len(wanted) == 1 else np.isin(self.values, wanted)
        positions = np.flatnonzero(hits)
        rows = self.row_of_value()[positions].astype(np.int64)  # ascending: values in row order
        return _distinct_sorted(rows)  # a row may hold a label twice

    def rows_with(self, label: str) -> Rows:
        code = self._code_of.get(label)
        return empty_rows() if code is None else self.rows_with_codes([code])

    def present(self) -> list[str]:
        if self.by_label is not None:
            counts = np.diff(self.by_label[0])
            return [self.labels[i] for i in np.flatnonzero(counts)]
        counts = np.bincount(self.values, minlength=len(self.labels))
        return [self.labels[i] for i in np.flatnonzero(counts)]

    def counts(self, rows: Rows) -> dict[str, int]:
        """How many times each label occurs in the given rows."""
        if len(rows) == len(self):  # every row (rows are distinct): a tally of the codes
            return self._tally(np.bincount(self.values, minlength=len(self.labels)))
        starts = self.offsets[rows]
        lengths = self.offsets[rows + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return {}
        # Positions of every value in the rows, without a Python loop over rows.
        shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions = shift + np.arange(total, dtype=np.int64)
        return self._tally(np.bincount(self.values[positions], minlength=len(self.labels)))

    def _tally(self, tally: npt.NDArray[np.intp]) -> dict[str, int]:
        present = np.flatnonzero(tally)
        return dict(zip([self.labels[i] for i in present], tally[present].tolist(), strict=True))


def _distinct_sorted(rows: Rows) -> Rows:
    """Ascending rows without repeats (already ascending, so no sort)."""
    if len(rows) < 2:
        return rows
    keep = np.empty(len(rows), dtype=np.bool_)
    keep[0] = True
    np.not_equal(rows[1:], rows[:-1], out=keep[1:])
    return rows if keep.all() else rows[keep]


def inverted_index(
    offsets: npt.NDArray[np.int64], values: npt.NDArray[np.int32], labels: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """For a ragged column, every label's rows in one array: label c's rows, ascending, are
    ``rows[starts[c]:starts[c + 1]]``. A lookup is then a slice, with no scan of the column.
    """
    # A stable sort keeps each label's rows ascending; small codes sort by radix (linear).
    keys = values.astype(np.int16) if labels < 2**15 else values
    order = np.argsort(keys, kind="stable")
    del keys
    lengths = np.diff(offsets)
    row_of_value = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    del lengths
    starts = np.zeros(labels + 1, dtype=np.int64)
    np.cumsum(np.bincount(values, minlength=labels)[:labels], out=starts[1:])
    return starts, row_of_value[order]


class LazyColumn(Sequence[T]):
    """A column computed per row on access: titles or full events of a large import."""

    def __init__(self, length: int, make: Callable[[int], T]) -> None:
        self._length = length
        self._make = make

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, row: int) -> T: ...
    @overload
    def __getitem__(self, row: slice) -> list[T]: ...
    def __getitem__(self, row: int | slice) -> T | list[T]:
        if isinstance(row, slice):
            return [self._make(r) for r in range(*row.indices(self._length))]
        if row < 0:
            row += self._length
        if not 0 <= row < self._length:
            raise IndexError(row)
        return self._make(row)


class TextIndex(Protocol):
    """Finds the rows whose searchable text contains a needle (already folded, one-spaced)."""

    def find(self, needle: str) -> Rows: ...


@runtime_checkable
class GrowingTextIndex(TextIndex, Protocol):
    """A text index that reads its text as it searches (a scan of a file), and can say what it
    has found so far."""

    def find_growing(self, needle: str) -> Generator[tuple[Rows, bool]]:
        """The rows found so far, ascending, with whether they are all: every yield but the
        last holds at least one row and every match up to its last row (a prefix of the
        answer); the last yield is the whole answer, flagged True."""
        ...


class JoinedText:
    """Search over one casefolded string of every row's text: fine for curated datasets."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._haystack = _SEPARATOR.join(t.replace(_SEPARATOR, " ").casefold() for t in texts)
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
        self._row_ends = np.cumsum(lengths)  # row r's text ends before offset _row_ends[r]

    def find(self, needle: str) -> Rows:
        offsets = [m.start() for m in re.finditer(re.escape(needle), self._haystack)]
        if not offsets:
            return empty_rows()
        rows = np.searchsorted(self._row_ends, np.asarray(offsets), side="right")
        return np.unique(rows).astype(np.int64)
