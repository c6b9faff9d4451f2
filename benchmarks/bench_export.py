"""Exports as a user runs them: whole ``timeline-explorer export`` processes, timed from the shell.

    python -m benchmarks.bench_export [--size 1000000] [--runs 3] [--out DIR] [--skip-all]

Figures (median and spread of fresh processes, each with its peak RSS):

- ``export FILE --country Japan -o x.csv`` with an empty index cache (cold) and a filled one;
- the same process doing only the open and the query (``--open-only``): the difference of the
  medians is the export's own share;
- ``export FILE -o all.csv`` of every event, cached (``--skip-all`` leaves it out: slow today);
- ``export FILE -o brief.md`` of 100,000 events, cached;
- VisiData's open + select + save of one country in the same run, beside our export of that
  country, when ``vd`` is installed (a note says so when it is not);
- the column path (:mod:`tui.core.exporters.csv_frames` with
  :mod:`tui.core.importers.acled.csv_cells`), which an ACLED store's CSV export takes: one process
  parses the file, then times the CSV export of every event and of the Japan events.

Cold runs use a fresh, empty XDG_CACHE_HOME (the index cache lives under it). Figures to read,
not timed tests (see docs/benchmarks.md for the method).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.bench_process import APP, Run, export_process
from benchmarks.bench_scale import COUNTRY_NAME, machine, visidata

COUNTRY = "Japan"
MARKDOWN_SIZE = 100_000


def spread(runs: Sequence[Run]) -> str:
    """median (min–max), and the highest peak RSS of the runs."""
    times = [r.seconds for r in runs]
    low, high = min(times), max(times)
    peak = max(r.peak_mb for r in runs)
    return f"{statistics.median(times):.2f} s ({low:.2f}–{high:.2f}), peak RSS {peak} MB"


def _environment(cache_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_EXPLORER_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(cache_home)
    return env


def _runs(count: int, once: Callable[[int], Run]) -> list[Run]:
    return [once(run) for run in range(count)]


def open_only(path: Path, country: str) -> None:
    """What ``export --country`` does before it writes: open the file and run the query."""
    from tui.cli import country_codes
    from tui.core.filters import initial_filters, to_query
    from tui.core.loading import open_store

    codes = country_codes([country]) or []
    store = open_store([path], require_events=True).store
    store.query(to_query(initial_filters(codes, "")))


def frame_writer(source: Path, target: Path) -> None:
    """The column path in one process: parse ``source`` (not timed), then export every event
    and then the Japan events to CSV from columns, each timed (printed to stderr)."""
    from dataclasses import replace

    from tui.core.exporters import export_rows
    from tui.core.exporters.csv_frames import EventsWithCsvCells
    from tui.core.importers import acled
    from tui.core.importers.acled.csv_cells import AcledCsvCells

    prepared = acled.prepare(source)
    store = acled.build(prepared)
    cells = AcledCsvCells(prepared, store)

    # What the importer would pass as the store's events (it does not yet).
    framed = replace(store, events=EventsWithCsvCells(len(store), store.events.__getitem__, cells))
    for label, rows in (("all", store.all_rows()), (COUNTRY, store.rows_for_country("JPN"))):
        started = time.perf_counter()
        export_rows(framed, rows, "csv", target)
        seconds = time.perf_counter() - started
        print(f"{label}: {len(rows):,} events in {seconds:.2f} s", file=sys.stderr)


def _open_only_process(path: Path, env: dict[str, str]) -> Run:
    argv = [sys.executable, "-m", "benchmarks.bench_export", "--open-only", str(path)]
    return export_process(argv, {**env, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})


def _ensure(path: Path, size: int) -> Path:
    if not path.exists():
        from benchmarks.synth import write_acled

        write_acled(path, size)
    return path


def _prime(path: Path, env: dict[str, str], work: Path) -> None:
    """Fill the index cache (an export's open writes it)."""
    export_process([APP, "export", str(path), "--country", COUNTRY, "-o", str(work / "p.csv")], env)
    time.sleep(1.0)  # the cache is written in the background of the first open


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="synthetic ACLED events")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per figure")
    parser.add_argument("--out", type=Path, help="where the files go (default: a temp dir)")
    parser.add_argument("--skip-all", action="store_true", help="leave out the export of all")
    parser.add_argument("--open-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--frame-writer", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.open_only is not None:
        open_only(options.open_only, COUNTRY)
        return 0
    if options.frame_writer is not None:
        frame_writer(options.frame_writer, Path(options.out))
        return 0

    out: Path = options.out or Path(tempfile.mkdtemp(prefix="te-export-"))
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="te-export-work-"))
    path = _ensure(out / f"acled_{options.size}.csv", options.size)
    print(f"machine: {machine()}")
    print(f"{path.name}: {options.size:,} events, {path.stat().st_size / 1e6:.0f} MB")
    japan = [APP, "export", str(path), "--country", COUNTRY, "-o"]

    def cold(make: Callable[[dict[str, str]], Run]) -> Callable[[int], Run]:
        def once(run: int) -> Run:
            home = work / f"cold_{run}"
            shutil.rmtree(home, ignore_errors=True)
            result = make(_environment(home))
            shutil.rmtree(home, ignore_errors=True)
            return result

        return once

    target = str(work / "japan.csv")
    cold_export = _runs(options.runs, cold(lambda env: export_process([*japan, target], env)))
    cold_open = _runs(options.runs, cold(lambda env: _open_only_process(path, env)))
    warm = _environment(work / "warm")
    _prime(path, warm, work)
    warm_export = _runs(options.runs, lambda _: export_process([*japan, target], warm))
    warm_open = _runs(options.runs, lambda _: _open_only_process(path, warm))
    command = f"export {path.name} --country {COUNTRY} -o x.csv"
    print(f"{command}, cold   → {spread(cold_export)}")
    print(f"  open + query only, cold → {spread(cold_open)}")
    print(f"  export's share, cold: {_share(cold_export, cold_open)}")
    print(f"{command}, cached → {spread(warm_export)}")
    print(f"  open + query only, cached → {spread(warm_open)}")
    print(f"  export's share, cached: {_share(warm_export, warm_open)}")

    if not options.skip_all:
        everything = [APP, "export", str(path), "-o", str(work / "all.csv")]
        runs = _runs(options.runs, lambda _: export_process(everything, warm))
        print(f"export {path.name} -o all.csv ({options.size:,} events), cached → {spread(runs)}")

    small = _ensure(out / f"acled_{MARKDOWN_SIZE}.csv", MARKDOWN_SIZE)
    _prime(small, warm, work)
    brief = [APP, "export", str(small), "-o", str(work / "brief.md")]
    runs = _runs(options.runs, lambda _: export_process(brief, warm))
    print(f"export {small.name} -o brief.md ({MARKDOWN_SIZE:,} events), cached → {spread(runs)}")

    _visidata_side_by_side(path, work, options.runs)
    print("column path (ACLED cells as columns, as its CSV export takes), in one process:")
    writer = [sys.executable, "-m", "benchmarks.bench_export", "--frame-writer", str(path)]
    run = export_process([*writer, "--out", str(work / "frame.csv")], warm)
    print(f"  (process, with the parse: {run.seconds:.2f} s, peak RSS {run.peak_mb} MB)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _share(export: Sequence[Run], opened: Sequence[Run]) -> str:
    export_median = statistics.median(r.seconds for r in export)
    open_median = statistics.median(r.seconds for r in opened)
    return f"{export_median - open_median:.2f} s of {export_median:.2f} s"


def _visidata_side_by_side(path: Path, work: Path, runs: int) -> None:
    if shutil.which("vd") is None and not Path(sys.executable).with_name("vd").exists():
        print("VisiData: not installed (vd not on PATH nor beside this Python): skipped")
        return
    env = _environment(work / f"vd_cold_{time.monotonic_ns()}")
    ours = export_process(
        [APP, "export", str(path), "--country", COUNTRY_NAME, "-o", str(work / "vd_ours.csv")], env
    )
    seconds = visidata(path, work)
    if seconds is None:
        print("VisiData: ran but wrote nothing: skipped")
        return
    print(
        f"--country {COUNTRY_NAME}: ours (cold) {ours.seconds:.2f} s, VisiData open + select + "
        f"save {seconds:.2f} s ({seconds / ours.seconds:.1f}× ours; one run each)"
    )


if __name__ == "__main__":
    sys.exit(main())
