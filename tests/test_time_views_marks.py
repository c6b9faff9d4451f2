"""The time views count what the timeline shows when a filter by the analyst's marks is on:
with the Tokyo summit and the Putin–Kim treaty starred (both 19 June 2024), the starred view
is two events of 2024, and its countries are Russia and North Korea twice, Japan, New Zealand
and China once (the summit's)."""

from __future__ import annotations

from tests.marking import SUMMIT, TREATY, make_app, marks_open
from tests.test_axis_view import line_of, numbers, settle
from tests.test_frequency_view import table
from tui.core.store import EventStore
from tui.ui.marks import AnnotationsReady
from tui.ui.screens.axis import AxisScreen
from tui.ui.screens.frequency import FrequencyScreen
from tui.ui.widgets.axis import AxisView


async def test_the_axis_and_the_table_count_the_starred_events(
    bundled_store: EventStore,
) -> None:
    app = make_app(bundled_store, starred=True)
    async with app.run_test(size=(120, 40)) as pilot:
        marks = await marks_open(pilot)
        marks.set_star(SUMMIT)
        marks.set_star(TREATY)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, AxisScreen)
        title = str(app.screen.query_one("#axis-title").render())
        assert title.startswith("Time axis by day · ★ starred")
        assert numbers(line_of(pilot, "2024-06-19"), "2024-06-19 Wed") == ["2"]
        await pilot.press("escape", "F")
        await settle(pilot)
        assert isinstance(app.screen, FrequencyScreen)
        assert table(pilot, 3) == [
            ("North Korea (PRK)", 2),
            ("Russia (RUS)", 2),
            ("China (CHN)", 1),
        ]


async def test_a_view_opened_before_the_marks_counts_again_once_they_are_open(
    bundled_store: EventStore,
) -> None:
    app = make_app(bundled_store, starred=True)
    async with app.run_test(size=(120, 40)) as pilot:
        marks = await marks_open(pilot)
        await pilot.press("A")
        await settle(pilot)
        view = app.screen.query_one(AxisView)
        assert view.render_line(0).text.strip() == "No events in this view."  # none starred
        marks.set_star(TREATY)
        app.screen.post_message(AnnotationsReady())  # as the app tells every screen
        await pilot.pause()
        await settle(pilot)
        assert numbers(line_of(pilot, "2024-06-19"), "2024-06-19 Wed") == ["1"]
