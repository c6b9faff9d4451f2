"""The export dialog: the name follows the format, Enter writes from the name and from the
format list, an existing file is replaced only when the user says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from tests.conftest import DATA
from tests.shown import toasts, toasts_once_shown
from tui.core.exporters import ExportFormat
from tui.core.loading import open_store
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.export import ExportScreen, ReplaceQuestion, name_for_format
from tui.ui.screens.main import MainScreen

SIZE = (120, 40)


def make_app(store: EventStore) -> TimelineApp:
    return TimelineApp(store, countries=["NZL"], blink=False)  # three events


def name_box(app: TimelineApp) -> Input:
    return app.screen.query_one("#export-path", Input)


async def choose_format(pilot: Pilot[None], steps_down: int) -> None:
    """Open the format list (Space), move down ``steps_down`` from the current format, pick."""
    await pilot.press("space", *["down"] * steps_down, "enter")
    await pilot.pause()


async def finish(app: TimelineApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()  # the export runs in a worker
    await pilot.pause()


def test_names_follow_the_format() -> None:
    assert name_for_format("timeline-export.md", ExportFormat.CSV) == "timeline-export.csv"
    assert name_for_format("brief.csv", ExportFormat.JSON) == "brief.json"
    assert name_for_format("brief.json", ExportFormat.TIMELINEJS) == "brief.timelinejs.json"
    assert name_for_format("brief.timelinejs.json", ExportFormat.JSON) == "brief.json"
    assert name_for_format("brief.TimelineJS.JSON", ExportFormat.MARKDOWN) == "brief.md"
    assert name_for_format("notes.markdown", ExportFormat.CSV) == "notes.csv"
    assert name_for_format("notes", ExportFormat.CSV) == "notes.csv"
    assert name_for_format("notes.txt", ExportFormat.MARKDOWN) == "notes.txt.md"
    assert name_for_format(".md", ExportFormat.CSV) == ".md.csv"  # a name, not an ending


async def test_choosing_a_format_changes_the_extension(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert name_box(app).value == "timeline-export.md"
        await pilot.press("tab")  # to the format list (Markdown)
        assert isinstance(app.screen.focused, Select)
        await choose_format(pilot, 1)
        assert name_box(app).value == "timeline-export.csv"
        await choose_format(pilot, 2)  # CSV -> JSON -> TimelineJS
        assert name_box(app).value == "timeline-export.timelinejs.json"
        await choose_format(pilot, 0)  # TimelineJS stays TimelineJS, and so does the name
        assert name_box(app).value == "timeline-export.timelinejs.json"
        await pilot.press("space", "up", "enter")  # JSON
        await pilot.pause()
        assert name_box(app).value == "timeline-export.json"
        assert isinstance(app.screen, ExportScreen)  # Enter in the open list picks, only


async def test_typing_an_extension_picks_the_format(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "ctrl+u", *"brief.csv")
        await pilot.pause()
        assert app.screen.query_one(Select).value == ExportFormat.CSV
        assert name_box(app).value == "brief.csv"


async def test_enter_on_the_format_list_writes(
    bundled_store: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e", "tab")
        await choose_format(pilot, 1)  # CSV
        await pilot.press("enter")  # on the closed list: writes
        await finish(app, pilot)
        assert isinstance(app.screen, MainScreen)
        written = tmp_path / "timeline-export.csv"
        [notice] = toasts(app)
        assert notice.endswith(f"Wrote 3 events to {written}")  # the full path
    assert written.read_text().count("\n") == 1 + 3  # a header and three events


async def test_an_existing_file_is_replaced_only_when_asked(
    bundled_store: EventStore, tmp_path: Path
) -> None:
    target = tmp_path / "brief.md"
    target.write_text("my notes\n")
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e")
        name_box(app).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        question = app.screen.query_one(ReplaceQuestion)
        assert question.display and app.screen.focused is question
        assert f"{target} exists: Enter or y replaces it" in str(question.render())
        await pilot.press("escape")  # back to the name, nothing written
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert not question.display and app.screen.focused is name_box(app)
        assert target.read_text() == "my notes\n"
        await pilot.press("enter")  # asked again
        await pilot.pause()
        assert question.display
        await pilot.press("y")
        await finish(app, pilot)
        assert isinstance(app.screen, MainScreen)
    assert target.read_text().startswith("# ")  # the brief replaced the notes


async def test_enter_twice_replaces(bundled_store: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "brief.csv"
    target.write_text("old\n")
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        name_box(app).value = str(target)
        await pilot.press("enter", "enter")
        await finish(app, pilot)
        assert isinstance(app.screen, MainScreen)
    assert target.read_text().startswith("id,")


async def test_escape_cancels_and_writes_nothing(
    bundled_store: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not app.screen.query_one("#busy", Static).display
    assert list(tmp_path.iterdir()) == []


async def test_a_refused_name_is_said_at_once_and_the_dialog_stays(tmp_path: Path) -> None:
    source = tmp_path / "events.json"
    source.write_text((DATA / "article.json").read_text())
    before = source.read_bytes()
    store = open_store([tmp_path]).store
    app = TimelineApp(store, inputs=[tmp_path], blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e")
        name_box(app).value = str(source)
        await pilot.press("enter")
        [notice] = await toasts_once_shown(pilot)
        assert "will not overwrite" in notice and "it is an input file" in notice
        assert isinstance(app.screen, ExportScreen)  # a new name can be typed
        assert not app.screen.query_one(ReplaceQuestion).display  # nothing to confirm
        assert app.screen.focused is name_box(app)
    assert source.read_bytes() == before
