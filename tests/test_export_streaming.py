"""Exports written in batches: the bytes are those of the whole document (hand-checked here on a
small store, batch by batch), formula cells are neutralised on every row however the batches
fall, standard output gets the export in pieces, and memory stays bounded by a batch."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from tests.export_stores import (
    FORMULAS,
    SMALL_STORE_CSV,
    hostile_store,
    many_events_store,
    small_store,
)
from tui.core import memo as memos
from tui.core.dates import PartialDate
from tui.core.exporters import ExportFormat, export_rows, export_to_stream, render
from tui.core.exporters import _stream as stream_module
from tui.core.exporters.markdown import to_markdown
from tui.core.memo import Memo
from tui.core.model import (
    Dataset,
    Event,
    EventKind,
)
from tui.core.store import EventStore


@pytest.fixture
def batches_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream_module, "BATCH_ROWS", 1)


def test_csv_batch_by_batch_is_the_hand_checked_file(batches_of_one: None) -> None:
    store = small_store()
    assert render(store, store.all_rows(), "csv") == SMALL_STORE_CSV


def test_json_batch_by_batch_is_the_hand_checked_document(batches_of_one: None) -> None:
    store = small_store()
    expected = {
        "$schema": "./timeline-explorer.schema.json",
        "name": "Small",
        "description": "NZ",
        "actors": [{"id": "bob", "name": "@Bob", "kind": "person", "country": "NZL"}],
        "sources": [{"id": "s", "title": "Report", "url": "https://example.org/r"}],
        "events": [
            {
                "id": "e1",
                "title": "=1+1",
                "start": "2024-06-19",
                "kind": "meeting",
                "actors": [{"actor": "bob", "role": "host"}],
                "citations": [{"source": "s", "quote": "It happened."}],
            },
            {
                "id": "e2",
                "title": "Talks, then a deal",
                "summary": "First line\nsecond line",
                "start": "2024-07",
                "kind": "agreement",
                "actors": [{"actor": "bob", "role": "host"}],
                "places": [{"country": "JPN", "name": "Tokyo"}],
                "citations": [{"source": "s", "quote": "It happened."}],
            },
        ],
    }
    text = render(store, [0, 1], "json", "NZ")
    # Laid out as the whole document would be, byte for byte.
    assert text == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_timelinejs_batch_by_batch_has_every_slide_in_order(batches_of_one: None) -> None:
    store = small_store()
    document = json.loads(render(store, store.all_rows(), "timelinejs"))
    assert [slide["unique_id"] for slide in document["events"]] == ["e1", "e2", "e3"]
    assert document["title"]["text"]["text"] == "<p>3 events</p>"
    assert document["events"][0]["text"]["headline"] == "=1+1"
    assert document["timeline_explorer"]["sources"] == [
        {"id": "s", "title": "Report", "url": "https://example.org/r"}
    ]


def test_markdown_batch_by_batch_is_the_hand_checked_brief(batches_of_one: None) -> None:
    store = small_store()
    made = dt.date(2026, 12, 1)
    expected = "\n".join(
        [
            "# Small",
            "",
            "**Dataset:** Small  \n**Filter:** none (all events)  \n"
            "**Events:** 2 events, in time order  \n"
            "**Made:** 1 December 2026 with Timeline Explorer",
            "",
            "## 2024-06-19 · \\=1+1",
            "",
            "**Kind:** meeting  \n**Actors:** \\@Bob (host)  \n**Countries:** New Zealand",
            "",
            "**Sources:** Report[^1]",
            "",
            "## 2024-07 · Talks, then a deal",
            "",
            "**Kind:** agreement  \n**Actors:** \\@Bob (host)  \n"
            "**Countries:** New Zealand, Japan  \n**Places:** Tokyo",
            "",
            "First line",
            "second line",
            "",
            "**Sources:** Report[^1]",
            "",
            "---",
            "",
            "[^1]: *Report*, <https://example.org/r>",
            "",
            "    “It happened.” (for 2024-06-19, =1+1)",
            "",
            "    “It happened.” (for 2024-07, Talks, then a deal)",
            "",
        ]
    )
    assert to_markdown(store, [0, 1], made=made) == expected


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_batches_never_change_a_byte(
    fmt: ExportFormat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = hostile_store()
    whole = tmp_path / "whole"
    export_rows(store, store.all_rows(), fmt, whole, "<b>view</b>")
    for size in (1, 3, 7):
        monkeypatch.setattr(stream_module, "BATCH_ROWS", size)
        batched = tmp_path / f"batched_{size}"
        export_rows(store, store.all_rows(), fmt, batched, "<b>view</b>")
        assert batched.read_bytes() == whole.read_bytes()


def test_every_formula_cell_is_neutralised_in_every_batch(
    tmp_path: Path, batches_of_one: None
) -> None:
    store = hostile_store()
    target = tmp_path / "hostile.csv"
    export_rows(store, store.all_rows(), "csv", target)
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8"), newline="")))[1:]
    formula_rows = [row for row in rows if row[0] in {f"e{i}" for i in range(len(FORMULAS))}]
    assert len(formula_rows) == len(FORMULAS)
    for row in formula_rows:
        title, actors, sources = row[6], row[9], row[12]
        assert title.startswith("'") and title[1:] in FORMULAS
        assert actors.startswith("'")
        assert sources == "'=cmd|' /C calc'!A0"
    for row in rows:
        assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) for cell in row)


def test_memo_forgets_at_its_limit_and_stays_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memos, "KNOWN_LIMIT", 2)
    made: list[str] = []

    def shout(text: str) -> str:
        made.append(text)
        return text.upper()

    memo = Memo(shout)
    assert [memo(t) for t in ("a", "b", "a", "c", "a")] == ["A", "B", "A", "C", "A"]
    assert made == ["a", "b", "c", "a"]  # "c" filled it past the limit: "a" made again


class Recording(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.writes += 1
        return super().write(data)


def test_standard_output_gets_the_export_in_pieces(batches_of_one: None) -> None:
    store = small_store()
    stream = Recording()
    result = export_to_stream(store, store.all_rows(), "csv", stream)
    assert result.count == 3
    assert stream.writes == 3  # one per event (the header goes with the first)
    assert stream.getvalue().decode("utf-8") == render(store, store.all_rows(), "csv")


@pytest.fixture(scope="module")
def many_events() -> EventStore:
    return many_events_store(3000)


def _peak_while_exporting(store: EventStore, rows: int, fmt: ExportFormat, target: Path) -> int:
    tracemalloc.start()
    try:
        export_rows(store, store.all_rows()[:rows], fmt, target)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_memory_is_bounded_by_a_batch_not_the_export(
    fmt: ExportFormat, many_events: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No figure of time: four times the events, four times the file, not four times the
    memory (what the export holds at once is a batch, the write buffer and a few tables)."""
    monkeypatch.setattr(stream_module, "BATCH_ROWS", 150)
    target = tmp_path / "out"
    export_rows(many_events, many_events.all_rows()[:150], fmt, target)  # imports done
    quarter = _peak_while_exporting(many_events, 750, fmt, target)
    quarter_size = target.stat().st_size
    whole = _peak_while_exporting(many_events, 3000, fmt, target)
    assert target.stat().st_size > 3.5 * quarter_size
    assert whole < 1.5 * quarter_size + quarter, f"held {whole:,} bytes (750 events: {quarter:,})"
    assert whole - quarter < quarter_size, "memory grew with the export"


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.TIMELINEJS])
def test_data_that_reads_like_the_streamed_slot_is_only_data(
    fmt: ExportFormat, batches_of_one: None
) -> None:
    slot = "\x00streamed\x00"
    dataset = Dataset(name=slot)
    dataset.events += [
        Event(id=f"e{i}", title=slot, start=PartialDate(2024), kind=EventKind.OTHER)
        for i in range(2)
    ]
    store = EventStore.from_dataset(dataset)
    document = json.loads(render(store, store.all_rows(), fmt, slot))
    assert len(document["events"]) == 2
    if fmt is ExportFormat.JSON:
        assert (document["name"], document["description"]) == (slot, slot)
        assert [event["title"] for event in document["events"]] == [slot, slot]
    else:
        assert document["timeline_explorer"]["name"] == slot
