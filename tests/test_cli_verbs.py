"""One set of input options on every verb, and errors that suggest only options the verb that
printed them has (issue 8, items 6 and 8)."""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, TEST_DATA
from tui.cli import _open_parser, main
from tui.cli_export import export_parser
from tui.cli_validate import validate_parser
from tui.core.problems import LoadError
from tui.ui.app import TimelineApp

IMPORTS = TEST_DATA / "imports"
PARSERS: dict[str, argparse.ArgumentParser] = {
    "open": _open_parser(),
    "validate": validate_parser(),
    "export": export_parser(),
}


@pytest.fixture(autouse=True)
def _never_run_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TimelineApp, "run", lambda self, *a, **k: None)


@pytest.mark.parametrize("verb", list(PARSERS))
@pytest.mark.parametrize("spelling", ["--from", "--input-format"])
def test_every_verb_takes_the_same_input_options(verb: str, spelling: str) -> None:
    extra = ["-o", "x.csv"] if verb == "export" else []
    options = PARSERS[verb].parse_args(["x.csv", spelling, "acled", "--skip-bad", *extra])
    assert (options.input_format, options.skip_bad) == ("acled", True)


def test_format_means_the_input_when_opening_and_validating_and_the_output_on_export() -> None:
    for verb in ("open", "validate"):
        assert PARSERS[verb].parse_args(["x", "--format", "gdelt"]).input_format == "gdelt"
    options = PARSERS["export"].parse_args(["x", "--format", "md", "--from", "gdelt", "-o", "y"])
    assert (options.output_format, options.input_format) == ("md", "gdelt")
    assert PARSERS["export"].parse_args(["--to", "csv", "-o", "y"]).output_format == "csv"


def _many_bad_rows(directory: Path) -> Path:
    """An ACLED file with 60 rows with an unreadable date: more than a refusal lists, so the
    refusal ends by pointing to --skip-bad."""
    with (IMPORTS / "acled_bad.csv").open(encoding="utf-8", newline="") as stream:
        header, good, *_ = list(csv.reader(stream))
    date = header.index("event_date")
    rows = []
    for n in range(60):
        row = list(good)
        row[0], row[date] = f"BAD{n}", "2024-13-40"
        rows.append(row)
    path = directory / "many-bad.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, good, *rows])
    return path


def _unknown(directory: Path) -> Path:
    path = directory / "notes.csv"
    path.write_text("a,b\n1,2\n", "utf-8")
    return path


def _options_suggested(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))


@pytest.mark.parametrize("verb", list(PARSERS))
def test_errors_suggest_only_options_the_verb_has(
    verb: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    read_only = tmp_path / "read-only.md"
    read_only.write_text("x", "utf-8")
    read_only.chmod(0o444)
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    inputs = [_many_bad_rows(tmp_path), _unknown(tmp_path)]
    runs: list[list[str]] = [[str(path)] for path in inputs]
    if verb == "export":
        runs = [[*run, "-o", str(tmp_path / "out.md")] for run in runs]
        for target in (read_only, link, tmp_path / "no" / "dir.md", tmp_path / "out.txt"):
            runs.append([str(DATA), "-o", str(target)])
    said = ""
    for args in runs:
        status = main([*([] if verb == "open" else [verb]), *args])
        assert status != 0, args
        said += capsys.readouterr().err
    suggested = _options_suggested(said)
    assert "--skip-bad" in suggested and "--from" in suggested  # the errors were provoked
    if verb == "export":
        assert {"--force", "--mkdir", "--follow-symlinks", "--to"} <= suggested
    available = set(PARSERS[verb]._option_string_actions)
    assert suggested <= available, suggested - available


def test_opening_a_file_with_no_events_says_so_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"name": "nothing yet", "events": []}', "utf-8")
    assert main([str(path)]) == 1
    assert (
        capsys.readouterr().err == f"{path}: holds no events: nothing to show\n1 problem found.\n"
    )
    # A large file loads inside the app: its opener refuses the same way (the app exits 1).
    monkeypatch.setattr("tui.cli.LARGE_INPUT_BYTES", 0)
    started: list[TimelineApp] = []
    monkeypatch.setattr(TimelineApp, "run", lambda self, *a, **k: started.append(self))
    main([str(path)])
    [app] = started
    assert app._opener is not None
    with pytest.raises(LoadError, match="holds no events"):
        app._opener(lambda done, total: None)


def test_export_takes_the_input_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = IMPORTS / "acled_bad.csv", tmp_path / "good.csv"
    assert main(["export", str(source), "-o", str(target)]) == 1  # refused: it has bad rows
    assert capsys.readouterr().err.endswith("3 problems found.\n")
    assert not target.exists()
    status = main(["export", "--from", "acled", "--skip-bad", str(source), "-o", str(target)])
    assert (status, capsys.readouterr().out) == (0, f"wrote 3 events to {target} (csv)\n")
    with target.open(encoding="utf-8", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == 3
    assert main(["export", "--from", "gdelt", str(source), "-o", str(target)]) == 1
    assert capsys.readouterr().err.startswith(f"{source}")
