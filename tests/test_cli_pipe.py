"""A reader that goes away (``timeline-explorer schema | head -1``) ends the program quietly:
no traceback, exit 141 as a shell reports SIGPIPE (issue 12 item 11). Real processes, real
pipes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _with_reader_gone(*args: str) -> tuple[int, str]:
    """Run the program with a pipe for stdout whose reading end is closed before it writes."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # long before the interpreter has started: every write fails
    errors = process.stderr.read().decode()
    return process.wait(timeout=120), errors


@pytest.mark.parametrize(
    "args",
    [
        ("schema",),
        ("validate", "data"),
        ("gdelt", "--bigquery", "--since", "2024-06", "--until", "2024-06", "--print-sql"),
    ],
)
def test_a_closed_pipe_ends_quietly(args: tuple[str, ...]) -> None:
    status, errors = _with_reader_gone(*args)
    assert "Traceback" not in errors
    assert "BrokenPipeError" not in errors
    assert errors == ""
    assert status == 141


def test_export_to_a_closed_pipe_has_no_traceback() -> None:
    status, errors = _with_reader_gone("export", "--to", "json", "-o", "-")
    assert "Traceback" not in errors and "Exception ignored" not in errors
    assert status != 0


def test_head_reads_the_first_line_and_the_pipeline_ends_cleanly() -> None:
    # As a user types it: the first line reaches head, and nothing but it is printed.
    command = f"'{sys.executable}' -m tui schema | head -1"
    shown = subprocess.run(
        ["sh", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert shown.stdout == "{\n"
    assert shown.stderr == ""
    assert shown.returncode == 0
