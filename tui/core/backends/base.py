"""What the UI and the exports ask of the events, whichever engine holds them.

A backend answers a :class:`~tui.core.store.Query` (countries: all of them; actor; concern; a period
of sort keys; text) with counts, windows of rows in time order, per-bucket counts for the time
axis, facet counts and one event in full. The in-memory store, DuckDB over Parquet and GDELT on
BigQuery all answer the same questions, so screens never know which one they talk to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np
import numpy.typing as npt

from tui.core.dates import PartialDate, Precision
from tui.core.rowtext import compact_date_label
from tui.core.store import Query, normalised_needle

__all__ = [
    "Bucket",
    "BucketCount",
    "BucketCounts",
    "EventBackend",
    "EventDetail",
    "EventRow",
    "Facet",
    "PairCount",
    "SourceRef",
    "SpanCounts",
    "TimeViewBackend",
    "bucket_start",
    "bucket_values",
    "coarser_than_bucket",
    "normalised_needle",
    "sorted_facet",
]


class Bucket(StrEnum):
    """A unit of the time axis. Weeks start on Monday (ISO 8601)."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"


class Facet(StrEnum):
    """A many-valued property counted over the events of a query."""

    COUNTRIES = "countries"
    ACTORS = "actors"
    CONCERNS = "concerns"
    KINDS = "kinds"


@dataclass(frozen=True, slots=True)
class EventRow:
    """One timeline row: what the row shows, with the date kept at its precision."""

    id: str
    start_key: int  # PartialDate.sort_key: YYYYMMDD with 00 for unknown parts
    end_key: int  # 0 when the event has no end
    approximate: bool
    title: str
    kind: str
    countries: tuple[str, ...]
    actors: tuple[str, ...]  # actor ids
    concerns: tuple[str, ...]  # concern ids

    @property
    def precision(self) -> Precision:
        return PartialDate.from_key(self.start_key).precision

    @property
    def date_label(self) -> str:
        return compact_date_label(self.start_key, self.end_key, self.approximate)


@dataclass(frozen=True, slots=True)
class SourceRef:
    title: str
    url: str = ""
    quote: str = ""


@dataclass(frozen=True, slots=True)
class EventDetail:
    """One event in full, for the detail pane: its row plus what only the detail shows."""

    row: EventRow
    summary: str
    actor_names: tuple[str, ...]  # parallel to row.actors
    concern_labels: tuple[str, ...]  # parallel to row.concerns
    places: tuple[str, ...]
    sources: tuple[SourceRef, ...]


BucketCount = tuple[dt.date, int]  # the bucket's first day and how many events fall in it


Counts = npt.NDArray[np.int64]


@dataclass(frozen=True)
class BucketCounts:
    """Per bucket of start dates (ascending :func:`bucket_values`; empty buckets left out):
    ``placed`` events dated at least as finely as the bucket, ``approximate`` of those the ones
    marked approximate, ``coarse`` those dated less finely (a year-only date at month buckets,
    a month-only one at day buckets: :func:`coarser_than_bucket`), in the bucket of their first
    day, where they sort. Parallel arrays."""

    values: Counts
    placed: Counts
    approximate: Counts
    coarse: Counts


@dataclass(frozen=True)
class SpanCounts:
    """Events with an end whose start and end fall in different buckets, grouped by the
    bucket each starts in (``first``) and the one it ends in (``last``, where the end sorts);
    events whose start is coarser than the bucket are left out (no bucket holds them)."""

    first: Counts
    last: Counts
    count: Counts


PairCount = tuple[str, str, int]  # two actor ids (the lesser first) and how many events


class EventBackend(Protocol):
    """The questions the screens ask. Every method may be slow (a remote engine): callers
    run them in a worker, never on a keypress.

    The time axis, its lanes and the frequency tables ask ``bucket_counts``, ``span_counts``
    and ``pair_counts``. What each means in SQL (``q`` the query's conditions, ``b(k)`` the
    bucket_values expression, ``fine(k)`` not :func:`coarser_than_bucket`: true for years,
    ``(k/100)%100 <> 0`` for quarters and months, ``k%100 <> 0`` for weeks and days); the
    builder (tui.core.backends.sqltime) writes FILTER as SUM(CASE ...) and HAVING as WHERE,
    which every engine reads the same:

    - ``bucket_counts``: ``SELECT b(start_key) AS value, count(*) FILTER (WHERE fine(start_key))
      AS placed, count(*) FILTER (WHERE fine(start_key) AND approximate) AS approximate,
      count(*) FILTER (WHERE NOT fine(start_key)) AS coarse FROM events WHERE q GROUP BY value
      ORDER BY value``.
    - ``span_counts``: ``SELECT b(start_key) AS first, b(end_key) AS last, count(*) FROM events
      WHERE q AND end_key <> 0 AND fine(start_key) GROUP BY 1, 2 HAVING last > first
      ORDER BY 1, 2``.
    - ``pair_counts``: ``SELECT a.actor AS lesser, b.actor AS greater, count(DISTINCT event)
      FROM (q's events, one row per actor) a JOIN (the same) b ON a.event = b.event AND
      a.actor < b.actor GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT limit``.
    """

    name: str

    def count(self, query: Query) -> int:
        """How many events match."""
        ...

    def window(self, query: Query, offset: int, limit: int) -> list[EventRow]:
        """Matching events ``offset`` to ``offset + limit`` in time order."""
        ...

    def buckets(self, query: Query, unit: Bucket) -> list[BucketCount]:
        """Matching events per bucket of start dates, ascending; empty buckets left out."""
        ...

    def facet(self, query: Query, facet: Facet, limit: int | None = None) -> list[tuple[str, int]]:
        """Matching events per label, most first (ties by label); at most ``limit``."""
        ...

    def event(self, event_id: str) -> EventDetail | None:
        """One event in full, or None when no event has that id."""
        ...

    def span(self) -> tuple[int, int] | None:
        """The first and last start keys of all events (None when there are none)."""
        ...

    def bucket_counts(self, query: Query, unit: Bucket) -> BucketCounts:
        """Matching events per bucket of start dates, split by how finely they are dated."""
        ...

    def span_counts(self, query: Query, unit: Bucket) -> SpanCounts:
        """Matching events that reach from one bucket into a later one."""
        ...

    def pair_counts(self, query: Query, limit: int | None = None) -> list[PairCount]:
        """Matching events per pair of distinct actors (dyad), each event counted once per
        pair; most first, ties by the ids; at most ``limit``."""
        ...


TimeViewBackend = EventBackend  # what the time views ask: every backend answers it


def coarser_than_bucket(keys: npt.NDArray[np.integer], unit: Bucket) -> npt.NDArray[np.bool_]:
    """Which sort keys are dates known less finely than the unit: no bucket of it holds them.
    (Year buckets hold every date; a quarter or month needs the month; a week or day the day.)"""
    key = np.asarray(keys, dtype=np.int64)
    if unit is Bucket.YEAR:
        return np.zeros(len(key), dtype=np.bool_)
    if unit in (Bucket.QUARTER, Bucket.MONTH):
        return np.asarray((key // 100) % 100 == 0)
    return np.asarray(key % 100 == 0)


def sorted_facet(counts: dict[str, int], limit: int | None) -> list[tuple[str, int]]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked if limit is None else ranked[: max(limit, 0)]


# The time axis. A year-only date falls in the first month of its year, a month-only date on
# its first day: that is where it sorts (see tui.core.dates). Buckets are identified by an integer
# every engine can compute: year Y; quarter Y*10+Q; month Y*100+M; day YYYYMMDD; week the
# proleptic Gregorian ordinal (date.toordinal) of its Monday.

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def bucket_values(keys: npt.NDArray[np.integer], unit: Bucket) -> npt.NDArray[np.int64]:
    """The bucket of each sort key (numpy; the SQL backends compute the same in SQL)."""
    key: npt.NDArray[np.int64] = np.asarray(keys, dtype=np.int64)
    year = key // 10000
    month = np.maximum((key // 100) % 100, 1)
    day = np.maximum(key % 100, 1)
    values: npt.NDArray[np.int64]
    if unit is Bucket.YEAR:
        values = year
    elif unit is Bucket.QUARTER:
        values = year * 10 + (month - 1) // 3 + 1
    elif unit is Bucket.MONTH:
        values = year * 100 + month
    elif unit is Bucket.DAY:
        values = year * 10000 + month * 100 + day
    else:
        months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
        days = months.astype("datetime64[D]").astype(np.int64) + day - 1
        ordinal = days + _EPOCH_ORDINAL
        values = ordinal - (ordinal - 1) % 7  # ordinal 1 (0001-01-01) is a Monday
    return values


def bucket_start(value: int, unit: Bucket) -> dt.date:
    """The first day of the bucket a :func:`bucket_values` value names."""
    if unit is Bucket.YEAR:
        return dt.date(value, 1, 1)
    if unit is Bucket.QUARTER:
        return dt.date(value // 10, (value % 10) * 3 - 2, 1)
    if unit is Bucket.MONTH:
        return dt.date(value // 100, value % 100, 1)
    if unit is Bucket.DAY:
        return dt.date(value // 10000, value // 100 % 100, value % 100)
    return dt.date.fromordinal(value)
