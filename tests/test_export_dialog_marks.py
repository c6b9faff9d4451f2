"""The app's export (e) carries the analyst's marks, as the command line's does."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tui.core.annotations import AnnotationStore
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.marks import annotations_of

SUMMIT = "kishida-luxon-tokyo-summit"


async def test_the_dialog_exports_the_marks(
    bundled_store: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with AnnotationStore() as store:
        marks = store.dataset(bundled_store.name, bundled_store.columns.ids)
        marks.set_star(SUMMIT)
        marks.set_note(SUMMIT, "Mine.\nTwo lines.", 0)
    monkeypatch.chdir(tmp_path)
    app = TimelineApp(bundled_store, countries=["NZL"], blink=False)  # three events
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()  # the annotations open in a worker
        await pilot.pause()
        assert annotations_of(app) is not None
        # The name box opens on a default name: Home and Ctrl+K clear it for ours.
        await pilot.press("e", "home", "ctrl+k", *"marked.csv", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    with (tmp_path / "marked.csv").open(newline="", encoding="utf-8") as file:
        rows = {row["id"]: row for row in csv.DictReader(file)}
    assert len(rows) == 3
    assert (rows[SUMMIT]["starred"], rows[SUMMIT]["analyst_note"]) == ("true", "Mine.\nTwo lines.")
    assert [row["starred"] for key, row in rows.items() if key != SUMMIT] == ["false", "false"]
