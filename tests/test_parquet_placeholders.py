"""Over a file whose reads are slow, a jump to rows not read yet draws them at once as
placeholders (their dates, then "…"), the detail pane says it is loading, and nothing the keys
do waits on the file; once the rows have been read, their titles and the event replace them."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synth import write_acled
from tests.shown import screen_text, until
from tui.core.backends.schema import write_parquet
from tui.core.importers import acled as acled_importer
from tui.core.loading import OpenResult, ProgressCallback, open_store
from tui.core.parquet_rows import Database
from tui.core.parquet_store import ParquetStore
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.main import MainScreen
from tui.ui.session import SAVE_AFTER
from tui.ui.widgets.timeline import TimelineView

ROWS = 3000  # several blocks of rows: the last ones are not read with the first screen
SIZE = (120, 40)
WAIT = 30  # seconds before a wait fails (a read of this file takes milliseconds)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[EventStore, Path]:
    folder = tmp_path_factory.mktemp("placeholders")
    store = acled_importer.build(acled_importer.prepare(write_acled(folder / "a.csv", ROWS)))
    path = folder / "events.parquet"
    write_parquet(store, path, batch_rows=1000)
    return store, path


class Gate:
    """Holds back every read of a row's text (the timeline's and the detail pane's) while
    closed; a read asked on the UI thread while closed is recorded, not held back."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()
        self.read_on_ui_thread: list[str] = []
        self.ui_thread = threading.get_ident()

    def around(self, fetch: Callable[..., Any]) -> Callable[..., Any]:
        def gated(database: Database, sql: str, parameters: Any = ()) -> Any:
            if sql.startswith(("SELECT r, id, title", "SELECT r, summary")):
                if threading.get_ident() == self.ui_thread:
                    if not self.open.is_set():
                        self.read_on_ui_thread.append(sql)
                else:
                    assert self.open.wait(WAIT), "the test never opened the gate"
            return fetch(database, sql, parameters)

        return gated


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate = Gate()
    monkeypatch.setattr(Database, "fetch", gate.around(Database.fetch))
    yield gate
    gate.open.set()  # no thread is left waiting on it


def _timeline_lines(app: TimelineApp) -> list[str]:
    timeline = app.screen.query_one(TimelineView)
    region = timeline.content_region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return [line[region.x : region.right] for line in lines]


# A row not read yet: its date, blanks where the kind's marker goes, then "…" alone (a title
# cut short ends in "…" too, but right after its text).
PLACEHOLDER = re.compile(r" ?(?P<date>\S[^…]*?) {2,}… *")


def _placeholders(app: TimelineApp) -> list[str]:
    """The dates of the timeline's lines that are placeholders."""
    found = (PLACEHOLDER.fullmatch(line) for line in _timeline_lines(app))
    return [match["date"] for match in found if match]


async def test_a_jump_to_unread_rows_shows_placeholders_then_the_rows(
    files: tuple[EventStore, Path], gate: Gate
) -> None:
    memory, path = files

    def opener(progress: ProgressCallback | None = None) -> OpenResult:
        return open_store([path], progress=progress, require_events=True)

    app = TimelineApp(opener=opener, source_label=path.name, blink=False)
    last = len(memory) - 1
    last_title, last_date = memory.columns.titles[last], memory.compact_date_label(last)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, MainScreen)
        store = app.screen.query_one(TimelineView).store
        assert isinstance(store, ParquetStore)
        first_title = memory.columns.titles[0]
        assert await until(pilot, lambda: first_title[:40] in screen_text(app))
        assert not store.rows_ready([last])

        gate.open.clear()
        await pilot.press("end")
        await pilot.pause()
        waiting = _placeholders(app)
        assert len(waiting) >= 30, "\n".join(_timeline_lines(app))  # a screenful of them
        assert waiting[-1] == last_date
        assert last_title[:30] not in screen_text(app)
        assert "loading…" in screen_text(app)  # the detail pane, for the event at the cursor
        await pilot.press("up", "up", "pageup")  # the cursor moves on while nothing arrives
        await pilot.press("y")  # copy the event there: done once it has been read
        await pilot.pause()
        assert gate.read_on_ui_thread == []
        copied_row = app.screen.query_one(TimelineView).current_row
        assert copied_row is not None
        copied_title = memory.columns.titles[copied_row]
        assert copied_title not in app.clipboard
        # The session's save comes due meanwhile: it waits for the row; the interface does not.
        await pilot.pause(SAVE_AFTER + 0.3)
        assert gate.read_on_ui_thread == []

        gate.open.set()
        assert await until(pilot, lambda: copied_title in app.clipboard)
        await pilot.press("end")
        assert await until(pilot, lambda: last_title[:30] in screen_text(app))
        assert await until(pilot, lambda: not _placeholders(app))
        assert await until(pilot, lambda: "loading…" not in screen_text(app))
        shown = screen_text(app)
        assert shown.count(last_title[:30]) >= 2  # its row, and the detail pane's heading
        assert gate.read_on_ui_thread == []


async def test_the_store_over_parquet_reads_rows_asked_for_in_the_background(
    files: tuple[EventStore, Path], gate: Gate
) -> None:
    memory, path = files
    store = open_store([path]).store
    assert isinstance(store, ParquetStore)
    gate.open.clear()
    assert not store.rows_ready([1500]) and not store.rows_ready([1500], full=True)
    loop = asyncio.get_running_loop()
    arrived: asyncio.Future[list[int]] = loop.create_future()

    def on_ready(held: list[int]) -> None:
        loop.call_soon_threadsafe(arrived.set_result, held)

    store.request_rows([1500, 1501], on_ready, full=True)
    assert not arrived.done()
    gate.open.set()
    assert await asyncio.wait_for(arrived, WAIT) == [1500, 1501]
    assert store.rows_ready([1500, 1501], full=True)
    assert store.events[1500].title == memory.events[1500].title
