from __future__ import annotations

import pytest

from tui.core.dates import PartialDate, Precision, format_range


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2024", Precision.YEAR), ("2024-06", Precision.MONTH), ("2024-06-19", Precision.DAY)],
)
def test_parse_keeps_precision_and_text(text: str, precision: Precision) -> None:
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert str(date) == text  # never padded to a fake day


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("2024-02-30", "has no day 30"),
        ("2023-02-29", "has no day 29"),
        ("2024-13", "month 13 does not exist"),
        ("2024-00", "month 00 does not exist"),
        ("0000", "there is no year 0"),
        ("10000", "is not a date"),
        ("-0500", "is not a date"),
        ("2024-06-19T24:00", "hour 24 does not exist"),
        ("2024-06T10:00", "is not a date"),
        ("19 June 2024", "is not a date"),
        ("2024-6-19", "is not a date"),
        ("-1900-02-29", "has no day 29"),
    ],
)
def test_impossible_dates_are_refused_with_the_reason(text: str, fault: str) -> None:
    with pytest.raises(ValueError, match=fault):
        PartialDate.parse(text)


def test_leap_day_exists_in_leap_years() -> None:
    assert PartialDate.parse("2024-02-29").day == 29


def test_coarser_dates_sort_before_the_finer_dates_they_contain() -> None:
    texts = ["2024-07", "2024-06-19", "2024", "2024-06", "2024-01-05", "2023-12-31", "2024-06-01"]
    ordered = sorted(PartialDate.parse(t) for t in texts)
    assert [str(d) for d in ordered] == [
        "2023-12-31",
        "2024",
        "2024-01-05",
        "2024-06",
        "2024-06-01",
        "2024-06-19",
        "2024-07",
    ]


def test_sort_key_round_trips() -> None:
    for text in ("2016", "2024-06", "2024-06-19"):
        date = PartialDate.parse(text)
        assert PartialDate.from_key(date.sort_key) == date


def test_first_and_last_day_span_the_precision() -> None:
    month = PartialDate.parse("2024-02")
    assert (str(month.first_day), str(month.last_day)) == ("2024-02-01", "2024-02-29")
    year = PartialDate.parse("2016")
    assert (str(year.first_day), str(year.last_day)) == ("2016-01-01", "2016-12-31")


def test_range_labels() -> None:
    start, end = PartialDate.parse("2024-06-18"), PartialDate.parse("2024-06-19")
    assert format_range(start, end) == "2024-06-18–2024-06-19"
    assert format_range(start, None, approximate=True) == "~2024-06-18"
    assert format_range(start, start) == "2024-06-18"
