"""`validate` checks every format the app opens, with the same front door and detection, and
says what opening would: the format found and the count, bad rows with their lines, no events
(issue 8, items 7 and 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, TEST_DATA
from tui.cli import main
from tui.core.loading import open_store

IMPORTS = TEST_DATA / "imports"
ACLED_HEADER = (IMPORTS / "acled_bad.csv").read_text("utf-8").splitlines()[0]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["validate", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


# Counts checked by hand: rows in each fixture (acled_current.csv has one note over two lines),
# timeline.json's four event slides, the bundled article's 10 events (a directory: see
# test_validate_output.py).
@pytest.mark.parametrize(
    ("path", "found"),
    [
        (IMPORTS / "acled_current.csv", "acled, 5 events"),
        (IMPORTS / "gdelt2.export.CSV", "gdelt, 6 events"),
        (IMPORTS / "timeline.json", "timelinejs, 4 events"),
        (DATA / "article.json", "ours, 10 events"),
    ],
)
def test_each_format_is_checked_and_named_with_its_count(
    capsys: pytest.CaptureFixture[str], path: Path, found: str
) -> None:
    status, out, err = run(capsys, str(path))
    assert (status, err) == (0, "")
    assert out == f"ok: {path} ({found})\n"


def test_the_format_found_is_the_one_opening_uses(capsys: pytest.CaptureFixture[str]) -> None:
    for path in (*IMPORTS.glob("*.CSV"), IMPORTS / "acled_pre2023.csv", IMPORTS / "timeline.json"):
        status, out, _ = run(capsys, str(path))
        assert status == 0
        assert f"({open_store([path]).format}, " in out


def test_several_files_of_several_formats_in_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [DATA, IMPORTS / "acled_current.csv", IMPORTS / "gdelt1_58.CSV"]
    status, out, err = run(capsys, *map(str, paths))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 6  # data/'s three files, the two imports, the total
    assert lines[0] == f"ok: {DATA / 'article.json'} (ours, 10 events)"
    assert lines[3] == f"ok: {IMPORTS / 'acled_current.csv'} (acled, 5 events)"
    assert lines[4].startswith(f"ok: {IMPORTS / 'gdelt1_58.CSV'} (gdelt, ")
    assert lines[5].startswith("ok: 5 files, ")


def test_a_csv_is_no_longer_read_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, str(IMPORTS / "acled_pre2023.csv"))
    assert status == 0 and "invalid JSON" not in err


def test_bad_rows_are_listed_with_their_lines(capsys: pytest.CaptureFixture[str]) -> None:
    path = IMPORTS / "acled_bad.csv"  # rows on lines 5, 6 and 7 are bad (see its README)
    status, out, err = run(capsys, str(path))
    assert (status, out) == (1, "")
    lines = err.splitlines()
    assert lines[-1] == "3 problems found."
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [f"{path}:{n}" for n in (5, 6, 7)]
    assert "2024-13-40" in lines[0]  # the unreadable date, quoted


def test_skip_bad_says_what_opening_with_it_would(capsys: pytest.CaptureFixture[str]) -> None:
    path = IMPORTS / "acled_bad.csv"
    status, out, err = run(capsys, "--skip-bad", str(path))
    assert status == 0
    assert out == f"ok: {path} (acled, 3 events; 3 bad rows skipped)\n"
    assert [line.split(": ", 1)[0] for line in err.splitlines()] == [
        f"{path}:{n}" for n in (5, 6, 7)
    ]
    assert all(line.endswith(" [skipped]") for line in err.splitlines())


def test_zero_events_is_a_problem_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    acled = tmp_path / "header-only.csv"
    acled.write_text(ACLED_HEADER + "\n", "utf-8")
    ours = tmp_path / "ours.json"
    ours.write_text(json.dumps({"name": "empty", "events": []}), "utf-8")
    timeline = tmp_path / "timeline.json"
    timeline.write_text(json.dumps({"title": {"text": {"headline": "T"}}, "events": []}), "utf-8")
    for path in (acled, ours, timeline):
        status, out, err = run(capsys, str(path))
        assert (status, out) == (1, ""), path
        # An importer may say it in its own words (TimelineJS names the empty "events" list).
        assert err.startswith(f"{path}") and "no events" in err
        assert err.endswith("\n1 problem found.\n")
    assert (
        run(capsys, str(ours))[2] == f"{ours}: holds no events: nothing to show\n1 problem found.\n"
    )


def test_all_rows_bad_and_skipped_is_zero_events(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad_rows = (IMPORTS / "acled_bad.csv").read_text("utf-8").splitlines()[4:7]  # lines 5-7
    path = tmp_path / "all-bad.csv"
    path.write_text("\n".join([ACLED_HEADER, *bad_rows]) + "\n", "utf-8")
    status, out, err = run(capsys, "--skip-bad", str(path))
    assert (status, out) == (1, "")
    assert err.startswith(f"{path}: no events: all 3 rows were bad and skipped\n")


def test_a_forced_format_is_used(capsys: pytest.CaptureFixture[str]) -> None:
    path = IMPORTS / "gdelt2.export.CSV"
    status, out, err = run(capsys, "--from", "acled", str(path))
    assert (status, out) == (1, "")
    assert err.startswith(f"{path}:")
    assert run(capsys, "--format", "gdelt", str(path))[:2] == (0, f"ok: {path} (gdelt, 6 events)\n")


def test_problems_of_every_path_are_reported_together(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unknown = tmp_path / "notes.csv"
    unknown.write_text("a,b\n1,2\n", "utf-8")
    missing = tmp_path / "missing.json"
    status, out, err = run(capsys, str(IMPORTS / "acled_current.csv"), str(unknown), str(missing))
    assert status == 1
    assert out == f"ok: {IMPORTS / 'acled_current.csv'} (acled, 5 events)\n"
    assert err.splitlines() == [
        f"{unknown}:1: cannot tell the format: not TimelineJS JSON, an ACLED CSV export, a "
        "GDELT event file, a Parquet file of events or our JSON (give --from to say which)",
        f"{missing}: no such file or directory",
        "2 problems found.",
    ]


def test_files_of_our_format_are_checked_together_as_opening_them_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = DATA / "article.json"
    copy = tmp_path / "copy.json"
    copy.write_bytes(article.read_bytes())
    status, out, _ = run(capsys, str(article), str(IMPORTS / "gdelt2.export.CSV"))
    assert (status, out.splitlines()[0]) == (0, f"ok: {article} (ours, 10 events)")
    status, out, err = run(capsys, str(article), str(copy))  # the same ids twice
    assert (status, out) == (1, "")
    assert f"{copy}:" in err and "duplicate" in err
    others = sorted(p for p in DATA.glob("*.json") if p != article and "schema" not in p.name)
    status, out, _ = run(capsys, str(article), *map(str, others))
    assert status == 0
    assert out.splitlines()[0] == f"ok: {article} (ours, 10 events)"
    assert out.splitlines()[-1] == "ok: 3 files, 25 events in all"
