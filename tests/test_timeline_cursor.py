"""The timeline's cursor: a move repaints only the two lines that changed, keeps the cursor in
view, clamps to the rows, and the detail pane follows it."""

from __future__ import annotations

from typing import Any

import pytest
from textual.geometry import Region

from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.timeline import TimelineView


def make_app(store: EventStore) -> TimelineApp:
    return TimelineApp(store, blink=False)


def screen_line_of(view: TimelineView, title: str) -> int:
    """The line of the widget (0 = its top) that shows the event titled ``title``."""
    shown = [view.render_line(y).text for y in range(view.scrollable_content_region.height)]
    [line] = [y for y, text in enumerate(shown) if title[:30] in text]
    return line


class RefreshRecorder:
    """Stands in for the view's refresh: records what was asked, then does it."""

    def __init__(self, view: TimelineView, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[Region, ...]] = []
        self._refresh = view.refresh
        monkeypatch.setattr(view, "refresh", self)

    def __call__(self, *regions: Region, **options: Any) -> Any:
        self.calls.append(regions)
        return self._refresh(*regions, **options)


async def test_a_move_refreshes_only_the_two_lines_that_changed(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(120, 24)) as pilot:
        view = app.screen.query_one(TimelineView)
        titles = bundled_store.columns.titles
        await pilot.press("G", "k")  # scrolled to the end, the cursor one up from the last
        await pilot.pause()
        assert view.scroll_offset.y > 0  # a line number off by the offset would show here
        scroll_before = view.scroll_offset.y
        old_title = titles[int(view.rows[view.cursor])]
        new_title = titles[int(view.rows[view.cursor - 1])]
        old_y, new_y = screen_line_of(view, old_title), screen_line_of(view, new_title)
        recorder = RefreshRecorder(view, monkeypatch)
        await pilot.press("k")
        await pilot.pause()
        assert view.scroll_offset.y == scroll_before  # in view: no scroll
        assert all(regions for regions in recorder.calls), "a whole-widget refresh"
        refreshed = sorted(region.y for regions in recorder.calls for region in regions)
        assert refreshed == sorted([old_y, new_y])
        assert all(region.height == 1 for regions in recorder.calls for region in regions)
        # The lines refreshed are the ones that now show the change: the new cursor line.
        assert screen_line_of(view, new_title) == new_y


async def test_a_move_past_the_edge_scrolls_the_cursor_into_view(
    bundled_store: EventStore,
) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(120, 24)) as pilot:
        view = app.screen.query_one(TimelineView)
        detail = app.screen.query_one(DetailPane)
        titles = bundled_store.columns.titles
        await pilot.press("home")
        assert view.scroll_offset.y == 0
        for _ in range(len(bundled_store) - 1):
            await pilot.press("j")
            row = int(view.rows[view.cursor])
            screen_line_of(view, titles[row])  # on screen after every step
            assert detail.row == row
        assert view.cursor == len(bundled_store) - 1
        assert view.scroll_offset.y > 0
        await pilot.press("j")  # at the end: stays
        assert view.cursor == len(bundled_store) - 1


async def test_the_cursor_is_clamped_to_the_rows(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(120, 24)) as pilot:
        view = app.screen.query_one(TimelineView)
        view.cursor = 10_000
        assert view.cursor == len(bundled_store) - 1  # 25 events: the last is 24
        assert len(bundled_store) == 25
        view.cursor = -3
        assert view.cursor == 0
        await pilot.press("pageup", "up")
        assert view.cursor == 0
        await pilot.press("end", "pagedown", "down")
        assert view.cursor == 24
        await pilot.pause()
        assert app.screen.query_one(DetailPane).row == int(view.rows[24])


async def test_the_app_opens_on_the_datasets_story(bundled_store: EventStore) -> None:
    # data/article.json names its start event: the Kishida–Luxon summit, 19 June 2024.
    app = make_app(bundled_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(TimelineView)
        row = view.current_row
        assert row is not None
        assert bundled_store.columns.ids[row] == "kishida-luxon-tokyo-summit"
        assert app.screen.query_one(DetailPane).row == row
        screen_line_of(view, bundled_store.columns.titles[row])  # and it is in view


async def test_a_filter_without_the_story_opens_on_its_first_event(
    bundled_store: EventStore,
) -> None:
    # The summit involves Japan and New Zealand only: a filter on Ukraine leaves it out.
    app = TimelineApp(bundled_store, countries=["UKR"], blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(TimelineView)
        assert view.cursor == 0
        assert view.current_row == int(view.rows[0])
        ids = [bundled_store.columns.ids[int(r)] for r in view.rows]
        assert "kishida-luxon-tokyo-summit" not in ids
