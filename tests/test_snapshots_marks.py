"""SVG snapshots of the analyst's marks on the bundled data: a starred row, a note in the
detail pane (the marks written to this test's own annotations store before the app starts).

Taken by the lead with `pytest tests/test_snapshots_marks.py --snapshot-update`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.marking import SUMMIT, TREATY, marks_open
from tests.test_snapshots import SIZE_NAMES, SIZES, Snap, app_for
from tui.core.annotations import AnnotationStore
from tui.core.store import EventStore

NOTE = (
    "Ask the NZ desk whether the ACSA talks have a date.\n"
    "Compare with the GSOMIA wording of 2016 [2]."
)


def marks_shown() -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await marks_open(pilot)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_a_starred_row(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    with AnnotationStore() as store:
        marks = store.dataset(bundled_store.name, bundled_store.columns.ids)
        marks.set_star(SUMMIT)
        marks.set_star(TREATY)
    assert snap_compare(app_for(bundled_store), terminal_size=size, run_before=marks_shown())


@pytest.mark.parametrize("size", SIZES, ids=SIZE_NAMES)
def test_a_note_in_the_detail_pane(
    snap_compare: Snap, bundled_store: EventStore, size: tuple[int, int]
) -> None:
    with AnnotationStore() as store:
        marks = store.dataset(bundled_store.name, bundled_store.columns.ids)
        marks.set_note(SUMMIT, NOTE, 0)
        marks.add_tag(SUMMIT, "follow up")
    assert snap_compare(app_for(bundled_store), terminal_size=size, run_before=marks_shown())
