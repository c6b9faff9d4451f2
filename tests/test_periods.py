"""Periods typed by a user, the period filter over the bundled events, and the axis counts
(every expected value counted by hand from data/*.json)."""

from __future__ import annotations

import pytest

from tui.core.backends.memory import MemoryBackend
from tui.core.filters import Filter, added, describe, to_query
from tui.core.periods import Zoom, parse_period
from tui.core.store import EventStore
from tui.core.timeaxis import Lane, axis, default_lanes, lanes


@pytest.mark.parametrize(
    ("typed", "label", "first", "last"),
    [
        ("2024", "2024", 20240000, 20249999),
        ("2024-06", "2024-06", 20240600, 20240699),
        ("2024-06-19", "2024-06-19", 20240619, 20240619),
        ("June 2024", "2024-06", 20240600, 20240699),
        ("jun 2024", "2024-06", 20240600, 20240699),
        ("19 June 2024", "2024-06-19", 20240619, 20240619),
        ("  19   june 2024 ", "2024-06-19", 20240619, 20240619),
        ("2016", "2016", 20160000, 20169999),
        ("2020s", "2020s", 20200000, 20299999),
        ("2024-Q2", "2024-Q2", 20240400, 20240699),
        ("2024-W25", "2024-W25", 20240617, 20240623),  # Monday 17 to Sunday 23 June 2024
    ],
)
def test_a_typed_period_is_read_at_its_own_precision(
    typed: str, label: str, first: int, last: int
) -> None:
    period = parse_period(typed)
    assert (period.label, period.start_key, period.end_key) == (label, first, last)
    assert parse_period(period.label) == period  # a chip's label reads back the same


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "no date given"),
        ("yesterday", "'yesterday' is not a date"),
        ("2024-02-30", "has no day 30"),
        ("31 June 2024", "has no day 31"),
        ("13 Juny 2024", "'juny' is not a month name"),
        ("2024-13", "month 13 does not exist"),
        ("2024-06-19T10:00", "not a time"),
        ("2023-W53", "2023 has no week 53"),
    ],
)
def test_an_unreadable_period_is_an_error_saying_why(typed: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        parse_period(typed)


def titles(store: EventStore, filters: tuple[Filter, ...]) -> list[str]:
    return [store.columns.titles[int(row)] for row in store.query(to_query(filters))]


def test_a_period_keeps_the_events_dated_within_it_at_their_own_precision(
    bundled_store: EventStore,
) -> None:
    june = (Filter("period", "2024-06"),)
    assert titles(bundled_store, june) == [
        "Japan and Ukraine state their intention to conclude an information security agreement",
        "Putin visits Pyongyang",
        "Kishida and Luxon meet in Tokyo",
        "Putin and Kim Jong Un sign the Comprehensive Strategic Partnership Treaty",
    ]
    # The day keeps neither the visit that began the day before nor the month-only statement.
    assert len(titles(bundled_store, (Filter("period", "2024-06-19"),))) == 2
    assert len(titles(bundled_store, (Filter("period", "2024"),))) == 10
    # January 2024: the month-only debris report and the US statement of the 4th, not the
    # missile attacks that began on 30 December 2023.
    assert len(titles(bundled_store, (Filter("period", "2024-01"),))) == 2
    russia_in_june = (Filter("country", "RUS"), Filter("period", "2024-06"))
    assert len(titles(bundled_store, russia_in_june)) == 3


def test_a_new_period_replaces_the_previous_one_and_shows_as_its_label() -> None:
    filters = added((Filter("country", "JPN"), Filter("period", "2024")), Filter("period", "2016"))
    assert filters == (Filter("country", "JPN"), Filter("period", "2016"))
    assert describe(filters) == "Japan + 2016"


def test_axis_counts_take_coarse_dates_out_of_finer_buckets(bundled_store: EventStore) -> None:
    backend = MemoryBackend(bundled_store)
    years = axis(backend, to_query(()), Zoom.YEAR)
    assert years.period(0).label == "2007" and len(years) == 19  # 2007..2025, empty years too
    by_year = {years.period(i).label: int(years.placed[i]) for i in range(len(years))}
    assert (by_year["2024"], by_year["2016"], by_year["2008"]) == (10, 2, 0)
    days = axis(backend, to_query(()), Zoom.DAY)
    # Seven events are dated only to a month (2007-08, 2010-06, 2011-10, 2013-07, 2015-12,
    # 2024-01, 2024-06): no day holds them.
    assert int(days.coarse.sum()) == 7 and int(days.placed.sum()) == 18
    new_year = days.index_of_key(20240101)
    assert (int(days.placed[new_year]), int(days.coarse[new_year])) == (0, 1)
    decades = axis(backend, to_query(()), Zoom.DECADE)
    assert [int(n) for n in decades.placed] == [1, 7, 17]  # 2000s, 2010s, 2020s


def test_lanes_line_up_the_nineteenth_of_june_2024(bundled_store: EventStore) -> None:
    backend = MemoryBackend(bundled_store)
    codes = ["JPN", "NZL", "RUS", "PRK"]
    query = to_query(tuple(Filter("country", code) for code in codes))
    found = lanes(backend, query, [Lane("country", code) for code in codes], Zoom.DAY)
    day = found[0].index_of_key(20240619)
    assert found[0].period(day).label == "2024-06-19"
    assert [int(lane.placed[day]) for lane in found] == [1, 1, 2, 2]
    assert [int(lane.placed[day - 1]) for lane in found] == [0, 0, 1, 1]  # the visit
    assert [lane.key for lane in default_lanes(backend, to_query(()))] == [
        "JPN",
        "RUS",
        "PRK",
        "UKR",
    ]


def changed_store() -> EventStore:
    """The bundled events with the US statement of 4 January 2024 dated only "2024" and the
    Japan–Italy agreement of 19 March 2016 marked approximate."""
    from tests.conftest import DATA
    from tui.core.dates import PartialDate
    from tui.core.importers.ours import load_paths

    dataset = load_paths([DATA])
    events = []
    for event in dataset.events:
        if event.id == "us-says-russia-used-north-korean-missiles":
            event = event.model_copy(update={"start": PartialDate(2024)})
        if event.start.sort_key == 20160319:
            event = event.model_copy(update={"approximate": True})
        events.append(event)
    dataset.events = events
    return EventStore.from_dataset(dataset)


def test_a_year_only_date_is_coarse_below_the_year_and_approximate_is_counted() -> None:
    store = changed_store()
    backend = MemoryBackend(store)
    months = axis(backend, to_query(()), Zoom.MONTH)
    january = months.index_of_key(20240100)
    assert months.period(january).label == "2024-01"
    # The debris report (2024-01) is in January; the year-only statement is beside it.
    assert (int(months.placed[january]), int(months.coarse[january])) == (1, 1)
    assert len(store.query(to_query((Filter("period", "2024-01"),)))) == 1
    march = months.index_of_key(20160300)
    assert (int(months.placed[march]), int(months.approximate[march])) == (1, 1)
    years = axis(backend, to_query(()), Zoom.YEAR)
    assert int(years.placed[years.index_of_key(20240000)]) == 10
    assert int(years.coarse.sum()) == 0


@pytest.mark.parametrize("zoom", [z for z in Zoom if z is not Zoom.DECADE])
def test_placed_and_coarse_add_up_to_the_protocols_buckets(zoom: Zoom) -> None:
    from tui.core.periods import serial_of_date
    from tui.core.timeaxis import BUCKET_OF_ZOOM

    backend = MemoryBackend(changed_store())
    for query in (to_query(()), to_query((Filter("country", "RUS"),))):
        counts = axis(backend, query, zoom)
        together = counts.placed + counts.coarse
        expected = {
            serial_of_date(day, zoom): n for day, n in backend.buckets(query, BUCKET_OF_ZOOM[zoom])
        }
        found = {counts.first + i: int(n) for i, n in enumerate(together) if n}
        assert found == expected
