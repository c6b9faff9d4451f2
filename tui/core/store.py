"""A queryable store of events, held as columns in time order, with indexes for the filters.

Rows are numbered in time order (see tui.core.dates for the rule), so every query answers with a
sorted numpy array of row numbers and the timeline shows them in that order. The store keeps
what the timeline and the filters need in columns; the full :class:`Event` for the detail pane
comes from ``events[row]``, which a large import can build lazily, one row at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, overload

import numpy as np
import numpy.typing as npt
from rich.cells import cell_len

from tui.core.dates import PartialDate, format_range
from tui.core.model import Actor, Concern, Dataset, Event, Source
from tui.core.rowtext import compact_date_label

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
        starts = self.offsets[rows]
        lengths = self.offsets[rows + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return {}
        # Positions of every value in the rows, without a Python loop over rows.
        shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions = shift + np.arange(total, dtype=np.int64)
        tally = np.bincount(self.values[positions], minlength=len(self.labels))
        return {self.labels[i]: int(tally[i]) for i in np.flatnonzero(tally)}


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


@dataclass(frozen=True)
class Query:
    """A combined filter: every part given must hold (countries: all of them)."""

    countries: frozenset[str] = frozenset()
    actor: str | None = None
    concern: str | None = None
    text: str = ""
    start_key: int | None = None  # inclusive, as PartialDate.sort_key
    end_key: int | None = None  # inclusive


@dataclass
class EventColumns:
    """Per-row data in time order. All sequences have one entry per row.

    Curated datasets fill these with lists; large imports with arrays of codes and columns
    that compute a row's value when asked, so a million rows hold no per-row Python objects.
    """

    ids: Sequence[str]
    titles: Sequence[str]
    kinds: Sequence[str]
    start_keys: npt.NDArray[np.int32]
    end_keys: npt.NDArray[np.int32]  # 0 when the event has no end
    # (int64 instead when a key needs it: deep-time years; see columns_from_events)
    approximate: npt.NDArray[np.bool_]
    countries: RaggedColumn
    actors: RaggedColumn
    concerns: RaggedColumn
    search_text: Sequence[str] = ()  # what free-text search looks in, per row (curated data)
    text_index: TextIndex | None = None  # built from search_text when not given
    # PartialDate.time_key per row (0: no time); None when no row has a time of day.
    start_times: npt.NDArray[np.int32] | None = None
    end_times: npt.NDArray[np.int32] | None = None

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class EventStore:
    """Events plus the actors, concerns and sources they refer to; answers queries fast."""

    name: str
    columns: EventColumns
    events: Sequence[Event]
    actors: Mapping[str, Actor] = field(default_factory=dict)
    concerns: Mapping[str, Concern] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Indexes fill on first use: a big import opens without paying for all of them.
        self._by_country: dict[str, Rows] = {}
        self._by_actor: dict[str, Rows] = {}
        self._by_concern: dict[str, Rows] = {}
        self._row_of_id: dict[str, int] | None = None
        if self.columns.text_index is None:
            self.columns.text_index = JoinedText(self.columns.search_text)
        self._date_width: int | None = None
        self._months: npt.NDArray[np.int64] | None = None

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> EventStore:
        ordered = sorted(
            dataset.events,
            key=lambda e: (
                e.start.sort_key,
                e.start.time_key,
                e.end.sort_key if e.end else 0,
                e.end.time_key if e.end else 0,
                e.id,
            ),
        )
        return cls(
            name=dataset.name,
            columns=columns_from_events(ordered, dataset.actors, dataset.concerns, dataset.sources),
            events=ordered,
            actors=dataset.actors,
            concerns=dataset.concerns,
            sources=dataset.sources,
        )

    def __len__(self) -> int:
        return len(self.columns)

    # -- rows -------------------------------------------------------------------------------

    def all_rows(self) -> Rows:
        return np.arange(len(self), dtype=np.int64)

    def row_of(self, event_id: str) -> int | None:
        if self._row_of_id is None:
            self._row_of_id = {event_id: row for row, event_id in enumerate(self.columns.ids)}
        return self._row_of_id.get(event_id)

    def _times(self, row: int) -> tuple[int, int]:
        starts, ends = self.columns.start_times, self.columns.end_times
        return (
            int(starts[row]) if starts is not None else 0,
            int(ends[row]) if ends is not None else 0,
        )

    def date_label(self, row: int) -> str:
        start_time, end_time = self._times(row)
        start = PartialDate.from_key(int(self.columns.start_keys[row]), start_time)
        end_key = int(self.columns.end_keys[row])
        end = PartialDate.from_key(end_key, end_time) if end_key else None
        return format_range(start, end, bool(self.columns.approximate[row]))

    def compact_date_label(self, row: int) -> str:
        return compact_date_label(
            int(self.columns.start_keys[row]),
            int(self.columns.end_keys[row]),
            bool(self.columns.approximate[row]),
            *self._times(row),
        )

    def date_column_width(self) -> int:
        """Cells the timeline's date column needs: only ranges, ~dates, times and years
        before 1 CE (5410 BCE, 13.8 billion years ago) exceed a day's 10."""
        if self._date_width is None:
            wide = (self.columns.end_keys != 0) | (self.columns.start_keys < 10000)
            if self.columns.start_times is not None:
                wide |= self.columns.start_times != 0
            ranges = np.flatnonzero(wide)  # few, even in big imports
            widths = (cell_len(self.compact_date_label(int(r))) for r in ranges)
            self._date_width = max(widths, default=10) + int(self.columns.approximate.any())
        return self._date_width

    def year(self, row: int) -> int:
        return int(self.columns.start_keys[row]) // 10000

    # -- queries ----------------------------------------------------------------------------

    def query(self, query: Query) -> Rows:
        """Rows matching every part of the query, in time order."""
        parts: list[Rows] = []
        for code in sorted(query.countries):
            parts.append(self.rows_for_country(code))
        if query.actor is not None:
            parts.append(self.rows_for_actor(query.actor))
        if query.concern is not None:
            parts.append(self.rows_for_concern(query.concern))
        parts.sort(key=len)  # intersect the smallest first
        rows: Rows | None = None
        for part in parts:
            rows = part if rows is None else np.intersect1d(rows, part, assume_unique=True)
        if query.start_key is not None or query.end_key is not None:
            rows = self._in_range(rows, query.start_key, query.end_key)
        if query.text.strip():
            rows = self._matching_text(query.text, rows)
        return self.all_rows() if rows is None else rows

    def _in_range(self, rows: Rows | None, low: int | None, high: int | None) -> Rows:
        keys = self.columns.start_keys
        first = int(np.searchsorted(keys, low, side="left")) if low is not None else 0
        last = int(np.searchsorted(keys, high, side="right")) if high is not None else len(keys)
        if rows is None:
            return np.arange(first, last, dtype=np.int64)
        return rows[(rows >= first) & (rows < last)]

    def _matching_text(self, text: str, within: Rows | None) -> Rows:
        needle = " ".join(text.split()).casefold()
        if not needle:
            return within if within is not None else self.all_rows()
        assert self.columns.text_index is not None  # set in __post_init__
        rows = self.columns.text_index.find(needle)
        if within is not None:
            rows = np.intersect1d(rows, within, assume_unique=True)
        return rows.astype(np.int64)

    def query_text(self, text: str) -> Rows:
        return self._matching_text(text, None)

    def rows_for_actor(self, actor_id: str) -> Rows:
        return _cached_rows(self._by_actor, self.columns.actors, actor_id)

    def rows_for_concern(self, concern_id: str) -> Rows:
        return _cached_rows(self._by_concern, self.columns.concerns, concern_id)

    def rows_for_country(self, code: str) -> Rows:
        return _cached_rows(self._by_country, self.columns.countries, code)

    def countries_present(self) -> list[str]:
        return sorted(self.columns.countries.present())

    # -- summaries --------------------------------------------------------------------------

    def co_actors(self, rows: Rows, exclude: str | None = None) -> list[tuple[str, int]]:
        """Actors appearing in the rows, most frequent first."""
        counts = self.columns.actors.counts(np.asarray(rows, dtype=np.int64))
        counts.pop(exclude or "", None)
        return sorted(counts.items(), key=lambda item: (-item[1], self.actor_name(item[0])))

    def country_counts(self, rows: Rows) -> dict[str, int]:
        """How many of the rows involve each country."""
        return self.columns.countries.counts(np.asarray(rows, dtype=np.int64))

    def concern_counts(self, rows: Rows) -> list[tuple[str, int]]:
        counts = self.columns.concerns.counts(np.asarray(rows, dtype=np.int64))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def actor_name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.name if actor is not None else actor_id

    def month_counts(self, rows: Rows, buckets: int) -> list[int]:
        """Events per equal slice of the whole dataset's span (months), for a density strip."""
        if len(self) == 0 or buckets <= 0:
            return [0] * max(buckets, 0)
        months = self._month_numbers()
        low, high = int(months[0]), int(months[-1])
        span = high - low + 1
        slots = ((months[rows] - low) * buckets // span).astype(np.int64)
        return [int(n) for n in np.bincount(slots, minlength=buckets)[:buckets]]

    def bucket_of(self, row: int, buckets: int) -> int:
        months = self._month_numbers()
        low, high = int(months[0]), int(months[-1])
        return int((int(months[row]) - low) * buckets // (high - low + 1))

    def _month_numbers(self) -> npt.NDArray[np.int64]:
        if self._months is None:
            keys = self.columns.start_keys.astype(np.int64)
            # A year-only date counts in its first month, as it sorts (see tui.core.dates).
            self._months = (keys // 10000) * 12 + np.maximum((keys // 100) % 100, 1) - 1
        return self._months


def _cached_rows(cache: dict[str, Rows], column: RaggedColumn, key: str) -> Rows:
    rows = cache.get(key)
    if rows is None:
        rows = cache[key] = column.rows_with(key)
    return rows


def columns_from_events(
    events: Sequence[Event],
    actors: Mapping[str, Actor],
    concerns: Mapping[str, Concern],
    sources: Mapping[str, Source] | None = None,
) -> EventColumns:
    """Columns for events already in time order."""
    cited = sources if sources is not None else {}

    def searchable(event: Event) -> str:
        """Title, summary, actor names, concern labels, and what the event rests on: each
        quote and the title of each source it cites (the reader searches the article's words)."""
        names: Iterable[str] = (actors[p.actor].name for p in event.actors if p.actor in actors)
        labels: Iterable[str] = (concerns[c].label for c in event.concerns if c in concerns)
        quotes: Iterable[str] = (c.quote for c in event.citations)
        titles: Iterable[str] = (
            cited[c.source].title for c in event.citations if c.source in cited
        )
        parts = (event.title, event.summary, *names, *labels, *quotes, *titles)
        return " ".join(" ".join(part.split()) for part in parts)

    start_keys = [e.start.sort_key for e in events]
    end_keys = [e.end.sort_key if e.end else 0 for e in events]
    start_times = [e.start.time_key for e in events]
    end_times = [e.end.time_key if e.end else 0 for e in events]
    int32 = np.iinfo(np.int32)
    # Deep-time years (-13800000000 -> -138000000000000) need an int64; others stay as the
    # big imports have them.
    fits = all(int32.min <= key <= int32.max for key in (*start_keys, *end_keys))
    key_type = np.int32 if fits else np.int64
    timed = any(start_times) or any(end_times)
    return EventColumns(
        ids=[e.id for e in events],
        titles=[e.title for e in events],
        kinds=[e.kind.value for e in events],
        start_keys=np.asarray(start_keys, dtype=key_type),
        end_keys=np.asarray(end_keys, dtype=key_type),
        start_times=np.asarray(start_times, dtype=np.int32) if timed else None,
        end_times=np.asarray(end_times, dtype=np.int32) if timed else None,
        approximate=np.asarray([e.approximate for e in events], dtype=np.bool_),
        countries=RaggedColumn.from_tuples([e.countries(actors) for e in events]),
        actors=RaggedColumn.from_tuples(
            [tuple(dict.fromkeys(p.actor for p in e.actors)) for e in events]
        ),
        concerns=RaggedColumn.from_tuples([tuple(dict.fromkeys(e.concerns)) for e in events]),
        search_text=[searchable(e) for e in events],
    )
