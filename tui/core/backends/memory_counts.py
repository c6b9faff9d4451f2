"""The time views' counts over the in-memory store's columns (numpy, nothing per event in Python).

Rows are in time order, so a query's start keys are sorted: runs of one key are counted by
where the key changes (a few hundred distinct keys in a year of a million events), then each
run is placed in its bucket. Per query, the runs are kept, so changing the zoom costs only the
placing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tui.core.backends.base import (
    Bucket,
    BucketCounts,
    PairCount,
    SpanCounts,
    bucket_values,
    coarser_than_bucket,
)
from tui.core.columns import RaggedColumn, Rows

Counts = npt.NDArray[np.int64]


@dataclass(frozen=True)
class KeyRuns:
    """The distinct start keys of some rows (ascending), how many rows have each, and how
    many of those are marked approximate."""

    keys: Counts
    count: Counts
    approximate: Counts


def key_runs(keys: npt.NDArray[np.integer], approximate: npt.NDArray[np.bool_]) -> KeyRuns:
    """Runs of equal keys in sorted ``keys``."""
    if not len(keys):
        empty = np.zeros(0, dtype=np.int64)
        return KeyRuns(empty, empty, empty)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    count = np.diff(np.append(starts, len(keys))).astype(np.int64)
    # Approximate dates are few: their run is found by binary search, not a pass per row.
    marked = np.flatnonzero(approximate)
    run_of_marked = np.searchsorted(starts, marked, side="right") - 1
    rough = np.bincount(run_of_marked, minlength=len(starts)).astype(np.int64)
    return KeyRuns(keys[starts].astype(np.int64), count, rough)


def bucket_counts(runs: KeyRuns, unit: Bucket) -> BucketCounts:
    """The runs summed per bucket (ascending: the keys are, and a bucket is a range of keys)."""
    if not len(runs.keys):
        empty = np.zeros(0, dtype=np.int64)
        return BucketCounts(empty, empty, empty, empty)
    values = bucket_values(runs.keys, unit)
    coarse = coarser_than_bucket(runs.keys, unit)
    first = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))

    def summed(numbers: Counts) -> Counts:
        return np.add.reduceat(numbers, first).astype(np.int64)

    fine_count = np.where(coarse, 0, runs.count)
    return BucketCounts(
        values=values[first],
        placed=summed(fine_count),
        approximate=summed(np.where(coarse, 0, runs.approximate)),
        coarse=summed(runs.count - fine_count),
    )


def span_counts(
    starts: npt.NDArray[np.integer], ends: npt.NDArray[np.integer], unit: Bucket
) -> SpanCounts:
    """Events with an end (``ends`` non-zero) grouped by their first and last buckets."""
    spans = np.flatnonzero(ends)
    begin_keys, end_keys = starts[spans], ends[spans]
    fine = ~coarser_than_bucket(begin_keys, unit)
    first = bucket_values(begin_keys[fine], unit)
    last = bucket_values(end_keys[fine], unit)
    longer = last > first
    pairs = np.stack([first[longer], last[longer]], axis=1)
    if not len(pairs):
        empty = np.zeros(0, dtype=np.int64)
        return SpanCounts(empty, empty, empty)
    grouped, count = np.unique(pairs, axis=0, return_counts=True)
    return SpanCounts(grouped[:, 0], grouped[:, 1], count.astype(np.int64))


TALLY_CELLS = 1_000_000  # up to 1,000 labels: pairs are tallied in a table, not sorted
CHUNK = 1 << 16  # values paired at a time over every row


def pair_counts(column: RaggedColumn, rows: Rows, limit: int | None) -> list[PairCount]:
    """Per pair of distinct labels of one row (actors), the rows holding both, most first
    (ties by the labels); at most ``limit``."""
    width = len(column.labels)
    every = len(rows) == len(column)  # rows are distinct: all of them, in order
    tally = _every_row_tally(column) if every and width * width <= TALLY_CELLS else None
    if tally is None:
        codes = _pair_codes(column, rows)
        if width * width <= TALLY_CELLS:
            tally = np.bincount(codes, minlength=width * width).reshape(width, width)
    if tally is not None:
        both = np.triu(tally + tally.T, 1)  # either order, a label with itself left out
        lesser, greater = np.nonzero(both)
        count = both[lesser, greater]
    else:
        first, second = np.divmod(codes, width)
        distinct = first != second
        low = np.minimum(first, second)[distinct]
        high = np.maximum(first, second)[distinct]
        pair, count = np.unique(low * width + high, return_counts=True)
        lesser, greater = np.divmod(pair, width)
    labels = column.labels
    counted: list[PairCount] = []
    for x, y, n in zip(lesser.tolist(), greater.tolist(), count.tolist(), strict=True):
        counted.append((min(labels[x], labels[y]), max(labels[x], labels[y]), n))
    ranked = sorted(counted, key=lambda item: (-item[2], item[0], item[1]))
    return ranked if limit is None else ranked[: max(limit, 0)]


def _every_row_tally(column: RaggedColumn) -> npt.NDArray[np.int64] | None:
    """Over every row, the table of (first label, second label) counts: the labels d apart
    in the flat values, where both are of one row, for each d, with no copy but the codes.
    None when a row names a label twice (that row's pairs must count once: the slow way)."""
    width = len(column.labels)
    cells = width * width
    tally = np.zeros(cells + 1, dtype=np.int64)  # the last cell: pairs across two rows
    row_of, values = column.row_of_value(), column.values
    for d in range(1, int(np.diff(column.offsets).max(initial=0))):
        # In slices that stay in the processor's cache: no large array is made.
        for low in range(0, len(values) - d, CHUNK):
            high = min(low + CHUNK, len(values) - d)
            same_row = row_of[low:high] == row_of[low + d : high + d]
            first, second = values[low:high], values[low + d : high + d]
            if np.logical_and(first == second, same_row).any():
                return None
            codes = np.where(same_row, first.astype(np.int64) * width + second, cells)
            tally += np.bincount(codes, minlength=cells + 1)
    return tally[:cells].reshape(width, width)


def _pair_codes(column: RaggedColumn, rows: Rows) -> Counts:
    """first * width + second for each pair of positions i < j of each row's labels (one
    vectorised step per i, j over the rows that long), a row's repeated pairs counted once."""
    width = len(column.labels)
    starts = column.offsets[rows]
    lengths = column.offsets[rows + 1] - starts
    longest = int(lengths.max(initial=0))
    ordered: list[Counts] = [np.zeros(0, dtype=np.int64)]
    owners: list[Rows] = [np.zeros(0, dtype=np.int64)]
    repeated: list[Rows] = []  # rows holding a label twice
    for i in range(longest):
        for j in range(i + 1, longest):
            long_enough = np.flatnonzero(lengths > j)
            at = starts[long_enough]
            first, second = column.values[at + i], column.values[at + j]
            ordered.append(first.astype(np.int64) * width + second)
            owners.append(long_enough)
            if (same := first == second).any():
                repeated.append(long_enough[same])
    codes = np.concatenate(ordered)
    if not repeated:
        return codes
    # Such a row must count each of its pairs once: rare, so in Python.
    owner = np.concatenate(owners)
    single = np.isin(owner, np.concatenate(repeated))
    seen: set[tuple[int, int]] = set()
    for row, code in zip(owner[single].tolist(), codes[single].tolist(), strict=True):
        a, b = divmod(code, width)
        seen.add((row, min(a, b) * width + max(a, b)))
    once = np.fromiter((code for _, code in seen), dtype=np.int64, count=len(seen))
    return np.concatenate([codes[~single], once])
