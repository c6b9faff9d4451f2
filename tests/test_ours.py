"""Broken files each get one clear message naming the file, the place and the fault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, TEST_DATA
from tui.cli import json_schema, main
from tui.core.importers.ours import load_available, load_paths
from tui.core.problems import LoadError

BROKEN = TEST_DATA / "broken"

# file -> (line, field, message) of its one problem; None where the place is the whole file.
EXPECTED: dict[str, tuple[int | None, str | None, str]] = {
    "truncated.json": (4, None, "invalid JSON: Expecting property name enclosed in double quotes"),
    "not-utf8.json": (1, None, "not UTF-8: byte 0xe9 at offset 13 cannot be decoded"),
    "empty.json": (None, None, "file is empty"),
    "top-level-array.json": (1, None, "top level must be a JSON object, not an array"),
    "wrong-type.json": (5, "events[0].title", "Input should be a valid string (got 5)"),
    "missing-field.json": (3, "events[0].start", "missing required field 'start'"),
    "impossible-date.json": (6, "events[0].start", "2024-02 has no day 30 (it has 29 days)"),
    "end-before-start.json": (3, "events[0]", "end 2024-06-18 is before start 2024-06-19"),
    "duplicate-ids.json": (
        4,
        "events[1].id",
        f"duplicate event id 'same' (first defined at {BROKEN / 'duplicate-ids.json'}:3)",
    ),
    "unknown-country.json": (
        3,
        "actors[0].country",
        "'NAR' is not an ISO 3166-1 alpha-3 country code",
    ),
    "unknown-field.json": (3, "events[0].sumary", "unknown field 'sumary'"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_file_gets_one_clear_problem(name: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_paths([BROKEN / name])
    [problem] = caught.value.problems
    line, field, message = EXPECTED[name]
    assert (problem.path, problem.line, problem.field, problem.message) == (
        BROKEN / name,
        line,
        field,
        message,
    )


def test_unknown_references_are_each_reported() -> None:
    with pytest.raises(LoadError) as caught:
        load_paths([BROKEN / "unknown-references.json"])
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [
        (8, "events[0].actors[0].actor", "unknown actor 'nobody'"),
        (9, "events[0].concerns[0]", "unknown concern 'nothing'"),
        (10, "events[0].citations[0].source", "unknown source 'nowhere'"),
    ]


def test_validate_reports_every_problem_in_a_directory_at_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(BROKEN)]) == 1
    report = capsys.readouterr().err.splitlines()
    problems = report[:-1]
    assert report[-1] == f"{len(problems)} problems found."
    # one line per problem above, plus the three unknown references
    assert len(problems) == len(EXPECTED) + 3
    for name in EXPECTED:
        assert any(line.startswith(str(BROKEN / name)) for line in problems), name


def test_validate_exit_status_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DATA)]) == 0
    assert capsys.readouterr().out.startswith("ok:")
    with pytest.raises(SystemExit) as usage:
        main(["validate"])
    assert usage.value.code == 2
    assert main(["validate", "does/not/exist.json"]) == 1
    assert "does/not/exist.json: no such file or directory" in capsys.readouterr().err


def test_json_nested_100000_levels_is_a_clear_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"events": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(LoadError) as caught:
        load_paths([deep])
    [problem] = caught.value.problems
    # The outer object is level 1; its array opens 100,000 more, the last at column 100,011.
    assert problem.message == "nested too deeply to read (100,001 levels here)"
    assert (problem.line, problem.column) == (1, 100_011)


def test_duplicate_ids_across_files_of_a_directory(tmp_path: Path) -> None:
    event = {"id": "e1", "title": "T", "start": "2024", "kind": "report"}
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps({"events": [event]}))
    with pytest.raises(LoadError) as caught:
        load_paths([tmp_path])
    [problem] = caught.value.problems
    assert problem.path == tmp_path / "b.json"
    assert "duplicate event id 'e1'" in problem.message


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"name": "With BOM"}).encode())
    assert load_paths([path]).name == "With BOM"


def test_bundled_files_point_to_the_generated_schema() -> None:
    schema_file = DATA / "timeline-explorer.schema.json"
    assert json.loads(schema_file.read_text()) == json_schema()
    for path in DATA.glob("*.json"):
        if path != schema_file:
            assert json.loads(path.read_text())["$schema"] == "./timeline-explorer.schema.json"


def test_load_available_leaves_out_files_with_problems(tmp_path: Path) -> None:
    actor = {"id": "a1", "name": "A", "kind": "person"}
    event = {"id": "e1", "title": "T", "start": "2024", "kind": "report"}
    uses_actor = {**event, "id": "e2", "actors": [{"actor": "a1"}]}
    (tmp_path / "a.json").write_text(json.dumps({"name": "Mixed", "events": [event]}))
    (tmp_path / "b.json").write_text("{ not json")
    (tmp_path / "c.json").write_text(json.dumps({"events": [event], "actors": [actor]}))
    (tmp_path / "d.json").write_text(json.dumps({"events": [uses_actor]}))
    dataset, problems = load_available([tmp_path])
    assert [e.id for e in dataset.events] == ["e1"]
    assert dataset.name == "Mixed"
    # c repeats e1, so it is left out; d then refers to the actor only c defined.
    assert [(p.path.name, p.message.split(" (")[0]) for p in problems] == [
        ("b.json", "invalid JSON: Expecting property name enclosed in double quotes"),
        ("c.json", "duplicate event id 'e1'"),
        ("d.json", "unknown actor 'a1'"),
    ]


def test_a_number_of_4301_digits_is_a_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text('{"name": "x",\n  "events": [' + "9" * 4301 + "]}")
    with pytest.raises(LoadError) as caught:
        load_paths([path])
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 14)
    assert problem.message == "a number of 4,301 digits is too long"


def test_a_long_number_inside_a_string_is_not_mistaken_for_the_culprit(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text('{"name": "' + "1" * 5000 + '",\n "events": -' + "2" * 4400 + "}")
    with pytest.raises(LoadError) as caught:
        load_paths([path])
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.message) == (
        2,
        12,
        "a number of 4,400 digits is too long",
    )


def test_the_dataset_keeps_the_file_description(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"name": "N", "description": "What it is about"}))
    dataset = load_paths([path])
    assert (dataset.name, dataset.description) == ("N", "What it is about")


def test_a_million_faults_are_counted_not_listed(tmp_path: Path) -> None:
    """One fault repeated (every event with the same id) lists 50 lines and counts the rest."""
    events = [
        {"id": "same", "title": f"t{i}", "start": "2024", "kind": "other"} for i in range(300)
    ]
    path = tmp_path / "same-id.json"
    path.write_text(json.dumps({"name": "n", "events": events}), "utf-8")
    with pytest.raises(LoadError) as caught:
        load_paths([path])
    assert len(caught.value.problems) == 51
    lines = caught.value.report().splitlines()
    assert len(lines) == 52
    assert lines[-2:] == [
        f"{path}: … and 249 more duplicate ids, not listed",
        "299 problems found.",
    ]
