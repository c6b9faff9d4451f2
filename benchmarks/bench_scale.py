"""Scale benchmark: synthetic ACLED files of 10k, 100k and 1M events, measured end to end.

    /work/venv/bin/python -m benchmarks.bench_scale [--sizes 10000,100000,1000000] [--out DIR]

For each size it prints the median of several runs of: open to a usable first screen (cold,
with an empty index cache, and cached), the country filter, text search, keypress to the next
frame in the real app (Textual's headless pilot), and peak memory (each run is a fresh
subprocess, so ru_maxrss is that run's peak). It then opens the same file in VisiData in batch
mode (open, select a country, save) and prints how many times faster open + filter is here.
These are figures to read, not timed tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COUNTRY, COUNTRY_NAME = "SDN", "Sudan"  # the filter VisiData repeats
FILTER_COUNTRIES = ("SDN", "UKR", "MMR", "NGA", "YEM", "FRA", "JPN")
NEEDLES = ("harvest", "curfew was declared", "military forces of sudan", "zamfara town 15")
SCREEN_ROWS = 40


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def worker(path: Path, app: bool) -> dict[str, Any]:
    """One measured open in this (fresh) process; prints nothing but the result."""
    from tui.core.loading import open_store
    from tui.core.pages import page_for
    from tui.core.rowtext import date_column_width, row_text
    from tui.core.store import Query

    if app:
        import tui.ui.app  # noqa: F401  (imported before timing, as the CLI has by then)

    started = time.perf_counter()
    result = open_store([path])
    store = result.store
    rows = store.query(Query())
    width = date_column_width(store)
    for row in rows[:SCREEN_ROWS]:
        r = int(row)
        row_text(
            date_label=store.compact_date_label(r),
            date_width=width,
            kind=store.columns.kinds[r],
            title=store.columns.titles[r],
            countries=store.columns.countries[r],
            width=120,
        )
    if len(rows):
        store.events[int(rows[0])]  # the detail pane shows the first row's full event
    opened = time.perf_counter() - started
    peak_open = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    filters = []
    for code in FILTER_COUNTRIES:  # each country once: the first, uncached lookup
        t = time.perf_counter()
        store.query(Query(countries=frozenset({code})))
        filters.append(time.perf_counter() - t)
    t = time.perf_counter()
    filtered = store.query(Query(countries=frozenset({COUNTRY})))
    open_filter = opened + time.perf_counter() - t
    searches = []
    for needle in NEEDLES:
        t = time.perf_counter()
        store.query(Query(text=needle))
        searches.append(time.perf_counter() - t)
    pages = []
    for kind, key in (("country", COUNTRY), ("country", "NGA")):
        t = time.perf_counter()
        page_for(store, kind, key)  # type: ignore[arg-type]
        pages.append(time.perf_counter() - t)
    actor = store.co_actors(filtered)[0][0] if len(filtered) else None
    if actor is not None:
        t = time.perf_counter()
        page_for(store, "actor", actor)
        pages.append(time.perf_counter() - t)
    out: dict[str, Any] = {
        "rows": len(store),
        "from_cache": result.from_cache,
        "open_s": round(opened, 3),
        "open_filter_s": round(open_filter, 3),
        "filtered": len(filtered),
        "filter_ms": _ms(statistics.median(filters)),
        "filter_max_ms": _ms(max(filters)),
        "search_ms": _ms(statistics.median(searches)),
        "search_max_ms": _ms(max(searches)),
        "page_max_ms": _ms(max(pages)),
    }
    if app:
        out.update(asyncio.run(_keypresses(store)))
    out["peak_open_mb"] = round(peak_open)
    out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


async def _keypresses(store: Any) -> dict[str, Any]:
    """Keypress to next frame, two ways: the timeline's own work (move the cursor, render a
    screenful of lines) and the full round trip through Textual's headless pilot, which also
    includes the detail pane and the harness's own waits (the same with 4 events as with 1M).
    """
    from tui.ui.app import TimelineApp
    from tui.ui.widgets.timeline import TimelineView

    app = TimelineApp(store, blink=False)
    started = time.perf_counter()
    own, round_trip = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first_frame = time.perf_counter() - started
        timeline = app.screen.query_one(TimelineView)
        for action in ["cursor_down"] * 15 + ["page_down"] * 5 + ["cursor_up"] * 5:
            t = time.perf_counter()
            getattr(timeline, f"action_{action}")()
            for y in range(timeline.size.height):
                timeline.render_line(y)
            own.append(time.perf_counter() - t)
            await pilot.pause()
        for key in ["down"] * 10 + ["pagedown"] * 5:
            t = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            round_trip.append(time.perf_counter() - t)
    return {
        "app_start_s": round(first_frame, 3),
        "key_ms": _ms(statistics.median(own)),
        "key_max_ms": _ms(max(own)),
        "pilot_key_ms": _ms(statistics.median(round_trip)),
    }


def run_worker(path: Path, cache_dir: Path, app: bool) -> dict[str, Any]:
    env = {**os.environ, "TIMELINE_EXPLORER_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "benchmarks.bench_scale", "--worker", str(path)]
    if app:
        command.append("--app")
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=900
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def visidata(path: Path, work: Path) -> float | None:
    """Seconds VisiData takes in batch mode to open the file, select a country and save."""
    vd = shutil.which("vd") or str(Path(sys.executable).with_name("vd"))
    if not Path(vd).exists():
        return None
    output = work / "vd_selected.csv"
    sheet = path.stem
    steps = [
        {"longname": "open-file", "input": str(path), "keystrokes": "o"},
        {
            "sheet": sheet,
            "longname": "select-expr",
            "input": f'country == "{COUNTRY_NAME}"',
            "keystrokes": "z|",
        },
        {"sheet": sheet, "longname": "dup-selected", "keystrokes": '"'},
        {
            "sheet": f"{sheet}_selectedref",
            "longname": "save-sheet",
            "input": str(output),
            "keystrokes": "^S",
        },
    ]
    script = work / "select.vdj"
    script.write_text("\n".join(json.dumps(s) for s in steps) + "\n", "utf-8")
    output.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [vd, "-b", "-p", str(script)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=1800,
    )
    elapsed = time.perf_counter() - started
    if not output.exists():
        return None
    return elapsed


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "?"
    import numpy
    import polars

    versions = f"Python {platform.python_version()}, polars {polars.__version__}, "
    versions += f"numpy {numpy.__version__}"
    try:
        found = subprocess.run(
            [str(Path(sys.executable).with_name("vd")), "--version"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        versions += f", {found.stdout.strip()}"
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {memory}; {system}; {versions}"


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--app", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--out", type=Path, help="where the files go (default: a temp dir)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--vd-runs", type=int, default=1, help="VisiData runs per size")
    parser.add_argument("--no-visidata", action="store_true")
    parser.add_argument("--no-app", action="store_true", help="skip the Textual keypress runs")
    options = parser.parse_args(argv)
    if options.worker:
        print(json.dumps(worker(options.worker, options.app)))
        return 0

    from benchmarks.synth import write_acled

    out: Path = options.out or Path(tempfile.mkdtemp(prefix="te-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print(f"files in {out}")
    table = [
        "| events | file | cold open | cached open | country filter | text search | "
        "keypress | peak memory (cold / cached) | VisiData open+filter | faster than VisiData "
        "(cold / cached) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in (int(s) for s in options.sizes.split(",")):
        path = out / f"acled_{size}.csv"
        if not path.exists():
            write_acled(path, size)
        mb = path.stat().st_size / 1e6
        cache_dir = out / f"cache_{size}"
        cold = []
        for _ in range(options.runs):
            shutil.rmtree(cache_dir, ignore_errors=True)
            cold.append(run_worker(path, cache_dir, app=False))
        cached = [run_worker(path, cache_dir, app=not options.no_app) for _ in range(options.runs)]
        assert all(r["from_cache"] for r in cached) == (mb >= 5.0 * 1.048576), "cache state"
        vd_times = []
        if not options.no_visidata:
            for _ in range(options.vd_runs):
                seconds = visidata(path, out)
                if seconds is not None:
                    vd_times.append(seconds)
        cold_open, cached_open = median_of(cold, "open_s"), median_of(cached, "open_s")
        cold_of, cached_of = median_of(cold, "open_filter_s"), median_of(cached, "open_filter_s")
        vd = statistics.median(vd_times) if vd_times else None
        key = f"{median_of(cached, 'key_ms'):.1f} ms" if not options.no_app else "–"
        row = {
            "events": size,
            "file_mb": round(mb),
            "cold_open_s": cold_open,
            "cached_open_s": cached_open,
            "filter_ms": median_of(cached, "filter_ms"),
            "filter_max_ms": max(r["filter_max_ms"] for r in cached),
            "search_ms": median_of(cached, "search_ms"),
            "search_max_ms": max(r["search_max_ms"] for r in cached),
            "key": key,
            "peak_cold_mb": max(r["peak_mb"] for r in cold),
            "peak_cached_mb": max(r["peak_mb"] for r in cached),
            "peak_cached_open_mb": max(r["peak_open_mb"] for r in cached),
            "page_max_ms": max(r["page_max_ms"] for r in cached),
            "visidata_s": vd,
            "cold_runs": [r["open_s"] for r in cold],
            "cached_runs": [r["open_s"] for r in cached],
        }
        if not options.no_app:
            row["app_start_s"] = median_of(cached, "app_start_s")
            row["key_max_ms"] = max(r["key_max_ms"] for r in cached)
            row["pilot_key_ms"] = median_of(cached, "pilot_key_ms")
        print(json.dumps(row))
        ratio = f"{vd / cold_of:.0f}× / {vd / cached_of:.0f}×" if vd else "–"
        table.append(
            f"| {size:,} | {mb:.0f} MB | {cold_open:.2f} s | {cached_open:.3f} s | "
            f"{row['filter_ms']:.1f} ms | {row['search_ms']:.0f} ms | {key} | "
            f"{row['peak_cold_mb']} / {row['peak_cached_mb']} MB | "
            f"{f'{vd:.1f} s' if vd else '–'} | {ratio} |"
        )
    print()
    print("\n".join(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
