"""A backend over any SQL engine: the builder's queries, run by a runner for one dialect."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from sqlglot import exp

from tui.core.backends.base import (
    Bucket,
    BucketCount,
    BucketCounts,
    EventDetail,
    EventRow,
    Facet,
    PairCount,
    SpanCounts,
    bucket_start,
    normalised_needle,
    sorted_facet,
)
from tui.core.backends.sqlbuild import (
    Record,
    SqlSource,
    buckets_sql,
    count_sql,
    detail_sql,
    facet_sql,
    keys_sql,
    rows_by_key_sql,
    span_sql,
    window_sql,
)
from tui.core.backends.sqltime import bucket_counts_sql, pair_counts_sql, span_counts_sql
from tui.core.store import Query

# Runs one query (a sqlglot tree, rendered by the runner for its engine) and returns its rows.
Runner = Callable[[exp.Expr], list[Record]]


class SqlBackend:
    """Answers every backend question with one SQL query each. Counts are cached per query
    (the timeline asks for the count on every scroll)."""

    def __init__(
        self,
        name: str,
        source: SqlSource,
        run: Runner,
        *,
        dense_rows: int | None = None,
        stored_in_order: bool = False,
    ) -> None:
        self.name = name
        self.source = source
        self._run = run
        self._counts: dict[Query, int] = {}
        # When the window key numbers all rows 0..n-1, an unfiltered window is a key range.
        self._dense_rows = dense_rows
        # Rows stored in window-key order, read back in that order (DuckDB's default
        # preserve_insertion_order): a window's keys need no sort.
        self._stored_in_order = stored_in_order

    def count(self, query: Query) -> int:
        query = _normalised(query)
        if query not in self._counts:
            rows = self._run(count_sql(self.source, query))
            self._counts[query] = int(rows[0]["n"])
        return self._counts[query]

    def window(self, query: Query, offset: int, limit: int) -> list[EventRow]:
        if limit <= 0:
            return []
        query = _normalised(query)
        key = self.source.window_key()
        if key is None:
            rows = self._run(window_sql(self.source, query, offset, limit))
            return [self.source.to_row(r) for r in rows]
        if self._dense_rows is not None and not self.source.conditions(query):
            keys = list(range(max(offset, 0), min(max(offset, 0) + limit, self._dense_rows)))
        else:
            select = keys_sql(self.source, query, key, offset, limit, stored=self._stored_in_order)
            found = self._run(select)
            keys = [int(next(iter(r.values()))) for r in found]
        if not keys:
            return []
        return [self.source.to_row(r) for r in self._run(rows_by_key_sql(self.source, key, keys))]

    def buckets(self, query: Query, unit: Bucket) -> list[BucketCount]:
        rows = self._run(buckets_sql(self.source, _normalised(query), unit))
        return [(bucket_start(int(r["bucket"]), unit), int(r["n"])) for r in rows]

    def bucket_counts(self, query: Query, unit: Bucket) -> BucketCounts:
        rows = self._run(bucket_counts_sql(self.source, _normalised(query), unit))
        return BucketCounts(
            values=_numbers(rows, "bucket"),
            placed=_numbers(rows, "placed"),
            approximate=_numbers(rows, "rough"),
            coarse=_numbers(rows, "coarse"),
        )

    def span_counts(self, query: Query, unit: Bucket) -> SpanCounts:
        select = span_counts_sql(self.source, _normalised(query), unit)
        rows = self._run(select) if select is not None else []
        return SpanCounts(
            _numbers(rows, "first_bucket"), _numbers(rows, "last_bucket"), _numbers(rows, "n")
        )

    def pair_counts(self, query: Query, limit: int | None = None) -> list[PairCount]:
        query = _normalised(query)
        if self.source.facet_plan(Facet.ACTORS).unnest is not None:
            rows = self._run(pair_counts_sql(self.source, query, limit))
            return [(str(r["lesser"]), str(r["greater"]), int(r["n"])) for r in rows]
        # Actors only Python can name (GDELT's codes): each group of equal actor columns
        # gives its pairs once, counted by the group's size.
        counts: Counter[tuple[str, str]] = Counter()
        for group in self._run(facet_sql(self.source, query, Facet.ACTORS, None)):
            labels = sorted(set(self.source.facet_labels(Facet.ACTORS, group)))
            for pair in itertools.combinations(labels, 2):
                counts[pair] += int(group["n"])
        ranked = sorted(((a, b, n) for (a, b), n in counts.items()), key=_most_first)
        return ranked if limit is None else ranked[: max(limit, 0)]

    def facet(self, query: Query, facet: Facet, limit: int | None = None) -> list[tuple[str, int]]:
        select = facet_sql(self.source, _normalised(query), facet, limit)
        rows = self._run(select)
        if self.source.facet_plan(facet).group:
            counts: Counter[str] = Counter()
            for row in rows:
                for label in self.source.facet_labels(facet, row):
                    counts[label] += int(row["n"])
            return sorted_facet(dict(counts), limit)
        return [(str(r["label"]), int(r["n"])) for r in rows]

    def event(self, event_id: str) -> EventDetail | None:
        select = detail_sql(self.source, event_id)
        if select is None:
            return None
        rows = self._run(select)
        return self.source.to_detail(rows[0]) if rows else None

    def span(self) -> tuple[int, int] | None:
        rows = self._run(span_sql(self.source, Query()))
        if not rows or rows[0]["first_key"] is None:
            return None
        return int(rows[0]["first_key"]), int(rows[0]["last_key"])

    def statements(self, query: Query, unit: Bucket = Bucket.MONTH) -> list[tuple[str, exp.Expr]]:
        """Every query a view of ``query`` runs, titled, the count first (for --print-sql):
        the list, the facets of pages and frequency tables, then the time axis and lanes."""
        query = _normalised(query)
        titled: list[tuple[str, exp.Expr]] = [
            ("count", count_sql(self.source, query)),
            ("first window of rows", window_sql(self.source, query, 0, 100)),
            (f"events per {unit.value}", buckets_sql(self.source, query, unit)),
            *((f"facet: {f.value}", facet_sql(self.source, query, f, 50)) for f in Facet),
            (f"time axis: starts per {unit.value}", bucket_counts_sql(self.source, query, unit)),
        ]
        spans = span_counts_sql(self.source, query, unit)
        if spans is not None:
            titled.append((f"time axis: events spanning {unit.value}s", spans))
        pairs: exp.Expr = facet_sql(self.source, query, Facet.ACTORS, None)  # Python pairs them
        if self.source.facet_plan(Facet.ACTORS).unnest is not None:  # unless SQL names actors
            pairs = pair_counts_sql(self.source, query, 50)
        titled.append(("frequency: actor pairs", pairs))
        return titled


def _numbers(rows: list[Record], name: str) -> npt.NDArray[np.int64]:
    return np.fromiter((int(r[name]) for r in rows), dtype=np.int64, count=len(rows))


def _most_first(pair: PairCount) -> tuple[int, str, str]:
    return -pair[2], pair[0], pair[1]


def _normalised(query: Query) -> Query:
    """The text a query searches, as the engine sees it (so equal searches share a cache)."""
    needle = normalised_needle(query.text)
    if needle == query.text:
        return query
    return Query(
        countries=query.countries,
        actor=query.actor,
        concern=query.concern,
        text=needle,
        start_key=query.start_key,
        end_key=query.end_key,
    )
