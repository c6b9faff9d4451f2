"""CSV written by polars from a frame of cells (the path for large imports) is byte for byte the
CSV the row-by-row path writes: the same formula neutralising, the same quoting."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import polars as pl
import pytest

from tests.export_stores import FORMULAS, SMALL_STORE_CSV, hostile_store, small_store
from tui.core.columns import Rows
from tui.core.exporters import _stream as stream_module
from tui.core.exporters import render
from tui.core.exporters.csv_frames import CsvCells, EventsWithCsvCells, neutralised
from tui.core.exporters.csvfile import COLUMNS, RowCells, neutralise
from tui.core.model import Event
from tui.core.store import EventStore


def no_model(row: int) -> Event:
    raise AssertionError(f"a model was made for row {row}")


class Cells:
    """Cells made beforehand, handed out by rows as a frame; the batch sizes asked for kept."""

    def __init__(self, cells: Sequence[list[str]]) -> None:
        self._cells = cells
        self.batches: list[int] = []

    def __call__(self, rows: Rows) -> pl.DataFrame:
        self.batches.append(len(rows))
        table = [self._cells[int(r)] for r in rows]
        return pl.DataFrame(
            {name: [row[i] for row in table] for i, name in enumerate(COLUMNS)},
            schema=dict.fromkeys(COLUMNS, pl.String),
        )


def framed(store: EventStore) -> tuple[EventStore, Cells]:
    """The store with an events column that gives cells (and raises if asked for a model)."""
    text = RowCells(store)
    cells = Cells([text.text(event) for event in store.events])
    return replace(store, events=EventsWithCsvCells(len(store), no_model, cells)), cells


def test_the_framed_column_is_what_the_exporter_looks_for() -> None:
    store, _ = framed(small_store())
    assert isinstance(store.events, CsvCells)
    assert not isinstance(small_store().events, CsvCells)


def test_small_store_from_frames_is_the_hand_checked_file() -> None:
    store, _ = framed(small_store())
    assert render(store, store.all_rows(), "csv") == SMALL_STORE_CSV


@pytest.mark.parametrize("batch", [1, 4, 50_000])
def test_hostile_cells_from_frames_match_the_row_path(
    batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream_module, "FRAME_BATCH_ROWS", batch)
    plain = hostile_store()
    store, cells = framed(plain)
    rows = plain.all_rows()
    assert render(store, rows, "csv") == render(plain, rows, "csv")
    assert sum(cells.batches) == len(rows) and max(cells.batches) <= batch


def test_formula_cells_from_frames_are_neutralised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream_module, "FRAME_BATCH_ROWS", 3)
    store, _ = framed(hostile_store())
    text = render(store, np.arange(len(store)), "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    title_of = {row[0]: row[6] for row in rows}  # hostile_store: event e<i> is titled HOSTILE[i]
    assert [title_of[f"e{i}"] for i in range(len(FORMULAS))] == ["'" + f for f in FORMULAS]
    whitespace_led = ["\u3000=1", " \x1c+1", "\t-1", "\r@1", "plain", "", "1-2"]
    expected = ["'\u3000=1", "' \x1c+1", "'\t-1", "'\r@1", "plain", "", "1-2"]
    frame = pl.DataFrame({"c": whitespace_led})
    assert (
        frame.select(neutralised(pl.col("c")).alias("c"))["c"].fill_null("").to_list() == expected
    )
    assert [neutralise(cell) for cell in whitespace_led] == expected
