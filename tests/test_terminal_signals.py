"""The terminal is always given back: the app run for real in a pseudo-terminal, then ended by
SIGTERM or SIGHUP (idle, or in the middle of a load), must leave the tty cooked (isig, icanon,
echo), the alternate screen and mouse reporting off, and die of the signal it was sent."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A slow opener keeps the app on its loading screen, with the load's thread still running.
APP_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from tui.ui.app import TimelineApp
    from tui.core.loading import open_store
    from tui.core.bundled import bundled_data_dir

    def slow_opener(progress):
        for done in range(600):
            time.sleep(0.1)
            progress(done, 600)
        return open_store([bundled_data_dir()])

    if sys.argv[1] == "loading":
        app = TimelineApp(opener=slow_opener, source_label="slow.csv", blink=False)
    else:
        app = TimelineApp(open_store([bundled_data_dir()]).store, blink=False)
    app.run()
    print("returned", app.return_code)
    """
)

ALT_SCREEN_ON, ALT_SCREEN_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
MOUSE_ON, MOUSE_OFF = b"\x1b[?1000h", b"\x1b[?1000l"


class PtyRun:
    """A child process whose stdin/stdout/stderr are the slave side of a new pty."""

    def __init__(self, argv: list[str], columns: int = 80, rows: int = 24) -> None:
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
        env.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            argv,
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        self.output = b""

    def read_until(self, wanted: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while wanted not in self.output and time.monotonic() < deadline:
            self.read_some(0.1)
        return wanted in self.output

    def read_some(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # EIO once the child has gone
                self.output += os.read(self.master, 65536)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self, timeout: float = 20) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read_some(0.1)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"the app did not end within {timeout}s: {self.output[-400:]!r}")
        self.read_some(0.2)
        return self.process.returncode

    def local_modes(self) -> int:
        return int(termios.tcgetattr(self.slave)[3])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
        os.close(self.slave)


def assert_terminal_given_back(run: PtyRun) -> None:
    modes = run.local_modes()
    assert modes & termios.ISIG, "isig off: Ctrl+C would no longer interrupt"
    assert modes & termios.ICANON, "icanon off: the shell would get raw keys"
    assert modes & termios.ECHO, "echo off: typing would be invisible"
    after_last_enter = run.output.rsplit(ALT_SCREEN_ON, 1)[-1]
    assert ALT_SCREEN_OFF in after_last_enter, "still on the alternate screen"
    assert MOUSE_OFF in run.output.rsplit(MOUSE_ON, 1)[-1], "mouse reporting still on"


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
@pytest.mark.parametrize("state", ["main", "loading"])
def test_an_ending_signal_gives_the_terminal_back(ending: signal.Signals, state: str) -> None:
    run = PtyRun([sys.executable, "-c", APP_SCRIPT, state])
    try:
        shown = b"Opening slow.csv" if state == "loading" else b"Japan"
        assert run.read_until(shown, timeout=60), run.output[-400:]
        assert not run.local_modes() & termios.ICANON  # the app holds the tty raw
        started = time.monotonic()
        run.process.send_signal(ending)
        status = run.finish()
        assert status == -ending  # died of the signal it was sent, as a shell expects
        assert time.monotonic() - started < 10  # never waits for the load's thread
        assert_terminal_given_back(run)
    finally:
        run.close()


def test_q_still_quits_with_status_0() -> None:
    run = PtyRun([sys.executable, "-c", APP_SCRIPT, "main"])
    try:
        assert run.read_until(b"Japan", timeout=60)
        run.write(b"q")
        assert run.finish() == 0
        assert b"returned 0" in run.output
        assert_terminal_given_back(run)
    finally:
        run.close()
