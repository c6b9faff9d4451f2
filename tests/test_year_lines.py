"""The timeline's lines, worked out by hand: events at positions 0..5, years starting at
positions 0, 2 and 5, so the lines read: 0 year, 1 ev0, 2 ev1, 3 year, 4 ev2, 5 ev3, 6 ev4,
7 year, 8 ev5."""

from __future__ import annotations

import numpy as np

from tui.ui.widgets.year_lines import YearLines

LINES = YearLines(np.asarray([0, 2, 5], dtype=np.int64), events=6)


def test_each_event_and_year_has_its_line() -> None:
    assert LINES.count == 9
    assert [LINES.line_of(position) for position in range(6)] == [1, 2, 4, 5, 6, 8]
    shown = [LINES.at_line(line) for line in range(10)]
    assert shown == [
        (None, 0),
        (0, None),
        (1, None),
        (None, 2),
        (2, None),
        (3, None),
        (4, None),
        (None, 5),
        (5, None),
        (None, None),  # past the end
    ]


def test_the_first_event_at_or_below_a_line() -> None:
    assert [LINES.first_at_or_below(line) for line in (0, 1, 3, 4, 7, 8)] == [0, 0, 2, 2, 5, 5]


def test_moving_by_years() -> None:
    assert [LINES.previous_start(p) for p in range(6)] == [0, 0, 0, 2, 2, 2]
    assert [LINES.next_start(p) for p in range(6)] == [2, 2, 5, 5, 5, None]
    assert [LINES.starts_year(p) for p in range(6)] == [True, False, True, False, False, True]


def test_no_events_is_one_line_for_the_message() -> None:
    empty = YearLines()
    assert empty.count == 1 and empty.at_line(0) == (None, None)
    assert empty.previous_start(0) is None and empty.next_start(0) is None
