"""How fast the app answers a key while it works: measured as a user sees it, in a terminal.

    python -m benchmarks.bench_keys FILE [--keys 40] [--first-in-line] [--out DIR]

The app runs in a pseudo-terminal of 120×40 on FILE (open it once before, so that the index
cache serves it). After the first usable screen, the cursor is moved down (``j``) ``--keys``
times, one key every 150 ms, and each key's latency is the time from writing it to the first
text the app draws after it holding a row's date (the rows under the moved cursor). That is
done three times:

- idle: nothing else running;
- during an export of every event shown to CSV, started from the export dialog (e, a path,
  Enter), with the export's duration from Enter to the app's "Wrote … events";
- during a text search (``/`` then a word, Enter) on the whole dataset.

Figures are the median, 90th percentile and worst of the keys: figures to read, not timed
tests (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

from benchmarks.bench_process import _ESCAPES, APP, FIRST_IN_LINE, SIZE, USABLE, _first_in_line
from benchmarks.bench_scale import machine

ROW_DATE = re.compile(r"\d{4}-\d{2}")  # every row of the timeline starts with its date


class Terminal:
    """The app on the far side of a pseudo-terminal: keys in, what it draws out."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
        self.pid = os.fork()
        if self.pid == 0:
            os.setsid()
            _first_in_line()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.execve(argv[0], argv, env)
        os.close(slave)
        self.seen = ""

    def read(self, seconds: float) -> str:
        """The text drawn within ``seconds`` (escape sequences left out)."""
        ready, _, _ = select.select([self.master], [], [], seconds)
        if not ready:
            return ""
        text = _ESCAPES.sub("", os.read(self.master, 1 << 16).decode("utf-8", "replace"))
        self.seen = (self.seen + text)[-200_000:]
        return text

    def wait_for(self, text: str, timeout: float = 600.0) -> float:
        started = time.perf_counter()
        while text not in self.seen:
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"{text!r} not shown within {timeout:.0f} s")
            self.read(0.05)
        return time.perf_counter() - started

    def drain(self, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self.read(0.01)

    def key_latency(self, key: bytes, timeout: float = 5.0) -> float:
        """Seconds from writing the key to the moved cursor drawn: the first text after it
        holding a row's date (a progress bar or a toast drawn meanwhile holds none)."""
        self.drain(0.0)
        os.write(self.master, key)
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if ROW_DATE.search(self.read(timeout)):
                return time.perf_counter() - started
        return timeout

    def type(self, text: bytes) -> None:
        os.write(self.master, text)

    def close(self) -> None:
        os.write(self.master, b"\x1b\x1bq")
        self.drain(2.0)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.master)


def keys(terminal: Terminal, count: int, until: str | None = None) -> list[float]:
    """Latencies of ``count`` cursor moves (alternating down and up), one every 150 ms;
    stopping early once ``until`` has been drawn (the work being measured is over)."""
    found = []
    for n in range(count):
        if until is not None and until in terminal.seen:
            break
        found.append(terminal.key_latency(b"j" if n % 2 == 0 else b"k"))
        terminal.drain(0.15)
    return found


def summary(latencies: list[float]) -> str:
    if not latencies:
        return "no key pressed (the work was over first)"
    ms = sorted(x * 1000 for x in latencies)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return (
        f"median {statistics.median(ms):.0f} ms, 90th percentile {p90:.0f} ms, "
        f"worst {ms[-1]:.0f} ms ({len(ms)} keys)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--search", default="protesters", help="the word searched for")
    parser.add_argument("--first-in-line", action="store_true")
    parser.add_argument("--out", type=Path)
    options = parser.parse_args(argv)
    FIRST_IN_LINE["on"] = options.first_in_line
    out: Path = options.out or Path(tempfile.mkdtemp(prefix="te-keys-"))
    out.mkdir(parents=True, exist_ok=True)
    target = out / "everything.csv"
    target.unlink(missing_ok=True)
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "TIMELINE_EXPLORER_DATA_DIR": str(out / "annotations"),  # no session restored
    }
    print(f"machine: {machine()}")
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    terminal = Terminal([APP, str(options.file)], env)
    try:
        ready = time.perf_counter()
        while not USABLE.search(terminal.seen):
            terminal.read(0.05)
        terminal.drain(2.0)  # the annotations open, the session is written
        print(f"usable after {time.perf_counter() - ready:.2f} s")
        print(f"idle: {summary(keys(terminal, options.keys))}")

        terminal.type(b"e")
        terminal.wait_for("Enter writes the file")
        terminal.drain(0.5)  # the path's field focused before it is typed into
        # Ctrl+U clears the path. Alone: Textual runs a binding after keys that follow it in
        # the same read, so it would clear what was typed after it.
        terminal.type(b"\x15")
        terminal.drain(0.3)
        terminal.type(str(target).encode())
        terminal.wait_for(target.name)
        terminal.type(b"\r")
        terminal.wait_for("Exporting")
        started = time.perf_counter()
        during = keys(terminal, options.keys * 10, until="Wrote ")
        terminal.wait_for("Wrote ")
        took = time.perf_counter() - started
        print(f"during the export of everything to CSV ({took:.1f} s): {summary(during)}")

        terminal.type(b"/" + options.search.encode() + b"\r")
        during = keys(terminal, options.keys)
        print(f"right after a search for {options.search!r}: {summary(during)}")
    finally:
        terminal.close()
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
