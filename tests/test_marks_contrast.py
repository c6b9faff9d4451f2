"""The analyst's marks are readable in every built-in theme: the ★ of a starred row (on the
cursor row and off it), and the star, tags and note in the reader (tests/test_theme_contrast.py
says how contrast is measured)."""

from __future__ import annotations

from tests.marking import SUMMIT, TREATY, make_app, marks_open
from tests.test_theme_contrast import THEMES, failures, theme_foreground
from tui.core.annotations import AnnotationStore
from tui.core.store import EventStore
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.timeline import TimelineView


async def test_marks_are_readable_in_every_theme(bundled_store: EventStore) -> None:
    with AnnotationStore() as store:
        marks = store.dataset(bundled_store.name, bundled_store.columns.ids)
        marks.set_star(SUMMIT)  # the cursor's row
        marks.set_star(TREATY)  # the row below it
        marks.add_tag(SUMMIT, "follow up")
        marks.set_note(SUMMIT, "Ask the NZ desk about the ACSA date.", 0)
    app = make_app(bundled_store)
    found: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await marks_open(pilot)
        timeline = app.screen.query_one(TimelineView)
        detail = app.screen.query_one(DetailPane)
        shown = 0
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            svg = app.export_screenshot()
            shown += svg.count("★")
            foreground = theme_foreground(app)
            for region in (timeline.region, detail.region):
                found += failures(svg, theme, foreground, within=region)
    assert shown >= 3 * len(THEMES)  # two rows and the reader, in every theme
    assert found == [], found
