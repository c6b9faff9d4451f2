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


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(bundled_store), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_event_with_detail(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(
        app_for(bundled_store),
        terminal_size=size,
        run_before=select("putin-kim-sign-partnership-treaty"),
    )


@pytest.mark.parametrize("size", SIZES)
def test_japan_and_new_zealand_filter(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(app_for(bundled_store, countries=["JPN", "NZL"]), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_putin_page(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    assert snap_compare(
        app_for(bundled_store), terminal_size=size, run_before=open_page("actor", "vladimir-putin")
    )


@pytest.mark.parametrize("size", SIZES)
def test_concern_page(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    assert snap_compare(
        app_for(bundled_store),
        terminal_size=size,
        run_before=open_page("concern", "russia-north-korea-military-cooperation"),
    )


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(bundled_store), terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("size", SIZES)
def test_empty_state(snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(bundled_store, countries=["NZL", "GBR"]), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_unknown_country_message(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(
        app_for(bundled_store),
        terminal_size=size,
        press=["slash", *"Narnia", "enter"],
    )


@pytest.mark.parametrize("size", SIZES)
def test_search_suggestions(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(app_for(bundled_store), terminal_size=size, press=["slash", *"kor"])
