"""The note editor: the analyst's own note on one event, in a multi-line box over the screen.

Esc saves and closes, Ctrl+S saves and stays. A save gives the store the revision the text
was read at, so a note another app instance changed meanwhile is merged with this one, not
overwritten (tui.core.annotations.notes); an emptied note is removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui.core.textsafe import one_line, without_controls

if TYPE_CHECKING:
    from tui.core.annotations import DatasetAnnotations


def typed_note(text: str) -> str:
    """The note as kept: its lines, each without control characters (a paste can carry
    escape sequences) and without trailing blanks."""
    return "\n".join(without_controls(line).rstrip() for line in text.splitlines()).strip("\n")


class NoteScreen(ModalScreen[bool]):
    """Edits one event's note; dismissed with whether the stored note changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Save the note and close", id="note.close"),
        Binding("ctrl+s", "save", "Save the note", id="note.save"),
    ]

    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical { width: 80; max-width: 100%; height: 20; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1; }
    NoteScreen #note-title { height: auto; max-height: 2; text-style: bold; }
    NoteScreen TextArea { height: 1fr; }
    NoteScreen #note-hint { height: 1; color: $text-muted; }
    """

    def __init__(self, annotations: DatasetAnnotations, event_id: str, title: str) -> None:
        super().__init__()
        self.annotations = annotations
        self.event_id = event_id
        self.title_text = title
        note = annotations.note(event_id)
        # What the box held when opened or last saved: a note imported from a file may hold
        # control characters, which the box would send to the terminal as they are.
        self._opened_text = typed_note(note.text)
        self._revision = note.revision  # the stored revision that text is
        self._changed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            heading = Text("Your note on ")
            heading.append(f"“{one_line(self.title_text)}”", "italic")
            yield Static(heading, id="note-title")
            area = TextArea(self._opened_text, soft_wrap=True, id="note-text")
            area.show_line_numbers = False
            yield area
            hint = "Esc saves and closes · Ctrl+S saves · an empty note is removed"
            yield Static(Text(hint), id="note-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def save(self) -> bool:
        """Save what the box holds if it changed; False if the store refused it (said)."""
        import sqlite3  # loaded already: the annotations live in it (kept off start-up)

        area = self.query_one(TextArea)
        if area.text == self._opened_text:
            return True  # nothing written: an unchanged box must not re-add an old text
        try:
            saved = self.annotations.set_note(self.event_id, typed_note(area.text), self._revision)
        except sqlite3.Error as error:
            self.notify(
                f"The note was not saved: {one_line(str(error))}",
                title="Note not saved",
                severity="error",
                markup=False,
            )
            return False
        self._changed = True
        self._revision = saved.revision
        self._opened_text = typed_note(saved.text)
        if saved.merged:
            area.text = self._opened_text
            self.notify(
                "This note was changed elsewhere meanwhile: both texts are kept.",
                title="Note merged",
                severity="warning",
            )
        return True

    def action_save(self) -> None:
        if self.save():
            self.notify("Note saved.", timeout=2)

    def action_close(self) -> None:
        if self.save():
            self.dismiss(self._changed)
