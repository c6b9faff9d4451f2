"""SVG snapshots of whole screens at fixed sizes, on the bundled data (no clock, no blink).

Update on purpose with `pytest tests/test_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.widgets.timeline import TimelineView

SIZES = [(120, 40), (80, 24)]
SIZE_NAMES = ["120x40", "80x24"]  # snapshot files are named by state and size
Snap = Callable[..., bool]


def app_for(store: EventStore, **options: Any) -> TimelineApp:
    return TimelineApp(store, blink=False, **options)


def select(event_id: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()  # let the main screen compose
        app = pilot.app
        assert isinstance(app, TimelineApp)
        row = app.store.row_of(event_id)
        assert row is not None
        view = app.screen.query_one(TimelineView)
        view.cursor = int(list(view.rows).index(row))
        await pilot.pause()

    return run_before


def open_page(kind: str, key: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TimelineApp)
        app.open_page(kind, key)  # type: ignore[arg-type]
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_main_screen_opens_on_the_story(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(app_for(bundled_store), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_event_with_detail(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(
        app_for(bundled_store),
        terminal_size=size,
        run_before=select("putin-kim-sign-partnership-treaty"),
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_japan_and_new_zealand_filter(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(app_for(bundled_store, countries=["JPN", "NZL"]), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_putin_page(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    assert snap_compare(
        app_for(bundled_store), terminal_size=size, run_before=open_page("actor", "vladimir-putin")
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_concern_page(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    assert snap_compare(
        app_for(bundled_store),
        terminal_size=size,
        run_before=open_page("concern", "russia-north-korea-military-cooperation"),
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_help_screen(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(bundled_store), terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_empty_state(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(bundled_store, countries=["NZL", "GBR"]), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_unknown_country_message(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(
        app_for(bundled_store),
        terminal_size=size,
        press=["slash", *"Narnia", "enter"],
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_search_suggestions(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(app_for(bundled_store), terminal_size=size, press=["slash", *"kor"])


def keys_then_settle(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Press keys as a user would, then wait for the workers they start (counts, searches)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_reader_scrolled_to_the_last_quote(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    """The Japan–New Zealand summit opened in the reader, moved to its last source's quote."""
    assert snap_compare(
        app_for(bundled_store), terminal_size=size, run_before=keys_then_settle("tab", "end")
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_light_theme(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    async def light(pilot: Pilot[None]) -> None:
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(app_for(bundled_store), terminal_size=size, run_before=light)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_time_axis_by_quarter(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(
        app_for(bundled_store), terminal_size=size, run_before=keys_then_settle("A", "plus")
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_lanes_of_the_four_countries_by_month(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    app = app_for(bundled_store, countries=["JPN", "NZL", "RUS", "PRK"])
    assert snap_compare(app, terminal_size=size, run_before=keys_then_settle("L", "plus", "plus"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_frequency_by_country(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(
        app_for(bundled_store), terminal_size=size, run_before=keys_then_settle("F")
    )
