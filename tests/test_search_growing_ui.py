"""A search over Parquet shows the events it has found while it still scans: the count says
"at least" ("N+ / …"), the timeline shows those events and keys move through them, an export
waits for the whole answer, and when the scan ends the count is whole and the reader has not
moved. The scan is held after its first part, so the test sees that moment for certain."""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import get_current_worker

from tests.shown import toasts_once_shown, until
from tests.test_growing_search import acled_parquet
from tui.core import parquet_rows
from tui.core.columns import Rows
from tui.core.parquet_store import ParquetStore, open_parquet_store
from tui.ui.app import TimelineApp
from tui.ui.screens import main
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import TopBar

SIZE = (120, 40)
NEEDLE = "militia"
EVENTS = 3000


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    """A Parquet file of synthetic ACLED events, and the rows whose text holds NEEDLE."""
    path, texts = acled_parquet(tmp_path_factory.mktemp("growing-ui"), EVENTS)
    return path, [row for row, text in enumerate(texts) if NEEDLE in text]


class HeldScan:
    """The store's scan, held after the first part it shows until the test releases it (or
    the app, ending, cancels the search)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.real = parquet_rows.Database.growing_row_numbers

    def scan(
        self,
        database: parquet_rows.Database,
        condition: str,
        parameters: Sequence[object],
        length: int,
    ) -> Generator[tuple[Rows, bool]]:
        answers = self.real(database, condition, parameters, length)
        worker = get_current_worker()  # the app's search worker, cancelled as the app ends
        try:
            yield next(answers)
            while not self.release.wait(0.05):
                if worker.is_cancelled:
                    return
            yield from answers
        finally:
            answers.close()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldScan]:
    holder = HeldScan()

    def scan(database: parquet_rows.Database, *arguments: Any) -> Generator[tuple[Rows, bool]]:
        return holder.scan(database, *arguments)  # a function: bound to each database

    monkeypatch.setattr(parquet_rows.Database, "growing_row_numbers", scan)
    monkeypatch.setattr(parquet_rows, "FIRST_RANGE", 200)  # 3,000 rows read in parts
    monkeypatch.setattr(parquet_rows, "LARGEST_RANGE", 400)
    monkeypatch.setattr(main, "LARGE_STORE", 0)  # 3,000 events count as large
    yield holder
    holder.release.set()


def count_shown(app: App[None]) -> str:
    return str(app.screen.query_one(TopBar).query_one("#count", Static).render())


async def test_the_first_events_found_are_shown_while_the_scan_goes_on(
    written: tuple[Path, list[int]], held: HeldScan
) -> None:
    path, expected = written
    store: ParquetStore = open_parquet_store(path)
    app = TimelineApp(store, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        view = app.screen.query_one(TimelineView)
        await pilot.press("slash", *NEEDLE)
        await pilot.pause()
        await pilot.press("enter")
        assert await until(pilot, lambda: "+ /" in count_shown(app))
        found = len(view.rows)
        assert 0 < found < len(expected)
        assert count_shown(app) == f"{found:,}+ / {EVENTS:,} events"
        assert view.rows.tolist() == expected[:found]  # the first of the answer, in order
        assert view.cursor == 0 and view.current_row == expected[0]

        await pilot.press("j", "j")  # keys move through what was found
        assert view.current_row == expected[2]
        await pilot.press("e")  # an export would write only some: it waits for the rest
        shown = await toasts_once_shown(pilot)
        assert any("A search is still running" in toast for toast in shown)
        assert app.screen.query_one(TimelineView) is view  # no export dialog over it
        await pilot.press("colon", *"2030", "enter")  # a date past what is found so far
        shown = await toasts_once_shown(pilot)
        assert any(
            "No event on or after 2030 yet: the search is still running." in t for t in shown
        )
        assert view.current_row == expected[2]

        held.release.set()
        await app.workers.wait_for_complete()
        assert await until(pilot, lambda: "+" not in count_shown(app))
        assert count_shown(app) == f"{len(expected):,} / {EVENTS:,} events"
        assert view.rows.tolist() == expected
        assert view.current_row == expected[2]  # the reader stayed where it was


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_snapshot_a_search_still_finding(
    snap_compare: Callable[..., bool],
    written: tuple[Path, list[int]],
    held: HeldScan,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """The screen while a search scans: the first events found, read, the count "N+", and
    the line saying what is searched."""
    monkeypatch.setattr(main, "SHOW_BUSY_AFTER", 0.01)  # said at once: one screen each run
    path, _ = written
    store = open_parquet_store(path)

    async def search_then_read(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *NEEDLE)
        await pilot.pause()
        await pilot.press("enter")
        view = pilot.app.screen.query_one(TimelineView)
        assert await until(pilot, lambda: "+ /" in count_shown(pilot.app))
        shown = view.rows[: size[1]]
        assert await until(
            pilot, lambda: store.rows_ready(shown) and store.rows_ready(shown[:1], full=True)
        )
        await pilot.pause(0.2)  # drawn with the rows read

    assert snap_compare(
        TimelineApp(store, blink=False), terminal_size=size, run_before=search_then_read
    )
