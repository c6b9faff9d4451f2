"""Time the time axis, the lanes and the frequency tables over a large import.

    TIMELINE_EXPLORER_CACHE_DIR=/tmp/te-proc/cache_1000000 \
        .venv/bin/python -m benchmarks.bench_axis /tmp/te-proc/acled_1000000.csv

Each figure is the best of three runs with a new backend (so the view's rows are queried each
time; the store's per-country indexes, built on first use, are warmed first).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from tui.core.backends.memory import MemoryBackend
from tui.core.filters import Filter, to_query
from tui.core.frequency import PROPERTIES, Property, frequency
from tui.core.loading import open_store
from tui.core.periods import ZOOMS, Zoom
from tui.core.store import EventStore, Query
from tui.core.timeaxis import axis, default_lanes, lanes


def best_ms(run: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def main(path: Path) -> None:
    started = time.perf_counter()
    store: EventStore = open_store([path]).store
    print(f"opened {len(store):,} events in {time.perf_counter() - started:.1f} s")
    query = to_query(())
    codes = default_lanes(MemoryBackend(store), query)
    for code in codes:
        store.rows_for_country(code)  # warm the indexes the lanes use

    def timed(label: str, run: Callable[[], object]) -> None:
        print(f"{label:<40} {best_ms(run):7.1f} ms")

    for zoom in ZOOMS:
        timed(f"axis {zoom}, all events", partial(axis_of, store, query, zoom))
    one = to_query((Filter("country", codes[0]),))
    timed(f"axis month, {codes[0]} only", partial(axis_of, store, one, Zoom.MONTH))
    for zoom in ZOOMS:
        timed(f"lanes {zoom}, {','.join(codes)}", partial(lanes_of, store, codes, zoom))
    for prop in PROPERTIES:
        timed(f"frequency by {prop}, all events", partial(frequency_of, store, prop))


def axis_of(store: EventStore, query: Query, zoom: Zoom) -> object:
    return axis(MemoryBackend(store), query, zoom)


def lanes_of(store: EventStore, codes: list[str], zoom: Zoom) -> object:
    return lanes(MemoryBackend(store), Query(), codes, zoom)


def frequency_of(store: EventStore, prop: Property) -> object:
    return frequency(MemoryBackend(store), Query(), prop)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
