"""Time the time axis, the lanes and every frequency table over a large import.

    TIMELINE_EXPLORER_CACHE_DIR=/tmp/te-proc/cache_1000000 \\
        .venv/bin/python -m benchmarks.bench_axis /tmp/te-proc/acled_1000000.csv [--runs 5]

Each figure is the median of ``--runs`` runs, wall clock and processor time, each with a new
backend, so the view's rows and their counts are computed every time (the store's per-country
and per-actor indexes, built on first use and kept by the store, are warmed first). Everything
goes through the backend protocol (TimeViewBackend), as the screens do.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from tui.core.backends.base import Facet
from tui.core.backends.memory import MemoryBackend
from tui.core.frequency import PROPERTIES, Property, frequency
from tui.core.loading import open_store
from tui.core.periods import ZOOMS, Zoom
from tui.core.store import EventStore, Query
from tui.core.timeaxis import Lane, axis, default_lanes, lanes


def median_ms(run: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and processor milliseconds: on a machine shared with other work the
    wall clock also counts the time spent waiting for a core."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main(path: Path, runs: int) -> None:
    started = time.perf_counter()
    store: EventStore = open_store([path]).store
    print(f"opened {len(store):,} events in {time.perf_counter() - started:.1f} s")
    every = Query()
    countries = default_lanes(MemoryBackend(store), every)
    [(actor, _)] = MemoryBackend(store).facet(every, Facet.ACTORS, 1)
    [(concern, _)] = MemoryBackend(store).facet(every, Facet.CONCERNS, 1) or [("", 0)]
    mixed = [*countries[:2], Lane("actor", actor)]
    if concern:
        mixed.append(Lane("concern", concern))
    for lane in [*countries, *mixed]:  # warm the indexes the lanes use
        if lane.kind == "country":
            store.rows_for_country(lane.key)
        elif lane.kind == "actor":
            store.rows_for_actor(lane.key)
        else:
            store.rows_for_concern(lane.key)

    print(f"{'median of ' + str(runs) + ' runs':<48} {'wall':>9} {'processor':>12}")

    def timed(label: str, run: Callable[[], object]) -> None:
        wall, cpu = median_ms(run, runs)
        print(f"{label:<48} {wall:6.1f} ms {cpu:9.1f} ms", flush=True)

    for zoom in ZOOMS:
        timed(f"axis {zoom}, all events", partial(axis_of, store, every, zoom))
    one = Query(countries=frozenset({countries[0].key}))
    timed(f"axis month, {countries[0].key} only", partial(axis_of, store, one, Zoom.MONTH))
    names = ",".join(lane.key for lane in countries)
    for zoom in ZOOMS:
        timed(f"lanes {zoom}, {names}", partial(lanes_of, store, countries, zoom))
    described = ",".join(lane.kind for lane in mixed)
    for zoom in (Zoom.MONTH, Zoom.DAY):
        timed(f"lanes {zoom}, {described}", partial(lanes_of, store, mixed, zoom))
    for prop in PROPERTIES:
        timed(f"frequency by {prop}, all events", partial(frequency_of, store, every, prop))
    for prop in (Property.ACTOR, Property.DYAD):
        timed(
            f"frequency by {prop}, {countries[0].key} only", partial(frequency_of, store, one, prop)
        )


def axis_of(store: EventStore, query: Query, zoom: Zoom) -> object:
    return axis(MemoryBackend(store), query, zoom)


def lanes_of(store: EventStore, chosen: list[Lane], zoom: Zoom) -> object:
    return lanes(MemoryBackend(store), Query(), chosen, zoom)


def frequency_of(store: EventStore, query: Query, prop: Property) -> object:
    return frequency(MemoryBackend(store), store, query, prop)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (the median)")
    options = parser.parse_args()
    main(options.path, options.runs)
