"""The session: quit, open the same data again, and the filters, the cursor's event and the view
are back (tui/ui/session.py). Each test has its own annotations store (conftest), so the
second app of a test reads what the first wrote, and nothing else.

By hand, from data/: the dataset opens on the Kishida–Luxon summit; the New Zealand events are
the talks speeded up (2023), the summit (2024-06-19) and the agreement signed (2025).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.shown import screen_text, settle, toasts
from tui.core.annotations import AnnotationStore, default_directory
from tui.core.annotations.db import FILE_NAME
from tui.core.loading import open_store
from tui.core.problems import Problem
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.marks import OpenedAnnotations, open_annotations
from tui.ui.screens import main as main_module
from tui.ui.screens.axis import AxisScreen
from tui.ui.screens.main import MainScreen
from tui.ui.screens.page import PageScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.widgets.timeline import TimelineView

SIZE = (120, 40)
OPENING = "kishida-luxon-tokyo-summit"
SIGNED = "japan-new-zealand-sign-information-security-agreement-and-acsa"
NZ_CHIP = "New Zealand ✕"


def make_app(store: EventStore, **options: Any) -> TimelineApp:
    return TimelineApp(store, blink=False, **options)


def main_of(app: TimelineApp) -> MainScreen:
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


def cursor_id(app: TimelineApp) -> str | None:
    return main_of(app).cursor_event_id()


async def work_on_new_zealand(store: EventStore) -> None:
    """A first run: filter to New Zealand, the cursor one event on (to the signing), quit."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"NZ")
        await pilot.pause()
        await pilot.press("enter", "j")
        await pilot.pause()
        assert NZ_CHIP in screen_text(app)
        assert cursor_id(app) == SIGNED
        await pilot.press("q")


async def test_filters_and_cursor_come_back(bundled_store: EventStore) -> None:
    await work_on_new_zealand(bundled_store)
    again = make_app(bundled_store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(again)
        assert NZ_CHIP in shown and "3 / 25 events" in shown
        assert cursor_id(again) == SIGNED
        assert isinstance(again.screen, MainScreen)


async def test_fresh_starts_clean_and_is_the_next_session(bundled_store: EventStore) -> None:
    await work_on_new_zealand(bundled_store)
    fresh = make_app(bundled_store, fresh=True)
    async with fresh.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert NZ_CHIP not in screen_text(fresh)
        assert cursor_id(fresh) == OPENING
        await pilot.press("q")  # where the user left off, this time: as it opened
    again = make_app(bundled_store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert NZ_CHIP not in screen_text(again)
        assert cursor_id(again) == OPENING


@pytest.mark.parametrize(
    ("options", "chips"),
    [
        ({"countries": ["JPN"]}, "Japan ✕"),
        ({"search": "Putin"}, "“Putin” ✕"),
        ({"period": "2024"}, "2024 ✕"),
        ({"view": "axis"}, None),
    ],
)
async def test_the_command_line_wins_over_the_session(
    bundled_store: EventStore, options: dict[str, Any], chips: str | None
) -> None:
    await work_on_new_zealand(bundled_store)
    asked = make_app(bundled_store, **options)
    async with asked.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if chips is None:
            assert isinstance(asked.screen, AxisScreen)
            assert str(asked.screen.query_one("#axis-title").render()).startswith("Time axis")
        else:
            assert chips in screen_text(asked)
        assert NZ_CHIP not in screen_text(asked)
        assert cursor_id(asked) != SIGNED


async def test_lanes_come_back_with_their_lanes(bundled_store: EventStore) -> None:
    app = make_app(bundled_store, lanes=["JPN", "PRK"], view="lanes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AxisScreen)
        await pilot.press("q")
    again = make_app(bundled_store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, AxisScreen)
        header = str(again.screen.query_one("#axis-header").render())
        assert header.split() == ["period", "Japan", "North", "Korea"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(again.screen, MainScreen)


async def test_a_page_comes_back_over_the_filters(bundled_store: EventStore) -> None:
    app = make_app(bundled_store, countries=["NZL"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Go to actor: Vladimir Putin")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        await pilot.press("q")
    again = make_app(bundled_store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, PageScreen)
        assert again.screen.page.key == "vladimir-putin"
        await pilot.press("escape")
        await pilot.pause()
        assert NZ_CHIP in screen_text(again)


async def test_the_session_is_written_while_the_app_runs(bundled_store: EventStore) -> None:
    """Not only on quit: a moment after a change (a kill -9 then loses at most that moment)."""
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause(1.0)
        assert app.annotations is not None
        session = app.annotations.session()
        assert session is not None and session["cursor"] == cursor_id(app) != OPENING


async def test_the_files_left_out_stay_listed_over_a_restored_session(
    bundled_store: EventStore, tmp_path: Path
) -> None:
    stored_session(
        bundled_store, {"filters": {"countries": ["NZL"]}, "kind": "axis", "cursor": SIGNED}
    )
    left_out = Problem(tmp_path / "broken.json", "not JSON", line=1)
    app = make_app(bundled_store, problems=[left_out])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)  # not closed, nor hidden by the axis
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert NZ_CHIP in screen_text(app)
        assert cursor_id(app) == SIGNED


def stored_session(store: EventStore, state: dict[str, Any]) -> None:
    with AnnotationStore() as annotations:
        data = annotations.dataset(store.name, store.columns.ids)
        data.save_session(state)


async def test_a_vanished_cursor_event_is_passed_over_silently(bundled_store: EventStore) -> None:
    stored_session(bundled_store, {"filters": {"countries": ["NZL"]}, "cursor": "gone-event"})
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert NZ_CHIP in screen_text(app)
        assert cursor_id(app) == OPENING  # in the NZ events: the cursor stays where it opened
        assert toasts(app) == []


async def test_a_text_search_run_in_a_worker_keeps_the_restored_cursor(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large dataset the text search runs in a worker: the cursor still comes back."""
    monkeypatch.setattr(main_module, "LARGE_STORE", 0)
    visit = "putin-visits-pyongyang"  # before the event the data opens on
    stored_session(bundled_store, {"filters": {"text": "Putin"}, "cursor": visit})
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "“Putin” ✕" in screen_text(app)
        assert cursor_id(app) == visit


def overwrite_session(text: str) -> None:
    """A stored session changed behind the app's back (an older or a newer version's)."""
    with sqlite3.connect(default_directory() / FILE_NAME) as connection:
        connection.execute("UPDATE sessions SET state = ?", (text,))


@pytest.mark.parametrize(
    ("stored", "reason"),
    [
        ('{"version": 2, "filters": {}}', "version"),
        ('{"filters": {"countries": ["Atlantis"]}}', "'Atlantis' is not a country code"),
        ("not json", "it is not readable"),
    ],
)
async def test_a_session_that_no_longer_reads_back_is_ignored_once(
    bundled_store: EventStore, stored: str, reason: str
) -> None:
    stored_session(bundled_store, {"filters": {"countries": ["NZL"]}})
    overwrite_session(stored)
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        [notice] = toasts(app)
        assert notice.startswith("Last session ignored\n")
        assert reason in notice
        assert cursor_id(app) == OPENING and NZ_CHIP not in screen_text(app)


async def test_keys_typed_before_the_session_is_read_win(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The annotations open in a worker: a user quicker than them keeps what they did."""
    await work_on_new_zealand(bundled_store)
    release = threading.Event()

    def slow_open(store: EventStore) -> OpenedAnnotations:
        release.wait(10)
        return open_annotations(store)

    monkeypatch.setattr("tui.ui.app.open_annotations", slow_open)
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("k")  # before the session is read
        await pilot.pause()
        moved_to = cursor_id(app)
        assert moved_to != OPENING
        release.set()
        await settle(pilot)
        assert cursor_id(app) == moved_to
        assert NZ_CHIP not in screen_text(app)
        assert any("not restored" in toast for toast in toasts(app))


async def test_the_input_files_are_left_byte_identical(tmp_path: Path) -> None:
    files = sorted(DATA.rglob("*.json"))
    before = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    store = open_store([DATA]).store
    await work_on_new_zealand(store)
    again = make_app(store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_id(again) == SIGNED
        again.screen.query_one(TimelineView).focus()
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("q")
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files} == before
    assert not list(DATA.rglob("*.sqlite*")) and not list(DATA.rglob("*-wal"))
