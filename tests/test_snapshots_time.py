"""SVG snapshots of the time views' states that tests/test_snapshots.py does not show: lanes
of a country, an actor and a concern (one lane chosen), and the frequency table by actor pair.

Taken by the lead with `pytest tests/test_snapshots_time.py --snapshot-update`, then looked at.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.test_snapshots import SIZE_NAMES, SIZES, Snap, app_for, keys_then_settle
from tui.core.store import EventStore
from tui.ui.app import TimelineApp


async def lanes_of_japan_putin_and_logistics(pilot: Pilot[None]) -> None:
    """Japan (the filter), then Vladimir Putin (l on his page) and "Logistics sharing" (l on
    its page), by quarter, the cursor on 2024-Q2 and Putin's lane chosen."""
    app = pilot.app
    assert isinstance(app, TimelineApp)
    await pilot.pause()
    for kind, key in (("actor", "vladimir-putin"), ("concern", "logistics-sharing")):
        app.open_page(kind, key)  # type: ignore[arg-type]
        await pilot.pause()
        await pilot.press("l", "escape")
        await pilot.pause()
    app.clear_notifications()  # "… added as a lane" would cover the lanes in the picture
    await keys_then_settle("L", "plus", "right")(pilot)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_lanes_of_a_country_an_actor_and_a_concern(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    app = app_for(bundled_store, countries=["JPN"])
    assert snap_compare(app, terminal_size=size, run_before=lanes_of_japan_putin_and_logistics)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_frequency_by_actor_pair(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    assert snap_compare(
        app_for(bundled_store), terminal_size=size, run_before=keys_then_settle("F", "5")
    )
