"""No escape sequence reaches the terminal from the command line (issue 9, item 2): every message
path — `ok:`, "wrote …", errors, problem lists with bad cells, usage errors — is run with file
names and cells that carry OSC 2 (title), OSC 52 (clipboard), ESC[2J (clear), C1 CSI and bidi
overrides, and everything written to stdout or stderr is scanned at the descriptor level."""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, TEST_DATA
from tui.cli import main
from tui.core.loading import open_store
from tui.ui.app import TimelineApp

IMPORTS = TEST_DATA / "imports"
HOSTILE = "\x1b]2;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202eevil\x07"
# Anything a terminal acts on: C0 but newline, DEL, C1 (as characters or as UTF-8 bytes
# decoded), bidi controls.
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _acled_with_hostile_cells(directory: Path) -> Path:
    """acled_bad.csv's good rows, and one more whose id and (unreadable) date are hostile."""
    with (IMPORTS / "acled_bad.csv").open(encoding="utf-8", newline="") as stream:
        header, first, *rest = list(csv.reader(stream))
    hostile = [f"{HOSTILE}", f"{HOSTILE}", *first[2:]]  # event_id_cnty, event_date
    path = directory / f"acled{HOSTILE}.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, first, hostile, *rest])
    return path


def _named(content: bytes) -> Callable[[Path], Path]:
    def make(directory: Path) -> Path:
        path = directory / f"data{HOSTILE}.json"
        path.write_bytes(content)
        return path

    return make


GOOD = (DATA / "article.json").read_bytes()
EMPTY = json.dumps({"events": []}).encode()

# name -> (make the input, the arguments after it; {out} is a hostile output name)
CASES: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "validate ok": (_named(GOOD), ["validate", "{in}"]),
    "validate broken JSON": (_named(b'{"events": ['), ["validate", "{in}"]),
    "validate no events": (_named(EMPTY), ["validate", "{in}"]),
    "validate bad cells": (_acled_with_hostile_cells, ["validate", "{in}"]),
    "validate bad cells skipped": (_acled_with_hostile_cells, ["validate", "--skip-bad", "{in}"]),
    "validate unknown format": (_named(b"a,b\n1,2\n"), ["validate", "{in}"]),
    "validate gzip": (_named(gzip.compress(b"x")), ["validate", "{in}"]),
    "validate missing": (lambda d: d / f"gone{HOSTILE}", ["validate", "{in}"]),
    "open missing": (lambda d: d / f"gone{HOSTILE}", ["{in}"]),
    "open bad cells": (_acled_with_hostile_cells, ["{in}"]),
    "open no events": (_named(EMPTY), ["{in}"]),
    "open unknown country": (_named(GOOD), ["{in}", "--country", HOSTILE]),
    "export wrote": (_named(GOOD), ["export", "{in}", "-o", "{out}"]),
    "export to stdout": (_named(GOOD), ["export", "{in}", "--to", "md", "-o", "-"]),
    "export over input": (_named(GOOD), ["export", "{in}", "--to", "json", "-o", "{in}"]),
    "export no match": (_named(GOOD), ["export", "{in}", "--search", HOSTILE, "-o", "{out}"]),
    "export bad cells": (_acled_with_hostile_cells, ["export", "{in}", "-o", "{out}"]),
    "export missing dir": (_named(GOOD), ["export", "{in}", "-o", "{dir}/{name}"]),
    "export unknown suffix": (_named(GOOD), ["export", "{in}", "-o", "{out}.txt"]),
    "usage: bad format": (_named(GOOD), ["validate", "--from", HOSTILE, "{in}"]),
    "usage: unknown option": (_named(GOOD), ["export", f"--{HOSTILE}", "-o", "{out}"]),
}


@pytest.fixture(autouse=True)
def _never_run_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TimelineApp, "run", lambda self, *a, **k: None)


@pytest.mark.parametrize("name", list(CASES))
def test_no_control_character_reaches_the_terminal(
    name: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    make, template = CASES[name]
    given = make(tmp_path)
    out_name = f"out{HOSTILE}.md"
    args = [
        a.replace("{in}", str(given))
        .replace("{out}", str(tmp_path / out_name))
        .replace("{dir}", str(tmp_path / f"dir{HOSTILE}"))
        .replace("{name}", out_name)
        for a in template
    ]
    try:
        main(args)
    except SystemExit as usage:
        assert usage.code == 2
    out, err = capfd.readouterr()
    written = err if "-" in args and "-o" in args else out + err  # stdout is then the export
    assert written.strip(), "nothing said"
    assert "Traceback" not in written
    assert _UNSAFE.findall(written) == [], written


def test_the_skipped_rows_notice_of_the_app_is_safe(tmp_path: Path) -> None:
    opened = open_store([_acled_with_hostile_cells(tmp_path)], skip_bad=True)
    assert opened.warnings and opened.skipped_rows >= 1
    for warning in opened.warnings:
        assert _UNSAFE.findall(warning) == [], warning
        assert "␛]2;pwned" in warning  # shown, harmlessly, not dropped
