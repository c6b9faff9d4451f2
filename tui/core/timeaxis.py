"""Counts for the time axis and its lanes, over the rows of a query of the in-memory backend.

An event dated less finely than the zoom ("2024" at month zoom) is in no bucket: it sorts, and
the protocol's ``buckets`` counts it, on its period's first day, so here it is taken out of
that bucket's count and kept beside it as *coarse* (``Axis.coarse``); ``placed + coarse`` per
bucket is what ``EventBackend.buckets`` answers (the tests check it). The bucket's count is
then what its period filter keeps (tui.core.periods).

An event with an end (a visit of two days, attacks from 30 December to 2 January) is counted
once, in the bucket it starts in, and marked as *continuing* in every later bucket it reaches
(``Axis.continuing``), so it is drawn as a span. One whose start is coarser than the zoom is in
no bucket, so it continues in none either; an end known only to its month or year reaches the
bucket of its first day, where it sorts (never further than it was given).

The counts are binary searches of the query's sorted start keys at the buckets' bounds, not
arithmetic per event: at a million events that is the difference between a keypress and a
pause. ``MemoryBackend.buckets`` could count the same way; a ``buckets`` that also returned the
coarse and approximate counts would let the other backends draw this axis.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from tui.core.backends.base import Bucket, Facet
from tui.core.backends.memory import MemoryBackend
from tui.core.periods import Period, Zoom, coarser_than, lowest_keys, period_of, serials
from tui.core.store import Query

# Beyond this many buckets (days over millennia) the axis asks for a coarser zoom.
MAX_BUCKETS = 2_000_000

BUCKET_OF_ZOOM = {
    Zoom.DECADE: Bucket.YEAR,  # decades are summed from years
    Zoom.YEAR: Bucket.YEAR,
    Zoom.QUARTER: Bucket.QUARTER,
    Zoom.MONTH: Bucket.MONTH,
    Zoom.WEEK: Bucket.WEEK,
    Zoom.DAY: Bucket.DAY,
}

Counts = npt.NDArray[np.int64]
Keys = npt.NDArray[np.integer]
Flags = npt.NDArray[np.bool_]


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


@dataclass(frozen=True)
class _View:
    keys: Keys  # start keys, ascending (rows are in time order)
    approximate: Flags
    ends: Keys  # end keys, 0 for an event without an end


def _view(backend: MemoryBackend, query: Query) -> _View:
    """The start keys, approximate flags and end keys of a query's rows."""
    columns = backend.store.columns
    every = _View(columns.start_keys, columns.approximate, columns.end_keys)
    if query == Query():  # every row: no query, no copy
        return every
    rows = backend.rows(query)
    if len(rows) == len(columns):
        return every
    return _View(columns.start_keys[rows], columns.approximate[rows], columns.end_keys[rows])


def _span(views: list[_View], zoom: Zoom) -> tuple[int, int]:
    """(first serial, number of buckets) covering every view's keys and the ends of spans."""
    bounds = [view.keys[[0, -1]] for view in views if len(view.keys)]
    if not bounds:
        return 0, 0
    latest_ends = [int(view.ends.max()) for view in views if len(view.ends)]
    bounds.append(np.asarray([end for end in latest_ends if end], dtype=np.int64))
    marks = serials(np.concatenate(bounds), zoom)
    first, size = int(marks.min()), int(marks.max() - marks.min()) + 1
    if size > MAX_BUCKETS:
        raise ValueError(f"{size:,} buckets: too many to draw at this zoom; zoom out (-)")
    return first, size


def _coarse_keys(keys: Keys, zoom: Zoom) -> Counts:
    """Every key a date less finely known than the zoom can have within the keys' years."""
    if zoom in (Zoom.DECADE, Zoom.YEAR) or not len(keys):
        return np.zeros(0, dtype=np.int64)
    years = np.arange(int(keys[0]) // 10000, int(keys[-1]) // 10000 + 1, dtype=np.int64)
    if zoom in (Zoom.QUARTER, Zoom.MONTH):
        return years * 10000
    months = np.arange(13, dtype=np.int64) * 100  # 00: the year alone
    return (years[:, None] * 10000 + months[None, :]).ravel()


def _continuing(view: _View, zoom: Zoom, span: tuple[int, int]) -> Counts:
    """Per bucket, the spans begun in an earlier bucket that reach it: arithmetic over the
    events with an end only (few, or none in an import without ends)."""
    first, size = span
    spans = np.flatnonzero(view.ends)
    starts, ends = view.keys[spans], view.ends[spans]
    placed = ~coarser_than(starts, zoom)
    begin = serials(starts[placed], zoom) - first
    end = serials(ends[placed], zoom) - first
    longer = end > begin
    # +1 from the bucket after the start, -1 after the end's: their running sum.
    steps = np.bincount(np.minimum(begin[longer] + 1, size), minlength=size + 1)
    steps -= np.bincount(np.minimum(end[longer] + 1, size), minlength=size + 1)
    return np.cumsum(steps)[:size].astype(np.int64)


def _counts(view: _View, zoom: Zoom, span: tuple[int, int]) -> Axis:
    """Counts by binary search over the sorted keys: no arithmetic per event."""
    keys, approximate = view.keys, view.approximate
    first, size = span
    info = np.iinfo(keys.dtype)

    def edges(bounds: Counts, side: Literal["left", "right"]) -> Counts:
        clipped = np.clip(bounds, info.min, info.max).astype(keys.dtype)  # no copy of keys
        return np.searchsorted(keys, clipped, side=side).astype(np.int64)

    bucket_edges = edges(lowest_keys(np.arange(first, first + size + 1), zoom), "left")
    total = np.diff(bucket_edges)
    candidates = _coarse_keys(keys, zoom)
    low, high = edges(candidates, "left"), edges(candidates, "right")
    found = high > low
    where = serials(candidates[found], zoom) - first
    coarse = np.bincount(where, weights=(high - low)[found], minlength=size).astype(np.int64)
    # Approximate dates by their positions among the keys (few, where there are any).
    marked = np.flatnonzero(approximate)
    rough = np.diff(np.searchsorted(marked, bucket_edges)).astype(np.int64)
    if len(marked):
        in_coarse = np.searchsorted(marked, high) - np.searchsorted(marked, low)
        rough -= np.bincount(where, weights=in_coarse[found], minlength=size).astype(np.int64)
    return Axis(zoom, first, total - coarse, rough, coarse, _continuing(view, zoom, span))


def axis(backend: MemoryBackend, query: Query, zoom: Zoom) -> Axis:
    """The axis of one query; ValueError when the zoom would need too many buckets."""
    view = _view(backend, query)
    return _counts(view, zoom, _span([view], zoom))


def default_lanes(backend: MemoryBackend, query: Query, count: int = 4) -> list[str]:
    """The countries the filters name, else the most frequent in the view."""
    if query.countries:
        return sorted(query.countries)
    return [code for code, _ in backend.facet(query, Facet.COUNTRIES, count)]


def lanes(backend: MemoryBackend, query: Query, codes: list[str], zoom: Zoom) -> list[Axis]:
    """One axis per country over the same buckets. A lane replaces the view's country filters
    with its own country (lanes of filtered countries would otherwise all be alike)."""
    others = query.countries - set(codes)
    queries = [replace(query, countries=others | {code}) for code in codes]
    views = [_view(backend, q) for q in queries]
    span = _span(views, zoom)
    return [_counts(view, zoom, span) for view in views]
