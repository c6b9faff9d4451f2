"""Tags in the app: t adds the tag typed (suggesting the tags already used) or, as -name,
removes one; the reader shows them; "#" in the search box filters by a tag; --tag opens so."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.marking import (
    SUMMIT,
    TREATY,
    TREATY_TITLE,
    go_to,
    make_app,
    marks_open,
    open_marks_late,
)
from tests.shown import screen_lines
from tui.core.annotations import AnnotationStore
from tui.core.store import EventStore
from tui.core.suggest import MarkMatch, mark_matches
from tui.ui.app import TimelineApp
from tui.ui.screens.tags import TagEdit, TagScreen, tag_edit
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import TopBar

SIZE = (120, 40)


def shown_in(app: TimelineApp, widget: type[DetailPane | TopBar | TimelineView]) -> str:
    return "\n".join(screen_lines(app, within=app.screen.query_one(widget).region))


async def test_t_adds_a_tag_and_minus_removes_it(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        annotations = await marks_open(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"to check", "enter")
        assert "your tags: #to check" in shown_in(app, DetailPane)
        await pilot.press("t", *"#urgent", "enter")  # a leading # is the chip's, not the tag's
        assert "your tags: #to check #urgent" in shown_in(app, DetailPane)
        await pilot.press("t", *"-to check", "enter")
        assert "your tags: #urgent" in shown_in(app, DetailPane)
        assert annotations.tags_of(SUMMIT) == ("urgent",)


async def test_t_suggests_the_tags_already_used(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        annotations = await marks_open(pilot)
        await pilot.press("t", *"follow up", "enter")
        await go_to(pilot, TREATY)
        await pilot.press("t", *"fol")
        box = app.screen.query_one(Input)
        await pilot.pause()
        assert "follow up" in "\n".join(screen_lines(app, within=box.region))
        await pilot.press("right", "enter")  # → takes the suggestion
        assert annotations.tags_of(TREATY) == ("follow up",)


async def test_esc_closes_the_tag_box_without_tagging(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        annotations = await marks_open(pilot)
        await pilot.press("t", *"never", "escape")
        assert not isinstance(app.screen, TagScreen)
        assert annotations.tag_counts() == []


def test_what_a_typed_tag_asks() -> None:
    assert tag_edit("  urgent  ") == TagEdit("urgent", remove=False)
    assert tag_edit("#two  words") == TagEdit("two words", remove=False)
    assert tag_edit("-#urgent") == TagEdit("urgent", remove=True)
    assert tag_edit("   ") is None
    assert tag_edit("-") is None


def test_the_search_box_offers_marks() -> None:
    tags = [("urgent", 3), ("follow up", 2), ("Russia", 1)]
    assert mark_matches("#", tags) == [
        MarkMatch("tag", "urgent", 3),
        MarkMatch("tag", "follow up", 2),
        MarkMatch("tag", "Russia", 1),
    ]
    assert mark_matches("#up", tags) == [MarkMatch("tag", "follow up", 2)]
    assert mark_matches("sta", tags) == [MarkMatch("starred")]
    assert mark_matches("★", tags) == [MarkMatch("starred")]
    assert mark_matches("s", tags) == []  # too short to mean "starred"
    assert mark_matches("note", tags) == [MarkMatch("noted")]
    assert mark_matches("rus", tags) == [MarkMatch("tag", "Russia", 1)]
    assert mark_matches("#zzz", tags) == []


async def test_hash_in_the_search_box_filters_by_a_tag(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await marks_open(pilot)
        await go_to(pilot, TREATY)
        await pilot.press("t", *"pact", "enter")
        await pilot.press("slash", "#")
        await pilot.pause()
        assert "#pact" in "\n".join(screen_lines(app))  # offered as soon as # is typed
        await pilot.press("enter")
        await pilot.pause()
        top = shown_in(app, TopBar)
        assert "#pact ✕" in top and "1 / 25 events" in top
        assert TREATY_TITLE in shown_in(app, TimelineView)
        await pilot.press("c")
        await pilot.pause()
        assert "25 / 25 events" in shown_in(app, TopBar)


async def test_tag_on_opening_waits_for_the_annotations(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with AnnotationStore() as store:
        store.dataset(bundled_store.name, bundled_store.columns.ids).add_tag(TREATY, "pact")
    go = open_marks_late(monkeypatch)
    app = make_app(bundled_store, tags=["pact"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "0 / 25 events" in shown_in(app, TopBar)
        go.set()
        await marks_open(pilot)
        top = shown_in(app, TopBar)
        assert "#pact ✕" in top and "1 / 25 events" in top
        assert TREATY_TITLE in shown_in(app, TimelineView)
