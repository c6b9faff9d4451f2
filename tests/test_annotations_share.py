"""Export to one JSON file, import merging, the file's schema and its problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.annotations import (
    AnnotationStore,
    DatasetAnnotations,
    export_annotations,
    import_annotations,
    read_annotations_file,
    schema,
)
from tui.core.annotations.notes import merge_note_texts
from tui.core.problems import LoadError

IDS = [f"event-{n}" for n in range(50)]


def _annotated(store: AnnotationStore) -> DatasetAnnotations:
    data = store.dataset("News", IDS)
    data.set_star("event-1")
    data.set_note("event-1", "Summit.\nSecond line.", 0)
    data.add_tag("event-1", "nz")
    data.add_tag("event-2", "treaty")
    data.save_view("NZ", {"filters": {"countries": ["NZL"]}, "cursor": "event-1"})
    return data


def test_export_writes_every_annotation(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "mine") as store:
        export_annotations(_annotated(store), tmp_path / "out.json", event_count=50)
    written = json.loads((tmp_path / "out.json").read_text())
    assert written["format"] == "timeline-explorer-annotations"
    assert written["version"] == 1
    assert written["dataset"] == {"name": "News", "event_count": 50}
    assert written["events"] == [
        {"id": "event-1", "starred": True, "note": "Summit.\nSecond line.", "tags": ["nz"]},
        {"id": "event-2", "starred": False, "note": "", "tags": ["treaty"]},
    ]
    assert written["views"]["NZ"]["filters"] == {"countries": ["NZL"]}
    assert written["views"]["NZ"]["cursor"] == "event-1"
    assert list(tmp_path.glob(".out.json.*")) == []  # no temporary file left


def test_export_never_writes_over_an_input(tmp_path: Path) -> None:
    source = tmp_path / "data.json"
    source.write_text("{}")
    with AnnotationStore(tmp_path / "mine") as store:
        data = _annotated(store)
        with pytest.raises(ValueError, match="input file"):
            export_annotations(data, tmp_path / "." / "data.json", 50, protected=[source])
    assert source.read_text() == "{}"


def test_import_on_another_machine_gives_the_same_annotations(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "mine") as store:
        export_annotations(_annotated(store), tmp_path / "out.json", 50)
    document = read_annotations_file(tmp_path / "out.json")
    with AnnotationStore(tmp_path / "theirs") as store:
        data = store.dataset("News", IDS)
        summary = import_annotations(data, document, "out.json", set(IDS).__contains__)
        assert (summary.stars_added, summary.tags_added, summary.notes_added) == (1, 2, 1)
        assert (summary.notes_merged, summary.views_added, summary.not_in_dataset) == (
            0,
            ["NZ"],
            [],
        )
        assert data.starred_ids() == {"event-1"}
        assert data.note("event-1").text == "Summit.\nSecond line."
        assert data.tag_counts() == [("nz", 1), ("treaty", 1)]
        assert data.views()["NZ"]["cursor"] == "event-1"


def test_import_merges_and_keeps_both_notes(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "mine") as store:
        export_annotations(_annotated(store), tmp_path / "out.json", 50)
    document = read_annotations_file(tmp_path / "out.json")
    exported = document.exported_at[:16].replace("T", " ")
    with AnnotationStore(tmp_path / "theirs") as store:
        data = store.dataset("News", IDS)
        data.set_note("event-1", "Summit.\nTheir own line.", 0)
        data.set_star("event-3")
        data.add_tag("event-1", "japan")
        data.save_view("NZ", {"filters": {"countries": ["NZL", "JPN"]}})
        summary = import_annotations(data, document, "out.json")
        assert (summary.notes_added, summary.notes_merged) == (0, 1)
        assert data.note("event-1").text == (
            "Summit.\nTheir own line.\n\n"
            f"--- imported from out.json, exported {exported} UTC; its lines 2 on ---\n"
            "Second line."
        )
        assert data.starred_ids() == {"event-1", "event-3"}
        assert data.tags_of("event-1") == ("japan", "nz")
        assert sorted(data.views()) == ["NZ", "NZ (imported)"]
        assert data.views()["NZ"]["filters"] == {"countries": ["NZL", "JPN"]}
        before = (data.note("event-1"), data.tag_counts(), data.views())
        again = import_annotations(data, document, "out.json")  # twice is once
        assert (again.stars_added, again.tags_added, again.notes_merged) == (0, 0, 0)
        assert again.views_added == []
        assert (data.note("event-1"), data.tag_counts(), data.views()) == before


def test_ids_not_in_the_dataset_are_imported_and_reported(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "mine") as store:
        export_annotations(_annotated(store), tmp_path / "out.json", 50)
    document = read_annotations_file(tmp_path / "out.json")
    with AnnotationStore(tmp_path / "theirs") as store:
        data = store.dataset("News, smaller", IDS[2:])
        summary = import_annotations(data, document, "out.json", set(IDS[2:]).__contains__)
        assert summary.not_in_dataset == ["event-1"]  # event-2 is still in the data
        assert data.starred_ids() == {"event-1"}  # kept all the same


def test_a_failed_import_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with AnnotationStore(tmp_path / "mine") as store:
        export_annotations(_annotated(store), tmp_path / "out.json", 50)
    document = read_annotations_file(tmp_path / "out.json")
    with AnnotationStore(tmp_path / "theirs") as store:
        data = store.dataset("News", IDS)

        def broken(*_: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(data, "merge_note", broken)
        with pytest.raises(OSError, match="disk full"):
            import_annotations(data, document, "out.json")
        assert data.annotated_ids() == []  # the star before the note was rolled back


def test_the_merge_rule() -> None:
    assert merge_note_texts("a\nb", "", "x") == "a\nb"
    assert merge_note_texts("a\nb", "b", "x") == "a\nb"  # already there
    assert merge_note_texts("", "new", "x") == "new"
    assert merge_note_texts("a", "a\nmore", "x") == "a\nmore"  # holds all of kept
    assert merge_note_texts("a\nb\nc", "a\nc", "x") == "a\nb\nc"  # a racing deletion: no loss
    assert merge_note_texts("one", "two", "from B") == "one\n\n--- from B ---\ntwo"


def test_the_schema_describes_the_file() -> None:
    generated = schema()
    assert generated["title"] == "AnnotationsFile"
    assert set(generated["required"]) == {"format", "version", "dataset", "exported_at"}
    assert "$schema" in generated["properties"]
    event = generated["$defs"]["EventRecord"]
    assert set(event["properties"]) == {"id", "starred", "note", "tags"}
    assert event["additionalProperties"] is False


def test_a_bad_file_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        "{\n"
        '  "format": "timeline-explorer-annotations",\n'
        '  "version": 1,\n'
        '  "dataset": {"name": "News", "event_count": 5},\n'
        '  "exported_at": "2026-12-01T09:00:00+00:00",\n'
        '  "events": [\n'
        '    {"id": "a", "starred": "maybe"},\n'
        '    {"id": "b", "colour": "red", "tags": ["  "]}\n'
        "  ]\n"
        "}\n"
    )
    with pytest.raises(LoadError) as error:
        read_annotations_file(bad)
    lines = [str(problem) for problem in error.value.problems]
    assert lines == [
        f"{bad}:7:17: events[0].starred: Input should be a valid boolean, unable to interpret"
        ' input (got "maybe")',
        f"{bad}:8:34: events[1].tags: a tag cannot be empty",
        f"{bad}:8:17: events[1].colour: unknown field 'colour'",
    ]


def test_duplicates_and_broken_json_are_reported(tmp_path: Path) -> None:
    duplicated = tmp_path / "dup.json"
    head = '{"format": "timeline-explorer-annotations", "version": 1, "exported_at": "t",\n'
    duplicated.write_text(
        head
        + '"dataset": {"name": "N", "event_count": 2},\n"events": [{"id": "a"},\n {"id": "a"}]}'
    )
    with pytest.raises(LoadError) as error:
        read_annotations_file(duplicated)
    assert [str(p) for p in error.value.problems] == [
        f"{duplicated}:4:3: events[1].id: event 'a' appears twice"
    ]
    truncated = tmp_path / "cut.json"
    truncated.write_text('{"format": "timeline-explorer-annotations",\n "version": ')
    with pytest.raises(LoadError) as error:
        read_annotations_file(truncated)
    assert [str(p) for p in error.value.problems] == [
        f"{truncated}:2:13: invalid JSON: Expecting value"
    ]
