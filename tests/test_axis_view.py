"""The time axis (A) and lanes (L) in the real app on the bundled data: what the lines show,
zoom, Enter narrowing the list to a period, Esc back. Counts are counted by hand from data/."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.shown import screen_text
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.axis import AxisScreen
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.axis import AxisView
from tui.ui.widgets.timeline import TimelineView


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def lines(pilot: Pilot[Any]) -> list[str]:
    view = pilot.app.screen.query_one(AxisView)
    height = view.scrollable_content_region.height
    return [view.render_line(y).text.rstrip() for y in range(height)]


def line_of(pilot: Pilot[Any], label: str) -> str:
    [line] = [text for text in lines(pilot) if text.startswith(label)]
    return line


def cursor_line(pilot: Pilot[Any]) -> str:
    view = pilot.app.screen.query_one(AxisView)
    return view.render_line(view.cursor - view.scroll_offset.y).text.rstrip()


def numbers(line: str, label: str) -> list[str]:
    bars = line.removeprefix(label).replace("█", " ").replace("░", " ")
    return bars.replace("│", " ").split()  # │: a span from an earlier period, not counted


async def test_a_shows_events_per_year_with_empty_years_and_esc_returns(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, AxisScreen)
        title = str(app.screen.query_one("#axis-title").render())
        assert title.startswith("Time axis by year · all events")
        header = str(app.screen.query_one("#axis-header").render())
        assert header.endswith("█ dated  ▒ approximate  ░ dated to a longer period, not counted")
        assert numbers(line_of(pilot, "2024"), "2024")[0] == "10"
        assert numbers(line_of(pilot, "2016"), "2016") == ["2"]
        assert numbers(line_of(pilot, "2008"), "2008") == []  # an empty year, shown empty
        assert cursor_line(pilot).startswith("2024")  # where the list's cursor was
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen.query_one(TimelineView).rows) == 25


async def test_zoom_keeps_the_place_and_enter_narrows_to_the_period(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        assert cursor_line(pilot).startswith("2024-Q2")
        assert numbers(cursor_line(pilot), "2024-Q2") == ["4"]
        await pilot.press("plus")
        await settle(pilot)
        assert cursor_line(pilot).startswith("2024-06 Jun")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        timeline = app.screen.query_one(TimelineView)
        assert len(timeline.rows) == 4  # the month-only statement, the visit, two of the 19th
        assert "2024-06 ✕" in screen_text(app)  # the removable period chip
        await pilot.press("x")  # removes the last filter: the period
        await pilot.pause()
        assert len(timeline.rows) == 25
        assert "2024-06 ✕" not in screen_text(app)


async def test_a_day_marks_a_month_only_date_instead_of_placing_it(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("minus")
        await settle(pilot)
        assert str(app.screen.query_one("#axis-title").render()).startswith("Time axis by decade")
        assert numbers(cursor_line(pilot), "2020s") == ["17"]
        for _ in range(5):  # decade → year → quarter → month → week → day
            await pilot.press("plus")
            await settle(pilot)
        assert cursor_line(pilot).startswith("2024-06-19 Wed")
        await pilot.press("home")
        await pilot.pause()
        # 1 August 2007: the Japan–US agreement dated only to August 2007 is not counted on
        # the day, it is drawn beside it as dated to a longer period.
        first = cursor_line(pilot)
        assert first.startswith("2007-08-01 Wed")
        assert "░" in first and first.endswith("+1 longer")
        assert numbers(first.removesuffix("+1 longer"), "2007-08-01 Wed") == []


async def test_lanes_of_four_countries_line_up_the_nineteenth_of_june(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False, countries=["JPN", "NZL", "RUS", "PRK"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await settle(pilot)
        header = str(app.screen.query_one("#axis-header").render())
        assert header.split() == ["period", "Japan", "New", "Zealand", "Russia", "North", "Korea"]
        assert header.index("Japan") < header.index("New Zealand") < header.index("Russia")
        for _ in range(4):  # year → quarter → month → week → day
            await pilot.press("plus")
            await settle(pilot)
        assert str(app.screen.query_one("#axis-title").render()).startswith("Lanes by day")
        day = cursor_line(pilot)
        assert day.startswith("2024-06-19 Wed")
        assert numbers(day, "2024-06-19 Wed") == ["1", "1", "2", "2"]
        assert numbers(line_of(pilot, "2024-06-18 Tue"), "2024-06-18 Tue") == ["1", "1"]
        line = line_of(pilot, "2024-06-18 Tue")
        # The visit is in the Russia and North Korea lanes: nothing under Japan or New Zealand.
        assert line[len("2024-06-18 Tue") : header.index("Russia")].strip() == ""


async def test_lanes_without_country_filters_are_the_four_most_frequent(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        await settle(pilot)
        header = str(app.screen.query_one("#axis-header").render())
        # Japan 18 events, Russia 9, North Korea 8, Ukraine 5.
        assert header.split() == ["period", "Japan", "Russia", "North", "Korea", "Ukraine"]
        # In 2024: Japan 4, Russia 7, North Korea 6, Ukraine 4.
        assert numbers(line_of(pilot, "2024"), "2024") == ["4", "7", "6", "4"]


async def test_lanes_fit_a_small_terminal(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False, countries=["JPN", "NZL", "RUS", "PRK"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await settle(pilot)
        header = str(app.screen.query_one("#axis-header").render())
        assert header.split() == ["period", "Japan", "New", "Zealand", "Russia", "North", "Korea"]
        # 2024: Japan 4, New Zealand 1 (the Tokyo meeting), Russia 7, North Korea 6.
        assert numbers(line_of(pilot, "2024"), "2024") == ["4", "1", "7", "6"]
        assert all(len(line) <= 80 for line in lines(pilot))


async def test_colon_on_the_axis_moves_its_cursor_to_the_period(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("colon", *"March 2016", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AxisScreen)
        assert numbers(cursor_line(pilot), "2016") == ["2"]
