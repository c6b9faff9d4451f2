"""ACLED dates in every style, checked against the year column; never a silent guess. And the
old layouts: UPPERCASE 2015 Asia, 2016 Africa with a pandas index and no sub_event_type."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.dates import PartialDate
from tui.core.loading import open_store
from tui.core.model import EventKind
from tui.core.problems import LoadError

HEADER = "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,country"


def _file(tmp_path: Path, dates: list[tuple[str, str]], header: str = HEADER) -> Path:
    rows = [
        f"JPN{n},{date},{year},1,Protests,Peaceful protest,Protesters (Japan),Japan"
        for n, (date, year) in enumerate(dates, start=1)
    ]
    path = tmp_path / "dates.csv"
    path.write_text("\n".join([header, *rows]) + "\n", "utf-8")
    return path


def _starts(path: Path) -> dict[str, PartialDate]:
    store = open_store([path], format="acled").store
    return {store.events[r].id: store.events[r].start for r in range(len(store))}


def _refusal(path: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(LoadError) as caught:
        open_store([path], format="acled")
    return [(p.line, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2024-06-19", "2024", PartialDate(2024, 6, 19)),
        ("19 June 2024", "2024", PartialDate(2024, 6, 19)),
        ("19-June-2024", "2024", PartialDate(2024, 6, 19)),
        ("01-January-2015", "2015", PartialDate(2015, 1, 1)),
        ("9-May-20", "2020", PartialDate(2020, 5, 9)),
        ("5-Aug-24", "2024", PartialDate(2024, 8, 5)),
        ("31-12-19", "2019", PartialDate(2019, 12, 31)),
        ("31/12/2019", "2019", PartialDate(2019, 12, 31)),
        ("12/31/2019", "2019", PartialDate(2019, 12, 31)),
        ("2024/06/19", "2024", PartialDate(2024, 6, 19)),
        ("5/5/2019", "2019", PartialDate(2019, 5, 5)),  # the same either way
        ("29-02-24", "2024", PartialDate(2024, 2, 29)),
        ("15-03-98", "1998", PartialDate(1998, 3, 15)),  # the century from the year column
    ],
)
def test_every_style_reads_the_same_day(
    tmp_path: Path, text: str, year: str, expected: object
) -> None:
    assert _starts(_file(tmp_path, [(text, year)])) == {"JPN1": expected}


def test_spreadsheet_dd_mm_yy_is_never_read_as_the_first_centuries(tmp_path: Path) -> None:
    """The reported bug: 31-12-19 opened 'cleanly' dated in the year 31."""
    path = _file(tmp_path, [("31-12-19", "2019"), ("14-11-19", "2019"), ("03-11-16", "2016")])
    assert _starts(path) == {
        "JPN1": PartialDate(2019, 12, 31),
        "JPN2": PartialDate(2019, 11, 14),
        "JPN3": PartialDate(2016, 11, 3),
    }


def test_the_whole_file_settles_day_or_month(tmp_path: Path) -> None:
    # 13/06 can only be day/month, so 05/06 is 5 June as well.
    path = _file(tmp_path, [("05/06/2019", "2019"), ("13/06/2019", "2019")])
    assert _starts(path)["JPN1"] == PartialDate(2019, 6, 5)
    # 06/13 can only be month/day, so 05/06 is 6 May.
    path = _file(tmp_path, [("05/06/2019", "2019"), ("06/13/2019", "2019")])
    assert _starts(path)["JPN1"] == PartialDate(2019, 5, 6)


def test_an_unsettled_day_or_month_is_a_bad_row_not_a_guess(tmp_path: Path) -> None:
    path = _file(tmp_path, [("05/06/2019", "2019"), ("07/07/2019", "2019")])
    assert _refusal(path) == [
        (
            2,
            "event_date cannot tell day from month"
            " (the file's other dates say neither day/month nor month/day)",
        )
    ]
    both = _file(tmp_path, [("13/06/2019", "2019"), ("06/13/2019", "2019"), ("05/06/2019", "2019")])
    assert _refusal(both)[0][0] == 4
    result = open_store([both], format="acled", skip_bad=True)
    assert len(result.store) == 2 and result.skipped_rows == 1


def test_a_date_outside_its_year_column_is_a_bad_row(tmp_path: Path) -> None:
    path = _file(tmp_path, [("2024-06-19", "2024"), ("2024-06-20", "2023"), ("19-06-24", "2023")])
    assert _refusal(path) == [
        (3, "event_date is in 2024, the row's year is 2023"),
        (4, "event_date is in 2024, the row's year is 2023"),
    ]


def test_an_unreadable_date_names_the_styles(tmp_path: Path) -> None:
    path = _file(tmp_path, [("2024-06-19", "2024"), ("June 19th", "2024"), ("31/31/2024", "2024")])
    styles = "(2024-06-19, 19 June 2024, 19-Jun-24, 19/06/2024)"
    assert _refusal(path) == [
        (3, f"event_date June 19th is not a date we can read {styles}"),
        (4, f"event_date 31/31/2024 is not a date we can read {styles}"),
    ]


ASIA_2015 = (
    "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,"
    "ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,"
    "LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES"
)


def test_the_2015_asia_layout_opens(tmp_path: Path) -> None:
    path = tmp_path / "asia.csv"
    path.write_text(
        ASIA_2015 + "\n770,1PAK,1,01-January-2015,2015,1,Battles-No change of territory,"
        "Military Forces of Pakistan (2013-),,1,TTP: Tehreek-i-Taliban Pakistan,,2,12,Pakistan,"
        "Khyber Pakhtunkhwa,Khyber,,Bara,33.9,71.4,1,Dawn,Clash near Bara.,3\n"
        "750,2IND,2,02-January-2015,2015,1,Riots/Protests,Protesters (India),"
        "Students (India),6,,,0,60,India,Delhi,New Delhi,,New Delhi,28.6,77.2,1,PTI,Sit-in.,0\n",
        "utf-8",
    )
    result = open_store([path])  # detected from the UPPERCASE header
    store = result.store
    assert result.format == "acled" and len(store) == 2
    clash = store.events[0]
    assert clash.id == "1PAK" and clash.start == PartialDate(2015, 1, 1)
    assert clash.kind is EventKind.MILITARY_ACTION  # "Battles-No change of territory"
    assert store.events[1].kind is EventKind.PROTEST  # "Riots/Protests"
    assert store.actors["acled:students-india"].country == "IND"  # ALLY_ACTOR_1 is read
    assert [p.role for p in store.events[1].actors] == ["actor 1", "associated with actor 1"]


def test_the_2016_africa_layout_with_an_unnamed_pandas_index_opens(tmp_path: Path) -> None:
    path = tmp_path / "africa.csv"
    path.write_text(
        ",gwno,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,actor1,"
        "ally_actor_1,inter1,actor2,ally_actor_2,inter2,interaction,country,admin1,location,"
        "source,notes,fatalities\n"
        "0,615,1ALG,1,2016-01-03,2016,1,Riots/Protests,Protesters (Algeria),,6,,,0,60,Algeria,"
        "Alger,Algiers,APS,Protest.,0\n"
        "1,625,2SUD,2,2016-01-04,2016,1,Battles-No change of territory,Military Forces of Sudan "
        "(1989-2019),,1,SRF: Sudan Revolutionary Front,JEM: Justice and Equality Movement,2,12,"
        "Sudan,North Darfur,Tawila,Radio Dabanga,Clashes.,4\n",
        "utf-8",
    )
    store = open_store([path]).store
    assert [store.events[r].id for r in range(2)] == ["1ALG", "2SUD"]
    assert store.actors["acled:jem-justice-and-equality-movement"].name == (
        "JEM: Justice and Equality Movement"
    )


def test_an_acled_header_we_cannot_read_is_named_with_the_columns_expected(
    tmp_path: Path,
) -> None:
    path = tmp_path / "partial.csv"
    path.write_text("event_id_cnty,event_date,notes\nX1,2024-06-19,hello\n", "utf-8")
    with pytest.raises(LoadError) as caught:
        open_store([path])  # detected as ACLED, then refused for what it lacks
    assert caught.value.problems[0].message == (
        "an ACLED layout we cannot read: no column event_type, actor1, country"
        " (expected event_id_cnty, event_date, event_type, actor1, country)"
    )
