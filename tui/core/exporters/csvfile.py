"""CSV: one row per event, UTF-8, for spreadsheets.

A spreadsheet runs a cell that starts with =, +, - or @ (or tab/CR) as a formula, so such
cells get a leading single quote (OWASP's advice for CSV injection). Dates start with a digit
and are never touched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tui.core.columns import Rows
from tui.core.exporters._common import actor_label, citations, safe_url, view_events
from tui.core.model import Event
from tui.core.store import EventStore
from tui.core.textsafe import one_line, visible_lines

COLUMNS = (
    "id",
    "start",
    "end",
    "precision",
    "approximate",
    "kind",
    "title",
    "summary",
    "countries",
    "actors",
    "concerns",
    "places",
    "sources",
    "urls",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SEPARATOR = "; "


def neutralise(cell: str) -> str:
    """The cell, quoted so a spreadsheet reads it as text if it could start a formula."""
    # Leading whitespace does not stop every spreadsheet from reading a formula.
    if cell.startswith(_FORMULA_STARTS) or cell.lstrip().startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _joined(values: Iterable[str]) -> str:
    return _SEPARATOR.join(one_line(v) for v in values)


def _row(store: EventStore, event: Event) -> list[str]:
    sources = list(citations(store, event))
    places = (
        ", ".join(part for part in (place.name, place.country) if part) for place in event.places
    )
    cells = [
        event.id,
        str(event.start),
        str(event.end) if event.end is not None else "",
        event.start.precision.name.lower(),
        "true" if event.approximate else "false",
        event.kind.value,
        one_line(event.title),
        visible_lines(event.summary),
        _joined(event.countries(store.actors)),
        _joined(actor_label(store, p.actor, p.role) for p in event.actors),
        _joined(store.concerns[c].label if c in store.concerns else c for c in event.concerns),
        _joined(places),
        _joined(s.title if s is not None else sid for s, sid, _ in sources),
        _joined(url for s, _, _ in sources if (url := safe_url(s)) is not None),
    ]
    return [neutralise(cell) for cell in cells]


def to_csv(store: EventStore, rows: Rows | Iterable[int]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for event in view_events(store, rows):
        writer.writerow(_row(store, event))
    return buffer.getvalue()
