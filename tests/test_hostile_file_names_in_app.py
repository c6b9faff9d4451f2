"""A file name is data too: named with terminal escapes and markup, it reaches the screen (the
header, the notices of a load with problems, the problems screen) only as visible text."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.shown import screen_text, toasts_once_shown
from tests.unsafe_text import unsafe_characters
from tui.core.loading import open_store
from tui.ui.app import TimelineApp

REAL_ACLED = Path(__file__).parent / "data" / "real" / "acled" / "hoa_djibouti_2019_iso.csv"
# OSC 2 (set the window title), a screen clear, and Rich markup that would run an action.
HOSTILE_NAME = "evil\x1b]2;pwned\x07[@click=app.quit]x[b]\x1b[2J.csv"  # no "/": a path


def hostile_file(tmp_path: Path) -> Path:
    """The real Djibouti file under the hostile name, with one row whose date cannot be read
    (so the load, with --skip-bad, warns and names the file)."""
    path = tmp_path / HOSTILE_NAME
    shutil.copyfile(REAL_ACLED, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    date_column = lines[0].split(",").index("event_date")
    cells[date_column] = "31 Smarch 2019"
    path.write_text("\n".join([*lines, ",".join(cells)]) + "\n", encoding="utf-8")
    return path


async def test_a_hostile_file_name_is_shown_as_text_in_the_app(tmp_path: Path) -> None:
    path = hostile_file(tmp_path)
    opened = open_store([path], skip_bad=True)
    assert opened.skipped_rows == 1
    app = TimelineApp(
        opened.store, inputs=[path], warnings=opened.warnings, problems=opened.problems
    )
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        notices = await toasts_once_shown(pilot)
        assert notices, "a load that skipped a row says so"
        for notice in notices:
            assert not unsafe_characters(notice.replace("\n", " ")), notice  # title, body
        shown = screen_text(app)
        assert not unsafe_characters(shown.replace("\n", ""))
        assert "␛]2;pwned" in shown  # the name is there, its escapes made visible
        assert "[@click=app.quit]x[b]" in shown  # markup shown as written, not run
        for title in (app.title, app.sub_title, app.screen.title or "", app.screen.sub_title):
            assert not unsafe_characters(title or ""), title
        assert app.is_running  # the click markup did not quit the app
