"""An export runs in a worker: the app answers keys meanwhile, shows progress past half a second,
Esc cancels it, and q quits at once; a cancelled export leaves nothing at its destination.

The export is made long by a stand-in for ``export_rows`` that waits (reporting progress and
asking ``cancelled`` as the real one does between batches) before calling the real one."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar

from tests.shown import toasts
from tui.core.exporters import export_rows
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.widgets import export_panel
from tui.ui.widgets.export_panel import ExportPanel
from tui.ui.widgets.timeline import TimelineView

SIZE = (120, 40)


class SlowExport:
    """export_rows, after ``seconds`` of 'writing' the first 10 events (cancellable)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ended = threading.Event()  # the worker thread is done (written or not)
        self.on_thread: list[bool] = []  # was it called off the app's thread?
        self.real = export_rows

    def __call__(
        self,
        *args: Any,
        progress: Callable[[int, int], None],
        cancelled: Callable[[], bool],
        **options: Any,
    ) -> Any:
        self.on_thread.append(threading.current_thread() is not threading.main_thread())
        try:
            progress(10, 25)
            deadline = time.monotonic() + self.seconds
            while time.monotonic() < deadline and not cancelled():
                time.sleep(0.02)
            return self.real(*args, progress=progress, cancelled=cancelled, **options)
        finally:
            self.ended.set()


@pytest.fixture
def slow_export(monkeypatch: pytest.MonkeyPatch) -> SlowExport:
    slow = SlowExport(seconds=3.0)
    monkeypatch.setattr(export_panel, "export_rows", slow)
    return slow


async def start_export(app: TimelineApp, pilot: Pilot[None], target: Path) -> None:
    await pilot.press("e")
    app.screen.query_one("#export-path", Input).value = str(target)
    await pilot.press("enter")
    await pilot.pause()


async def thread_ended(slow: SlowExport) -> None:
    assert await asyncio.to_thread(slow.ended.wait, 10)


async def test_keys_work_while_an_export_runs_and_escape_cancels_it(
    bundled_store: EventStore, tmp_path: Path, slow_export: SlowExport
) -> None:
    target = tmp_path / "all.csv"
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        view = app.screen.query_one(TimelineView)
        panel = app.screen.query_one(ExportPanel)
        await start_export(app, pilot, target)
        assert panel.running
        await pilot.pause(0.8)
        assert panel.display  # now it shows how far it got
        bar = panel.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (10, 25)
        assert "Exporting 25 events to all.csv · Esc cancels" in str(
            panel.query_one("#export-label").render()
        )
        before = view.cursor
        await pilot.press("home", "j", "j")  # the timeline answers while it runs
        assert view.cursor == 2 != before
        await pilot.press("escape")
        await pilot.pause()
        assert not panel.running and not panel.display
        assert any(t.endswith("Export cancelled") for t in toasts(app))
        await thread_ended(slow_export)
        await pilot.pause()
        assert not any("Wrote" in t for t in toasts(app))
    assert slow_export.on_thread == [True]
    assert list(tmp_path.iterdir()) == []  # no file, no temporary file


async def test_a_finished_export_says_where_and_hides_its_progress(
    bundled_store: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowExport(seconds=0.8)
    monkeypatch.setattr(export_panel, "export_rows", slow)
    monkeypatch.setattr(export_panel, "SHOW_AFTER", 30.0)  # longer than this export
    target = tmp_path / "all.md"
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        panel = app.screen.query_one(ExportPanel)
        await start_export(app, pilot, target)
        await pilot.pause(0.3)
        assert not panel.display  # a short export only says where
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not panel.running and not panel.display
        assert any(t.endswith(f"Wrote 25 events to {target}") for t in toasts(app))
        await pilot.press("escape")  # nothing runs: Esc does nothing harmful
        assert app.is_running
    assert target.read_text().startswith("# ")


async def test_quitting_during_an_export_cancels_it_at_once(
    bundled_store: EventStore, tmp_path: Path, slow_export: SlowExport
) -> None:
    target = tmp_path / "all.json"
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await start_export(app, pilot, target)
        assert app.screen.query_one(ExportPanel).running
        pressed = time.monotonic()
        await pilot.press("q")
        await thread_ended(slow_export)
        assert time.monotonic() - pressed < 1.0  # not the 3 s the export would take
    assert not app.is_running
    assert list(tmp_path.iterdir()) == []


async def test_a_second_export_waits_for_the_first(
    bundled_store: EventStore, tmp_path: Path, slow_export: SlowExport
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_export(app, pilot, tmp_path / "first.csv")
        await pilot.press("e")
        await pilot.pause()
        assert any(t.endswith("An export is running: Esc cancels it.") for t in toasts(app))
        await pilot.press("escape")
        await thread_ended(slow_export)
    assert list(tmp_path.iterdir()) == []
