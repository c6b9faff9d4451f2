"""Counts for the time axis and its lanes, asked of a backend (tui.core.backends.base).

An event dated less finely than the zoom ("2024" at month zoom) is in no bucket: it sorts, and
the backend counts it, on its period's first day, so it is kept beside that bucket's count as
*coarse* (``Axis.coarse``). The bucket's count (``placed``) is then what its period filter keeps
(tui.core.periods).

An event with an end (a visit of two days, attacks from 30 December to 2 January) is counted
once, in the bucket it starts in, and marked as *continuing* in every later bucket it reaches
(``Axis.continuing``), so it is drawn as a span. One whose start is coarser than the zoom is in
no bucket, so it continues in none either; an end known only to its month or year reaches the
bucket of its first day, where it sorts (never further than it was given).

Everything comes from ``TimeViewBackend.bucket_counts`` and ``span_counts`` (a decade sums its
years), so the axis, the lanes and the period tables work over any backend that answers them.
A lane is an actor, a concern or a country: the view's query narrowed to it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from tui.core.backends.base import Bucket, BucketCounts, Facet, SpanCounts, TimeViewBackend
from tui.core.pages import LinkTarget
from tui.core.periods import ZOOMS, Period, Zoom, period_of, serials
from tui.core.store import Query

# Beyond this many buckets (days over millennia) the axis asks for a coarser zoom.
MAX_BUCKETS = 2_000_000
ENOUGH_BUCKETS = 12  # the axis opens on the coarsest zoom with at least this many buckets

BUCKET_OF_ZOOM = {
    Zoom.DECADE: Bucket.YEAR,  # decades are summed from years
    Zoom.YEAR: Bucket.YEAR,
    Zoom.QUARTER: Bucket.QUARTER,
    Zoom.MONTH: Bucket.MONTH,
    Zoom.WEEK: Bucket.WEEK,
    Zoom.DAY: Bucket.DAY,
}

Counts = npt.NDArray[np.int64]
Lane = LinkTarget  # a lane is what a link names: an actor, a concern or a country


@dataclass(frozen=True)
class Axis:
    """Per-bucket counts from bucket ``first`` on, empty buckets included."""

    zoom: Zoom
    first: int  # serial of the first bucket
    placed: Counts  # events dated within the bucket (what its period filter keeps)
    approximate: Counts  # of those, how many are marked approximate
    coarse: Counts  # events dated less finely, sorting on the bucket's first day
    continuing: Counts  # events begun in an earlier bucket and still going (not counted)

    def __len__(self) -> int:
        return len(self.placed)

    def period(self, index: int) -> Period:
        return period_of(self.first + index, self.zoom)

    def index_of_key(self, key: int) -> int:
        """The bucket index holding a sort key, clamped to the axis."""
        serial = int(serials(np.asarray([key]), self.zoom)[0])
        return max(0, min(serial - self.first, len(self) - 1))


def serials_of_buckets(values: Counts, zoom: Zoom) -> Counts:
    """The period serial (tui.core.periods) of each bucket value (tui.core.backends.base) of
    the zoom's unit."""
    if zoom is Zoom.DECADE:
        return values // 10
    if zoom is Zoom.YEAR:
        return values
    if zoom is Zoom.QUARTER:
        return values // 10 * 4 + values % 10 - 1
    if zoom is Zoom.MONTH:
        return values // 100 * 12 + values % 100 - 1
    if zoom is Zoom.WEEK:
        return (values - 1) // 7  # the ordinal of its Monday
    return serials(values, Zoom.DAY)  # a day's value is its sort key


@dataclass(frozen=True)
class _Counted:
    buckets: BucketCounts
    spans: SpanCounts
    where: Counts  # the serial of each bucket
    span_first: Counts
    span_last: Counts


def _counted(backend: TimeViewBackend, query: Query, zoom: Zoom) -> _Counted:
    unit = BUCKET_OF_ZOOM[zoom]
    buckets, spans = backend.bucket_counts(query, unit), backend.span_counts(query, unit)
    return _Counted(
        buckets,
        spans,
        serials_of_buckets(buckets.values, zoom),
        serials_of_buckets(spans.first, zoom),
        serials_of_buckets(spans.last, zoom),
    )


def _span(counted: list[_Counted]) -> tuple[int, int]:
    """(first serial, number of buckets) covering every lane's buckets and spans' ends."""
    marks = [found for c in counted for found in (c.where, c.span_last) if len(found)]
    if not marks:
        return 0, 0
    joined = np.concatenate(marks)
    first, size = int(joined.min()), int(joined.max() - joined.min()) + 1
    if size > MAX_BUCKETS:
        raise ValueError(f"{size:,} buckets: too many to draw at this zoom; zoom out (-)")
    return first, size


def _axis(counted: _Counted, zoom: Zoom, span: tuple[int, int]) -> Axis:
    first, size = span
    where = counted.where - first

    def dense(numbers: Counts) -> Counts:
        return np.bincount(where, weights=numbers, minlength=size).astype(np.int64)

    buckets = counted.buckets
    begin, end = counted.span_first - first, counted.span_last - first
    longer = end > begin  # years of one decade are one bucket
    # +n from the bucket after the start, -n after the end's: their running sum.
    weights = counted.spans.count[longer]
    steps = np.bincount(begin[longer] + 1, weights=weights, minlength=size + 1)
    steps -= np.bincount(end[longer] + 1, weights=weights, minlength=size + 1)
    continuing = np.cumsum(steps)[:size].astype(np.int64)
    return Axis(
        zoom,
        first,
        dense(buckets.placed),
        dense(buckets.approximate),
        dense(buckets.coarse),
        continuing,
    )


def axis(backend: TimeViewBackend, query: Query, zoom: Zoom) -> Axis:
    """The axis of one query; ValueError when the zoom would need too many buckets."""
    counted = _counted(backend, query, zoom)
    return _axis(counted, zoom, _span([counted]))


def opening_zoom(backend: TimeViewBackend, query: Query) -> Zoom:
    """The coarsest zoom at which the query's events span at least ENOUGH_BUCKETS buckets."""
    count = backend.count(query)
    if not count:
        return Zoom.YEAR
    [first], [last] = backend.window(query, 0, 1), backend.window(query, count - 1, 1)
    keys = np.asarray([first.start_key, last.start_key], dtype=np.int64)
    for zoom in ZOOMS:
        low, high = (int(s) for s in serials(keys, zoom))
        if high - low + 1 >= ENOUGH_BUCKETS:
            return zoom
    return Zoom.DAY


def default_lanes(backend: TimeViewBackend, query: Query, count: int = 4) -> list[Lane]:
    """The countries the filters name, else the most frequent in the view."""
    codes = sorted(query.countries) or [c for c, _ in backend.facet(query, Facet.COUNTRIES, count)]
    return [Lane("country", code) for code in codes]


def lane_query(query: Query, lane: Lane, lanes: list[Lane]) -> Query:
    """The view's query narrowed to a lane. Country lanes replace the view's filters by those
    countries (lanes of filtered countries would otherwise all be alike)."""
    countries = query.countries - {other.key for other in lanes if other.kind == "country"}
    if lane.kind == "country":
        return replace(query, countries=countries | {lane.key})
    if lane.kind == "actor":
        return replace(query, countries=countries, actor=lane.key)
    return replace(query, countries=countries, concern=lane.key)


def lanes(backend: TimeViewBackend, query: Query, chosen: list[Lane], zoom: Zoom) -> list[Axis]:
    """One axis per lane, over the same buckets."""
    counted = [_counted(backend, lane_query(query, lane, chosen), zoom) for lane in chosen]
    span = _span(counted)
    return [_axis(c, zoom, span) for c in counted]
