"""The in-memory store as a backend: the answers every other backend must match."""

from __future__ import annotations

from collections import Counter, OrderedDict

import numpy as np

from tui.core.backends import memory_counts
from tui.core.backends.base import (
    Bucket,
    BucketCount,
    BucketCounts,
    EventDetail,
    EventRow,
    Facet,
    PairCount,
    SourceRef,
    SpanCounts,
    bucket_start,
    sorted_facet,
)
from tui.core.columns import CodedColumn, Rows
from tui.core.store import EventStore, Query


class MemoryBackend:
    """Answers from an :class:`EventStore`. The rows of the last query are kept, so the
    windows of one scrolling view cost one query."""

    RUNS_KEPT = 16  # the key runs of this many queries (a view and its lanes) are kept

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.name = store.name
        self._last: tuple[Query, Rows] | None = None
        self._runs: OrderedDict[Query, memory_counts.KeyRuns] = OrderedDict()

    def rows(self, query: Query) -> Rows:
        if self._last is None or self._last[0] != query:
            self._last = (query, self.store.query(query))
        return self._last[1]

    def count(self, query: Query) -> int:
        return len(self.rows(query))

    def window(self, query: Query, offset: int, limit: int) -> list[EventRow]:
        rows = self.rows(query)[max(offset, 0) : max(offset, 0) + max(limit, 0)]
        return [self.row(int(r)) for r in rows]

    def row(self, row: int) -> EventRow:
        columns = self.store.columns
        return EventRow(
            id=str(columns.ids[row]),
            start_key=int(columns.start_keys[row]),
            end_key=int(columns.end_keys[row]),
            approximate=bool(columns.approximate[row]),
            title=str(columns.titles[row]),
            kind=str(columns.kinds[row]),
            countries=columns.countries[row],
            actors=columns.actors[row],
            concerns=columns.concerns[row],
        )

    def buckets(self, query: Query, unit: Bucket) -> list[BucketCount]:
        counts = self.bucket_counts(query, unit)
        total = counts.placed + counts.coarse
        return [
            (bucket_start(int(v), unit), int(n)) for v, n in zip(counts.values, total, strict=True)
        ]

    def _key_runs(self, query: Query) -> memory_counts.KeyRuns:
        runs = self._runs.get(query)
        if runs is None:
            columns = self.store.columns
            keys, approximate = columns.start_keys, columns.approximate
            if query != Query():  # every row: no query, no copy
                rows = self.rows(query)
                keys, approximate = keys[rows], approximate[rows]
            runs = self._runs[query] = memory_counts.key_runs(keys, approximate)
            if len(self._runs) > self.RUNS_KEPT:
                self._runs.popitem(last=False)
        self._runs.move_to_end(query)
        return runs

    def bucket_counts(self, query: Query, unit: Bucket) -> BucketCounts:
        return memory_counts.bucket_counts(self._key_runs(query), unit)

    def span_counts(self, query: Query, unit: Bucket) -> SpanCounts:
        columns = self.store.columns
        starts, ends = columns.start_keys, columns.end_keys
        if query != Query():
            rows = self.rows(query)
            starts, ends = starts[rows], ends[rows]
        return memory_counts.span_counts(starts, ends, unit)

    def pair_counts(self, query: Query, limit: int | None = None) -> list[PairCount]:
        return memory_counts.pair_counts(self.store.columns.actors, self.rows(query), limit)

    def facet(self, query: Query, facet: Facet, limit: int | None = None) -> list[tuple[str, int]]:
        rows = self.rows(query)
        columns = self.store.columns
        if facet is Facet.KINDS:
            kinds = columns.kinds
            if isinstance(kinds, CodedColumn):
                tally = np.bincount(kinds.codes[rows].astype(np.int64), minlength=len(kinds.labels))
                counts = {kinds.labels[i]: int(tally[i]) for i in np.flatnonzero(tally)}
            else:
                counts = dict(Counter(kinds[int(r)] for r in rows))
            return sorted_facet(counts, limit)
        ragged = {
            Facet.COUNTRIES: columns.countries,
            Facet.ACTORS: columns.actors,
            Facet.CONCERNS: columns.concerns,
        }[facet]
        return sorted_facet(ragged.counts(rows), limit)

    def event(self, event_id: str) -> EventDetail | None:
        row = self.store.row_of(event_id)
        if row is None:
            return None
        return detail_of(self.store, row, self.row(row))

    def span(self) -> tuple[int, int] | None:
        keys = self.store.columns.start_keys
        return (int(keys[0]), int(keys[-1])) if len(keys) else None


def detail_of(store: EventStore, row: int, event_row: EventRow) -> EventDetail:
    """The detail of one row of a store, from its full Event."""
    event = store.events[row]
    sources = []
    for citation in event.citations:
        source = store.sources.get(citation.source)
        if source is not None:
            url = str(source.url) if source.url is not None else ""
            sources.append(SourceRef(source.title, url, citation.quote))
    return EventDetail(
        row=event_row,
        summary=event.summary,
        actor_names=tuple(store.actor_name(a) for a in event_row.actors),
        concern_labels=tuple(store.concern_label(c) for c in event_row.concerns),
        places=tuple(p.name or p.country or "" for p in event.places),
        sources=tuple(sources),
    )
