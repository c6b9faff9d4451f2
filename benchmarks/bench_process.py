"""Whole-process benchmark: what a user waits for, measured from the shell.

    python -m benchmarks.bench_process [--sizes 1000000] [--runs 5] [--out DIR] [--no-visidata]
                                       [--no-export] [--no-cold] [--first-in-line]
                                       [--checkout BEFORE --checkout AFTER]

``--sizes ""`` measures the bundled dataset alone; ``--no-export`` and ``--no-cold`` leave out
the exports and the cold opens (a quick look at start-up and the cached open). Two
``--checkout`` trees are measured taking turns, run by run (each with its own index cache), so
that a shared machine's changing load moves both alike: before/after figures from one command.

- start to the first usable screen, in a pseudo-terminal of 120×40: the bundled dataset, and a
  synthetic ACLED file with an empty index cache (cold) and from the cache;
- ``export --country C -o FILE`` as a process, cold and cached, and VisiData's open + select +
  save of the same country's rows in the same run;
- each process's peak RSS (``wait4``'s ``ru_maxrss``).

"Usable" is the moment the header shows the event count ("25 / 25 events"): the timeline and
its keys are live from then on. Figures are medians with the spread of several fresh processes:
figures to read, not timed tests (see docs/benchmarks.md for the method).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench_scale import COUNTRY_NAME, machine, visidata

ROOT = Path(__file__).resolve().parent.parent
APP = str(Path(sys.executable).with_name("timeline-explorer"))
# What the header shows once the store is open and the timeline is drawn.
USABLE = re.compile(r"\d[\d,]* / \d[\d,]* events")
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
SIZE = (40, 120)  # rows, columns
# Set by --first-in-line: the measured processes run ahead of other work on the machine.
FIRST_IN_LINE = {"on": False}


def _first_in_line() -> None:
    """In a measured child: run ahead of the machine's other work (root only). Linux shares
    the CPU between sessions (autogroups) before niceness counts, so both are raised."""
    if not FIRST_IN_LINE["on"]:
        return
    try:
        Path("/proc/self/autogroup").write_text("-20")
        os.setpriority(os.PRIO_PROCESS, 0, -20)
    except OSError:
        pass  # not root, or no autogroups: measured as it is


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: int


def _wait(pid: int, timeout: float) -> int:
    """Reap the child and return its peak RSS in MB (killing it if it outstays ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        done, _status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return usage.ru_maxrss // 1024
        if time.monotonic() > deadline:
            os.kill(pid, 9)
        time.sleep(0.01)


def first_screen(argv: Sequence[str], env: dict[str, str], timeout: float = 300) -> Run:
    """Seconds from starting ``argv`` in a pseudo-terminal until the usable screen is drawn."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: the app on the pty's far side, as a shell would start it
        os.setsid()
        _first_in_line()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.execve(argv[0], list(argv), env)
    os.close(slave)
    seen = b""
    elapsed: float | None = None
    try:
        while elapsed is None and time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            chunk = os.read(master, 1 << 16)
            if not chunk:
                break
            seen += chunk
            if USABLE.search(_ESCAPES.sub("", seen.decode("utf-8", "replace"))):
                elapsed = time.perf_counter() - started
        os.write(master, b"q")
        _drain(master, 5.0)
    finally:
        peak = _wait(pid, 10.0)
        os.close(master)
    if elapsed is None:
        raise RuntimeError(f"no usable screen within {timeout:.0f} s: {' '.join(argv)}")
    return Run(elapsed, peak)


def _drain(master: int, seconds: float) -> None:
    """Read what the app writes as it quits, so it never blocks on a full pty."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                if not os.read(master, 1 << 16):
                    return
            except OSError:
                return


def export_process(argv: Sequence[str], env: dict[str, str]) -> Run:
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        _first_in_line()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execve(argv[0], list(argv), env)
    peak = _wait(pid, 1800.0)
    return Run(time.perf_counter() - started, peak)


def summary(runs: list[Run]) -> str:
    times = [r.seconds for r in runs]
    peak = max(r.peak_mb for r in runs)
    return (
        f"{statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}; "
        f"{len(times)} runs), peak {peak} MB"
    )


@dataclass(frozen=True)
class Tree:
    """The code measured: the installed app, or a source tree run as ``python -m tui``."""

    label: str
    app: list[str]
    env: dict[str, str]

    def cache_env(self, out: Path, size: int) -> dict[str, str]:
        # Each tree its own index cache: entries of one version evict the other's.
        slug = "".join(c if c.isalnum() else "_" for c in self.label).strip("_") or "installed"
        return {**self.env, "TIMELINE_EXPLORER_CACHE_DIR": str(out / f"cache_{size}_{slug}")}


def trees_of(checkouts: list[Path] | None) -> list[Tree]:
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    if not checkouts:
        return [Tree("installed", [APP], env)]
    # -P: "python -m" would otherwise put the current directory first on the path, ahead of
    # PYTHONPATH, and time the tree the benchmark is run from instead of the one named.
    return [
        Tree(
            str(tree),
            [sys.executable, "-P", "-m", "tui"],
            {**env, "PYTHONPATH": str(tree.resolve())},
        )
        for tree in checkouts
    ]


def interleaved(
    trees: list[Tree], runs: int, measure: Callable[[Tree, int], Run]
) -> list[list[Run]]:
    """``runs`` measurements of each tree, taking turns run by run, so that a machine getting
    busier or quieter moves every tree's figures alike."""
    found: list[list[Run]] = [[] for _ in trees]
    for run in range(runs):
        for index, tree in enumerate(trees):
            found[index].append(measure(tree, run))
    return found


def report(trees: list[Tree], what: str, runs: list[list[Run]]) -> None:
    for tree, found in zip(trees, runs, strict=True):
        if found:
            label = f" [{tree.label}]" if len(trees) > 1 else ""
            print(f"{what}{label}: {summary(found)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes", default="1000000", help='synthetic ACLED sizes, comma-separated ("": none)'
    )
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure")
    parser.add_argument("--out", type=Path, help="where the files go (default: a temp dir)")
    parser.add_argument("--no-visidata", action="store_true")
    parser.add_argument("--no-export", action="store_true", help="leave out the exports")
    parser.add_argument("--no-cold", action="store_true", help="leave out the cold opens")
    parser.add_argument(
        "--first-in-line",
        action="store_true",
        help="run each measured process ahead of other work on a shared machine (root: "
        "its session's autogroup and its niceness at -20), to approach a quiet machine's "
        "figures; the load average is printed either way",
    )
    parser.add_argument(
        "--checkout",
        type=Path,
        action="append",
        help="time the code of this source tree (python -m tui with it first on the path); "
        "given twice (before, after), the two take turns run by run; default: the "
        "installed timeline-explorer",
    )
    options = parser.parse_args(argv)

    from benchmarks.synth import write_acled

    FIRST_IN_LINE["on"] = options.first_in_line
    out: Path = options.out or Path(tempfile.mkdtemp(prefix="te-process-"))
    out.mkdir(parents=True, exist_ok=True)
    trees = trees_of(options.checkout)
    print(f"machine: {machine()}")
    # Other work on the machine moves every figure: say how busy it was.
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    bundled = interleaved(trees, options.runs, lambda tree, _: first_screen(tree.app, tree.env))
    report(trees, "bundled dataset, start to first screen", bundled)
    for size in (int(s) for s in options.sizes.split(",") if s.strip()):
        path = out / f"acled_{size}.csv"
        if not path.exists():
            write_acled(path, size)
        _measure_size(trees, options, out, size, path)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


def _measure_size(
    trees: list[Tree], options: argparse.Namespace, out: Path, size: int, path: Path
) -> None:
    def export(tree: Tree, target: Path) -> Run:
        target.unlink(missing_ok=True)
        argv = [*tree.app, "export", str(path), "--country", COUNTRY_NAME, "-o", str(target)]
        return export_process(argv, tree.cache_env(out, size))

    def cold_open(tree: Tree, _: int) -> Run:
        env = tree.cache_env(out, size)
        shutil.rmtree(env["TIMELINE_EXPLORER_CACHE_DIR"], ignore_errors=True)
        return first_screen([*tree.app, str(path)], env)

    def cold_export(tree: Tree, run: int) -> Run:
        shutil.rmtree(tree.cache_env(out, size)["TIMELINE_EXPLORER_CACHE_DIR"], ignore_errors=True)
        return export(tree, out / f"export_cold_{run}.csv")

    def cached_open(tree: Tree, _: int) -> Run:
        return first_screen([*tree.app, str(path)], tree.cache_env(out, size))

    runs = options.runs
    cold = interleaved(trees, 0 if options.no_cold else runs, cold_open)
    exports = not options.no_export and not options.no_cold
    cold_exports = interleaved(trees, runs if exports else 0, cold_export)
    for tree in trees:  # fills each tree's cache (written after the screen)
        cached_open(tree, 0)
    time.sleep(2.0)
    cached = interleaved(trees, runs, cached_open)
    cached_exports = interleaved(
        trees,
        0 if options.no_export else runs,
        lambda tree, run: export(tree, out / f"export_cached_{run}.csv"),
    )
    print(f"{size:,} events ({path.stat().st_size / 1e6:.0f} MB):")
    report(trees, "  first open to usable screen", cold)
    report(trees, "  cached open to usable screen", cached)
    report(trees, f"  export --country {COUNTRY_NAME}, cold", cold_exports)
    report(trees, f"  export --country {COUNTRY_NAME}, cached", cached_exports)
    if not options.no_visidata and any(cold_exports):
        seconds = visidata(path, out)
        if seconds is None:
            print("  VisiData: not installed (pip install visidata beside this Python)")
            return
        for tree, found in zip(trees, cold_exports, strict=True):
            ratio = seconds / statistics.median(r.seconds for r in found)
            print(f"  VisiData open + select + save: {seconds:.2f} s ({ratio:.1f}× {tree.label})")


if __name__ == "__main__":
    sys.exit(main())
