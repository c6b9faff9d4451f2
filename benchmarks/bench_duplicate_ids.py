"""Our JSON format under repeated ids, and a valid file of the same size: whole
``timeline-explorer validate`` processes, each with its time and peak RSS.

    python -m benchmarks.bench_duplicate_ids [--size 1000000] [--runs 1] [--tree DIR]
        [--only repeated|valid]

- "repeated": SIZE copies of one small event (one id): the file must fail fast with a capped
  list of duplicates, memory following the one distinct event rather than the copies;
- "valid": SIZE events with distinct ids, to check the check for repeats costs good files
  nothing noticeable.

``--tree`` runs another checkout's ``tui`` (e.g. ``git archive HEAD tui | tar -x -C DIR``) for a
before/after. Figures to read, not timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_events(path: Path, size: int, repeated: bool) -> None:
    """SIZE events, one per line, all with the id "same" or each with its own."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"name": "bench",\n"events": [\n')
        for i in range(size):
            event = {
                "id": "same" if repeated else f"e{i}",
                "title": f"Event {i}",
                "start": "2024-01-01",
                "kind": "policy",
            }
            out.write(("" if i == 0 else ",\n") + json.dumps(event))
        out.write("\n]}\n")


def validate_process(tree: Path, path: Path) -> tuple[float, float, int, int, int]:
    """Wall and CPU seconds, peak RSS in MB, the exit code and the lines printed of one
    validate process (CPU time is the figure to compare on a loaded machine)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-m", "tui", "validate", str(path)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    lines = sum(1 for _ in process.stdout)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss // 1024, process.returncode, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose tui runs")
    parser.add_argument("--only", choices=("repeated", "valid"))
    options = parser.parse_args()
    kinds = [options.only] if options.only else ["repeated", "valid"]
    with tempfile.TemporaryDirectory() as scratch:
        for kind in kinds:
            path = Path(scratch) / f"{kind}.json"
            write_events(path, options.size, repeated=kind == "repeated")
            megabytes = path.stat().st_size / 1e6
            for run in range(options.runs):
                seconds, cpu, peak, code, lines = validate_process(options.tree, path)
                print(
                    f"{kind:8} {options.size:>9,} events ({megabytes:,.0f} MB) run {run + 1}: "
                    f"{seconds:6.1f} s ({cpu:.1f} s CPU), peak {peak:,} MB, exit {code}, "
                    f"{lines} lines printed",
                    flush=True,
                )


if __name__ == "__main__":
    main()
