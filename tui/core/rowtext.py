"""The text of one timeline row, built as Rich Text (never parsed as markup) and cut to width.

Plain Rich, no textual: the timeline widget turns these into strips, and tests check them
directly (columns aligned, hostile text harmless).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tui.core.columns import Rows
from tui.core.dates import compact_date_label, year_label
from tui.core.textsafe import one_line

if TYPE_CHECKING:
    from tui.core.store import EventStore

__all__ = [
    "compact_date_label",
    "countries_label",
    "cut",
    "date_column_width",
    "kind_marker",
    "row_text",
    "year_separator",
]

KIND_MARKERS: dict[str, str] = {
    "meeting": "◆",
    "visit": "▲",
    "negotiation": "◇",
    "agreement": "■",
    "treaty": "◈",
    "ratification": "◎",
    "statement": "●",
    "report": "○",
    "policy": "▣",
    "military action": "✕",
    "protest": "△",
    "violence": "✖",
    "other": "•",
}
MAX_COUNTRIES_SHOWN = 3
# The date column fits this share of the rows' dates; a longer one (a range, a date with a
# time among dates without) takes room from its own row's title, never from every row's.
COMMON_DATES = 0.9
_SAMPLED_ROWS = 100_000  # a bigger store is measured on this many rows, spread evenly
_MEASURED_AT_MOST = 2_000  # unusual dates whose labels are built to measure; a sample past it
# Cells of a time of day after its date, by how fine it is ((PartialDate.time_key - 1) % 4):
# " 14h", " 14:30", " 14:30:05", " 14:30:05.250".
_TIME_CELLS = np.array([4, 6, 9, 13], dtype=np.int64)
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


def date_column_width(store: EventStore) -> int:
    """Cells for the timeline's date column: the narrowest that fits COMMON_DATES of the rows.

    Plain dates are measured from their sort keys without building a label (2024-06-19 is
    10 cells, 2024-06 7, 2016 4; a time of day and ~ add theirs); ranges and years before
    1 CE have their labels built. A big store is measured on rows spread evenly over it."""
    count = len(store.columns)
    if count == 0:
        return 10
    if count > _SAMPLED_ROWS:
        rows = np.linspace(0, count - 1, _SAMPLED_ROWS).astype(np.int64)
    else:
        rows = np.arange(count, dtype=np.int64)
    widths = _plain_widths(store, rows)
    weights = np.ones(len(rows), dtype=np.float64)
    unusual = np.flatnonzero(_unusual(store, rows))
    measured = unusual
    if len(unusual) > _MEASURED_AT_MOST:
        picks = np.linspace(0, len(unusual) - 1, _MEASURED_AT_MOST).astype(np.int64)
        measured = np.unique(unusual[picks])
    if len(measured):
        weights[unusual] = 0.0
        weights[measured] = len(unusual) / len(measured)
        widths[measured] = [cell_len(store.compact_date_label(int(rows[i]))) for i in measured]
    covered = np.cumsum(np.bincount(widths, weights=weights)) >= COMMON_DATES * len(rows) - 1e-9
    return int(np.argmax(covered))


def _plain_widths(store: EventStore, rows: Rows) -> npt.NDArray[np.int64]:
    """Each row's date label width, read as a plain date (no range, a year 1 CE or later)."""
    columns = store.columns
    within_year = columns.start_keys[rows].astype(np.int64) % 10000
    widths = np.where(within_year % 100 != 0, 10, np.where(within_year != 0, 7, 4))
    if columns.start_times is not None:
        times = columns.start_times[rows].astype(np.int64)
        widths += np.where(times != 0, _TIME_CELLS[(times - 1) % 4], 0)
    widths += columns.approximate[rows]
    return widths


def _unusual(store: EventStore, rows: Rows) -> npt.NDArray[np.bool_]:
    """Rows whose label is not a plain date: ranges (an end that is not the start) and
    years before 1 CE."""
    columns = store.columns
    starts, ends = columns.start_keys[rows], columns.end_keys[rows]
    different = ends != starts
    if columns.start_times is not None and columns.end_times is not None:
        different |= columns.end_times[rows] != columns.start_times[rows]
    unusual: npt.NDArray[np.bool_] = ((ends != 0) & different) | (starts < 10000)
    return unusual


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
    """One row exactly ``width`` cells wide: date, kind marker, title, countries.

    A date longer than ``date_width`` (a range) is never cut to it: it takes its cells from
    this row's title, up to a third of the row."""
    styles = styles or {}
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(" ")
    date = cut(_cell_text(date_label), max(date_width, width // 3))
    date_cells = max(cell_len(date), date_width)
    text.append(date + " " * (date_cells - cell_len(date)), styles.get("date"))
    text.append(" ")
    text.append(kind_marker(kind), styles.get("kind"))
    text.append(" ")
    used = 1 + date_cells + 3
    # Whether countries show depends on the column, not this row's date: all rows or none.
    tail = countries_label(countries) if width - (1 + date_width + 3) >= 40 else ""
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
