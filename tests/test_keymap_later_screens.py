"""The screens opened after the first one are imported when first needed (issue 11 item 3), yet
a keymap may still name their bindings: the settings file is checked against every screen's,
and help lists the keys moved on a screen that has not been opened yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shown import toasts
from tests.test_help_screen import help_table
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.config import CONFIG_ENV

TALL = (120, 170)


@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv(CONFIG_ENV, str(path))
    return path


async def test_a_key_moved_on_a_screen_not_yet_opened_is_accepted_and_listed(
    bundled_store: EventStore, settings_file: Path
) -> None:
    # tags.close: the tag dialog's Esc; the dialog is not imported before it is opened.
    settings_file.write_text('[keymap]\n"tags.close" = "f9"\n')
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await pilot.pause()
        assert toasts(app) == []  # no "Settings file ignored"
        await pilot.press("question_mark")
        assert ("tags", "F9", "Close without tagging") in help_table(app)


async def test_an_unknown_binding_id_is_still_refused(
    bundled_store: EventStore, settings_file: Path
) -> None:
    settings_file.write_text('[keymap]\n"tags.nothing" = "f9"\n')
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await pilot.pause()
        [notice] = toasts(app)
        assert f"{settings_file}: keymap.tags.nothing: unknown binding id" in notice.splitlines()
