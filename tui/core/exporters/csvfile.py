"""CSV: one row per event, UTF-8, for spreadsheets.

A spreadsheet runs a cell that starts with =, +, - or @ (or tab/CR) as a formula, so such
cells get a leading single quote (OWASP's advice for CSV injection): every cell is checked,
dates too (a BCE year starts with "-").

Written a batch of events at a time; an import whose events column gives its cells as columns
is written by polars instead (:mod:`.csv_frames`), with the same bytes.

Given the analyst's marks, and when the dataset has any, three columns follow the others:
``starred`` (true/false), ``tags`` ("; "-joined) and ``analyst_note`` (the whole note, its line
breaks kept). A dataset's exports have the same columns whichever events they hold.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from tui.core.columns import Rows
from tui.core.exporters._common import (
    CachedSources,
    actor_label,
    distinct_rows,
    safe_url,
)
from tui.core.exporters._stream import Piece, event_batches, joined
from tui.core.exporters.csv_frames import CsvCells, ExtraColumns, frame_pieces
from tui.core.exporters.marks import ExportMarks
from tui.core.memo import Memo
from tui.core.model import Event, derive_countries
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
MARK_COLUMNS = ("starred", "tags", "analyst_note")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SEPARATOR = "; "


def neutralise(cell: str) -> str:
    """The cell, quoted so a spreadsheet reads it as text if it could start a formula."""
    # Leading whitespace does not stop every spreadsheet from reading a formula.
    if cell.startswith(_FORMULA_STARTS) or cell.lstrip().startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _listed(values: Iterable[str]) -> str:
    return _SEPARATOR.join(one_line(v) for v in values)


class RowCells:
    """The cells of an event's row. Those that repeat from row to row (actors, places,
    sources) are made once per export for each combination seen."""

    def __init__(self, store: EventStore) -> None:
        def actors(key: tuple[tuple[str, str | None], ...]) -> str:
            return _listed(actor_label(store, actor, role) for actor, role in key)

        def countries(key: tuple[tuple[str, ...], tuple[str | None, ...]]) -> str:
            in_actors = (store.actors[a].country for a in key[0] if a in store.actors)
            return _listed(derive_countries(in_actors, key[1]))

        def concerns(key: tuple[str, ...]) -> str:
            return _listed(store.concern_label(c) for c in key)

        def places(key: tuple[tuple[str | None, str | None], ...]) -> str:
            return _listed(", ".join(part for part in p if part) for p in key)

        cached_sources = CachedSources(store)

        def sources(key: tuple[str, ...]) -> tuple[str, str]:
            found = [(source_id, cached_sources(source_id)) for source_id in key]
            titles = _listed(s.title if s is not None else sid for sid, s in found)
            urls = _listed(url for _, s in found if (url := safe_url(s)) is not None)
            return titles, urls

        self._actors = Memo(actors)
        self._countries = Memo(countries)
        self._concerns = Memo(concerns)
        self._places = Memo(places)
        self._sources = Memo(sources)

    def text(self, event: Event) -> list[str]:
        """The cells as text, before neutralising (what a frame of cells holds)."""
        places = tuple((p.name, p.country) for p in event.places)
        actors = tuple((p.actor, p.role) for p in event.actors)
        titles, urls = self._sources(tuple(c.source for c in event.citations))
        return [
            event.id,
            str(event.start),
            str(event.end) if event.end is not None else "",
            event.start.precision.name.lower(),
            "true" if event.approximate else "false",
            event.kind.value,
            one_line(event.title),
            visible_lines(event.summary),
            self._countries((tuple(a for a, _ in actors), tuple(c for _, c in places))),
            self._actors(actors),
            self._concerns(tuple(event.concerns)),
            self._places(places),
            titles,
            urls,
        ]

    def row(self, event: Event) -> list[str]:
        return _neutralised(self.text(event))


def mark_cells(marks: ExportMarks, event_id: str) -> list[str]:
    """The analyst's cells of an event's row (MARK_COLUMNS), before neutralising."""
    return [
        "true" if event_id in marks.starred else "false",
        _listed(marks.tags.get(event_id, ())),
        visible_lines(marks.notes.get(event_id, "")),
    ]


def _mark_columns(store: EventStore, marks: ExportMarks) -> ExtraColumns:
    """The analyst's columns for the column path: the cells of the marked events' rows only,
    as polars writes them (neutralised, None for empty); every other row is unmarked."""

    def as_written(cell: str) -> str | None:
        return neutralise(cell) if cell else None

    ids = store.columns.ids
    rows = store.rows_of_ids({*marks.starred, *marks.notes, *marks.tags})
    by_row = [[as_written(cell) for cell in mark_cells(marks, ids[int(row)])] for row in rows]
    return ExtraColumns(
        names=MARK_COLUMNS,
        rows=rows,
        cells={name: [cells[i] for cells in by_row] for i, name in enumerate(MARK_COLUMNS)},
        defaults=tuple(as_written(cell) for cell in mark_cells(ExportMarks(), "")),
    )


def csv_pieces(
    store: EventStore, ordered: Rows, marks: ExportMarks | None = None
) -> Iterator[Piece]:
    """The CSV of the (distinct, ascending) rows: the header, then one piece per batch."""
    marked = marks if marks is not None and not marks.empty else None
    if isinstance(store.events, CsvCells):
        extra = _mark_columns(store, marked) if marked else None
        yield from frame_pieces(store.events, ordered, COLUMNS, extra)
        return
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS + (MARK_COLUMNS if marked else ()))
    cells = RowCells(store)
    done = 0
    for events, done in event_batches(store, ordered):
        if marked:
            writer.writerows(cells.row(e) + _neutralised(mark_cells(marked, e.id)) for e in events)
        else:
            writer.writerows(cells.row(event) for event in events)
        yield buffer.getvalue(), done
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows: the header alone
        yield buffer.getvalue(), done


def _neutralised(cells: list[str]) -> list[str]:
    return [neutralise(cell) for cell in cells]


def to_csv(store: EventStore, rows: Rows | Iterable[int], marks: ExportMarks | None = None) -> str:
    return joined(csv_pieces(store, distinct_rows(rows), marks))
