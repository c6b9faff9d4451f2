"""What the user sees, read through Textual's public API only: the widgets on the screen being
shown and what they render (never a private attribute of the app or its compositor)."""

from __future__ import annotations

import html
import re
import time
from typing import Any

from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot


def toasts(app: App[Any]) -> list[str]:
    """The notifications on screen now, as their toasts render them: the title (if any), a
    newline, then the message. Toasts are drawn only in ``run_test(notifications=True)``."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def toasts_once_shown(pilot: Pilot[Any], seconds: float = 5.0) -> list[str]:
    """:func:`toasts` once there is one (a notification posted by a message handler is drawn
    a few refreshes later), or [] after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not (shown := toasts(pilot.app)) and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return shown


# A text run of Rich's SVG export: its x (in px), its row, its text (HTML-escaped, spaces as
# &#160;). Rich draws a cell 20 * 0.61 px wide (font size 20, aspect ratio 0.61).
_RUN = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[^"]*-line-(\d+)\)">([^<]*)</text>'
)
_CELL_PX = 20 * 0.61


def screen_text(app: App[Any]) -> str:
    """The screen as the user sees it, a line a row, read back from App.export_screenshot()
    (what Textual's own snapshot tests compare): every character the app draws, styles aside,
    each row padded with spaces to the screen's width."""
    rows: dict[int, str] = {}
    for x, line, escaped in _RUN.findall(app.export_screenshot()):
        if escaped == "\n":  # each row's end, past its last cell
            continue
        row = rows.get(int(line), "")
        row += " " * max(round(float(x) / _CELL_PX) - cell_len(row), 0)
        rows[int(line)] = row + html.unescape(escaped.replace("&#160;", " "))
    width = app.size.width  # blank cells are not in the export: rows are padded back to it
    return "\n".join(
        (row := rows.get(line, "")) + " " * max(width - cell_len(row), 0)
        for line in range(app.size.height)
    )
