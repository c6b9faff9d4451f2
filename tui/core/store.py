"""A queryable store of events, held as columns in time order, with indexes for the filters.

Rows are numbered in time order (see tui.core.dates for the rule), so every query answers with a
sorted numpy array of row numbers and the timeline shows them in that order. The store keeps
what the timeline and the filters need in columns; the full :class:`Event` for the detail pane
comes from ``events[row]``, which a large import can build lazily, one row at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from tui.core import sorted_keys
from tui.core.columns import (
    GrowingTextIndex,
    JoinedText,
    RaggedColumn,
    Rows,
    TextIndex,
)
from tui.core.dates import PartialDate, compact_date_label, format_range

if TYPE_CHECKING:  # the store holds these, built by whoever loads; it never validates one
    from tui.core.model import Actor, Concern, Dataset, Event, Source


def normalised_needle(text: str) -> str:
    """Text search looks for the casefolded text with its whitespace made single spaces;
    empty means no text filter. (Every store and backend searches for this.)"""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Query:
    """A combined filter: every part given must hold (countries: all of them)."""

    countries: frozenset[str] = frozenset()
    actor: str | None = None
    concern: str | None = None
    text: str = ""
    start_key: int | None = None  # inclusive, as PartialDate.sort_key
    end_key: int | None = None  # inclusive
    # Only these events (the starred, noted or tagged ones); None: no such restriction.
    event_ids: frozenset[str] | None = None
    # Events whose analyst's note contains the text: they match the text search too.
    text_in_notes: frozenset[str] = frozenset()


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
    start_at: str | None = None  # the id of the event to open on (Dataset.start_at)

    def __post_init__(self) -> None:
        # Indexes fill on first use: a big import opens without paying for all of them.
        self._by_country: dict[str, Rows] = {}
        self._by_actor: dict[str, Rows] = {}
        self._by_concern: dict[str, Rows] = {}
        self._row_of_id: dict[str, int] | None = None
        self._date_width: int | None = None
        if self.columns.text_index is None:
            self.columns.text_index = JoinedText(self.columns.search_text)

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
            start_at=dataset.start_at,
        )

    def __len__(self) -> int:
        return len(self.columns)

    # -- rows -------------------------------------------------------------------------------

    def all_rows(self) -> Rows:
        return np.arange(len(self), dtype=np.int64)

    def date_column_width(self) -> int:
        """Cells for the timeline's date column (tui.core.rowtext), measured once."""
        if self._date_width is None:
            from tui.core.rowtext import date_column_width

            self._date_width = date_column_width(self)
        return self._date_width

    def warm_up(self) -> None:
        """Do ahead, on the thread that opened the store, what the first screen asks of it: a
        big store's numpy work then runs on the other core beside the interface's imports."""
        self.date_column_width()

    def rows_ready(self, rows: Iterable[int], *, full: bool = False) -> bool:
        """Whether reading these rows' columns (``full``: their whole events too) waits on
        nothing. Always, for rows held in memory; a store over a file says no for rows it has
        still to read, and a screen then shows them as loading and calls ``request_rows``."""
        return True

    def request_rows(
        self,
        rows: Iterable[int],
        on_ready: Callable[[list[int]], None],
        *,
        full: bool = False,
    ) -> None:
        """Have these rows read; ``on_ready`` is then called with those ready: at once here,
        from another thread by a store that reads them from a file."""
        on_ready([int(row) for row in rows])

    def showing(self, rows: Rows) -> None:
        """Rows a view shows, in its order: a store that reads rows from a file reads those
        beside a row asked for in this order (nothing to do here)."""

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

    def year(self, row: int) -> int:
        return int(self.columns.start_keys[row]) // 10000

    # -- queries ----------------------------------------------------------------------------

    def query(self, query: Query) -> Rows:
        """Rows matching every part of the query, in time order."""
        rows = self._rows_without_text(query)
        if query.text.strip():
            rows = self._matching_text(query.text, rows, query.text_in_notes)
        return self.all_rows() if rows is None else rows

    def growing_query(self, query: Query) -> Generator[tuple[Rows, bool]]:
        """The query's rows as a text search finds them, with whether they are all: while a
        store that reads its text from a file scans it, prefixes of the answer (each holds
        every row of the answer up to its last row), then the whole answer, flagged True.
        Other stores, and queries without text, give the whole answer at once."""
        needle = normalised_needle(query.text)
        index = self.columns.text_index
        if not needle or not isinstance(index, GrowingTextIndex):
            yield self.query(query), True
            return
        within = self._rows_without_text(query)
        for found, whole in index.find_growing(needle):
            rows = self._with_text(found, within, query.text_in_notes)
            if whole:
                yield rows, True
            elif len(prefix := rows[rows <= found[-1]]):  # the other filters may keep none yet
                yield prefix, False

    def _rows_without_text(self, query: Query) -> Rows | None:
        """Rows matching every part of the query but its text; None: every row."""
        parts: list[Rows] = []
        for code in sorted(query.countries):
            parts.append(self.rows_for_country(code))
        if query.actor is not None:
            parts.append(self.rows_for_actor(query.actor))
        if query.concern is not None:
            parts.append(self.rows_for_concern(query.concern))
        if query.event_ids is not None:
            parts.append(self.rows_of_ids(query.event_ids))
        parts.sort(key=len)  # intersect the smallest first
        rows: Rows | None = None
        for part in parts:
            rows = part if rows is None else np.intersect1d(rows, part, assume_unique=True)
        if query.start_key is not None or query.end_key is not None:
            rows = self._in_range(rows, query.start_key, query.end_key)
        return rows

    def rows_of_ids(self, event_ids: Iterable[str]) -> Rows:
        """The sorted rows of these events; ids not in the store are skipped."""
        found = [row for row in map(self.row_of, event_ids) if row is not None]
        return np.unique(np.asarray(found, dtype=np.int64))

    def id_sample(self, size: int) -> list[str]:
        """The ids at ``size`` evenly spaced rows (time order; every id when fewer): spread
        out and the same for the same data, read without the other ids (the annotations'
        dataset identity, tui.core.annotations.identity)."""
        return [str(self.columns.ids[row]) for row in spread_rows(len(self), size)]

    def present_ids(self, event_ids: Collection[str]) -> set[str]:
        """Which of these ids are events of the store, asked in one batch (a store over a
        database answers with one query)."""
        if self._row_of_id is not None:
            return {event_id for event_id in event_ids if event_id in self._row_of_id}
        # One pass over the ids at C speed (20 ms a million), not the 1 s index row_of builds.
        return set(event_ids).intersection(self.columns.ids)

    def _in_range(self, rows: Rows | None, low: int | None, high: int | None) -> Rows:
        keys = self.columns.start_keys
        first = int(np.searchsorted(keys, low, side="left")) if low is not None else 0
        last = int(np.searchsorted(keys, high, side="right")) if high is not None else len(keys)
        if rows is None:
            return np.arange(first, last, dtype=np.int64)
        return rows[(rows >= first) & (rows < last)]

    def _matching_text(self, text: str, within: Rows | None, also_ids: Iterable[str] = ()) -> Rows:
        needle = normalised_needle(text)
        if not needle:
            return within if within is not None else self.all_rows()
        assert self.columns.text_index is not None  # set in __post_init__
        return self._with_text(self.columns.text_index.find(needle), within, also_ids)

    def _with_text(self, found: Rows, within: Rows | None, also_ids: Iterable[str]) -> Rows:
        """The rows a text search found, with the events whose notes hold it, among
        ``within`` (None: every row)."""
        rows = found
        if also_ids:
            rows = np.union1d(rows, self.rows_of_ids(also_ids))
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

    def concern_label(self, concern_id: str) -> str:
        """A concern's label, or its id when the data names a concern it does not define."""
        concern = self.concerns.get(concern_id)
        return concern.label if concern is not None else concern_id

    def month_counts(self, rows: Rows, buckets: int) -> list[int]:
        """Events per equal slice of the whole dataset's span (months), for a density strip."""
        every = len(rows) == len(self)  # ascending and unique: then every row, none to look up
        return sorted_keys.month_counts(self.columns.start_keys, None if every else rows, buckets)

    def bucket_of(self, row: int, buckets: int) -> int:
        return sorted_keys.bucket_of(self.columns.start_keys, row, buckets)


def spread_rows(count: int, size: int) -> list[int]:
    """``size`` evenly spaced rows of ``count`` (all of them when there are fewer)."""
    if count <= size:
        return list(range(count))
    return [n * count // size for n in range(size)]


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
