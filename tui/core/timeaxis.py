"""Counts for the time axis and its lanes, over the rows of a query of the in-memory backend.

An event dated less finely than the zoom ("2024" at month zoom) is in no bucket: it sorts, and
the protocol's ``buckets`` counts it, on its period's first day, so here it is taken out of
that bucket's count and kept beside it as *coarse* (``Axis.coarse``); ``placed + coarse`` per
bucket is what ``EventBackend.buckets`` answers (the tests check it). The bucket's count is
then what its period filter keeps (tui.core.periods).

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
from tui.core.periods import Period, Zoom, lowest_keys, period_of, serials
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

    def __len__(self) -> int:
        return len(self.placed)

    def period(self, index: int) -> Period:
        return period_of(self.first + index, self.zoom)

    def index_of_key(self, key: int) -> int:
        """The bucket index holding a sort key, clamped to the axis."""
        serial = int(serials(np.asarray([key]), self.zoom)[0])
        return max(0, min(serial - self.first, len(self) - 1))


def _view(backend: MemoryBackend, query: Query) -> tuple[Keys, Flags]:
    """The start keys (ascending: rows are in time order) and approximate flags of a query."""
    columns = backend.store.columns
    if query == Query():  # every row: no query, no copy
        return columns.start_keys, columns.approximate
    rows = backend.rows(query)
    if len(rows) == len(columns):
        return columns.start_keys, columns.approximate
    return columns.start_keys[rows], columns.approximate[rows]


def _span(views: list[tuple[Keys, Flags]], zoom: Zoom) -> tuple[int, int]:
    """(first serial, number of buckets) covering every view's keys."""
    ends = [keys[[0, -1]] for keys, _ in views if len(keys)]
    if not ends:
        return 0, 0
    marks = serials(np.concatenate(ends), zoom)
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


def _counts(view: tuple[Keys, Flags], zoom: Zoom, span: tuple[int, int]) -> Axis:
    """Counts by binary search over the sorted keys: no arithmetic per event."""
    keys, approximate = view
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
    return Axis(zoom, first, total - coarse, rough, coarse)


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
