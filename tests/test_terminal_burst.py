"""Fast hands: keys that arrive in one write (a paste, a macro) all reach the search box.

Run for real in tmux, whose ``send-keys`` writes the whole string to the app's terminal at once.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=True)
    return done.stdout


def screen_when(session: str, wanted: str, timeout: float, *, gone: str = "") -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = tmux("capture-pane", "-t", session, "-p")
        if wanted in shown and not (gone and gone in shown):
            break
        time.sleep(0.2)
    return shown


def test_slash_and_a_word_in_one_write_all_reach_the_search_box() -> None:
    session = f"burst-{uuid.uuid4().hex[:8]}"
    command = f"cd {ROOT} && TERM=xterm-256color {sys.executable} -m tui; sleep 30"
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    try:
        assert "25 / 25 events" in screen_when(session, "25 / 25 events", 60)
        tmux("send-keys", "-t", session, "-l", "/Japan")  # one write of six keys
        shown = screen_when(session, "“Japan”", 20)
        assert "“Japan”" in shown, shown  # the box holds every letter: its suggestions say so
        assert "Country  Japan (JPN)" in shown
        tmux("send-keys", "-t", session, "Enter")
        shown = screen_when(session, "/ 25 events", 20, gone="25 / 25 events")
        assert "25 / 25 events" not in shown and "/ 25 events" in shown, shown  # filtered
        assert "Japan ×" in shown or "Japan" in shown.splitlines()[0], shown
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
