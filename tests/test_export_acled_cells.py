"""An ACLED import's CSV cells made as columns (no model per row) are the cells the row-by-row
path makes from each row's model: on the real and test files, and on hostile text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import TEST_DATA
from tests.export_stores import CONTROLS, FORMULAS, MARKUP, acled_rows, write_acled
from tui.core.exporters import render
from tui.core.exporters.csv_frames import EventsWithCsvCells
from tui.core.exporters.csvfile import RowCells
from tui.core.importers import acled
from tui.core.importers.acled.csv_cells import AcledCsvCells

FILES = sorted(
    [*TEST_DATA.glob("imports/acled_*.csv"), *TEST_DATA.glob("real/acled/*.csv")],
    key=lambda p: p.name,
)
# Whitespace str.split() knows and the model's trimming may not, and runs of it.
ODD_SPACING = ["  lead and trail  ", "in\x1cside", "\u3000wide\u3000", "a\t\tb", "x\u2028y", " "]


def cells_both_ways(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    prepared = acled.prepare(path, skip_bad=True)
    store = acled.build(prepared)
    frame = AcledCsvCells(prepared, store)(np.arange(len(store), dtype=np.int64))
    by_model = RowCells(store)
    return [list(row) for row in frame.iter_rows()], [by_model.text(e) for e in store.events]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_columns_give_the_cells_the_models_give(path: Path) -> None:
    columns, models = cells_both_ways(path)
    assert len(columns) == len(models) > 0
    assert columns == models


def hostile_acled(tmp_path: Path) -> Path:
    """The test file with hostile text in every free-text and label column, row by row."""
    columns, rows = acled_rows()
    texts = [*FORMULAS, *MARKUP, *CONTROLS, *ODD_SPACING]
    out: list[dict[str, str]] = []
    for i, text in enumerate(texts):
        row = dict(rows[i % len(rows)])
        row["event_id_cnty"] = f"HST{i:05d}"
        for column in ("notes", "location", "admin1", "source"):
            row[column] = f"{text} {column}" if i % 2 else text
        row["actor1"] = f"{text} (Sudan)" if text.strip() else row["actor1"]
        row["assoc_actor_1"] = text if text.strip() and i % 3 == 0 else ""
        out.append(row)
    return write_acled(tmp_path / "hostile_acled.csv", columns, out)


def test_hostile_text_gives_the_same_cells(tmp_path: Path) -> None:
    columns, models = cells_both_ways(hostile_acled(tmp_path))
    assert len(columns) == len(FORMULAS) + len(MARKUP) + len(CONTROLS) + len(ODD_SPACING)
    for from_columns, from_model in zip(columns, models, strict=True):
        assert from_columns == from_model


def test_the_csv_export_from_columns_is_the_one_from_models(tmp_path: Path) -> None:
    prepared = acled.prepare(hostile_acled(tmp_path), skip_bad=True)
    store = acled.build(prepared)
    cells = AcledCsvCells(prepared, store)
    framed = replace(store, events=EventsWithCsvCells(len(store), store.events.__getitem__, cells))
    rows = store.all_rows()[1:]
    text = render(framed, rows, "csv")
    assert text == render(store, rows, "csv")
    assert "'=HYPERLINK" in text
