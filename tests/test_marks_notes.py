"""Notes in the app: n opens an editor on the event's note, Esc saves it; the reader shows it
as the analyst's own, as plain text; a note changed elsewhere meanwhile is merged, not lost;
the text search finds notes."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from tests.marking import (
    SUMMIT,
    SUMMIT_TITLE,
    TREATY,
    go_to,
    make_app,
    marks_open,
    open_marks_late,
)
from tests.shown import screen_lines
from tui.core.annotations import AnnotationStore
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.note import NoteScreen, typed_note
from tui.ui.widgets.detail import DetailPane, DetailReader
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import TopBar

SIZE = (120, 40)


def detail_text(app: TimelineApp) -> str:
    return "\n".join(screen_lines(app, within=app.screen.query_one(DetailPane).region))


async def test_n_writes_a_note_that_the_reader_shows_as_yours(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await marks_open(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Ask NZ about [bold]ACSA[/bold]", "enter", *"then follow up")
        await pilot.press("escape")
        assert not isinstance(app.screen, NoteScreen)
        shown = detail_text(app)
        assert "Your note (n edits it)" in shown
        # Shown as typed: markup-looking text stays text, both lines there.
        assert "Ask NZ about [bold]ACSA[/bold]" in shown
        assert "then follow up" in shown
        # Opening the editor again shows the note to edit.
        await pilot.press("n")
        assert (
            app.screen.query_one(TextArea).text == "Ask NZ about [bold]ACSA[/bold]\nthen follow up"
        )


async def test_the_note_is_reached_from_the_keyboard_in_the_reader(
    bundled_store: EventStore,
) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(80, 24)) as pilot:
        annotations = await marks_open(pilot)
        annotations.set_note(SUMMIT, "the analyst's line", 0)
        await pilot.press("s", "s")  # any change shows the marks again; the star is undone
        await pilot.press("tab")
        reader = app.screen.query_one(DetailReader)
        assert reader.has_focus
        # ↓ reads on through the event (taller than the pane at 80x24) to the note.
        for _ in range(20):
            if any("the analyst's line" in line for line in screen_lines(app, reader.region)):
                break
            await pilot.press("down")
        lines = screen_lines(app, within=reader.region)
        assert any("Your note" in line for line in lines)
        assert any("the analyst's line" in line for line in lines)


async def test_escape_sequences_in_a_note_are_never_sent_to_the_terminal(
    bundled_store: EventStore,
) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        annotations = await marks_open(pilot)
        # A note imported from a file can hold anything; the reader shows it harmlessly.
        annotations.set_note(SUMMIT, "red \x1b[31malert\x1b[0m [link=x]here[/link]", 0)
        await pilot.press("s", "s")
        shown = detail_text(app)
        assert "red ␛[31malert␛[0m [link=x]here[/link]" in shown
        # A paste into the editor keeps its text, not its control characters.
        await pilot.press("n")
        area = app.screen.query_one(TextArea)
        area.text = "pasted \x1b[2Jtext"
        await pilot.press("escape")
        assert annotations.note(SUMMIT).text == "pasted [2Jtext"


def test_a_typed_note_keeps_its_lines_and_drops_controls() -> None:
    assert typed_note("one\r\ntwo\x07\n\tthree  \n\n") == "one\ntwo\n three"
    assert typed_note(" \n \n") == ""


async def test_emptying_the_note_removes_it(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        annotations = await marks_open(pilot)
        await pilot.press("n", *"soon gone", "escape")
        assert "soon gone" in detail_text(app)
        await pilot.press("n")
        app.screen.query_one(TextArea).clear()
        await pilot.press("escape")
        assert "Your note" not in detail_text(app)
        assert annotations.noted_ids() == set()


async def test_a_note_changed_elsewhere_meanwhile_is_merged_not_lost(
    bundled_store: EventStore,
) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await marks_open(pilot)
        await pilot.press("n", *"first words", "escape")
        await pilot.press("n", "end", *" and mine")  # the editor opens on "first words"
        # Meanwhile another instance (its own connection to the same file) rewrites it.
        with AnnotationStore() as other:
            elsewhere = other.dataset(bundled_store.name, bundled_store.columns.ids)
            elsewhere.set_note(SUMMIT, "first words, and theirs", 1)
        await pilot.press("escape")
        with AnnotationStore() as check:
            stored = check.dataset(bundled_store.name, bundled_store.columns.ids).note(SUMMIT)
        assert stored.text.startswith("first words, and theirs\n\n--- also written elsewhere")
        assert stored.text.endswith("first words and mine")
        assert "first words and mine" in detail_text(app)


async def test_ctrl_s_saves_and_keeps_the_editor_open(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        annotations = await marks_open(pilot)
        await pilot.press("n", *"draft", "ctrl+s")
        assert isinstance(app.screen, NoteScreen)
        assert annotations.note(SUMMIT).text == "draft"
        await pilot.press(*" two", "escape")
        assert annotations.note(SUMMIT).text == "draft two"
        assert [text for _, text in annotations.note_history(SUMMIT)] == ["draft"]


@pytest.mark.parametrize("word", ["zanzibarquux", "ZANZIBAR"])
async def test_the_text_search_finds_notes(bundled_store: EventStore, word: str) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await marks_open(pilot)
        await go_to(pilot, TREATY)
        await pilot.press("n", *"check zanzibarquux later", "escape")
        await pilot.press("slash", *word, "enter")
        await pilot.pause()
        top = "\n".join(screen_lines(app, within=app.screen.query_one(TopBar).region))
        assert "1 / 25 events" in top
        timeline = app.screen.query_one(TimelineView)
        assert timeline.current_row == bundled_store.row_of(TREATY)


async def test_has_a_note_filter_from_the_search_box(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await marks_open(pilot)
        await pilot.press("n", *"one", "escape")
        await pilot.press("slash", *"note", "down", "enter")
        await pilot.pause()
        top = "\n".join(screen_lines(app, within=app.screen.query_one(TopBar).region))
        assert "✎ has a note ✕" in top
        assert "1 / 25 events" in top
        assert SUMMIT_TITLE in "\n".join(
            screen_lines(app, within=app.screen.query_one(TimelineView).region)
        )


async def test_a_search_on_opening_finds_notes_once_they_are_open(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with AnnotationStore() as store:
        marks = store.dataset(bundled_store.name, bundled_store.columns.ids)
        marks.set_note(TREATY, "zanzibarquux", 0)
    go = open_marks_late(monkeypatch)
    app = make_app(bundled_store, search="zanzibarquux")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        top = app.screen.query_one(TopBar)
        assert "0 / 25 events" in "\n".join(screen_lines(app, within=top.region))
        go.set()
        await marks_open(pilot)
        assert "1 / 25 events" in "\n".join(screen_lines(app, within=top.region))


async def test_the_editor_never_shows_control_characters_of_a_stored_note(
    bundled_store: EventStore,
) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        annotations = await marks_open(pilot)
        annotations.set_note(SUMMIT, "imported \x1b]0;title\x07text", 0)
        await pilot.press("n")
        assert app.screen.query_one(TextArea).text == "imported ]0;titletext"
        await pilot.press("escape")  # unchanged: the stored note is left as it is
        assert annotations.note(SUMMIT).text == "imported \x1b]0;title\x07text"
