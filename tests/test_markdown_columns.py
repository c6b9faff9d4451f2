"""An ACLED import's brief is written from its columns (no model per row): byte for byte the
brief written from each row's model, on the real and test files and on hostile text, with and
without the analyst's marks, whatever the batch sizes."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import TEST_DATA
from tests.export_stores import CONTROLS, MARKUP, acled_rows, write_acled
from tui.core import memo
from tui.core.columns import LazyColumn
from tui.core.exporters import _stream, brief_fields, markdown_escape
from tui.core.exporters.brief_fields import (
    BriefBatch,
    BriefColumns,
    EventsWithColumns,
    brief_batch,
    brief_batches,
)
from tui.core.exporters.markdown import to_markdown
from tui.core.exporters.marks import ExportMarks
from tui.core.importers import acled
from tui.core.model import Event
from tui.core.store import EventStore

FILES = sorted(
    [*TEST_DATA.glob("imports/acled_*.csv"), *TEST_DATA.glob("real/acled/*.csv")],
    key=lambda p: p.name,
)
MADE = dt.date(2025, 3, 1)
# Text that Markdown would read something into, or that one_line() and the model's trimming
# change: each in the free-text and label columns of a hostile file.
HOSTILE_CELLS = [
    *MARKUP,
    *CONTROLS,
    "www.example.org and WWW.x",
    "a_b and __x__ and _y_",
    "#1 and a #tag",
    "&amp; &#12; & so",
    "1. first",
    "2) second",
    "٣. third",
    "- dash",
    "> quote",
    "= equal",
    "  lead and trail  ",
    "in\x1cside",
    "\x1clead",
    "\x0bvertical",
    "\u3000wide\u3000",
    "\xa0nbsp\xa0",
    "a\t\tb",
    "x\u2028y",
    "two\n\nparagraphs\nand a line",
    "crlf\r\nline",
    "ordinary words [size=no report]",
    "Côte d’Ivoire – Abidjan",
    " ",
    "\u3000",
]


def no_model(row: int) -> Event:
    raise AssertionError(f"a model was made for row {row}")


def both_ways(path: Path) -> tuple[EventStore, EventStore]:
    """The import's store as opened (fields from columns, and a model for no row), and the
    same store with a plain events column (fields from each row's model)."""
    store = acled.build(acled.prepare(path, skip_bad=True))
    events = store.events
    assert isinstance(events, EventsWithColumns)
    columns = EventsWithColumns(
        len(store), no_model, events.csv_cells, events.brief_batch, events.json_events, events.plan
    )
    models = LazyColumn(len(store), events.__getitem__)
    assert not isinstance(models, BriefColumns)
    return replace(store, events=columns), replace(store, events=models)


def plain(batch: BriefBatch) -> dict[str, list[object]]:
    """A batch's fields as lists (an import hands its texts over as polars columns)."""
    return {f.name: list(getattr(batch, f.name)) for f in fields(batch)}


def hostile_acled(tmp_path: Path, copies: int = 3) -> Path:
    """The test file's rows with hostile text in every free-text and label column: more rows
    than a batch is escaped one by one in (64)."""
    columns, rows = acled_rows()
    out: list[dict[str, str]] = []
    for i, text in enumerate(HOSTILE_CELLS * copies):
        row = dict(rows[i % len(rows)])
        row["event_id_cnty"] = f"HST{i:05d}"
        for column in ("notes", "location", "admin1", "source"):
            row[column] = f"{text} {column}" if i % 2 else text
        if not text.strip():
            row["admin1"] = ""  # a place named by whitespace alone: the model's has no name
        row["actor1"] = f"{text} (Sudan)"
        row["actor2"] = text if i % 3 == 1 and text.strip() else row["actor2"]
        row["assoc_actor_1"] = f"{text}; other" if i % 3 == 0 else ""
        out.append(row)
    return write_acled(tmp_path / "hostile_acled.csv", columns, out)


def hostile_marks(store: EventStore) -> ExportMarks:
    """Marks on every other event: a star, hostile notes and tags."""
    ids = [store.events[row].id for row in range(0, len(store), 2)]
    notes = {e: f"{HOSTILE_CELLS[i % len(HOSTILE_CELLS)]}\nagain" for i, e in enumerate(ids)}
    tags = {
        e: (HOSTILE_CELLS[(i + 3) % len(HOSTILE_CELLS)].strip() or "t",) for i, e in enumerate(ids)
    }
    return ExportMarks(frozenset(ids[::2]), notes, tags)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_files_give_the_same_fields_and_brief(path: Path) -> None:
    columns, models = both_ways(path)
    rows = columns.all_rows()
    assert len(rows) > 0
    from_columns = columns.events.brief_batch(rows)  # type: ignore[attr-defined]
    from_models = brief_batch([models.events[int(r)] for r in rows], models.actors)
    assert plain(from_columns) == plain(from_models)
    assert to_markdown(columns, rows, made=MADE) == to_markdown(models, rows, made=MADE)


@pytest.mark.parametrize("one_by_one", [False, True], ids=["polars", "python"])
def test_real_files_brief_whatever_escapes_the_batch(
    one_by_one: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real files are small: escaped one by one, or by polars when any batch is."""
    monkeypatch.setattr(markdown_escape, "_BATCH_MIN", 10**9 if one_by_one else 0)
    for path in FILES:
        columns, models = both_ways(path)
        rows = columns.all_rows()
        assert to_markdown(columns, rows, made=MADE) == to_markdown(models, rows, made=MADE)


def test_hostile_cells_give_the_same_fields(tmp_path: Path) -> None:
    columns, models = both_ways(hostile_acled(tmp_path))
    rows = columns.all_rows()
    assert len(rows) == 3 * len(HOSTILE_CELLS)
    from_columns = plain(columns.events.brief_batch(rows))  # type: ignore[attr-defined]
    from_models = plain(brief_batch([models.events[int(r)] for r in rows], models.actors))
    for name, values in from_columns.items():
        assert values == from_models[name], name


@pytest.mark.parametrize("marked", [False, True], ids=["unmarked", "marked"])
@pytest.mark.parametrize("batch", [7, 64, 10_000])
def test_hostile_cells_give_the_same_brief(
    marked: bool, batch: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(brief_fields, "COLUMN_BATCH_ROWS", batch)
    monkeypatch.setattr(_stream, "BATCH_ROWS", batch)
    columns, models = both_ways(hostile_acled(tmp_path))
    marks = hostile_marks(models) if marked else None
    rows = columns.all_rows()
    text = to_markdown(columns, rows, "a filter", made=MADE, marks=marks)
    assert text == to_markdown(models, rows, "a filter", made=MADE, marks=marks)
    # Not vacuous: the hostile text is there, escaped, and so are the marks when given.
    assert "\\[click\\](javascript:alert(1))" in text
    assert "www\\.evil.example" in text and "\x1b" not in text
    assert ("★ starred" in text and "> **Analyst's note**" in text) == marked


def test_a_view_of_some_rows(tmp_path: Path) -> None:
    """Rows skipped and batches cut anywhere: the same brief, footnotes numbered alike."""
    columns, models = both_ways(hostile_acled(tmp_path, copies=4))
    rows = np.arange(len(columns), dtype=np.int64)[1::3]
    marks = hostile_marks(models)
    text = to_markdown(columns, rows, made=MADE, marks=marks)
    assert text == to_markdown(models, rows, made=MADE, marks=marks)
    assert "[^1]:" in text


def test_the_column_path_is_the_one_taken(tmp_path: Path) -> None:
    """An import's store gives the fields from columns, in batches of COLUMN_BATCH_ROWS."""
    store = acled.build(acled.prepare(hostile_acled(tmp_path), skip_bad=True))
    assert isinstance(store.events, BriefColumns)
    batches = [len(b) for b, _ in brief_batches(store, store.all_rows())]
    assert batches == [len(store)]


def test_memos_that_forget_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer's and the import's memos forget all at their limit (memory stays bounded):
    at a limit of two, forgetting after nearly every event, the brief is the same."""
    columns, models = both_ways(hostile_acled(tmp_path))
    marks = hostile_marks(models)
    rows = columns.all_rows()
    expected = to_markdown(models, rows, made=MADE, marks=marks)
    monkeypatch.setattr(memo, "KNOWN_LIMIT", 2)
    assert to_markdown(columns, rows, made=MADE, marks=marks) == expected
    assert to_markdown(models, rows, made=MADE, marks=marks) == expected
