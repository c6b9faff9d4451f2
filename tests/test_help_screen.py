"""Help as the user reads it: the keys written as the README writes them (PgUp, Esc, ↑),
Tab and Shift+Tab listed, keys moved by the settings file shown where they now are; and Esc
goes back from every screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from tests.shown import screen_lines
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.config import CONFIG_ENV
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.main import MainScreen
from tui.ui.screens.page import PageScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.widgets.timeline import TimelineView

TALL = (120, 170)  # the whole help fits: every row can be read without scrolling


@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv(CONFIG_ENV, str(path))
    return path


def help_lines(app: TimelineApp) -> list[str]:
    assert isinstance(app.screen, HelpScreen)
    return screen_lines(app, within=app.screen.query_one(VerticalScroll).region)


def help_table(app: TimelineApp) -> list[tuple[str, str, str]]:
    """(where, keys, what it does) as read off the screen: columns are two or more spaces
    apart, and a row without a "where" belongs to the area above it."""
    rows: list[tuple[str, str, str]] = []
    where = ""
    for line in help_lines(app):
        cells = re.split(r"\s{2,}", line.strip("█▎▊▌ "))
        if len(cells) == 3 and cells[0] != "Where":
            where = cells[0]
            rows.append((where, cells[1], cells[2]))
        elif len(cells) == 2 and where:
            rows.append((where, cells[0], cells[1]))
    return rows


def keys_in(rows: list[tuple[str, str, str]], where: str) -> set[str]:
    return {keys for area, keys, _ in rows if area == where}


async def test_help_shows_keys_as_the_readme_writes_them(
    bundled_store: EventStore, settings_file: Path
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("question_mark")
        rows = help_table(app)
        assert {
            ("everywhere", "?", "Help"),
            ("everywhere", "q, Ctrl+Q", "Quit"),
            ("everywhere", "Esc", "Back"),
            ("everywhere", "Tab", "Focus Next"),
            ("everywhere", "Shift+Tab", "Focus Previous"),
            ("everywhere", "Ctrl+P", "Palette"),
            ("main screen", "/", "Search"),
            ("pages", "Esc, ⌫", "Back"),
            ("help", "Esc, ?, q", "Close help"),
        } <= set(rows)
        assert {"↑, k", "↓, j", "PgUp", "PgDn", "Home, g", "End, G", "[", "]"} <= keys_in(
            rows, "timeline"
        )
        text = "\n".join(help_lines(app))
        for raw in ("pageup", "pagedown", "escape", "question_mark", "up, k", "ctrl+p"):
            assert raw not in text, raw
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_help_shows_a_key_moved_by_the_settings_file(
    bundled_store: EventStore, settings_file: Path
) -> None:
    settings_file.write_text('[keymap]\n"app.help" = "f1"\n"app.quit" = "ctrl+q,f10"\n')
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("question_mark")  # no longer help
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        rows = help_table(app)
        assert ("everywhere", "F1", "Help") in rows
        assert ("everywhere", "Ctrl+Q, F10", "Quit") in rows
        await pilot.press("escape", "f10")
    assert app.return_code == 0


async def test_help_scrolls_by_keyboard_at_80x24(
    bundled_store: EventStore, settings_file: Path
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert not any("Timeline markers" in line for line in help_lines(app))
        await pilot.press("end")
        await pilot.pause()
        assert any("Timeline markers" in line for line in help_lines(app))


async def test_escape_goes_back_from_every_screen(
    bundled_store: EventStore, settings_file: Path
) -> None:
    app = TimelineApp(bundled_store, blink=False, problems=[])
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_page("country", "NZL")
        await pilot.pause()
        app.open_page("actor", "vladimir-putin")
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")  # help closes
        assert isinstance(app.screen, PageScreen) and app.screen.page.key == "vladimir-putin"
        await pilot.press("tab", "escape")  # from the page's links too
        assert isinstance(app.screen, PageScreen) and app.screen.page.key == "NZL"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("tab")  # the detail pane: Esc brings the focus back to the timeline
        assert not isinstance(app.focused, TimelineView)
        await pilot.press("escape")
        assert isinstance(app.focused, TimelineView)
        app.push_screen(ProblemsScreen([]))
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
