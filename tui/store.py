"""A queryable store of events, held as columns in time order, with indexes for the filters.

Rows are numbered in time order (see tui.dates for the rule), so every query answers with a
sorted numpy array of row numbers and the timeline shows them in that order. The store keeps
what the timeline and the filters need in columns; the full :class:`Event` for the detail pane
comes from ``events[row]``, which a large import can build lazily, one row at a time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rich.cells import cell_len

from tui.dates import PartialDate, format_range
from tui.loader import Dataset
from tui.model import Actor, Concern, Event, Source
from tui.rowtext import compact_date_label

Rows = npt.NDArray[np.int64]
_SEPARATOR = "\x00"  # never in search text: separates rows in the search haystack


def empty_rows() -> Rows:
    return np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class Query:
    """A combined filter: every part given must hold (countries: all of them)."""

    countries: frozenset[str] = frozenset()
    actor: str | None = None
    concern: str | None = None
    text: str = ""
    start_key: int | None = None  # inclusive, as PartialDate.sort_key
    end_key: int | None = None  # inclusive

    @property
    def is_empty(self) -> bool:
        return self == Query()


@dataclass
class EventColumns:
    """Per-row data in time order. All sequences have one entry per row."""

    ids: list[str]
    titles: list[str]
    kinds: list[str]
    start_keys: npt.NDArray[np.int32]
    end_keys: npt.NDArray[np.int32]  # 0 when the event has no end
    approximate: npt.NDArray[np.bool_]
    countries: list[tuple[str, ...]]
    actors: list[tuple[str, ...]]
    concerns: list[tuple[str, ...]]
    search_text: list[str]  # what free-text search looks in, per row

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
        self._by_country = _index(self.columns.countries)
        self._by_actor = _index(self.columns.actors)
        self._by_concern = _index(self.columns.concerns)
        self._row_of_id = {event_id: row for row, event_id in enumerate(self.columns.ids)}
        self._haystack = _SEPARATOR.join(
            t.replace(_SEPARATOR, " ").casefold() for t in self.columns.search_text
        )
        lengths = np.fromiter(
            (len(t) + 1 for t in self.columns.search_text), dtype=np.int64, count=len(self.columns)
        )
        self._row_ends = np.cumsum(lengths)  # row r's text ends before offset _row_ends[r]
        self._date_width: int | None = None

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> EventStore:
        ordered = sorted(
            dataset.events,
            key=lambda e: (e.start.sort_key, e.end.sort_key if e.end else 0, e.id),
        )
        return cls(
            name=dataset.name,
            columns=columns_from_events(ordered, dataset.actors, dataset.concerns),
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
        return self._row_of_id.get(event_id)

    def date_label(self, row: int) -> str:
        start = PartialDate.from_key(int(self.columns.start_keys[row]))
        end_key = int(self.columns.end_keys[row])
        end = PartialDate.from_key(end_key) if end_key else None
        return format_range(start, end, bool(self.columns.approximate[row]))

    def compact_date_label(self, row: int) -> str:
        return compact_date_label(
            int(self.columns.start_keys[row]),
            int(self.columns.end_keys[row]),
            bool(self.columns.approximate[row]),
        )

    def date_column_width(self) -> int:
        """Cells the timeline's date column needs: only ranges and ~dates exceed a day's 10."""
        if self._date_width is None:
            ranges = np.flatnonzero(self.columns.end_keys != 0)  # few, even in big imports
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
            parts.append(self._by_country.get(code, empty_rows()))
        if query.actor is not None:
            parts.append(self._by_actor.get(query.actor, empty_rows()))
        if query.concern is not None:
            parts.append(self._by_concern.get(query.concern, empty_rows()))
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
        offsets = [m.start() for m in re.finditer(re.escape(needle), self._haystack)]
        if not offsets:
            return empty_rows()
        rows = np.unique(np.searchsorted(self._row_ends, np.asarray(offsets), side="right"))
        if within is not None:
            rows = np.intersect1d(rows, within, assume_unique=True)
        return rows.astype(np.int64)

    def query_text(self, text: str) -> Rows:
        return self._matching_text(text, None)

    def rows_for_actor(self, actor_id: str) -> Rows:
        return self._by_actor.get(actor_id, empty_rows())

    def rows_for_concern(self, concern_id: str) -> Rows:
        return self._by_concern.get(concern_id, empty_rows())

    def rows_for_country(self, code: str) -> Rows:
        return self._by_country.get(code, empty_rows())

    def countries_present(self) -> list[str]:
        return sorted(self._by_country)

    # -- summaries --------------------------------------------------------------------------

    def co_actors(self, rows: Rows, exclude: str | None = None) -> list[tuple[str, int]]:
        """Actors appearing in the rows, most frequent first."""
        counts = Counter(a for r in rows for a in self.columns.actors[int(r)] if a != exclude)
        return sorted(counts.items(), key=lambda item: (-item[1], self.actor_name(item[0])))

    def concern_counts(self, rows: Rows) -> list[tuple[str, int]]:
        counts = Counter(c for r in rows for c in self.columns.concerns[int(r)])
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
        keys = self.columns.start_keys.astype(np.int64)
        # A year-only date counts in its first month, as it sorts (see tui.dates).
        return (keys // 10000) * 12 + np.maximum((keys // 100) % 100, 1) - 1


def _index(values: list[tuple[str, ...]]) -> dict[str, Rows]:
    rows_by_key: dict[str, list[int]] = {}
    for row, keys in enumerate(values):
        for key in keys:
            rows_by_key.setdefault(key, []).append(row)
    return {key: np.asarray(rows, dtype=np.int64) for key, rows in rows_by_key.items()}


def columns_from_events(
    events: Sequence[Event], actors: Mapping[str, Actor], concerns: Mapping[str, Concern]
) -> EventColumns:
    """Columns for events already in time order."""

    def searchable(event: Event) -> str:
        names: Iterable[str] = (actors[p.actor].name for p in event.actors if p.actor in actors)
        labels: Iterable[str] = (concerns[c].label for c in event.concerns if c in concerns)
        return " ".join(
            " ".join(part.split()) for part in (event.title, event.summary, *names, *labels)
        )

    return EventColumns(
        ids=[e.id for e in events],
        titles=[e.title for e in events],
        kinds=[e.kind.value for e in events],
        start_keys=np.asarray([e.start.sort_key for e in events], dtype=np.int32),
        end_keys=np.asarray([e.end.sort_key if e.end else 0 for e in events], dtype=np.int32),
        approximate=np.asarray([e.approximate for e in events], dtype=np.bool_),
        countries=[e.countries(actors) for e in events],
        actors=[tuple(dict.fromkeys(p.actor for p in e.actors)) for e in events],
        concerns=[tuple(dict.fromkeys(e.concerns)) for e in events],
        search_text=[searchable(e) for e in events],
    )
