"""Ids repeated within a file of our format are found before any model is built: a file of
200,000 copies of one event fails fast, in little memory, with a capped list; other problems of
the same file are still reported, at their places in the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.core.importers.ours import load_paths
from tui.core.problems import LoadError

ROOT = Path(__file__).resolve().parent.parent
# A guard against a runaway (the imports alone reserve about 600 MB of address space).
ADDRESS_SPACE = 1_200 * 1024 * 1024
# Building 200,000 models before looking at the ids peaked at 440 MB and took 30 s here; the
# check of the ids peaks at 180 MB and takes 2 s of CPU.
PEAK_RSS_MB = 300
SECONDS = 30
UNDER_LIMIT = f"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))
from tui.cli import main
sys.argv = ["timeline-explorer", "validate", sys.argv[1]]
sys.exit(main())
"""


def event(event_id: str, index: int, **fields: str) -> dict[str, str]:
    return {"id": event_id, "title": f"t{index}", "start": "2024", "kind": "other", **fields}


def write(path: Path, document: dict[str, object]) -> Path:
    """One item of each collection per line, so that line = index + 3 for events."""
    lines = ",\n".join(json.dumps(item) for item in document.pop("events", []))  # type: ignore[attr-defined]
    head = json.dumps(document)[:-1]
    path.write_text(f'{head}{", " if document else ""}\n"events": [\n{lines}\n]}}\n', "utf-8")
    return path


def test_200k_copies_of_one_event_fail_fast_in_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "same.json"
    with path.open("w", encoding="utf-8") as out:
        out.write('{"name": "n",\n"events": [\n')
        out.write(",\n".join(json.dumps(event("same", i)) for i in range(200_000)))
        out.write("\n]}\n")
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", UNDER_LIMIT, str(path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, errors = process.communicate(timeout=120)
    _, status, usage = os.wait4(process.pid, 0)
    assert time.monotonic() - started < SECONDS
    assert os.waitstatus_to_exitcode(status) == 1, errors[-2000:]
    assert usage.ru_maxrss < PEAK_RSS_MB * 1024
    lines = errors.splitlines()
    first = f"(first defined at {path}:3)"
    assert lines[0] == f"{path}:4: events[1].id: duplicate event id 'same' {first}"
    assert lines[49] == f"{path}:53: events[50].id: duplicate event id 'same' {first}"
    assert lines[50:] == [
        f"{path}: … and 199,949 more duplicate ids, not listed",
        "199,999 problems found.",
    ]


def test_other_problems_of_the_file_keep_their_places(tmp_path: Path) -> None:
    events = [event("a", 0), event("a", 1), event("b", 2, start="2024-02-30"), event("a", 3)]
    path = write(tmp_path / "mixed.json", {"name": "n", "events": events})
    with pytest.raises(LoadError) as caught:
        load_paths([path])
    found = [(p.line, p.field, p.message) for p in caught.value.problems]
    assert found == [
        (4, "events[1].id", f"duplicate event id 'a' (first defined at {path}:3)"),
        (6, "events[3].id", f"duplicate event id 'a' (first defined at {path}:3)"),
        (5, "events[2].start", "2024-02 has no day 30 (it has 29 days)"),
    ]


def test_a_file_with_repeats_still_defines_what_other_files_refer_to(tmp_path: Path) -> None:
    actor = {"id": "a1", "name": "A", "kind": "person"}
    write(tmp_path / "a.json", {"actors": [actor, actor], "events": [event("e1", 0)]})
    refers = event("e2", 1) | {"actors": [{"actor": "a1"}]}
    write(tmp_path / "b.json", {"events": [refers]})
    with pytest.raises(LoadError) as caught:
        load_paths([tmp_path])
    [problem] = caught.value.problems  # no "unknown actor 'a1'" in b.json
    assert (problem.path.name, problem.field) == ("a.json", "actors[1].id")
    assert problem.message.startswith("duplicate actor id 'a1'")


def test_unknown_references_are_listed_to_the_cap_then_counted(tmp_path: Path) -> None:
    events = [event(f"e{i}", i) | {"concerns": ["nowhere"]} for i in range(120)]
    path = write(tmp_path / "refs.json", {"events": events})
    with pytest.raises(LoadError) as caught:
        load_paths([path])
    problems = caught.value.problems
    assert len(problems) == 51
    assert (problems[0].line, problems[0].message) == (3, "unknown concern 'nowhere'")
    assert problems[49].field == "events[49].concerns[0]"
    assert problems[50].message == "… and 70 more unknown references, not listed"
    assert caught.value.report().splitlines()[-1] == "120 problems found."


def test_invalid_fields_are_listed_to_the_cap_then_counted(tmp_path: Path) -> None:
    events = [event(f"e{i}", i, start="someday") for i in range(80)]
    path = write(tmp_path / "bad.json", {"events": events})
    with pytest.raises(LoadError) as caught:
        load_paths([path])
    problems = caught.value.problems
    assert [p.line for p in problems[:50]] == list(range(3, 53))
    assert problems[50].message == "… and 30 more problems, not listed"
    assert caught.value.report().splitlines()[-1] == "80 problems found."
