"""The frequency table by actor pair (dyad), counted by hand from data/*.json.

North Korea and Russia are named together by eight events (the 2022 strategy, the missiles
of 30 Dec, the KN-23, the US statement, the visit, the treaty, the Tokyo summit, the entry into
force); Fumio Kishida with Japan by four (the strategy, the Japan–Ukraine intention, the summit,
the agreement in principle); Japan with New Zealand by three (the 2023 talks, the summit, the
2025 signing), Japan with Ukraine by three (the intention, the agreement in principle, the
signing). An event with three actors counts for each of its three pairs.
"""

from __future__ import annotations

import numpy as np

from tests.shown import toasts_once_shown
from tests.test_frequency_view import settle, table, title
from tui.core.backends.memory_counts import pair_counts
from tui.core.columns import RaggedColumn, Rows
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.frequency import FrequencyScreen


async def test_5_counts_actor_pairs_and_enter_says_why_it_cannot_narrow(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("F", "5")
        await settle(pilot)
        assert title(pilot).startswith("Events by actor pair · all events · sorted by count")
        assert table(pilot, 4) == [
            ("North Korea — Russia", 8),
            ("Fumio Kishida — Japan", 4),
            ("Japan — New Zealand", 3),
            ("Japan — Ukraine", 3),
        ]
        await pilot.press("enter")
        shown = " ".join(" ".join(await toasts_once_shown(pilot)).split())
        expected = "Cannot narrow to North Korea — Russia: there is no filter by two actors yet."
        assert expected in shown
        assert isinstance(app.screen, FrequencyScreen)


async def test_pairs_follow_the_view(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False, countries=["NZL"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("F", "5")
        await settle(pilot)
        # New Zealand's events: the 2023 talks, the summit, the 2025 signing; Japan is in all.
        assert table(pilot, 1) == [("Japan — New Zealand", 3)]


def every_row(column: RaggedColumn) -> Rows:
    return np.arange(len(column), dtype=np.int64)


def test_a_row_naming_an_actor_twice_counts_each_pair_once() -> None:
    column = RaggedColumn.from_tuples([("a", "b", "a"), ("b", "a"), ("c",), ("a", "c", "b")])
    rows = every_row(column)
    assert pair_counts(column, rows, None) == [("a", "b", 3), ("a", "c", 1), ("b", "c", 1)]
    assert pair_counts(column, rows[1:], 1) == [("a", "b", 2)]
    some = np.asarray([0, 3], dtype=np.int64)  # some rows: counted another way
    assert pair_counts(column, some, None) == [("a", "b", 2), ("a", "c", 1), ("b", "c", 1)]


def test_many_actors_are_paired_by_sorting_not_a_table() -> None:
    # 1,500 actors: a table of every pair would hold 2.25 million cells for 1,502 pairs.
    names = [f"actor-{i:04d}" for i in range(1500)]
    pairs = [(names[i], names[i + 1]) for i in range(1499)]
    column = RaggedColumn.from_tuples([*pairs, (names[1], names[0]), (names[7], names[3])])
    found = pair_counts(column, every_row(column), 3)
    assert found == [
        ("actor-0000", "actor-0001", 2),
        ("actor-0001", "actor-0002", 1),
        ("actor-0002", "actor-0003", 1),
    ]
