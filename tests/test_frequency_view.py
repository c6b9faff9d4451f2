"""The frequency table (F) in the real app on the bundled data: counts counted by hand from
data/*.json, switching and sorting, and Enter diving into a value."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.shown import screen_text, toasts_once_shown
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.frequency import FrequencyScreen
from tui.ui.screens.main import MainScreen
from tui.ui.screens.page import PageScreen
from tui.ui.widgets.frequency import FrequencyView
from tui.ui.widgets.timeline import TimelineView


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table(pilot: Pilot[Any], count: int) -> list[tuple[str, int]]:
    """The first ``count`` lines as (label, count), read from what the lines render."""
    view = pilot.app.screen.query_one(FrequencyView)
    rows = []
    for y in range(count):
        text = view.render_line(y).text.replace("█", "").rstrip()
        label, number = text.rsplit(maxsplit=1)
        rows.append((label.strip(), int(number.replace(",", ""))))
    return rows


def title(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#frequency-title").render())


async def test_f_counts_countries_and_tab_switches_to_actors(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FrequencyScreen)
        assert title(pilot).startswith("Events by country · all events · sorted by count")
        assert table(pilot, 4) == [
            ("Japan (JPN)", 18),
            ("Russia (RUS)", 9),
            ("North Korea (PRK)", 8),
            ("Ukraine (UKR)", 5),
        ]
        await pilot.press("s")
        await pilot.pause()
        assert table(pilot, 2) == [("Australia (AUS)", 1), ("Canada (CAN)", 2)]
        await pilot.press("tab")
        await settle(pilot)
        assert title(pilot).startswith("Events by actor")
        assert table(pilot, 1)[0][1] >= 1
        await pilot.press("4")
        await settle(pilot)
        assert title(pilot).startswith("Events by kind")
        assert ("agreement", 12) in table(pilot, 3)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_enter_on_a_country_filters_the_list(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("down", "enter")  # Russia
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen.query_one(TimelineView).rows) == 9
        assert "Russia ✕" in screen_text(app)


async def test_enter_on_a_year_adds_the_period_and_months_keep_month_only_dates(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("F", "6")  # 5 is the actor pairs
        await settle(pilot)
        # June 2024: four events (one dated only to the month); January 2024: two.
        assert table(pilot, 2) == [("2024-06", 4), ("2024-01", 2)]
        await pilot.press("7")
        await settle(pilot)
        assert table(pilot, 1) == [("2024", 10)]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen.query_one(TimelineView).rows) == 10
        assert "2024 ✕" in screen_text(app)


async def test_enter_on_an_actor_opens_its_page_and_on_a_kind_says_why_not(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("F", "4")
        await settle(pilot)
        await pilot.press("enter")
        shown = await toasts_once_shown(pilot)
        assert any("Cannot narrow to agreement: there is no filter by kind yet" in t for t in shown)
        assert isinstance(app.screen, FrequencyScreen)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
