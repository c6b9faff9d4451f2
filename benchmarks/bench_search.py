"""A text search as a user sees it: from Enter to the first matches drawn, and to all of them.

    python -m benchmarks.bench_search FILE [--search TEXT] [--shows TEXT] [--runs 3]
        [--first-in-line]

The app runs in a pseudo-terminal of 120×40 on FILE (bench_keys.Terminal), a fresh process and
a fresh annotations folder per run. Once its first screen is usable, ``/`` and the search are
typed; after Enter three moments are timed:

- the count says what has been found so far ("128+ / …"): the timeline shows the first rows;
- ``--shows`` is drawn: the text of a matching row, read from the file (the screen is usable);
- another count without a "+" is drawn: every match found.

Figures are medians with their range over the runs: figures to read, not timed tests
(docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_keys import Terminal
from benchmarks.bench_process import APP, FIRST_IN_LINE, USABLE
from benchmarks.bench_scale import machine

SO_FAR = re.compile(r"\d[\d,]*\+ / \d[\d,]* events")
WHOLE = re.compile(r"\d[\d,]* / \d[\d,]* events")


def one_search(path: Path, search: str, shows: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="te-search-") as folder:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "TIMELINE_EXPLORER_DATA_DIR": folder,  # no session restored
        }
        terminal = Terminal([APP, str(path)], env)
        try:
            while not USABLE.search(terminal.seen):
                terminal.read(0.05)
            terminal.drain(2.0)  # the annotations open, the first rows arrive
            terminal.type(b"/")
            terminal.wait_for("any text")  # the search box's placeholder
            terminal.type(search.encode())
            terminal.wait_for(f"“{search}”")  # the box offers the text: the keys are read
            terminal.drain(1.0)
            before = WHOLE.findall(terminal.seen)[-1]  # the count of all events
            terminal.seen = ""
            terminal.type(b"\r")
            started = time.perf_counter()
            found: dict[str, float] = {}
            while "whole" not in found:
                if time.perf_counter() - started > 120:
                    raise RuntimeError(f"the search for {search!r} did not end in 120 s")
                terminal.read(0.01)
                now = time.perf_counter() - started
                if "so far" not in found and SO_FAR.search(terminal.seen):
                    found["so far"] = now
                if "shows" not in found and shows in terminal.seen:
                    found["shows"] = now
                # Another count without a "+": the search has ended.
                if any(count != before for count in WHOLE.findall(terminal.seen)):
                    found["whole"] = now
            while "shows" not in found:  # drawn after the count (an app that shows no part)
                if time.perf_counter() - started > 120:
                    raise RuntimeError(f"no {shows!r} drawn in 120 s")
                terminal.read(0.01)
                if shows in terminal.seen:
                    found["shows"] = time.perf_counter() - started
            return found
        finally:
            terminal.close()


def summary(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"{statistics.median(ms):,.0f} ms ({ms[0]:,.0f}–{ms[-1]:,.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--search", default="militia 42 (nzl)")
    parser.add_argument("--shows", default="Militia 42 (NZL", help="a matching row's text")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--first-in-line", action="store_true")
    options = parser.parse_args(argv)
    FIRST_IN_LINE["on"] = options.first_in_line
    print(f"machine: {machine()}")
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    runs = [one_search(options.file, options.search, options.shows) for _ in range(options.runs)]
    print(f"search for {options.search!r} in {options.file.name}, from Enter:")
    early = [r["so far"] for r in runs if "so far" in r]
    print(f"  the first matches counted ('N+ / …'): {summary(early) if early else 'never'}")
    print(f"  a match's text drawn: {summary([r['shows'] for r in runs])}")
    print(f"  every match counted: {summary([r['whole'] for r in runs])}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
