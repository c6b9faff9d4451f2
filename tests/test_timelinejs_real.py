"""Real TimelineJS files (tests/data/real/timelinejs, see its README): counts, order, dates,
precision, labels and titles checked by hand against the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TEST_DATA
from tui.core.dates import PartialDate, Precision
from tui.core.exporters.timelinejs import EXTENSION_KEY, to_timelinejs
from tui.core.importers import timelinejs
from tui.core.problems import LoadError
from tui.core.store import EventStore

REAL = TEST_DATA / "real" / "timelinejs"


def _store(name: str, *, skip_bad: bool = False) -> tuple[EventStore, int]:
    dataset, skipped, _ = timelinejs.load(REAL / name, skip_bad=skip_bad)
    return EventStore.from_dataset(dataset), skipped


def _rows(store: EventStore) -> list[tuple[str, str]]:
    return [(store.compact_date_label(r), store.columns.titles[r]) for r in range(len(store))]


def test_deep_time_reads_sorts_and_shows_in_years_ago() -> None:
    with pytest.raises(LoadError) as caught:
        timelinejs.load(REAL / "tl3_cosmological.json")
    [problem] = caught.value.problems
    # The sixth event, {"year": "0", "display_text": "Now"}, opens at line 110.
    assert (problem.line, problem.message) == (
        110,
        "event 6: there is no year 0: use -1 for 1 BCE or 1 for 1 CE",
    )
    store, skipped = _store("tl3_cosmological.json", skip_bad=True)
    assert skipped == 1 and store.name == "tl3_cosmological"  # no title slide: the file name
    assert _rows(store) == [
        ("13.798 billion years ago", "The Big Bang"),
        ("13.79793 billion years ago", "Matter domination"),
        ("13.797623 billion years ago", "Recombination"),
        ("13.648–12.798 billion years ago", "Reionization"),
        ("4.798 billion years ago", "Formation of the Solar System"),
    ]
    big_bang = store.events[0]
    assert big_bang.start == PartialDate(-13_798_000_000)
    assert big_bang.start.precision is Precision.YEAR
    assert store.columns.start_keys[0] == -137_980_000_000_000  # year * 10000, in an int64
    assert store.year(0) == -13_798_000_000


def test_bce_years_read_sort_and_show_as_bce() -> None:
    store, skipped = _store("tl3_years_bce.json")
    assert skipped == 0
    assert _rows(store) == [
        ("5410 BCE", "Geological Timeline Test"),  # "type": "overview", but dated: an event
        ("2520 BCE", "-2520"),
        ("2010 BCE", "-2010"),
        ("1450 BCE", "-1450"),
        ("258 BCE", "-258"),
    ]
    assert store.events[4].start == PartialDate(-258)
    assert store.date_label(0) == "5410 BCE"


def test_milliseconds_keep_the_order_of_one_second() -> None:
    store, _ = _store("tl3_milliseconds.json")
    assert store.name == "Milliseconds"
    assert [store.events[r].start.millisecond for r in range(len(store))] == [1, 10, 30, 50, 60]
    assert store.events[0].start.precision is Precision.MILLISECOND
    from tui.core.rowtext import date_column_width

    assert store.compact_date_label(1) == "2015-01-01 01:01:01.010"
    assert date_column_width(store) == len("2015-01-01 01:01:01.010")


def test_timelinejs_2_with_title_and_comma_dates() -> None:
    dataset, skipped, _ = timelinejs.load(REAL / "tl2_example_json.json")
    assert skipped == 0 and len(dataset.events) == 6
    assert (dataset.name, dataset.description) == ("Sh*t People Say", "People say stuff")
    store = EventStore.from_dataset(dataset)
    assert _rows(store)[0] == ("2011-12-12", "Sh*t Girls Say")
    assert _rows(store)[-1] == ("2012-01-26 → 27", "Sh*t Politicians Say")
    politicians = store.events[-1]
    assert (politicians.start, politicians.end) == (
        PartialDate(2012, 1, 26),
        PartialDate(2012, 1, 27),
    )


def test_timelinejs_2_keeps_a_time_of_day() -> None:
    store, _ = _store("tl2_utc_firefox.json")
    assert store.name == "tl2_utc_firefox"  # the title's headline is empty
    assert len(store) == 5
    shirts = store.events[1]
    assert shirts.start == PartialDate(1896, 9, 10, 12, 6)  # "1896,9,10,12,06"
    assert shirts.start.precision is Precision.MINUTE
    assert store.compact_date_label(1) == "1896-09-10 12:06"
    assert store.events[4].end == PartialDate(1930, 9, 10)
    assert store.events[0].summary == "Wm. Sugden and Sons Ltd started tailors shop in Cleckheaton"


@pytest.mark.parametrize(
    "name",
    [
        "tl3_years_bce.json",
        "tl3_milliseconds.json",
        "tl2_utc_firefox.json",
        "tl2_example_json.json",
    ],
)
def test_export_keeps_bce_years_and_times(name: str, tmp_path: Path) -> None:
    store, _ = _store(name)
    exported = tmp_path / "out.json"
    exported.write_text(to_timelinejs(store, store.all_rows()), encoding="utf-8")
    document = json.loads(exported.read_text(encoding="utf-8"))
    expected = [(e.start, e.end) for e in store.events]
    again, skipped, _ = timelinejs.load(exported)
    assert skipped == 0 and [(e.start, e.end) for e in again.events] == expected
    # TimelineJS's own fields alone keep them too, without our block on each slide.
    document.pop(EXTENSION_KEY)
    for slide in document["events"]:
        slide.pop(EXTENSION_KEY)
    exported.write_text(json.dumps(document), encoding="utf-8")
    plain, _, _ = timelinejs.load(exported)
    assert [(e.start, e.end) for e in plain.events] == expected


def test_exported_dates_are_timelinejs_date_objects() -> None:
    store, _ = _store("tl3_years_bce.json")
    document = json.loads(to_timelinejs(store, store.all_rows()))
    assert document["events"][0]["start_date"] == {"year": "-5410", "display_date": "5410 BCE"}
    store, _ = _store("tl2_utc_firefox.json")
    document = json.loads(to_timelinejs(store, store.all_rows()))
    assert document["events"][1]["start_date"] == {
        "year": "1896",
        "month": "9",
        "day": "10",
        "hour": "12",
        "minute": "6",
        "display_date": "10 September 1896 12:06",
    }
