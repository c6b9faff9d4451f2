"""ACLED CSV import: both layouts, BOM, long dates, precision, actors, bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TEST_DATA
from tui.core.dates import PartialDate
from tui.core.loading import open_store
from tui.core.model import ActorKind, EventKind
from tui.core.problems import LoadError
from tui.core.store import EventStore, Query

IMPORTS = TEST_DATA / "imports"


def store_of(name: str, **options: bool) -> EventStore:
    return open_store([IMPORTS / name], **options).store  # type: ignore[arg-type]


def row_of(store: EventStore, event_id: str) -> int:
    row = store.row_of(event_id)
    assert row is not None, event_id
    return row


def test_current_layout_with_bom_and_long_dates() -> None:
    result = open_store([IMPORTS / "acled_current.csv"])
    store = result.store
    assert result.format == "acled" and not result.warnings and len(store) == 5
    keys = list(store.columns.start_keys)
    assert keys == sorted(keys)
    sudan = store.events[row_of(store, "SDN90001")]  # "19 June 2024", precision 1
    assert sudan.start == PartialDate(2024, 6, 19) and not sudan.approximate
    assert sudan.kind is EventKind.MILITARY_ACTION
    assert sudan.summary.startswith("On 19 June 2024, SAF and RSF clashed")
    assert "\n" in sudan.summary  # a quoted field spanning two lines
    assert [p.role for p in sudan.actors] == ["actor 1", "actor 2"]
    assert sudan.places[0].country == "SDN" and sudan.places[0].name == "El Fasher, North Darfur"
    source = store.sources[sudan.citations[0].source]
    assert source.title == "Radio Tamazuj; Sudan Tribune"


def test_time_precision_maps_to_date_precision() -> None:
    store = store_of("acled_current.csv")
    week = store.events[row_of(store, "UKR90002")]  # precision 2: the day, approximate
    assert week.start == PartialDate(2024, 6, 18) and week.approximate
    month = store.events[row_of(store, "JPN90003")]  # precision 3: the month, approximate
    assert month.start == PartialDate(2024, 6) and month.approximate
    assert store.compact_date_label(row_of(store, "JPN90003")) == "~2024-06"


def test_actors_countries_and_kinds() -> None:
    store = store_of("acled_current.csv")
    russia = store.actors["acled:military-forces-of-russia-2000"]
    assert russia.kind is ActorKind.STATE and russia.country == "RUS"
    # the event's country from the numeric iso code, plus the state actor's country
    assert store.columns.countries[row_of(store, "UKR90002")] == ("UKR", "RUS")
    assert len(store.query(Query(countries=frozenset({"RUS"})))) == 1
    protest = store.events[row_of(store, "JPN90003")]
    assert [p.actor for p in protest.actors] == [
        "acled:protesters-japan",
        "acled:labor-group-japan",
        "acled:students-japan",
    ]
    assert protest.summary.endswith('"no to arms".')
    assert store.events[row_of(store, "NZL90004")].kind is EventKind.AGREEMENT
    assert store.columns.kinds[row_of(store, "XKX90005")] == "protest"  # riots
    assert store.columns.countries[row_of(store, "XKX90005")] == ()  # Kosovo: no ISO code
    assert {c.label for c in store.concerns.values()} == {
        "Political violence",
        "Demonstrations",
        "Strategic developments",
    }


def test_text_search_covers_notes_actors_and_places() -> None:
    store = store_of("acled_current.csv")
    assert [store.columns.ids[int(r)] for r in store.query(Query(text="DEFENCE budget"))] == [
        "JPN90003"
    ]
    assert len(store.query(Query(text="rapid support"))) == 1  # an actor's name
    assert len(store.query(Query(text="mitrovice"))) == 1  # a location
    assert len(store.query(Query(text="Students (Japan)"))) == 1  # an associated actor


def test_pre_2023_layout() -> None:
    store = store_of("acled_pre2023.csv")
    assert [store.columns.ids[r] for r in range(len(store))] == [
        "NIG20001",
        "SYR20003",
        "MMR20002",
    ]
    assert store.events[1].start == PartialDate(2020, 1) and store.events[1].approximate
    assert store.events[2].start == PartialDate(2021, 2, 14)
    syria = store.actors["acled:military-forces-of-syria-2000"]  # numeric inter code 1
    assert syria.kind is ActorKind.STATE and syria.country == "SYR"
    assert store.columns.countries[0] == ("NGA",)


def test_bad_rows_are_refused_with_line_numbers() -> None:
    with pytest.raises(LoadError) as caught:
        open_store([IMPORTS / "acled_bad.csv"])
    # Line 3 holds a record whose notes span lines 3-4, so the bad rows are on lines 5-7.
    found = [(p.line, p.message) for p in caught.value.problems]
    assert found == [
        (
            5,
            "event_date 2024-13-40 is not a date we can read"
            " (2024-06-19, 19 June 2024, 19-Jun-24, 19/06/2024)",
        ),
        (6, "missing event_id_cnty"),
        (7, "time_precision 7 is not 1, 2 or 3"),
    ]


def test_skip_bad_loads_the_good_rows_and_counts_the_rest() -> None:
    result = open_store([IMPORTS / "acled_bad.csv"], skip_bad=True)
    assert len(result.store) == 3 and result.skipped_rows == 3
    assert [p.line for p in result.skipped_problems] == [5, 6, 7]
    assert result.warnings and "skipped 3 bad rows" in result.warnings[0]


def test_long_listings_are_capped(tmp_path: Path) -> None:
    header = (IMPORTS / "acled_bad.csv").read_text("utf-8").splitlines()[0]
    bad_row = "X{n},not a date,2024,1,,Battles,Armed clash,A,,,,,,,,804,,Ukraine,,,,,,,1,,,n,0,,1"
    lines = [header, *(bad_row.format(n=n) for n in range(120))]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(LoadError) as caught:
        open_store([path])
    problems = caught.value.problems
    assert len(problems) == 51 and problems[0].line == 2
    assert "70 more bad rows" in problems[-1].message
    assert open_store([path], skip_bad=True).skipped_rows == 120


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int | None]] = []
    open_store([IMPORTS / "acled_current.csv"], progress=lambda n, total: calls.append((n, total)))
    assert calls and calls[-1] == (5, 5)


def test_small_slices_give_the_same_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A big file is parsed in slices: labels, lines and order must not depend on where the
    slices are cut (each slice's label ids must mean the same labels as every other's)."""
    from tui.core.importers import csv_reading

    header, *rows = (IMPORTS / "acled_current.csv").read_text("utf-8-sig").splitlines(True)
    path = tmp_path / "many.csv"
    path.write_text(header + "".join(rows * 40), "utf-8")
    whole = open_store([path], skip_bad=True)
    monkeypatch.setattr(csv_reading, "CHUNK_BYTES", 700)  # a few records per slice
    sliced = open_store([path], skip_bad=True)
    assert whole.skipped_rows == sliced.skipped_rows == 195  # repeated ids
    assert [p.line for p in whole.skipped_problems] == [p.line for p in sliced.skipped_problems]
    assert sliced.skipped_problems[0].line == 8  # a record's notes span two lines
    store, other = whole.store, sliced.store
    assert [store.events[r] for r in range(len(store))] == [
        other.events[r] for r in range(len(other))
    ]
    assert store.countries_present() == other.countries_present()
