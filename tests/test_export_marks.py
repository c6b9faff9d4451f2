"""Exports carry the analyst's stars, tags and notes (issue 15 item 4): the CSV's three columns,
our JSON's ``analyst`` objects (which loading keeps), the brief's note under its event, and
the TimelineJS slide. Expected values are written out by hand from data/ and the marks set here.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DATA, TEST_DATA
from tui.core.annotations import AnnotationStore, DatasetAnnotations
from tui.core.exporters import ExportFormat, export_rows, render
from tui.core.exporters.csv_frames import EventsWithCsvCells
from tui.core.exporters.marks import ExportMarks, snapshot
from tui.core.importers import acled
from tui.core.importers.ours import load_paths
from tui.core.loading import open_store
from tui.core.model import AnalystMarks
from tui.core.problems import LoadError
from tui.core.store import EventStore

SUMMIT = "kishida-luxon-tokyo-summit"
PUTIN = "putin-visits-pyongyang"
# A note that starts like a formula, holds markup and a blank line, and ends with a newline.
NOTE = "=1+1 is not a formula\n# not a heading <b>\n\nSecond paragraph.\n"


@pytest.fixture
def marked(bundled_store: EventStore) -> DatasetAnnotations:
    """The bundled dataset with the summit starred, tagged and noted, Putin's visit tagged."""
    annotations = AnnotationStore().dataset(bundled_store.name, bundled_store.columns.ids)
    annotations.set_star(SUMMIT)
    annotations.set_note(SUMMIT, NOTE, 0)
    annotations.add_tag(SUMMIT, "follow up")
    annotations.add_tag(SUMMIT, "#nz")
    annotations.add_tag(PUTIN, "follow up")
    return annotations


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_row_of_a_marked_event(
    bundled_store: EventStore, marked: DatasetAnnotations
) -> None:
    rows = csv_rows(render(bundled_store, range(len(bundled_store)), "csv", marks=marked))
    by_id = {row["id"]: row for row in rows}
    assert list(rows[0])[-3:] == ["starred", "tags", "analyst_note"]
    summit = by_id[SUMMIT]
    assert (summit["start"], summit["title"]) == ("2024-06-19", "Kishida and Luxon meet in Tokyo")
    assert summit["starred"] == "true"
    assert summit["tags"] == "#nz; follow up"  # sorted, as the store lists them
    # The whole note, its line breaks kept, quoted so a spreadsheet does not run it.
    assert summit["analyst_note"] == "'" + NOTE
    assert (by_id[PUTIN]["starred"], by_id[PUTIN]["tags"], by_id[PUTIN]["analyst_note"]) == (
        "false",
        "follow up",
        "",
    )
    unmarked = by_id["putin-kim-sign-partnership-treaty"]
    assert (unmarked["starred"], unmarked["tags"], unmarked["analyst_note"]) == ("false", "", "")


def test_no_marks_columns_without_marks(bundled_store: EventStore) -> None:
    rows = range(len(bundled_store))
    for marks in (None, ExportMarks()):  # not given, or a dataset nobody marked
        header = render(bundled_store, rows, "csv", marks=marks).splitlines()[0]
        assert header.endswith(",sources,urls")


def test_the_brief_puts_the_note_under_its_event(
    bundled_store: EventStore, marked: DatasetAnnotations
) -> None:
    brief = render(bundled_store, range(len(bundled_store)), "md", marks=marked)
    section = brief.split("## 2024-06-19 · Kishida and Luxon meet in Tokyo\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    assert "**Analyst:** ★ starred · tags: \\#nz, follow up" in section
    # The summary, then the note as a block quote named as the analyst's, escaped as data is.
    summary_end = section.index("They hold a joint news conference.")
    quote = section.index("> **Analyst's note**\n>\n")
    assert summary_end < quote
    assert section[quote:].startswith(
        "> **Analyst's note**\n"
        ">\n"
        "> \\=1+1 is not a formula  \n"  # a line of = could underline a heading
        "> \\# not a heading \\<b>\n"
        ">\n"
        "> Second paragraph.\n"
    )
    assert brief.count("Analyst's note") == 1  # only the summit has a note
    putin = brief.split("Putin visits", 1)[1].split("\n## ", 1)[0]
    assert "**Analyst:** tags: follow up" in putin


def test_our_json_round_trips_the_marks(
    bundled_store: EventStore, marked: DatasetAnnotations, tmp_path: Path
) -> None:
    target = tmp_path / "marked.json"
    export_rows(bundled_store, range(len(bundled_store)), "json", target, marks=marked)
    document = json.loads(target.read_text("utf-8"))
    summit = next(e for e in document["events"] if e["id"] == SUMMIT)
    assert summit["analyst"] == {"starred": True, "tags": ["#nz", "follow up"], "note": NOTE}
    putin = next(e for e in document["events"] if e["id"] == PUTIN)
    assert putin["analyst"] == {"tags": ["follow up"]}
    assert sum("analyst" in e for e in document["events"]) == 2
    # Reopened, the marks are on the events, the note exactly as written; and exported again
    # with no annotations store at all, they are still there.
    reopened = EventStore.from_dataset(load_paths([target]))
    event = reopened.events[int(reopened.rows_of_ids([SUMMIT])[0])]
    assert event.analyst == AnalystMarks(starred=True, tags=["#nz", "follow up"], note=NOTE)
    again = render(reopened, range(len(reopened)), "json")
    assert json.loads(again)["events"] == document["events"]
    brief = render(reopened, range(len(reopened)), "md")
    assert brief.count("> **Analyst's note**\n>\n> \\=1+1 is not a formula") == 1


def test_a_bad_analyst_object_is_a_problem_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    event = {
        "id": "e1",
        "title": "T",
        "start": "2024",
        "kind": "other",
        "analyst": {"starred": "maybe", "tags": ["  "], "colour": "red"},
    }
    path.write_text(json.dumps({"events": [event]}, indent=1), "utf-8")
    with pytest.raises(LoadError) as raised:
        load_paths([path])
    # indent=1 puts each key on a line of its own: starred on 9, the tag on 11, colour on 13.
    found = {p.field: p.line for p in raised.value.problems}
    assert found == {
        "events[0].analyst.starred": 9,
        "events[0].analyst.tags[0]": 11,
        "events[0].analyst.colour": 13,
    }


def test_timelinejs_shows_the_marks_and_keeps_them(
    bundled_store: EventStore, marked: DatasetAnnotations, tmp_path: Path
) -> None:
    target = tmp_path / "marked.timelinejs.json"
    row = bundled_store.rows_of_ids([SUMMIT])
    export_rows(bundled_store, row, ExportFormat.TIMELINEJS, target, marks=marked)
    slide = json.loads(target.read_text("utf-8"))["events"][0]
    body = slide["text"]["text"]
    assert "<p><b>Analyst:</b> ★ starred · tags: #nz, follow up</p>" in body
    assert (
        "<blockquote><p><b>Analyst's note</b></p><p>=1+1 is not a formula<br># not a heading "
        "&lt;b&gt;</p><p>Second paragraph.</p></blockquote>"
    ) in body
    reopened = open_store([target]).store
    assert reopened.events[0].analyst == AnalystMarks(
        starred=True, tags=["#nz", "follow up"], note=NOTE
    )


def test_the_snapshot_is_taken_once_before_writing(
    bundled_store: EventStore, marked: DatasetAnnotations, tmp_path: Path
) -> None:
    taken = snapshot(marked)
    assert taken is not None
    assert taken.starred == {SUMMIT}
    assert dict(taken.tags) == {SUMMIT: ("#nz", "follow up"), PUTIN: ("follow up",)}
    assert dict(taken.notes) == {SUMMIT: NOTE}
    # A change made while the export runs is not in it: it writes what was marked at its start.
    target = tmp_path / "during.csv"

    def progress(done: int, total: int) -> None:
        marked.set_star(PUTIN)

    export_rows(
        bundled_store, range(len(bundled_store)), "csv", target, marks=marked, progress=progress
    )
    by_id = {row["id"]: row for row in csv_rows(target.read_text("utf-8"))}
    assert by_id[PUTIN]["starred"] == "false"
    assert marked.starred_ids() == {SUMMIT, PUTIN}


def test_columns_path_and_models_path_write_the_same_marks(tmp_path: Path) -> None:
    """An ACLED import's CSV is written by polars from columns: the analyst's columns come
    last, with the same bytes the row-by-row path writes."""
    prepared = acled.prepare(TEST_DATA / "imports" / "acled_current.csv")
    store = acled.build(prepared)
    assert isinstance(store.events, EventsWithCsvCells)
    ids = list(store.columns.ids)
    marks = ExportMarks(
        starred=frozenset({ids[0]}),
        notes={ids[1]: "-2 casualties?\nsee source", ids[0]: "plain"},
        tags={ids[1]: ("check", "@team")},
    )
    rows = np.arange(len(store), dtype=np.int64)
    from_columns = render(store, rows, "csv", marks=marks)
    # The same events as a plain list: written row by row, from the models.
    models = replace(store, events=[store.events[i] for i in range(len(store))])
    from_models = render(models, rows, "csv", marks=marks)
    assert from_columns == from_models
    parsed = csv_rows(from_columns)
    assert list(parsed[0])[-3:] == ["starred", "tags", "analyst_note"]
    assert (parsed[0]["starred"], parsed[0]["analyst_note"]) == ("true", "plain")
    assert parsed[1]["tags"] == "check; @team"
    assert parsed[1]["analyst_note"] == "'-2 casualties?\nsee source"


def test_the_bundled_files_are_not_touched(
    bundled_store: EventStore, marked: DatasetAnnotations, tmp_path: Path
) -> None:
    before = {p.name: p.read_bytes() for p in DATA.iterdir()}
    for fmt in ExportFormat:
        export_rows(
            bundled_store,
            range(len(bundled_store)),
            fmt,
            tmp_path / f"x.{fmt}",
            inputs=[DATA],
            marks=marked,
        )
    assert {p.name: p.read_bytes() for p in DATA.iterdir()} == before
