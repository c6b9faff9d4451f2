"""Filtering and unfiltering again and again keeps nothing of ours alive: no widget, no object of
ours, no memory allocated in our code. (What does grow is Textual's: a method of its per-widget
render cache is memoised with ``lru_cache(1024)`` keyed on the cache itself, so each removed
filter chip's render cache stays until 1,024 newer entries push it out; bounded, and not ours.)"""

from __future__ import annotations

import fnmatch
import gc
import tracemalloc
from collections import Counter

from textual.pilot import Pilot
from textual.widget import Widget

from tui.core.filters import Filter
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.topbar import Chip

OURS = "*/tui/*"  # our package's files (the tests are not in it)
# Cycles traced before the first measure (so that it holds the current view's memory, as the
# second does), then cycles measured.
WARM_UP, MEASURED = 3, 15
# Growth allowed over the measured cycles in memory allocated by our own lines: noise; a
# kilobyte kept per cycle would be 15 KB.
OUR_BYTES_SLACK = 8 * 1024


def our_objects() -> Counter[str]:
    """Live objects whose class is ours, and live widgets, by class."""
    gc.collect()
    return Counter(
        type(thing).__qualname__
        for thing in gc.get_objects()
        if _ours(type(thing)) or isinstance(thing, Widget)
    )


def _ours(kind: type) -> bool:
    # Some classes' __module__ is a descriptor, not a string (a metaclass's instances, met
    # once other tests have loaded more libraries).
    module = getattr(kind, "__module__", None)
    return isinstance(module, str) and module.startswith("tui.")


def our_bytes() -> int:
    gc.collect()
    snapshot = tracemalloc.take_snapshot()
    return sum(
        trace.size
        for trace in snapshot.traces
        if fnmatch.fnmatch(trace.traceback[0].filename, OURS)
    )


async def cycles(pilot: Pilot[None], screen: MainScreen, count: int) -> None:
    for _ in range(count):
        screen.apply_filters((Filter("country", "JPN"),))
        await pilot.pause()
        screen.apply_filters(())
        await pilot.pause()


async def test_filter_unfilter_cycles_keep_nothing_of_ours(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await cycles(pilot, screen, 1)
        screen.apply_filters((Filter("country", "JPN"),))
        await pilot.pause()
        assert len(screen.query(Chip)) == 1  # the cycle really adds and removes a chip
        screen.apply_filters(())
        await pilot.pause()
        assert len(screen.query(Chip)) == 0
        tracemalloc.start(1)
        try:
            await cycles(pilot, screen, WARM_UP)
            objects_before, bytes_before = our_objects(), our_bytes()
            await cycles(pilot, screen, MEASURED)
            objects_after, bytes_after = our_objects(), our_bytes()
        finally:
            tracemalloc.stop()
    grown = objects_after - objects_before
    assert not grown, f"kept after {MEASURED} cycles: {dict(grown)}"
    assert bytes_after - bytes_before < OUR_BYTES_SLACK
