"""Real ACLED files from public repositories (tests/data/real/acled/README.md says where each
comes from): counts and hand-checked rows, read off the files themselves."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import TEST_DATA
from tui.core.dates import PartialDate
from tui.core.loading import open_store
from tui.core.model import ActorKind, EventKind
from tui.core.store import EventStore

REAL = TEST_DATA / "real" / "acled"
ALGERIA = REAL / "hdx_algeria_2001_old_layout.csv"
DJIBOUTI = REAL / "hoa_djibouti_2019_iso.csv"
AFRICA_2016 = REAL / "osac_africa_2016_pandas_index.csv"


def store_of(path: Path) -> EventStore:
    result = open_store([path])  # detected, not forced
    assert result.format == "acled"
    return result.store


def event_of(store: EventStore, event_id: str) -> int:
    row = store.row_of(event_id)
    assert row is not None, event_id
    return row


def actors_of(store: EventStore, event_id: str) -> list[tuple[str, str, str | None, str | None]]:
    event = store.events[event_of(store, event_id)]
    found = []
    for participant in event.actors:
        actor = store.actors[participant.actor]
        found.append((actor.name, actor.kind.value, actor.country, participant.role))
    return found


def test_old_uppercase_layout_with_slashed_day_first_dates() -> None:
    """GWNO, ALLY_ACTOR_1, no SUB_EVENT_TYPE, dates 18/04/2001: refused before as 'not ACLED'."""
    store = store_of(ALGERIA)
    assert len(store) == 4
    assert [store.events[r].id for r in range(4)] == ["1416RTA", "2229RTA", "2230RTA", "2231RTA"]
    first = store.events[event_of(store, "1416RTA")]
    assert first.start == PartialDate(2001, 4, 18) and not first.approximate
    assert first.kind is EventKind.VIOLENCE and "1 fatalities" in first.tags
    assert actors_of(store, "1416RTA") == [
        ("Police Forces of Algeria (1999-)", "state", "DZA", "actor 1"),
        ("Civilians (Algeria)", "group", "DZA", "actor 2"),
        ("Berber Ethnic Group (Algeria)", "group", "DZA", "associated with actor 2"),
    ]
    riot = store.events[event_of(store, "2229RTA")]  # "Riots/Protests", the pre-2019 type
    assert riot.start == PartialDate(2001, 4, 19) and riot.kind is EventKind.PROTEST
    assert store.countries_present() == ["DZA"]


def test_current_layout_with_foreign_actors() -> None:
    store = store_of(DJIBOUTI)
    assert len(store) == 26
    assert store.countries_present() == ["DJI", "ERI", "ETH"]
    # Ethiopian refugees protesting in Djibouti: the event involves Ethiopia too.
    assert store.columns.countries[event_of(store, "DJI109")] == ("DJI", "ETH")
    assert [store.events[r].id for r in store.rows_for_country("ETH")] == ["DJI109"]
    assert actors_of(store, "DJI109")[1:] == [
        ("Protesters (Ethiopia)", "group", "ETH", "actor 2"),
        ("Refugees/IDPs (Ethiopia)", "group", "ETH", "associated with actor 2"),
        ("Oromo Ethnic Group (Ethiopia)", "group", "ETH", "associated with actor 2"),
    ]
    deal = store.events[event_of(store, "DJI116")]
    assert deal.kind is EventKind.AGREEMENT and deal.start == PartialDate(2018, 8, 7)
    eritrea = store.actors["acled:government-of-eritrea-1993"]
    assert eritrea.kind is ActorKind.STATE and eritrea.country == "ERI"  # inter2 is 8 here
    month = store.events[event_of(store, "DJI112")]  # time_precision 3: "mid-June 2017"
    assert month.start == PartialDate(2017, 6) and month.approximate
    week = store.events[event_of(store, "DJI124")]  # time_precision 2: "on or around"
    assert week.start == PartialDate(2019, 9, 16) and week.approximate


def test_2016_africa_rows_saved_by_pandas_with_an_unnamed_index_column() -> None:
    store = store_of(AFRICA_2016)
    assert len(store) == 17
    assert store.countries_present() == ["BDI", "CAF", "COD", "LBY", "MLI", "SDN", "SOM", "SSD"]
    # Burundian refugees rioting in the DR Congo.
    assert store.columns.countries[event_of(store, "DRC9804")] == ("COD", "BDI")
    assert [store.events[r].id for r in store.rows_for_country("BDI")] == ["DRC9804"]
    gendarmes = actors_of(store, "CEN3199")[0]
    assert gendarmes == (
        "Military Forces of the Central African Republic (2016-) Gendarmerie",
        "state",
        "CAF",
        "actor 1",
    )
    fizi = store.events[event_of(store, "DRC14763")]  # precision 3 in February 2016
    assert fizi.start == PartialDate(2016, 2) and fizi.approximate
    assert store.events[event_of(store, "LBY4680")].kind is EventKind.MILITARY_ACTION


def _with_dates(path: Path, tmp_path: Path, style: str) -> Path:
    """The real file as a spreadsheet saves it: event_date rewritten in another style."""
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    column = rows[0].index("event_date")
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for row in rows[1:]:
        year, month, day = (int(part) for part in row[column].split("-"))
        row[column] = {
            "DD-MM-YY": f"{day:02}-{month:02}-{year % 100:02}",
            "D-Mon-YY": f"{day}-{months[month - 1]}-{year % 100:02}",
            "M/D/YYYY": f"{month}/{day}/{year}",
            "D Month YYYY": f"{day} {months[month - 1]} {year}",
        }[style]
    out = tmp_path / f"{style.replace('/', '')}.csv"
    with out.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)
    return out


def test_spreadsheet_date_styles_of_a_real_file_give_the_same_dates(tmp_path: Path) -> None:
    original = store_of(DJIBOUTI)
    expected = {original.events[r].id: original.events[r].start for r in range(26)}
    for style in ("DD-MM-YY", "D-Mon-YY", "M/D/YYYY"):
        store = store_of(_with_dates(DJIBOUTI, tmp_path, style))
        assert {store.events[r].id: store.events[r].start for r in range(26)} == expected, style
