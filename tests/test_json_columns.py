"""An ACLED import's JSON and TimelineJS exports are written from its columns (no model per
row): each event's dict is the model's own dump, and the files are byte for byte those written
from the models, on the real and test files and on hostile text, with and without the
analyst's marks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_markdown_columns import FILES, both_ways, hostile_acled, hostile_marks
from tui.core.exporters import _stream
from tui.core.exporters.native import JsonEvents, to_json
from tui.core.exporters.timelinejs import to_timelinejs
from tui.core.store import EventStore


def _dumps(store: EventStore) -> list[dict[str, object]]:
    return [
        store.events[row].model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for row in range(len(store))
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_files_give_the_models_dumps_and_file(path: Path) -> None:
    columns, models = both_ways(path)
    assert isinstance(columns.events, JsonEvents)
    assert not isinstance(models.events, JsonEvents)
    rows = columns.all_rows()
    assert len(rows) > 0
    assert columns.events.json_events(rows) == _dumps(models)
    written = to_json(columns, rows, "all")
    assert written == to_json(models, rows, "all")
    assert to_timelinejs(columns, rows, "all") == to_timelinejs(models, rows, "all")
    # Not vacuous: the file holds every event, and what they cite.
    document = json.loads(written)
    assert len(document["events"]) == len(rows)
    assert document["actors"] and document["sources"]


@pytest.mark.parametrize("marked", [False, True], ids=["unmarked", "marked"])
def test_hostile_cells_give_the_same_file(
    tmp_path: Path, marked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_stream, "BATCH_ROWS", 7)  # many batches, one cut mid-way
    columns, models = both_ways(hostile_acled(tmp_path))
    rows = columns.all_rows()
    assert columns.events.json_events(rows) == _dumps(models)  # type: ignore[attr-defined]
    marks = hostile_marks(models) if marked else None
    written = to_json(columns, rows, "hostile", marks)
    assert written == to_json(models, rows, "hostile", marks)
    slides = to_timelinejs(columns, rows, "hostile", marks)
    assert slides == to_timelinejs(models, rows, "hostile", marks)
    assert slides.count("Analyst") >= (len(rows) + 1) // 2 if marked else "Analyst" not in slides
    events = json.loads(written)["events"]
    assert sum("analyst" in e for e in events) == ((len(rows) + 1) // 2 if marked else 0)


def test_a_view_of_some_rows(tmp_path: Path) -> None:
    columns, models = both_ways(hostile_acled(tmp_path, copies=4))
    rows = columns.all_rows()[3::5]
    marks = hostile_marks(models)
    assert to_json(columns, rows, "some", marks) == to_json(models, rows, "some", marks)
    assert to_timelinejs(columns, rows, "x", marks) == to_timelinejs(models, rows, "x", marks)
