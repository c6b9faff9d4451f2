"""What the user sees, read through Textual's public API only: the widgets on the screen being
shown and what they render (never a private attribute of the app or its compositor), and the
screen itself read back from the app's own screenshot (``App.export_screenshot``, an SVG: what
Textual's own snapshot tests compare).

Rich writes each run of same-styled text as a <text> whose class gives its colour (dim already
blended in, as a terminal shows it), and at the same cell a <rect> with its background.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.worker import WorkerCancelled


def toasts(app: App[Any]) -> list[str]:
    """The notifications on screen now, as their toasts render them: the title (if any), a
    newline, then the message. Toasts are drawn only in ``run_test(notifications=True)``."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether the condition came to hold within ``seconds`` (checked between the app's
    refreshes)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


async def toasts_once_shown(pilot: Pilot[Any], seconds: float = 5.0) -> list[str]:
    """:func:`toasts` once there is one (a notification posted by a message handler is drawn
    a few refreshes later), or [] after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not (shown := toasts(pilot.app)) and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return shown


_RULE = re.compile(r"\.(terminal-\d+-r\d+) \{ ([^}]*)\}")
_RECT = re.compile(r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)" width="[\d.]+"')
# A text run: its style class, its x (in px), its row, its text (HTML-escaped, spaces as &#160;).
_TEXT = re.compile(
    r'<text class="(terminal-\d+-r\d+)" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#terminal-\d+-line-(\d+)\)">([^<]*)</text>'
)
# Rich's SVG: characters 20px high and 0.61 as wide, lines 1.22 apart.
_LINE_HEIGHT = 20 * 1.22
_CHARACTER_WIDTH = 20 * 0.61


def screen_text(app: App[Any]) -> str:
    """The screen as the user sees it, a line a row, read back from App.export_screenshot()
    (what Textual's own snapshot tests compare): every character the app draws, styles aside,
    each row padded with spaces to the screen's width."""
    rows: dict[int, str] = {}
    for _style, x, line, escaped in _TEXT.findall(app.export_screenshot()):
        if escaped == "\n":  # each row's end, past its last cell
            continue
        row = rows.get(int(line), "")
        row += " " * max(round(float(x) / _CHARACTER_WIDTH) - cell_len(row), 0)
        rows[int(line)] = row + html.unescape(escaped.replace("&#160;", " "))
    width = app.size.width  # blank cells are not in the export: rows are padded back to it
    return "\n".join(
        (row := rows.get(line, "")) + " " * max(width - cell_len(row), 0)
        for line in range(app.size.height)
    )


@dataclass(frozen=True)
class Run:
    text: str
    line: int
    column: int
    foreground: str
    background: str


def runs_of(svg: str) -> Iterator[Run]:
    """Each run of text in the screenshot (blank runs left out), in the order Rich wrote them:
    line by line, left to right."""
    colours = {
        name: fill.group(1)
        for name, rules in _RULE.findall(svg)
        if (fill := re.search(r"fill: (#[0-9a-f]{6})", rules))
    }
    backgrounds = {
        (x, round((float(y) - 1.5) / _LINE_HEIGHT)): fill for fill, x, y in _RECT.findall(svg)
    }
    for style, x, line, escaped in _TEXT.findall(svg):
        text = html.unescape(escaped)
        if text.isspace():
            continue  # the line's end, or blanks: nothing to read
        # Every cell of text has a background of its own: the app paints the whole screen.
        column = round(float(x) / _CHARACTER_WIDTH)
        yield Run(text, int(line), column, colours[style], backgrounds[(x, int(line))])


def screen_lines(app: App[None], within: Region | None = None) -> list[str]:
    """The screen as plain text (:func:`screen_text`), one string per line, trailing blanks cut;
    only the part inside ``within`` if given (a dialog, not the screen dimmed behind it)."""
    lines = screen_text(app).split("\n")
    if within is not None:
        lines = [_cells(line, within.x, within.right) for line in lines[within.y : within.bottom]]
    return [line.rstrip() for line in lines]


def _cells(line: str, start: int, end: int) -> str:
    """The characters of ``line`` in cells start to end (a wide character counts two)."""
    kept, column = [], 0
    for character in line:
        if start <= column < end:
            kept.append(character)
        column += cell_len(character)
    return "".join(kept)


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Until the workers are done and what they started has run: the annotations opening, a
    restore, the searches it applies. A search that a newer one replaced ends cancelled, which
    is how it should end, so waiting goes on past it."""
    for _ in range(rounds):
        for worker in list(pilot.app.workers):
            with suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
