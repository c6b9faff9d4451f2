"""What the user sees, read from the app's own screenshot (``App.export_screenshot``, an SVG):
each run of text with its colour and the colour behind it, and the lines of a region.

Rich writes each run of same-styled text as a <text> whose class gives its colour (dim already
blended in, as a terminal shows it), and at the same cell a <rect> with its background.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

from rich.cells import cell_len
from textual.app import App
from textual.geometry import Region

from tests.shown import screen_text

_RULE = re.compile(r"\.(terminal-\d+-r\d+) \{ ([^}]*)\}")
_RECT = re.compile(r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)" width="[\d.]+"')
_TEXT = re.compile(
    r'<text class="(terminal-\d+-r\d+)" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#terminal-\d+-line-(\d+)\)">([^<]*)</text>'
)
# Rich's SVG: characters 20px high and 0.61 as wide, lines 1.22 apart.
_LINE_HEIGHT = 20 * 1.22
_CHARACTER_WIDTH = 20 * 0.61


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
        text = unescape(escaped)
        if text.isspace():
            continue  # the line's end, or blanks: nothing to read
        # Every cell of text has a background of its own: the app paints the whole screen.
        column = round(float(x) / _CHARACTER_WIDTH)
        yield Run(text, int(line), column, colours[style], backgrounds[(x, int(line))])


def screen_lines(app: App[None], within: Region | None = None) -> list[str]:
    """The screen as plain text (tests/shown.py), one string per line, trailing blanks cut;
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
