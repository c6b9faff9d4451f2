"""`validate` on success names every file it checked with its events, and the total for several
(issue 12, item 11): `validate data/` names each file in the directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, TEST_DATA
from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    status = main(["validate", *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_a_directory_names_each_file_and_the_total(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, err = run(capsys, str(DATA))
    assert (status, err) == (0, "")
    # Counted by hand in data/: the article's 10 events, the 9 agreements, 6 later developments.
    assert lines == [
        f"ok: {DATA / 'article.json'} (ours, 10 events)",
        f"ok: {DATA / 'japan-information-security-agreements.json'} (ours, 9 events)",
        f"ok: {DATA / 'later-developments.json'} (ours, 6 events)",
        "ok: 3 files, 25 events in all",
    ]


def test_one_file_has_no_total_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run(capsys, str(DATA / "article.json"))
    assert (status, lines) == (0, [f"ok: {DATA / 'article.json'} (ours, 10 events)"])


def test_the_total_counts_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    timeline = TEST_DATA / "imports" / "timeline.json"  # four event slides
    status, lines, _ = run(capsys, str(DATA / "article.json"), str(timeline))
    assert status == 0
    assert lines == [
        f"ok: {DATA / 'article.json'} (ours, 10 events)",
        f"ok: {timeline} (timelinejs, 4 events)",
        "ok: 2 files, 14 events in all",
    ]


def test_one_event_is_singular(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    event = {"id": "e1", "title": "One", "start": "2024-06-19", "kind": "meeting"}
    path.write_text(json.dumps({"events": [event]}), "utf-8")
    assert run(capsys, str(path))[:2] == (0, [f"ok: {path} (ours, 1 event)"])


def test_a_failure_prints_no_ok_line_for_that_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"start_at": "nowhere", "events": []}', "utf-8")
    status, lines, err = run(capsys, str(bad))
    assert (status, lines) == (1, [])
    assert f"{bad}:1:2: start_at: unknown event 'nowhere'" in err
