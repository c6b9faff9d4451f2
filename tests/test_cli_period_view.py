"""--since/--until on open and export, and --view/--lanes opening the app on a time view.

Expected events are read by hand from data/ (the bundled story): in June 2024 there are the
statement dated only 2024-06, the Putin visit (18-19), the Tokyo meeting and the treaty (19th).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.shown import screen_text
from tui.cli import main
from tui.core.periods import parse_period, period_between
from tui.ui.app import TimelineApp
from tui.ui.screens.axis import AxisScreen
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.axis import AxisView
from tui.ui.widgets.timeline import TimelineView

JUNE_2024 = [
    "japan-ukraine-intend-information-security-agreement",
    "putin-visits-pyongyang",
    "kishida-luxon-tokyo-summit",
    "putin-kim-sign-partnership-treaty",
]


def exported_ids(tmp_path: Path, *options: str) -> list[str]:
    target = tmp_path / "out.csv"
    assert main(["export", *options, "-o", str(target)]) == 0
    with target.open(newline="", encoding="utf-8") as file:
        return [row["id"] for row in csv.DictReader(file)]


@pytest.mark.parametrize(
    ("since", "until"),
    [("2024-06-01", "2024-06-30"), ("2024-06", "2024-06"), ("June 2024", "30 June 2024")],
)
def test_a_month_only_date_is_inside_the_days_of_its_month(
    tmp_path: Path, since: str, until: str
) -> None:
    assert exported_ids(tmp_path, "--since", since, "--until", until) == JUNE_2024


def test_a_bound_after_the_first_leaves_out_a_date_known_only_to_the_month(
    tmp_path: Path,
) -> None:
    ids = exported_ids(tmp_path, "--since", "2024-06-02", "--until", "2024-06-19")
    assert ids == JUNE_2024[1:]


def test_a_year_keeps_its_events_and_not_a_span_that_began_before_it(tmp_path: Path) -> None:
    ids = exported_ids(tmp_path, "--since", "2024", "--until", "2024")
    assert len(ids) == 10  # the axis's 2024 count
    assert "russia-fires-north-korean-missiles-at-ukraine" not in ids  # from 2023-12-30


def test_since_alone_and_with_a_country(tmp_path: Path) -> None:
    ids = exported_ids(tmp_path, "--since", "2025", "--country", "New Zealand")
    assert ids == ["japan-new-zealand-sign-information-security-agreement-and-acsa"]


def test_the_brief_names_the_period(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    assert main(["export", "--since", "2024-06", "--until", "2024-06", "-o", str(target)]) == 0
    assert "2024-06..2024-06" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("verb", [[], ["export", "-o", "-", "--to", "csv"]])
def test_an_unreadable_date_names_the_option_and_the_value(
    verb: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ended:
        main([*verb, "--until", "Juni 2024"])
    assert ended.value.code == 2
    error = capsys.readouterr().err
    assert "argument --until: 'Juni 2024': 'juni' is not a month name" in error


def test_a_period_that_ends_before_it_starts_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["export", "--since", "2025", "--until", "2024-06", "-o", "-", "--to", "csv"])
    assert status == 2
    assert capsys.readouterr().err.strip() == (
        "timeline-explorer export: --since/--until: "
        "'2024-06' ends the period before '2025' starts it"
    )


def test_a_day_that_does_not_exist_is_an_error_in_a_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--since", "2024-02-30"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "argument --since: '2024-02-30'" in done.stderr
    assert done.stdout == ""


def test_a_range_reads_back_from_its_label() -> None:
    period = period_between("June 2024", None)
    assert period.label == "2024-06.."
    assert parse_period(period.label) == period
    assert parse_period("..2024").end_key == 20249999


# -- --view and --lanes ---------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[TimelineApp]:
    """The apps main() would run, kept to be run under Pilot instead."""
    apps: list[TimelineApp] = []
    monkeypatch.setattr(TimelineApp, "run", lambda app, *_, **__: apps.append(app))
    return apps


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_lanes_open_on_the_countries_given(opened: list[TimelineApp]) -> None:
    assert main(["--lanes", "Japan, NZ,Russia,DPRK"]) == 0
    [app] = opened
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AxisScreen)
        header = str(app.screen.query_one("#axis-header").render())
        assert header.split() == ["period", "Japan", "New", "Zealand", "Russia", "North", "Korea"]
        assert str(app.screen.query_one("#axis-title").render()).startswith("Lanes by ")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen.query_one(TimelineView).rows) == 25  # no country filter added


async def test_the_axis_opens_over_the_period(opened: list[TimelineApp]) -> None:
    assert main(["--view", "axis", "--since", "2024-06", "--until", "2024-06"]) == 0
    [app] = opened
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AxisScreen)
        title = str(app.screen.query_one("#axis-title").render())
        assert title.startswith("Time axis by day · 2024-06..2024-06 ·")
        assert app.screen.query_one(AxisView).axes[0].placed.sum() == 3  # the dated days
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen.query_one(TimelineView).rows) == 4
        assert "2024-06..2024-06 ✕" in screen_text(app)  # the removable period chip


async def test_the_list_is_the_default_view(opened: list[TimelineApp]) -> None:
    assert main(["--since", "2025"]) == 0
    [app] = opened
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen.query_one(TimelineView).rows) == 2


def test_a_misspelt_lane_names_the_closest(
    opened: list[TimelineApp], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lanes", "Japan,Nwe Zealand"]) == 2
    assert opened == []
    error = capsys.readouterr().err
    assert "--lanes: no country matches 'Nwe Zealand' — did you mean New Zealand" in error


def test_lanes_are_only_for_the_lanes_view(
    opened: list[TimelineApp], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--view", "axis", "--lanes", "Japan"]) == 2
    assert "--lanes opens the lanes view, not --view axis" in capsys.readouterr().err
    # Any other --view is a saved view's name (tests/test_cli_marks_open.py): not lanes either.
    assert main(["--view", "timeline", "--lanes", "Japan"]) == 2
    assert "--lanes opens the lanes view, not --view timeline" in capsys.readouterr().err
    assert opened == []
