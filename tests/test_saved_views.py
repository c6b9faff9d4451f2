"""Saved views from the palette (Ctrl+P: "Save view…", "Open view: NAME", "Delete view: NAME")
and --view NAME on opening (tui/ui/saved_views.py, tui/ui/commands.py).

By hand, from data/: the dataset opens on the Kishida–Luxon summit; the New Zealand events are
the talks speeded up (2023), the summit (2024-06-19) and the agreement signed (2025).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.shown import screen_text, settle, toasts
from tui.core.annotations import AnnotationStore
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.marks import OpenedAnnotations, open_annotations
from tui.ui.screens import main as main_module
from tui.ui.screens.axis import AxisScreen
from tui.ui.screens.main import MainScreen
from tui.ui.screens.save_view import SaveViewScreen

SIZE = (120, 40)
OPENING = "kishida-luxon-tokyo-summit"
SIGNED = "japan-new-zealand-sign-information-security-agreement-and-acsa"
NZ_CHIP = "New Zealand ✕"


def make_app(store: EventStore, **options: Any) -> TimelineApp:
    return TimelineApp(store, blink=False, **options)


def cursor_id(app: TimelineApp) -> str | None:
    main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    return main.cursor_event_id()


async def palette(pilot: Pilot[Any], command: str) -> None:
    await pilot.press("ctrl+p", *command)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()


async def save_view(pilot: Pilot[Any], name: str) -> None:
    await palette(pilot, "Save view")
    assert isinstance(pilot.app.screen, SaveViewScreen)
    await pilot.press(*name, "enter")
    await pilot.pause()


async def save_new_zealand_view(store: EventStore) -> None:
    """New Zealand, the cursor on the signing, saved as "NZ work"; quit."""
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"NZ")
        await pilot.pause()
        await pilot.press("enter", "j")
        await pilot.pause()
        await save_view(pilot, "NZ work")
        assert any("View “NZ work” saved" in toast for toast in toasts(app))
        await pilot.press("q")


async def test_save_then_open_then_delete_from_the_palette(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"NZ")
        await pilot.pause()
        await pilot.press("enter", "j")
        await pilot.pause()
        await save_view(pilot, "NZ work")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("c", "A")  # elsewhere: every event, on the time axis
        await settle(pilot)
        assert isinstance(app.screen, AxisScreen)

        await palette(pilot, "Open view: NZ work")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert NZ_CHIP in screen_text(app) and "3 / 25 events" in screen_text(app)
        assert cursor_id(app) == SIGNED

        await palette(pilot, "Delete view: NZ work")
        assert any("View “NZ work” deleted" in toast for toast in toasts(app))
        assert app.annotations is not None and app.annotations.views() == {}


async def test_saving_under_a_name_again_replaces_the_view(bundled_store: EventStore) -> None:
    await save_new_zealand_view(bundled_store)
    app = make_app(bundled_store, fresh=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        await save_view(pilot, "NZ work")
        assert any("View “NZ work” replaced" in toast for toast in toasts(app))
        assert app.annotations is not None
        assert list(app.annotations.views()) == ["NZ work"]
        assert app.annotations.views()["NZ work"]["kind"] == "axis"


async def test_a_built_in_view_name_is_refused(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await save_view(pilot, "Lanes")
        assert isinstance(app.screen, SaveViewScreen)  # still asking
        assert "'Lanes' is --view's own (list, axis, lanes)" in screen_text(app)
        await pilot.press("escape")
        assert app.annotations is not None and app.annotations.views() == {}


async def test_view_name_opens_on_that_view(bundled_store: EventStore) -> None:
    await save_new_zealand_view(bundled_store)
    app = make_app(bundled_store, saved_view="NZ work", fresh=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert NZ_CHIP in screen_text(app)
        assert cursor_id(app) == SIGNED


async def test_view_name_and_a_filter_from_the_command_line_combine(
    bundled_store: EventStore,
) -> None:
    await save_new_zealand_view(bundled_store)
    app = make_app(bundled_store, saved_view="NZ work", countries=["JPN"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert NZ_CHIP in shown and "Japan ✕" in shown  # Japan + New Zealand: all three
        assert "3 / 25 events" in shown


async def test_an_unknown_view_name_lists_the_saved_ones(bundled_store: EventStore) -> None:
    await save_new_zealand_view(bundled_store)
    app = make_app(bundled_store, saved_view="NZ wrok", fresh=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        [notice] = toasts(app)
        assert notice == (
            "Saved views\nNo view is saved as “NZ wrok”. Saved views: “NZ work”. "
            "Ctrl+P → Save view… saves one."
        )
        assert NZ_CHIP not in screen_text(app)
        assert cursor_id(app) == OPENING
        assert isinstance(app.screen, MainScreen)


async def test_an_unknown_view_name_with_no_view_saved(bundled_store: EventStore) -> None:
    app = make_app(bundled_store, saved_view="anything")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        [notice] = toasts(app)
        assert "No view is saved for this data yet." in notice


async def test_a_view_opened_over_other_filters_brings_its_cursor_event(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its event is not among the events shown when it opens, and its text search runs in a
    worker (as on a large dataset): the cursor still lands on it."""
    monkeypatch.setattr(main_module, "LARGE_STORE", 0)
    visit = "putin-visits-pyongyang"  # not a New Zealand event
    with AnnotationStore() as annotations:
        data = annotations.dataset(bundled_store.name, bundled_store.columns.ids)
        data.save_view("Putin", {"filters": {"text": "Putin"}, "cursor": visit})
    app = make_app(bundled_store, countries=["NZL"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Open view: Putin")
        await settle(pilot)
        shown = screen_text(app)
        assert "“Putin” ✕" in shown and NZ_CHIP not in shown
        assert cursor_id(app) == visit


async def test_keys_typed_before_the_views_are_read_win_over_view_name(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await save_new_zealand_view(bundled_store)
    release = threading.Event()

    def slow_open(store: EventStore) -> OpenedAnnotations:
        release.wait(10)
        return open_annotations(store)

    monkeypatch.setattr("tui.ui.app.open_annotations", slow_open)
    app = make_app(bundled_store, saved_view="NZ work")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("k")  # before the views are read
        await pilot.pause()
        moved_to = cursor_id(app)
        release.set()
        await settle(pilot)
        assert cursor_id(app) == moved_to != OPENING
        assert NZ_CHIP not in screen_text(app)
        [notice] = toasts(app)
        assert "View “NZ work” not opened: you had started before it was read." in notice
