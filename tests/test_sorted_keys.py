"""Year and month boundaries found by binary search agree with a pass over every row."""

from __future__ import annotations

import numpy as np
import pytest

from tui.core import sorted_keys


def _keys(seed: int, size: int) -> np.ndarray:
    """Sort keys as the stores hold them: ascending, some known only to the month or year,
    years before the common era among them (negative keys), gaps of empty years."""
    rng = np.random.default_rng(seed)
    years = rng.choice(np.array([-44, -1, 1, 1990, 1991, 1997, 2024, 2025]), size)
    months = rng.integers(0, 13, size)
    days = np.where(months == 0, 0, rng.integers(0, 29, size))
    return np.sort(years * 10000 + months * 100 + days).astype(np.int32)


def _month_of(keys: np.ndarray) -> np.ndarray:
    wide = keys.astype(np.int64)
    months: np.ndarray = (wide // 10000) * 12 + np.maximum((wide // 100) % 100, 1) - 1
    return months


@pytest.mark.parametrize("seed", range(5))
def test_year_starts_are_where_the_year_changes(seed: int) -> None:
    keys = _keys(seed, 2_000)
    rng = np.random.default_rng(seed + 100)
    for rows in (np.arange(len(keys)), np.flatnonzero(rng.random(len(keys)) < 0.05)):
        years = keys[rows] // 10000
        expected = np.concatenate(([0], np.flatnonzero(np.diff(years)) + 1))
        assert sorted_keys.year_starts(keys, rows.astype(np.int64)).tolist() == expected.tolist()


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("buckets", [1, 7, 80, 5000])
def test_month_counts_are_a_histogram_of_the_rows_months(seed: int, buckets: int) -> None:
    keys = _keys(seed, 3_000)
    months = _month_of(keys)
    low, span = int(months[0]), int(months[-1] - months[0] + 1)
    rows = np.flatnonzero(np.random.default_rng(seed).random(len(keys)) < 0.3).astype(np.int64)
    for chosen in (rows, None):
        picked = months if chosen is None else months[chosen]
        slots = (picked - low) * buckets // span
        expected = np.bincount(slots, minlength=buckets)[:buckets].tolist()
        assert sorted_keys.month_counts(keys, chosen, buckets) == expected
        for row in (0, len(keys) // 2, len(keys) - 1):
            assert (
                sorted_keys.bucket_of(keys, row, buckets) == (months[row] - low) * buckets // span
            )


def test_nothing_to_count() -> None:
    empty = np.empty(0, dtype=np.int32)
    assert sorted_keys.year_starts(np.array([20240101]), np.empty(0, dtype=np.int64)).size == 0
    assert sorted_keys.month_counts(empty, None, 4) == [0, 0, 0, 0]
    assert sorted_keys.month_counts(np.array([20240619]), None, 0) == []


def test_a_year_only_date_counts_in_january() -> None:
    keys = np.array([20240000, 20240115, 20240200, 20241231])
    assert sorted_keys.month_counts(keys, None, 12) == [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
