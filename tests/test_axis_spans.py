"""Events with an end drawn as spans on the time axis: counted once where they start, marked │
in every later bucket they reach. Dates read by hand from data/: the missile attacks run
2023-12-30 → 2024-01-02, the Putin visit 2024-06-18 → 19; nothing else in the data has an end."""

from __future__ import annotations

from typing import Any

import numpy as np
from textual.pilot import Pilot

from tui.core.backends.memory import MemoryBackend
from tui.core.periods import Zoom
from tui.core.store import EventStore, Query
from tui.core.timeaxis import Axis, Lane, axis, lanes
from tui.ui.app import TimelineApp
from tui.ui.widgets.axis import AxisView

DAY_LABEL_WIDTH = len("2024-06-19 Wed") + 2  # the day label column, padded


def continuing(found: Axis) -> dict[str, int]:
    marked = np.flatnonzero(found.continuing)
    return {found.period(int(i)).label: int(found.continuing[i]) for i in marked}


def test_spans_continue_through_the_buckets_they_reach(bundled_store: EventStore) -> None:
    backend = MemoryBackend(bundled_store)
    days = axis(backend, Query(), Zoom.DAY)
    assert continuing(days) == {
        "2023-12-31": 1,
        "2024-01-01": 1,
        "2024-01-02": 1,
        "2024-06-19": 1,
    }
    # Counted once, on their first day: 30 December has the attacks alone, the 19th the two
    # events dated that day (the visit is the 18th's).
    assert int(days.placed[days.index_of_key(20231230)]) == 1
    assert int(days.placed[days.index_of_key(20240619)]) == 2
    assert continuing(axis(backend, Query(), Zoom.MONTH)) == {"2024-01": 1}
    assert continuing(axis(backend, Query(), Zoom.YEAR)) == {"2024": 1}
    # 1 January 2024 is a Monday: the attacks reach its week; the visit (Tue, Wed) does not.
    assert continuing(axis(backend, Query(), Zoom.WEEK)) == {"2024-W01": 1}


def test_a_span_at_the_end_of_the_view_widens_the_axis(bundled_store: EventStore) -> None:
    backend = MemoryBackend(bundled_store)
    visit = Query(text="Putin visits Pyongyang")
    days = axis(backend, visit, Zoom.DAY)
    assert [days.period(i).label for i in range(len(days))] == ["2024-06-18", "2024-06-19"]
    assert days.placed.tolist() == [1, 0]
    assert days.continuing.tolist() == [0, 1]


def test_lanes_mark_the_span_in_its_countries_only(bundled_store: EventStore) -> None:
    backend = MemoryBackend(bundled_store)
    both = [Lane("country", "JPN"), Lane("country", "RUS")]
    japan, russia = lanes(backend, Query(), both, Zoom.DAY)
    assert continuing(japan) == {}
    assert continuing(russia) == {
        "2023-12-31": 1,
        "2024-01-01": 1,
        "2024-01-02": 1,
        "2024-06-19": 1,
    }


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def shown_line(view: AxisView, label: str) -> str:
    height = view.scrollable_content_region.height
    shown = [view.render_line(y).text for y in range(height)]
    [line] = [text for text in shown if text.startswith(label)]
    return line


async def test_the_day_axis_draws_the_attacks_as_a_span(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("A")
        await settle(pilot)
        header = str(app.screen.query_one("#axis-header").render())
        assert "│ a span goes on" in header
        for _ in range(4):  # year → quarter → month → week → day
            await pilot.press("plus")
            await settle(pilot)
        await pilot.press("colon")
        await pilot.pause()
        await pilot.press(*"2023-12-29", "enter")
        await settle(pilot)
        view = app.screen.query_one(AxisView)
        count_end = DAY_LABEL_WIDTH + 7  # the count's column ends here; the mark follows
        start = shown_line(view, "2023-12-30 Sat")
        assert start[DAY_LABEL_WIDTH:count_end].strip() == "1"
        assert start[count_end : count_end + 2] == " █"  # no mark on the day it starts
        for day in ("2023-12-31 Sun", "2024-01-01 Mon", "2024-01-02 Tue"):
            line = shown_line(view, day)
            assert line[DAY_LABEL_WIDTH:count_end].strip() == ""  # not counted again
            assert line[count_end] == "│"
            assert "█" not in line
        after = shown_line(view, "2024-01-03 Wed")
        assert after[DAY_LABEL_WIDTH:].strip() == ""  # the span has ended
