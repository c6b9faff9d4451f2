"""`timeline-explorer export`: filters, formats, messages and exit statuses (0/1/2)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore, Query

DATA = Path(__file__).resolve().parent.parent / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_exports_the_bundled_data_by_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bundled_store: EventStore
) -> None:
    target = tmp_path / "all.csv"
    status, out, err = run(capsys, "--format", "csv", "-o", str(target))
    assert (status, err) == (0, "")
    assert out == f"wrote {len(bundled_store)} events to {target} (csv)\n"
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"), newline="")))
    assert [r["id"] for r in rows] == list(bundled_store.columns.ids)


def test_filters_by_countries_and_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bundled_store: EventStore
) -> None:
    target = tmp_path / "nz.json"
    filters = ["--country", "NZ", "--country", "Japan", "--search", "information security"]
    status, out, _ = run(capsys, str(DATA), *filters, "-o", str(target))
    expected = bundled_store.query(
        Query(countries=frozenset({"NZL", "JPN"}), text="information security")
    )
    assert status == 0
    assert 0 < len(expected) < len(bundled_store)
    loaded = load_paths([target])
    assert [e.id for e in loaded.events] == [bundled_store.columns.ids[int(r)] for r in expected]
    document = json.loads(target.read_text("utf-8"))
    assert document["description"] == "New Zealand + Japan + “information security”"
    noun = "event" if len(expected) == 1 else "events"
    assert out.startswith(f"wrote {len(expected)} {noun} to ")


def test_markdown_names_the_filter(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    status, _, _ = run(capsys, "--country", "DPRK", "-o", str(target))  # format from suffix
    assert status == 0
    header = [line.rstrip() for line in target.read_text("utf-8").splitlines()[:6]]
    assert "**Filter:** North Korea" in header


def test_timelinejs_needs_its_format_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bundled_store: EventStore
) -> None:
    target = tmp_path / "timeline.json"
    status, out, _ = run(capsys, "--format", "timelinejs", "-o", str(target))
    assert status == 0 and out.endswith("(timelinejs)\n")
    assert len(json.loads(target.read_text("utf-8"))["events"]) == len(bundled_store)


def test_unknown_country_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "x.csv"
    status, out, err = run(capsys, "--country", "Narnia", "-o", str(target))
    assert (status, out) == (2, "")
    assert "no country matches 'Narnia'" in err
    assert not target.exists()


def test_control_characters_in_arguments_are_shown_harmlessly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "--country", "\x1b[2JNarnia", "-o", str(tmp_path / "x.csv"))
    assert status == 2
    assert "\x1b" not in err and "␛[2JNarnia" in err


def test_unknown_suffix_without_format_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "-o", str(tmp_path / "out.txt"))
    assert status == 2
    assert "give --to" in err


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "csv"],  # no -o
        ["--format", "xlsx", "-o", "x.xlsx"],
    ],
)
def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", *args])
    assert exit_info.value.code == 2
    assert "usage: timeline-explorer export" in capsys.readouterr().err


def test_load_errors_are_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"events": [', "utf-8")
    status, out, err = run(capsys, str(broken), "-o", str(tmp_path / "x.csv"))
    assert (status, out) == (1, "")
    assert f"{broken}:1:" in err and "invalid JSON" in err
    assert err.rstrip().endswith("1 problem found.")
    assert not (tmp_path / "x.csv").exists()


def test_missing_input_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    status, out, err = run(capsys, str(missing), "-o", str(tmp_path / "x.csv"))
    assert (status, out) == (1, "")
    assert f"{missing}: no such file or directory" in err
    assert not (tmp_path / "x.csv").exists()


def test_refuses_to_overwrite_an_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "data.json"
    source.write_bytes((DATA / "article.json").read_bytes())
    before = source.read_bytes()
    status, out, err = run(capsys, str(source), "--format", "json", "-o", str(source))
    assert (status, out) == (1, "")
    assert err == f"timeline-explorer: will not overwrite {source}: it is an input file\n"
    assert source.read_bytes() == before


def test_refuses_to_write_into_an_input_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "article.json").write_bytes((DATA / "article.json").read_bytes())
    status, _, err = run(capsys, str(folder), "-o", str(folder / "export.json"))
    assert status == 1
    assert "in the input directory" in err
    assert sorted(p.name for p in folder.iterdir()) == ["article.json"]


def test_write_errors_are_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    status, out, err = run(capsys, "-o", str(blocker / "out.csv"))
    assert (status, out) == (1, "")
    assert err.startswith(f"timeline-explorer: cannot write {blocker / 'out.csv'}: ")
    assert err.count("\n") == 1


def test_write_error_mid_write_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("tui.core.atomic.os.fsync", fail)
    status, _, err = run(capsys, "-o", str(tmp_path / "out.md"))
    assert status == 1
    assert "Input/output error" in err
    assert list(tmp_path.iterdir()) == []


def test_export_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "timeline-explorer export" in capsys.readouterr().out
