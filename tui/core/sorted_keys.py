"""Where years and months begin among rows in time order, found by binary search.

A store's start keys (YYYYMMDD, 00 for an unknown month or day; see tui.core.dates) ascend
with the row number, and every query answers with ascending rows, so the keys of any view's
rows ascend too. Where a year or a month begins among them is then a binary search per year or
month, not a pass over every row: the timeline's year lines and the density strip's counts cost
microseconds at ten million rows instead of a third of a second on the UI thread.

A date known only to its year sorts in its first month (key YYYY0000), as in
``EventStore``'s month numbers: month ``m`` (year * 12 + month - 1) starts at key
``year * 10000`` for January and at ``year * 10000 + month * 100`` for the others.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Keys = npt.NDArray[np.integer]
Rows = npt.NDArray[np.int64]


def month_of_key(key: int) -> int:
    """The month number (year * 12 + month - 1) a sort key is counted in."""
    return (key // 10000) * 12 + max((key // 100) % 100, 1) - 1


def _first_positions(keys: Keys, rows: Rows | None, bounds: npt.NDArray[np.int64]) -> Rows:
    """For each bound, the first position among ``rows`` (all rows when None) whose key is at
    least the bound."""
    # The bounds in the keys' own type: numpy would otherwise convert every key to compare.
    at = np.searchsorted(keys, bounds.astype(keys.dtype), side="left")
    if rows is None:
        return at.astype(np.int64)
    return np.searchsorted(rows, at, side="left").astype(np.int64)


def year_starts(keys: Keys, rows: Rows) -> Rows:
    """The positions among ``rows`` where a new year begins (0 first), ascending."""
    if not len(rows):
        return np.empty(0, dtype=np.int64)
    first, last = int(keys[rows[0]]) // 10000, int(keys[rows[-1]]) // 10000
    bounds = np.arange(first + 1, last + 1, dtype=np.int64) * 10000
    starts = np.unique(_first_positions(keys, rows, bounds))
    return np.concatenate(([0], starts[(starts > 0) & (starts < len(rows))])).astype(np.int64)


def month_starts(first_month: int, last_month: int) -> npt.NDArray[np.int64]:
    """The first sort key of each month from ``first_month`` to ``last_month``."""
    months = np.arange(first_month, last_month + 1, dtype=np.int64)
    years, month = months // 12, months % 12 + 1
    return years * 10000 + np.where(month > 1, month * 100, 0)


def month_counts(keys: Keys, rows: Rows | None, buckets: int) -> list[int]:
    """Rows (all when None) per equal slice of the months from the first key's to the last's."""
    if not len(keys) or buckets <= 0:
        return [0] * max(buckets, 0)
    low, high = month_of_key(int(keys[0])), month_of_key(int(keys[-1]))
    span = high - low + 1
    starts = _first_positions(keys, rows, month_starts(low, high))
    total = len(keys) if rows is None else len(rows)
    per_month = np.diff(np.append(starts, total))
    slot_of_month = np.arange(span, dtype=np.int64) * buckets // span
    counts = np.bincount(slot_of_month, weights=per_month, minlength=buckets)[:buckets]
    return [int(n) for n in counts]


def bucket_of(keys: Keys, row: int, buckets: int) -> int:
    """The slice of ``month_counts`` a row is counted in."""
    low, high = month_of_key(int(keys[0])), month_of_key(int(keys[-1]))
    return (month_of_key(int(keys[row])) - low) * buckets // (high - low + 1)
