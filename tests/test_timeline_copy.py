"""`y` on an event in the timeline copies the event with its citations, and says so."""

from __future__ import annotations

import pytest

from tests.shown import toasts_once_shown
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.widgets.timeline import TimelineView


async def test_y_copies_the_event_with_its_sources(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        view = app.screen.query_one(TimelineView)
        assert view.current_row == bundled_store.row_of("kishida-luxon-tokyo-summit")
        await pilot.press("y")
        [notice] = await toasts_once_shown(pilot)
        assert notice.endswith("Copied event “Kishida and Luxon meet in Tokyo” to the clipboard")
    [text] = copied
    lines = text.splitlines()
    assert lines[:2] == ["Kishida and Luxon meet in Tokyo", "2024-06-19 · meeting"]
    assert "Sources" in lines
    first_source = lines[lines.index("Sources") + 1]
    assert first_source.startswith("[1] Reworded version of AP’s “Japan, New Zealand agree")
    assert "    Associated Press, 19 June 2024" in text  # outlet and date under it
    assert "“Japan and New Zealand have reached an agreement in principle" in text  # its quote


async def test_y_on_an_empty_view_copies_nothing(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = TimelineApp(bundled_store, countries=["NZL", "UKR"], blink=False)  # none has both
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40)) as pilot:
        assert not len(app.screen.query_one(TimelineView).rows)
        await pilot.press("y")
        await pilot.pause()
    assert copied == []
