"""Jump to a date (:) in the real app: the cursor goes to the first event on or after the date
typed; an unreadable date is said so, never guessed."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.shown import toasts_once_shown
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.jump import JumpScreen
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.timeline import TimelineView


def current_title(app: TimelineApp) -> str:
    row = app.screen.query_one(TimelineView).current_row
    assert row is not None
    return app.store.columns.titles[row]


async def jump(pilot: Pilot[Any], typed: str) -> None:
    await pilot.press("colon")
    await pilot.pause()
    assert isinstance(pilot.app.screen, JumpScreen)
    await pilot.press(*typed, "enter")
    await pilot.pause()


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("2016", "Japan and Italy sign an information security agreement"),
        ("June 2024", "Japan and Ukraine state their intention to conclude an information"),
        ("2024-06-19", "Kishida and Luxon meet in Tokyo"),
        ("19 June 2024", "Kishida and Luxon meet in Tokyo"),
        ("2024-06-20", "Japan and Ukraine agree in principle on an information security"),
    ],
)
async def test_colon_moves_the_cursor_to_the_first_event_on_or_after(
    bundled_store: EventStore, typed: str, title: str
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")  # the first event, so every jump moves
        await jump(pilot, typed)
        assert isinstance(app.screen, MainScreen)
        assert current_title(app).startswith(title)


async def test_an_unreadable_date_is_said_in_the_box(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        before = current_title(app)
        await jump(pilot, "13 Juny 2024")
        assert isinstance(app.screen, JumpScreen)
        said = str(app.screen.query_one("#jump-error").render())
        assert said == "'13 Juny 2024': 'juny' is not a month name"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert current_title(app) == before


async def test_a_date_after_the_last_event_says_so(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        before = current_title(app)
        await jump(pilot, "2030")
        shown = await toasts_once_shown(pilot)
        assert any("No event on or after 2030 in this view." in t for t in shown)
        assert current_title(app) == before
