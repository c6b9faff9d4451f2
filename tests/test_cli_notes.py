"""`timeline-explorer notes export|import|schema` (issue 15 item 7): the analyst's marks moved as
one JSON file and merged into another store; a bad file gets every problem with its place; the
destination follows export's rules; the input files stay byte-identical.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DATA
from tui.cli import main
from tui.core.annotations import ENV_DIR, AnnotationStore, DatasetAnnotations
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore

SUMMIT = "kishida-luxon-tokyo-summit"
PUTIN = "putin-visits-pyongyang"
TREATY = "putin-kim-sign-partnership-treaty"
NAME = "Japan, New Zealand and the Russia–North Korea pact (June 2024)"


def snapshot_of(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    """A copy of the bundled data; it and the bundled files are unchanged at the end."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    before, bundled_before = snapshot_of(copy), snapshot_of(DATA)
    yield copy
    assert snapshot_of(copy) == before
    assert snapshot_of(DATA) == bundled_before


def annotations_of(data: Path) -> tuple[AnnotationStore, DatasetAnnotations]:
    """The data's annotations in the store TIMELINE_EXPLORER_DATA_DIR names now."""
    store = EventStore.from_dataset(load_paths([data]))
    annotation_store = AnnotationStore()
    return annotation_store, annotation_store.dataset(store.name, store.columns.ids)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["notes", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_export_then_import_into_another_store_merges(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Here: the summit starred, noted and tagged, Putin's visit tagged, one saved view.
    here, marks = annotations_of(data)
    with here:
        marks.set_star(SUMMIT)
        marks.set_note(SUMMIT, "Ask about ACSA.", 0)
        marks.add_tag(SUMMIT, "nz")
        marks.add_tag(PUTIN, "nz")
        marks.save_view("NZ", {"filters": {"countries": ["NZL"]}, "cursor": SUMMIT})
    shared = tmp_path / "shared" / "notes.json"
    status, out, err = run(capsys, "export", str(data), "-o", str(shared), "--mkdir")
    assert (status, err) == (0, "")
    assert out == (
        f"wrote 1 starred event, 1 note, 2 tagged events, 1 saved view of {NAME} to {shared}\n"
    )
    document = json.loads(shared.read_text("utf-8"))
    assert document["format"] == "timeline-explorer-annotations"
    assert {e["id"] for e in document["events"]} == {SUMMIT, PUTIN}

    # Elsewhere (a fresh data directory): the summit has another note, the treaty a star.
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "elsewhere"))
    there, theirs = annotations_of(data)
    with there:
        theirs.set_note(SUMMIT, "Check the Jiji report.", 0)
        theirs.set_star(TREATY)
    status, out, err = run(capsys, "import", str(data), str(shared))
    assert (status, err) == (0, "")
    assert out == (
        f"imported {shared} into {NAME}: 1 new star, 2 new tags, 0 new notes, "
        "1 note merged (both texts kept), 1 saved view (NZ)\n"
    )
    there, theirs = annotations_of(data)
    with there:
        assert theirs.starred_ids() == {SUMMIT, TREATY}
        assert theirs.tagged_ids("nz") == {SUMMIT, PUTIN}
        note = theirs.note(SUMMIT).text
        assert note.startswith("Check the Jiji report.\n\n--- imported from notes.json, exported ")
        assert note.endswith(" UTC ---\nAsk about ACSA.")
        assert theirs.view("NZ") is not None
    # The same file again changes nothing.
    status, out, _ = run(capsys, "import", str(data), str(shared))
    assert (status, out) == (0, f"nothing new in {shared}: all of it was already here\n")


def test_import_into_the_bundled_dataset_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "one.json"
    shared.write_text(
        json.dumps(
            {
                "format": "timeline-explorer-annotations",
                "version": 1,
                "dataset": {"name": "Somewhere else", "event_count": 3},
                "exported_at": "2026-12-01T10:00:00+00:00",
                "events": [
                    {"id": SUMMIT, "starred": True},
                    {"id": "gone-event", "note": "kept anyway"},
                ],
            }
        ),
        "utf-8",
    )
    status, out, _ = run(capsys, "import", str(shared))
    assert status == 0
    assert out.splitlines() == [
        f"imported {shared} into {NAME}: 1 new star, 0 new tags, 1 new note, "
        "0 notes merged (both texts kept), 0 saved views",
        "1 annotated event of the file not in this data (kept): gone-event",
        "the file was exported from 'Somewhere else'",
    ]


def test_a_bad_file_gets_every_problem_with_its_place(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        "{\n"
        '  "format": "timeline-explorer-annotations",\n'
        '  "version": 2,\n'
        '  "dataset": {"name": "x", "event_count": -1},\n'
        '  "exported_at": "2026-12-01",\n'
        '  "events": [{"id": "a", "tags": [" "]}, {"id": "a"}]\n'
        "}\n",
        "utf-8",
    )
    status, out, err = run(capsys, "import", str(data), str(bad))
    assert (status, out) == (1, "")
    lines = err.splitlines()
    assert lines[-1] == "3 problems found."
    # Each at its field's key (counted by hand from the text above).
    assert lines[:-1] == [
        f"{bad}:3:3: version: Input should be 1 (got 2)",
        f"{bad}:4:28: dataset.event_count: Input should be greater than or equal to 0 (got -1)",
        f"{bad}:6:26: events[0].tags: a tag cannot be empty",
    ]


def test_a_file_that_is_not_json(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('{"format": ', "utf-8")
    status, _, err = run(capsys, "import", str(data), str(bad))
    assert status == 1
    assert err.startswith(f"{bad}:1:")
    status, _, err = run(capsys, "import", str(data), str(tmp_path / "missing.json"))
    assert status == 1
    assert "missing.json: cannot read: No such file or directory" in err


def test_export_never_writes_over_an_input(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = data / "article.json"
    status, out, err = run(capsys, "export", str(target), "-o", str(target))
    assert (status, out) == (1, "")
    assert (
        err == f"timeline-explorer notes export: will not overwrite {target}: it is an input file\n"
    )
    status, _, err = run(capsys, "export", str(data), "-o", str(data / "notes.json"))
    assert status == 1
    assert "it is in the input directory" in err
    assert not (data / "notes.json").exists()


def test_export_follows_the_output_rules(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "notes.json"
    status, _, err = run(capsys, "export", str(data), "-o", str(missing))
    assert status == 1
    assert err.endswith("does not exist (--mkdir creates it)\n")
    read_only = tmp_path / "old.json"
    read_only.write_text("old", "utf-8")
    read_only.chmod(0o444)
    status, _, err = run(capsys, "export", str(data), "-o", str(read_only))
    assert status == 1
    assert err.endswith("it is read-only (--force replaces it)\n")
    assert read_only.read_text("utf-8") == "old"
    assert run(capsys, "export", str(data), "-o", str(read_only), "--force")[0] == 0
    assert json.loads(read_only.read_text("utf-8"))["events"] == []


def test_export_from_a_damaged_store_is_refused(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_file = Path(os.environ[ENV_DIR]) / "annotations.sqlite3"
    store_file.write_bytes(b"garbage" * 100)
    target = tmp_path / "notes.json"
    status, out, err = run(capsys, "export", str(data), "-o", str(target))
    assert (status, out) == (1, "")
    assert "annotations store was damaged (file is not a database); kept as " in err
    assert err.endswith("; nothing to export\n")
    assert not target.exists()


def test_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    assert status == 0
    schema = json.loads(out)
    assert schema["properties"]["format"]["const"] == "timeline-explorer-annotations"
    assert set(schema["required"]) == {"format", "version", "dataset", "exported_at"}


def test_an_action_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["notes"])
    assert raised.value.code == 2
    assert "ACTION" in capsys.readouterr().err


def test_import_into_a_damaged_store_goes_into_a_fresh_one(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    here, marks = annotations_of(data)
    with here:
        marks.set_star(SUMMIT)
    shared = tmp_path / "notes.json"
    assert run(capsys, "export", str(data), "-o", str(shared))[0] == 0
    store_file = Path(os.environ[ENV_DIR]) / "annotations.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(f"{store_file}{suffix}").unlink(missing_ok=True)
    store_file.write_bytes(b"garbage" * 100)
    status, out, err = run(capsys, "import", str(data), str(shared))
    assert status == 0
    assert "annotations store was damaged (file is not a database); kept as " in err
    assert err.endswith("; importing into the new, empty store\n")
    assert out.startswith(f"imported {shared} into {NAME}: 1 new star, ")
    there, theirs = annotations_of(data)
    with there:
        assert theirs.starred_ids() == {SUMMIT}
