"""l on a country or an actor in the reader adds a lane for it to what L shows.

On the bundled data the default lanes are the four most frequent countries: Japan, Russia,
North Korea, Ukraine (counted by hand in tests/test_axis_view.py). The Tokyo meeting of
19 June 2024 names Christopher Luxon (of New Zealand) and the country New Zealand.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.shown import toasts
from tui.core.pages import LinkTarget
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.axis import AxisScreen
from tui.ui.widgets.detail import DetailReader
from tui.ui.widgets.timeline import TimelineView

DEFAULT_LANES = ["period", "Japan", "Russia", "North", "Korea", "Ukraine"]


async def reader_on(pilot: Pilot[Any], target: LinkTarget) -> DetailReader:
    """The reader of the Tokyo meeting, its cursor moved down (↓) onto ``target``."""
    app = pilot.app
    assert isinstance(app, TimelineApp)
    view = app.screen.query_one(TimelineView)
    view.cursor = list(view.rows).index(app.store.row_of("kishida-luxon-tokyo-summit"))
    await pilot.pause()
    await pilot.press("tab")
    reader = app.screen.query_one(DetailReader)
    assert app.focused is reader
    for _ in range(len(reader.entries)):
        entry = reader.selected_entry
        if entry is not None and entry.target == target:
            return reader
        await pilot.press("down")
    raise AssertionError(f"{target} is not in the reader")


async def said(pilot: Pilot[Any], message: str) -> bool:
    """Whether a notification shows ``message`` within 15 seconds (a toast wraps it; a
    loaded machine may take that long)."""
    for _ in range(150):
        shown = " ".join(" ".join(toasts(pilot.app)).split())
        if message in shown:
            return True
        await pilot.pause(0.1)
    return False


async def lanes_header(pilot: Pilot[Any]) -> list[str]:
    await pilot.press("L")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, AxisScreen)
    header = str(pilot.app.screen.query_one("#axis-header").render()).split()
    await pilot.press("escape")
    await pilot.pause()
    return header


async def test_l_on_a_country_adds_its_lane_after_the_default_ones(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await reader_on(pilot, LinkTarget("country", "NZL"))
        await pilot.press("l")
        await pilot.pause()
        assert await said(pilot, "New Zealand added as a lane: L shows the lanes.")
        assert await lanes_header(pilot) == [*DEFAULT_LANES, "New", "Zealand"]


async def test_l_on_a_person_adds_them_as_a_lane_once(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await reader_on(pilot, LinkTarget("actor", "christopher-luxon"))
        await pilot.press("l")
        await pilot.pause()
        assert await said(pilot, "Christopher Luxon added as a lane: L shows the lanes.")
        await pilot.press("l")
        await pilot.pause()
        assert await said(pilot, "Christopher Luxon is a lane already: L shows the lanes.")
        assert await lanes_header(pilot) == [*DEFAULT_LANES, "Christopher", "Luxon"]


async def test_l_with_a_country_filter_adds_after_the_filtered_country(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False, countries=["JPN"])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await reader_on(pilot, LinkTarget("country", "RUS"))
        await pilot.press("l")
        assert await lanes_header(pilot) == ["period", "Japan", "Russia"]


async def test_l_off_a_country_says_what_it_needs(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("l")  # on the timeline: nothing chosen
        await pilot.pause()
        needs = "Put the cursor on an actor, a concern or a country in the reader, then press l."
        assert await said(pilot, needs)
        assert await lanes_header(pilot) == DEFAULT_LANES
