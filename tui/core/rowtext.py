"""The text of one timeline row, built as Rich Text (never parsed as markup) and cut to width.

Plain Rich, no textual: the timeline widget turns these into strips, and tests check them
directly (columns aligned, hostile text harmless).
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tui.core.dates import PartialDate, range_label, year_label
from tui.core.textsafe import one_line

KIND_MARKERS: dict[str, str] = {
    "meeting": "◆",
    "visit": "▲",
    "negotiation": "◇",
    "agreement": "■",
    "treaty": "★",
    "ratification": "☆",
    "statement": "●",
    "report": "○",
    "policy": "▣",
    "military action": "✕",
    "protest": "△",
    "violence": "✖",
    "other": "•",
}
MAX_COUNTRIES_SHOWN = 3
# Terminals disagree on how wide emoji sequences are: Rich counts 👨‍👩‍👧 or ✈️ or 👍🏽 as one
# 2-cell cluster, many terminals (tmux among them) draw each part. Rows drop the glue (joiners,
# variation selectors, skin tones) so every terminal draws what Rich counted and the columns
# stay aligned; the detail pane keeps the text whole.
_EMOJI_GLUE = re.compile("[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")


def _cell_text(text: str) -> str:
    """Text for one cell of a row: one line, harmless, no emoji glue."""
    return _EMOJI_GLUE.sub("", one_line(text))


def kind_marker(kind: str) -> str:
    return KIND_MARKERS.get(kind, "•")


def compact_date_label(
    start_key: int, end_key: int, approximate: bool, start_time: int = 0, end_time: int = 0
) -> str:
    """2024-06-19, 2024-06, 2016; ranges shortened where the start says it all:
    2024-06-18–19, 2024-06-18–07-02, 2023-12-30–2024-01-02; ~ marks an approximate date.
    Times and BCE or deep-time years read as PartialDate.label has them (2024-06-19 14:30,
    5410 BCE, 13.8 billion years ago), ranges of them in full."""
    start = PartialDate.from_key(start_key, start_time)
    label = start.label
    if end_key and (end_key, end_time) != (start_key, start_time):
        end = PartialDate.from_key(end_key, end_time)
        end_text = end.label
        plain = start.year > 0 and start.hour is None and end.hour is None
        same_precision = start.precision == end.precision
        if plain and same_precision and end.year == start.year and end.day is not None:
            end_text = end_text[8:] if end.month == start.month else end_text[5:]
        elif plain and same_precision and end.year == start.year and end.month is not None:
            end_text = end_text[5:]
        label = f"{label}–{end_text}" if plain else range_label(start, end)
    return f"~{label}" if approximate else label


def cut(text: str, width: int) -> str:
    """Cut text to a number of terminal cells, ending with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    kept = Text(text)
    kept.truncate(width, overflow="ellipsis")
    return kept.plain


def countries_label(countries: tuple[str, ...]) -> str:
    # Codes are validated for our format, but imports fill this column from other people's files.
    shown = " ".join(_cell_text(code) for code in countries[:MAX_COUNTRIES_SHOWN])
    extra = len(countries) - MAX_COUNTRIES_SHOWN
    return f"{shown} +{extra}" if extra > 0 else shown


def row_text(
    *,
    date_label: str,
    date_width: int,
    kind: str,
    title: str,
    countries: tuple[str, ...],
    width: int,
    highlight: str = "",
    styles: dict[str, Style] | None = None,
) -> Text:
    """One row exactly ``width`` cells wide: date, kind marker, title, countries."""
    styles = styles or {}
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(" ")
    date = cut(_cell_text(date_label), date_width)
    text.append(date + " " * (date_width - cell_len(date)), styles.get("date"))
    text.append(" ")
    text.append(kind_marker(kind), styles.get("kind"))
    text.append(" ")
    used = 1 + date_width + 3
    tail = countries_label(countries) if width - used >= 40 else ""
    room = width - used - (cell_len(tail) + 2 if tail else 1)
    shown = cut(_cell_text(title), max(room, 0))
    start = len(text)
    text.append(shown, styles.get("title"))
    if highlight and shown:
        for match in re.finditer(re.escape(highlight), shown, flags=re.IGNORECASE):
            text.stylize(
                styles.get("match", Style(reverse=True)), start + match.start(), start + match.end()
            )
    padding = width - cell_len(text.plain) - cell_len(tail) - (1 if tail else 0)
    text.append(" " * max(padding, 0))
    if tail:
        text.append(tail, styles.get("countries"))
        text.append(" ")
    if cell_len(text.plain) > width:
        text.truncate(width)
    return text


def year_separator(year: int, width: int, style: Style | None = None) -> Text:
    label = f"── {year_label(year)} "
    return Text(cut(label + "─" * max(width - cell_len(label), 0), width), style or "", end="")
