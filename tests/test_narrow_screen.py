"""80×24 is a first-class size: the filter chips, the footer's main keys and the page headers
are all readable there."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.shown import screen_lines
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.config import CONFIG_ENV
from tui.ui.widgets.topbar import TopBar

SMALL = (80, 24)


@pytest.fixture(autouse=True)
def own_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config.toml"))


async def search(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash", *text)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_two_chips_share_the_top_line_with_the_count(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SMALL) as pilot:
        await search(pilot, "Japan")
        await search(pilot, "New Zealand")
        top = screen_lines(app)[0]
        assert top.startswith(" Japan, New Zealand and the ")  # the dataset name, cut short
        assert top.endswith("3 / 25 events  ⚑ Japan ✕   ⚑ New Zealand ✕")
        assert app.screen.has_class("-narrow")


async def test_chips_that_do_not_fit_take_a_line_of_their_own(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SMALL) as pilot:
        for country in ("Japan", "New Zealand", "China", "Russia"):
            await search(pilot, country)
        first, second = screen_lines(app)[:2]
        assert first.endswith("1 / 25 events")
        assert second == "  ⚑ Japan ✕   ⚑ New Zealand ✕   ⚑ China ✕   ⚑ Russia ✕"
        await pilot.press("c")  # cleared: back to one line
        await pilot.pause()
        assert app.screen.query_one(TopBar).size.height == 1
        assert screen_lines(app)[0].endswith("25 / 25 events")


async def test_page_facts_are_never_cut_in_two(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SMALL) as pilot:
        app.open_page("actor", "vladimir-putin")
        await pilot.pause()
        assert screen_lines(app)[:4] == [
            " Actor · Vladimir Putin",
            " Kind: person   Country: Russia (RUS)   Role: President of Russia",
            " Also known as: Putin, Vladimir Vladimirovich Putin   Events: 2",
            " First appearance: 2024-06-18–2024-06-19   Last appearance: 2024-06-19",
        ]
        await pilot.resize_terminal(120, 40)  # wider: the facts are packed again
        await pilot.pause()
        assert screen_lines(app)[1].startswith(
            " Kind: person   Country: Russia (RUS)   Role: President of Russia   Also known as:"
        )


async def test_related_counts_stay_with_their_names(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SMALL) as pilot:
        app.open_page("country", "JPN")
        await pilot.pause()
        lines = screen_lines(app)
        assert " 18 → Japan" in lines
        assert "  4 → Fumio Kishida" in lines


async def test_the_footer_keeps_search_help_and_quit(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        footer = screen_lines(app)[-1]
        for key in ("/ Search", "? Help", "q Quit"):
            assert key in footer, footer
