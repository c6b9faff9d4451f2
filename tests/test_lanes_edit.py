"""Lanes of actors and concerns, removed and reordered from the keyboard, added from a page.

Counted by hand from data/*.json, per lane in 2024 (the lanes open at year zoom): Japan 4 (the
Japan–Ukraine intention, the Tokyo summit, the agreement in principle and its signing), Russia 7
(the KN-23, the US statement, the visit, the treaty, the summit, the Duma, the entry into force),
North Korea 6 (those but the Duma), Ukraine 4 (the KN-23 and the three Japan–Ukraine events),
Vladimir Putin 2 (the visit and the treaty), the concern "Logistics sharing" 1 (the summit;
its other event, the Japan–New Zealand signing, is in 2025).
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.shown import toasts_once_shown
from tests.test_add_lane import reader_on, said
from tui.core.pages import LinkTarget
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.axis import AxisScreen
from tui.ui.screens.main import MainScreen
from tui.ui.screens.page import PageScreen
from tui.ui.widgets.axis import AxisView

BARS = "█▒░│"


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def open_lanes(pilot: Pilot[Any]) -> None:
    await pilot.press("L")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AxisScreen)


def header(pilot: Pilot[Any]) -> list[str]:
    return str(pilot.app.screen.query_one("#axis-header").render()).split()


def counts_in(pilot: Pilot[Any], label: str) -> list[int]:
    """The numbers on the line of a period, lane by lane (every lane has some in 2024)."""
    view = pilot.app.screen.query_one(AxisView)
    shown = [view.render_line(y).text for y in range(view.scrollable_content_region.height)]
    [line] = [text for text in shown if text.startswith(label + " ")]
    for bar in BARS:
        line = line.replace(bar, " ")
    return [int(number) for number in line.removeprefix(label).split()]


DEFAULT = ["period", "Japan", "Russia", "North", "Korea", "Ukraine"]


async def test_d_removes_the_chosen_lane_and_the_next_l_keeps_it_removed(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_lanes(pilot)
        assert header(pilot) == DEFAULT
        assert counts_in(pilot, "2024") == [4, 7, 6, 4]
        await pilot.press("right", "d")
        assert await said(pilot, "Russia removed from the lanes.")
        assert header(pilot) == ["period", "Japan", "North", "Korea", "Ukraine"]
        assert counts_in(pilot, "2024") == [4, 6, 4]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await open_lanes(pilot)
        assert header(pilot) == ["period", "Japan", "North", "Korea", "Ukraine"]


async def test_the_last_lane_is_not_removed(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False, countries=["JPN"])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await open_lanes(pilot)
        assert header(pilot) == ["period", "Japan"]
        await pilot.press("delete")
        assert await said(pilot, "The last lane stays: Esc goes back to the list.")
        assert header(pilot) == ["period", "Japan"]


async def test_brackets_move_the_chosen_lane_with_its_counts(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_lanes(pilot)
        await pilot.press("right", "right_square_bracket")
        await pilot.pause()
        assert header(pilot) == ["period", "Japan", "North", "Korea", "Russia", "Ukraine"]
        assert counts_in(pilot, "2024") == [4, 6, 7, 4]
        await pilot.press("shift+left", "shift+left")  # Russia first
        await pilot.pause()
        assert header(pilot) == ["period", "Russia", "Japan", "North", "Korea", "Ukraine"]
        assert counts_in(pilot, "2024") == [7, 4, 6, 4]
        await pilot.press("plus")  # another zoom counts the lanes in their new order
        await settle(pilot)
        # April to June 2024: the visit, the treaty, the summit; Japan–Ukraine's intention.
        assert counts_in(pilot, "2024-Q2") == [3, 2, 3, 1]
        await pilot.press("escape")
        await pilot.pause()
        await open_lanes(pilot)
        assert header(pilot) == ["period", "Russia", "Japan", "North", "Korea", "Ukraine"]


async def test_l_on_a_concern_in_the_reader_adds_its_lane(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await reader_on(pilot, LinkTarget("concern", "logistics-sharing"))
        await pilot.press("l")
        assert await said(pilot, "Logistics sharing added as a lane: L shows the lanes.")
        await open_lanes(pilot)
        assert header(pilot) == [*DEFAULT, "Logistics", "sharing"]
        assert counts_in(pilot, "2024") == [4, 7, 6, 4, 1]


async def test_l_on_a_page_adds_its_actor_as_a_lane(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.open_page("actor", "vladimir-putin")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        await pilot.press("l")  # on the page's own events: the page's actor
        assert await said(pilot, "Vladimir Putin added as a lane: L shows the lanes.")
        await pilot.press("escape")
        await pilot.pause()
        await open_lanes(pilot)
        assert header(pilot) == [*DEFAULT, "Vladimir", "Putin"]
        assert counts_in(pilot, "2024") == [4, 7, 6, 4, 2]


async def test_l_on_a_link_of_a_page_adds_that_link(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.open_page("actor", "vladimir-putin")
        await pilot.pause()
        # To the page's links: "Appears with" Kim Jong Un, North Korea, Russia (2 events each).
        await pilot.press("tab")
        await pilot.pause()
        related = app.screen.query_one("#page-related")
        assert app.focused is related
        await pilot.press("l")
        shown = " ".join(" ".join(await toasts_once_shown(pilot)).split())
        assert "Kim Jong Un added as a lane: L shows the lanes." in shown
