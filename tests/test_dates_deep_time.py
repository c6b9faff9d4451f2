"""BCE and deep-time years, times of day: parsing, order, keys, labels (hand-checked)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from tui.core.dates import PartialDate, Precision, format_range, year_label, years_ago
from tui.core.model import Dataset, Event, EventKind
from tui.core.rowtext import compact_date_label
from tui.core.store import EventStore


@pytest.mark.parametrize(
    ("text", "label", "precision"),
    [
        ("-5410", "5410 BCE", Precision.YEAR),
        ("-44-03-15", "44-03-15 BCE", Precision.DAY),
        ("-13800000000", "13.8 billion years ago", Precision.YEAR),
        ("-66000000", "66 million years ago", Precision.YEAR),
        ("-999999", "999999 BCE", Precision.YEAR),
        ("2024-06-19", "2024-06-19", Precision.DAY),
        ("2024-06-19T14", "2024-06-19 14h", Precision.HOUR),
        ("2024-06-19T14:30", "2024-06-19 14:30", Precision.MINUTE),
        ("2024-06-19T14:30:05", "2024-06-19 14:30:05", Precision.SECOND),
        ("2024-06-19T14:30:05.250", "2024-06-19 14:30:05.250", Precision.MILLISECOND),
    ],
)
def test_parse_label_and_round_trip(text: str, label: str, precision: Precision) -> None:
    date = PartialDate.parse(text)
    assert (date.label, date.precision, str(date)) == (label, precision, text)
    assert PartialDate.from_key(date.sort_key, date.time_key) == date


def test_sort_keys_of_bce_years_decode_with_floor_division() -> None:
    assert PartialDate(-5410).sort_key == -54_100_000
    assert PartialDate(-5410, 6, 12).sort_key == -54_100_000 + 612
    assert PartialDate.from_key(-54_099_388) == PartialDate(-5410, 6, 12)
    assert PartialDate(-13_800_000_000).sort_key == -138_000_000_000_000
    assert PartialDate(-13_800_000_000).sort_key > np.iinfo(np.int64).min


def test_order_across_eras_and_within_a_day() -> None:
    texts = [
        "2024-06-19T14:30",
        "-44-03-15",
        "2024-06-19",
        "-13800000000",
        "-45",
        "2024-06-19T09:05:00.001",
        "-44",
        "0001",
        "2024-06-19T14",
        "-66000000",
        "2024-06-19T14:00",
    ]
    assert [str(d) for d in sorted(PartialDate.parse(t) for t in texts)] == [
        "-13800000000",
        "-66000000",
        "-45",
        "-44",
        "-44-03-15",
        "0001",
        "2024-06-19",
        "2024-06-19T09:05:00.001",
        "2024-06-19T14",
        "2024-06-19T14:00",
        "2024-06-19T14:30",
    ]


@pytest.mark.parametrize(
    ("date", "fault"),
    [
        (lambda: PartialDate(0), "there is no year 0"),
        (lambda: PartialDate(-(10**14)), "outside"),
        (lambda: PartialDate(2024, 6, None, 10), "a time of day needs a day"),
        (lambda: PartialDate(2024, 6, 19, None, 30), "minute 30 needs the hour"),
        (lambda: PartialDate(2024, 6, 19, 10, 60), "minute 60 does not exist"),
        (lambda: PartialDate(2024, 6, 19, 10, 5, 1, 1000), "millisecond 1000 does not exist"),
        (lambda: PartialDate(-5410, 2, 29), "5410-02 has no day 29"),
    ],
)
def test_impossible_parts_are_refused(date: Callable[[], object], fault: str) -> None:
    with pytest.raises(ValueError, match=fault):
        date()


def test_leap_years_before_the_common_era_follow_the_number_given() -> None:
    assert PartialDate(-4, 2, 29).day == 29  # -4 is divisible by 4, as JavaScript counts
    assert PartialDate(-400, 2, 29).day == 29


def test_years_ago_keeps_every_digit() -> None:
    assert years_ago(13_800_000_000) == "13.8 billion years ago"
    assert years_ago(13_797_623_000) == "13.797623 billion years ago"
    assert years_ago(4_540_000_000) == "4.54 billion years ago"
    assert years_ago(2_500_000) == "2.5 million years ago"
    assert year_label(-5410) == "5410 BCE"
    assert year_label(2024) == "2024"


def test_ranges() -> None:
    assert format_range(PartialDate(-13_648_000_000), PartialDate(-12_798_000_000)) == (
        "13.648–12.798 billion years ago"
    )
    assert format_range(PartialDate(-3000), PartialDate(-2029)) == "3000 BCE–2029 BCE"
    assert format_range(PartialDate(2024, 6, 19, 9), PartialDate(2024, 6, 19, 17)) == (
        "2024-06-19 09h–2024-06-19 17h"
    )


def test_row_labels() -> None:
    day = PartialDate(2024, 6, 19)
    assert compact_date_label(day.sort_key, 0, False) == "2024-06-19"  # unchanged
    assert compact_date_label(day.sort_key, PartialDate(2024, 6, 20).sort_key, False) == (
        "2024-06-19 → 20"
    )
    timed = PartialDate(2024, 6, 19, 14, 30)
    assert compact_date_label(timed.sort_key, 0, True, timed.time_key) == "~2024-06-19 14:30"
    bce = PartialDate(-44, 3, 15)
    assert compact_date_label(bce.sort_key, 0, False) == "44-03-15 BCE"


def _event(event_id: str, start: PartialDate) -> Event:
    return Event(id=event_id, title=event_id, start=start, kind=EventKind.OTHER)


def test_store_orders_by_time_within_a_day_and_widens_keys_only_when_needed() -> None:
    events = [
        _event("afternoon", PartialDate(2024, 6, 19, 15)),
        _event("morning", PartialDate(2024, 6, 19, 9, 30)),
        _event("the-day", PartialDate(2024, 6, 19)),
    ]
    store = EventStore.from_dataset(Dataset(name="d", events=events))
    assert list(store.columns.ids) == ["the-day", "morning", "afternoon"]
    assert store.columns.start_keys.dtype == np.int32
    assert [store.compact_date_label(r) for r in range(3)] == [
        "2024-06-19",
        "2024-06-19 09:30",
        "2024-06-19 15h",
    ]
    from tui.core.rowtext import date_column_width

    # 2 of 3 rows are wider than 2024-06-19 (10): the column fits the widest, "09:30" (16).
    assert date_column_width(store) == len("2024-06-19 09:30")
    plain = EventStore.from_dataset(Dataset(name="d", events=events[2:]))
    assert plain.columns.start_times is None and date_column_width(plain) == 10

    deep = [_event("big-bang", PartialDate(-13_800_000_000)), _event("rome", PartialDate(-753))]
    store = EventStore.from_dataset(Dataset(name="d", events=deep))
    assert store.columns.start_keys.dtype == np.int64
    assert [store.year(r) for r in range(2)] == [-13_800_000_000, -753]
    assert store.date_label(1) == "753 BCE"
