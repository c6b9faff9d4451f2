"""Small screens: no crash at any size down to 1x1 through any key sequence, and the app is
still usable once the terminal grows back."""

from __future__ import annotations

import pytest

from tests.shown import screen_text
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.widgets.search import SearchBar

SIZES = [(1, 1), (2, 1), (3, 3), (10, 3), (5, 10), (4, 2), (20, 5)]
SEQUENCES = {
    "search-x-enter": ["slash", "x", "enter"],
    "typing": ["slash", "J", "a", "p", "a", "n", "down", "up", "enter", "x", "c"],
    "palette": ["ctrl+p", "J", "a", "enter"],
    "links-and-back": ["tab", "tab", "enter", "escape", "backspace"],
    "help-export": ["question_mark", "escape", "e", "escape"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("keys", list(SEQUENCES.values()), ids=list(SEQUENCES))
async def test_any_keys_at_a_tiny_size_then_back_to_80x24(
    bundled_store: EventStore, size: tuple[int, int], keys: list[str]
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.resize_terminal(size[0] + 1, size[1])  # the issue's crash came on a resize
        await pilot.pause()
        while len(app.screen_stack) > 1:
            app.pop_screen()
        await pilot.resize_terminal(80, 24)
        await pilot.press("escape", "c")  # out of the search box, every filter cleared
        await pilot.pause()
        text = screen_text(app)
        total = len(bundled_store)
        assert f"{total} / {total} events" in text  # the main screen, unfiltered, drawn
        await pilot.press("q")
    assert app.return_code == 0


async def test_the_issue_sequence_at_10x3_quits_cleanly(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(10, 3)) as pilot:
        await pilot.press("slash", "x", "enter")
        await pilot.resize_terminal(11, 4)
        await pilot.press("q")
    assert app.return_code == 0


@pytest.mark.parametrize("width", [1, 3, 5])
async def test_typing_at_five_columns_or_fewer_reaches_the_box(
    bundled_store: EventStore, width: int
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(width, 12)) as pilot:
        await pilot.press("slash", *"Japan")
        await pilot.pause()
        assert app.screen.query_one("#search-input").value == "Japan"  # type: ignore[attr-defined]
        assert app.screen.query_one(SearchBar).has_class("-open")
