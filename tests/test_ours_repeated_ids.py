"""Ids repeated within a file of our format are found before any model is built: a file of
200,000 copies of one event fails fast, in little memory, with a capped list; other problems of
the same file are still reported, at their places in the file."""

from __future__ import annotations

import json
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
# Building 200,000 models before looking at the ids peaked at 450 MB and took 8 to 35 s here
# (by load); the check of the ids peaks at 240 MB and takes 1 to 7 s.
PEAK_RSS_MB = 340
SECONDS = 30
# The process's own peak (VmHWM) printed as it exits: the rusage of a child started with vfork
# counts the parent's (pytest's) memory too.
UNDER_LIMIT = f"""
import atexit, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))
def peak():
    with open("/proc/self/status") as status:
        print(next(line for line in status if line.startswith("VmHWM:")).split()[1])
atexit.register(peak)
from tui.cli import main
sys.argv = ["timeline-explorer", "validate", sys.argv[1]]
sys.exit(main())
"""


def event(event_id: str, index: int, **fields: object) -> dict[str, object]:
    return {"id": event_id, "title": f"t{index}", "start": "2024", "kind": "other", **fields}


def write(path: Path, events: list[dict[str, object]], **top: object) -> Path:
    """The top-level fields on line 1, then one event per line: an event's line is its index
    plus 3."""
    lines = ",\n".join(json.dumps(item) for item in events)
    head = json.dumps(top)[1:-1] + ", " if top else ""
    path.write_text(f'{{{head}\n"events": [\n{lines}\n]}}\n', "utf-8")
    return path


def test_200k_copies_of_one_event_fail_fast_in_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "same.json"
    with path.open("w", encoding="utf-8") as out:
        out.write('{"name": "n",\n"events": [\n')
        out.write(",\n".join(json.dumps(event("same", i)) for i in range(200_000)))
        out.write("\n]}\n")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", UNDER_LIMIT, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert time.monotonic() - started < SECONDS
    assert done.returncode == 1, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) < PEAK_RSS_MB * 1024  # VmHWM, in kB
    lines = done.stderr.splitlines()
    first = f"(first defined at {path}:3)"
    assert lines[0] == f"{path}:4: events[1].id: duplicate event id 'same' {first}"
    assert lines[49] == f"{path}:53: events[50].id: duplicate event id 'same' {first}"
    assert lines[50:] == [
        f"{path}: … and 199,949 more duplicate ids, not listed",
        "199,999 problems found.",
    ]


def test_other_problems_of_the_file_keep_their_places(tmp_path: Path) -> None:
    events = [event("a", 0), event("a", 1), event("b", 2, start="2024-02-30"), event("a", 3)]
    path = write(tmp_path / "mixed.json", events, name="n")
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
    write(tmp_path / "a.json", [event("e1", 0)], actors=[actor, actor])
    write(tmp_path / "b.json", [event("e2", 1, actors=[{"actor": "a1"}])])
    with pytest.raises(LoadError) as caught:
        load_paths([tmp_path])
    [problem] = caught.value.problems  # no "unknown actor 'a1'" in b.json
    assert (problem.path.name, problem.field) == ("a.json", "actors[1].id")
    assert problem.message.startswith("duplicate actor id 'a1'")


def test_unknown_references_are_listed_to_the_cap_then_counted(tmp_path: Path) -> None:
    events = [event(f"e{i}", i, concerns=["nowhere"]) for i in range(120)]
    path = write(tmp_path / "refs.json", events)
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
    path = write(tmp_path / "bad.json", events)
    with pytest.raises(LoadError) as caught:
        load_paths([path])
    problems = caught.value.problems
    assert [p.line for p in problems[:50]] == list(range(3, 53))
    assert problems[50].message == "… and 30 more problems, not listed"
    assert caught.value.report().splitlines()[-1] == "80 problems found."
