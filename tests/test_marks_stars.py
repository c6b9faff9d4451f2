"""Stars in the app: s toggles a ★ on the event at the cursor, in its row and in the reader; it
is kept in the annotations store (not in the data files), survives a restart, and filters."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.marking import (
    SUMMIT_TITLE,
    TREATY,
    TREATY_TITLE,
    go_to,
    make_app,
    marks_open,
    open_marks_late,
    row_line,
)
from tests.shown import screen_lines, toasts_once_shown
from tui.core.annotations import AnnotationStore
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import TopBar

SIZE = (120, 40)


def shown_text(widget: TopBar | DetailPane) -> str:
    """What a widget shows, read off the screen within its region."""
    return "\n".join(screen_lines(widget.app, within=widget.region))


async def test_s_stars_the_event_at_the_cursor_and_again_unstars_it(
    bundled_store: EventStore,
) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await marks_open(pilot)
        plain = row_line(app, SUMMIT_TITLE)
        other = row_line(app, TREATY_TITLE)
        assert plain.startswith(" 2024-06-19")
        await pilot.press("s")
        starred = row_line(app, SUMMIT_TITLE)
        # The mark takes the row's first cell: the date stays in its column.
        assert starred.startswith("★2024-06-19 ")
        assert starred[1:] == plain[1:]
        assert row_line(app, TREATY_TITLE) == other  # only the event at the cursor
        assert "★ starred" in shown_text(app.screen.query_one(DetailPane))
        await pilot.press("s")
        assert row_line(app, SUMMIT_TITLE) == plain
        assert "★ starred" not in shown_text(app.screen.query_one(DetailPane))


async def test_a_star_survives_a_restart(bundled_store: EventStore) -> None:
    first = make_app(bundled_store)
    async with first.run_test(size=SIZE) as pilot:
        await marks_open(pilot)
        await go_to(pilot, TREATY)
        await pilot.press("s")
    # A second app over the same data directory (this test's TIMELINE_EXPLORER_DATA_DIR),
    # on a store read again from the files.
    again = make_app(EventStore.from_dataset(load_paths([DATA])))
    async with again.run_test(size=SIZE) as pilot:
        await marks_open(pilot)
        assert row_line(again, TREATY_TITLE).startswith("★2024-06-19 ")
        assert row_line(again, SUMMIT_TITLE).startswith(" 2024-06-19 ")


async def test_marking_leaves_the_input_files_byte_identical(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)

    def digests() -> dict[str, str]:
        return {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(copy.iterdir())
        }

    before = digests()
    app = make_app(EventStore.from_dataset(load_paths([copy])), inputs=[copy])
    async with app.run_test(size=SIZE) as pilot:
        await marks_open(pilot)
        await pilot.press("s", "t", *"urgent", "enter", "n", *"a note", "escape")
        assert "#urgent" in shown_text(app.screen.query_one(DetailPane))
    assert digests() == before
    assert not list(copy.glob("*.db*")) and len(before) == len(list(copy.iterdir()))


async def test_the_starred_filter_from_the_search_box(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await marks_open(pilot)
        await pilot.press("s")
        await go_to(pilot, TREATY)
        await pilot.press("s")
        # "star" suggests the filter below the text search; ↓ picks it.
        await pilot.press("slash", *"star", "down", "enter")
        await pilot.pause()
        top = shown_text(app.screen.query_one(TopBar))
        assert "★ starred ✕" in top
        assert "2 / 25 events" in top
        timeline = app.screen.query_one(TimelineView)
        assert len(timeline.rows) == 2
        await pilot.press("x")
        await pilot.pause()
        assert "25 / 25 events" in shown_text(app.screen.query_one(TopBar))


async def test_unstarring_under_the_starred_filter_keeps_the_row_until_refiltered(
    bundled_store: EventStore,
) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await marks_open(pilot)
        await pilot.press("s")
        await go_to(pilot, TREATY)
        await pilot.press("s", "slash", *"star", "down", "enter")
        await pilot.pause()
        await go_to(pilot, TREATY)
        await pilot.press("s")
        # Still there, its star gone, and the user told why it stays.
        assert row_line(app, TREATY_TITLE).startswith(" 2024-06-19 ")
        assert "2 / 25 events" in shown_text(app.screen.query_one(TopBar))
        assert any("stays in view" in toast for toast in await toasts_once_shown(pilot))
        # Applying the filters again (remove the chip, add it back) drops it.
        await pilot.press("x", "slash", *"star", "down", "enter")
        await pilot.pause()
        assert "1 / 25 events" in shown_text(app.screen.query_one(TopBar))
        assert TREATY_TITLE not in "\n".join(
            screen_lines(app, within=app.screen.query_one(TimelineView).region)
        )


async def test_starred_on_opening_waits_for_the_annotations(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with AnnotationStore() as store:  # this test's own data directory, as the app's
        marks = store.dataset(bundled_store.name, bundled_store.columns.ids)
        marks.set_star(TREATY)
    go = open_marks_late(monkeypatch)
    app = make_app(bundled_store, starred=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "still opening" in "\n".join(screen_lines(app))
        go.set()
        await marks_open(pilot)
        assert "1 / 25 events" in shown_text(app.screen.query_one(TopBar))
        assert row_line(app, TREATY_TITLE).startswith("★2024-06-19 ")


async def test_s_says_so_when_the_annotations_store_cannot_be_used(
    bundled_store: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the store's directory should be")
    monkeypatch.setenv("TIMELINE_EXPLORER_DATA_DIR", str(blocker))
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # The worker finds the store unusable and says so as the app starts...
        assert any("are off" in toast for toast in await toasts_once_shown(pilot))
        app.clear_notifications()
        await pilot.press("s")
        # ...and s says it again rather than doing nothing.
        shown = await toasts_once_shown(pilot)
        assert any("Stars, notes and tags are off" in toast for toast in shown), shown
        assert row_line(app, SUMMIT_TITLE).startswith(" 2024-06-19 ")
