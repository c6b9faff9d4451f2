"""Tagging one event: a box that adds the tag typed (suggesting the tags already used in the
dataset) or, typed as ``-name``, removes one of the event's tags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from tui.core.textsafe import one_line
from tui.ui.widgets.search import SearchInput

if TYPE_CHECKING:
    from tui.core.annotations import DatasetAnnotations


@dataclass(frozen=True)
class TagEdit:
    """What a line typed in the box asks: add or remove ``tag``."""

    tag: str
    remove: bool


def tag_edit(typed: str) -> TagEdit | None:
    """``name`` or ``#name`` adds, ``-name`` (or ``-#name``) removes; None for nothing typed."""
    text = " ".join(typed.split())
    remove = text.startswith("-")
    tag = " ".join(text.removeprefix("-").removeprefix("#").split())
    return TagEdit(tag, remove) if tag else None


class TagScreen(ModalScreen[bool]):
    """Adds or removes one tag of one event; dismissed with whether its tags changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close without tagging", id="tags.close"),
    ]

    DEFAULT_CSS = """
    TagScreen { align: center middle; }
    TagScreen > Vertical { width: 70; max-width: 100%; height: auto;
        border: thick $accent; background: $surface; padding: 0 1; }
    TagScreen Static { height: auto; }
    TagScreen #tags-hint { color: $text-muted; }
    """

    def __init__(self, annotations: DatasetAnnotations, event_id: str, title: str) -> None:
        super().__init__()
        self.annotations = annotations
        self.event_id = event_id
        self.title_text = title
        self.tags = annotations.tags_of(event_id)
        self.used = [tag for tag, _ in annotations.tag_counts()]  # most used first

    def compose(self) -> ComposeResult:
        with Vertical():
            heading = Text("Tags of ")
            heading.append(f"“{one_line(self.title_text)}”", "italic")
            yield Static(heading, id="tags-title")
            current = Text("Its tags: ")
            current.append(" ".join(f"#{one_line(t)}" for t in self.tags) or "none", "bold")
            yield Static(current, id="tags-current")
            # Suggestions: the dataset's tags to add, the event's own (as -name) to remove.
            offered = [*self.used, *(f"-{tag}" for tag in self.tags)]
            yield SearchInput(
                placeholder="a tag to add, or -tag to remove",
                suggester=SuggestFromList(offered, case_sensitive=False),
                id="tags-input",
            )
            hint = "Enter adds (→ takes the suggestion) · -name removes · Esc closes"
            yield Static(Text(hint), id="tags-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#tags-input")
    def _submitted(self, event: Input.Submitted) -> None:
        import sqlite3  # loaded already: the annotations live in it (kept off start-up)

        event.stop()
        edit = tag_edit(event.value)
        if edit is None:
            self.dismiss(False)
            return
        if edit.remove and edit.tag not in self.tags:
            self.notify(f"This event has no tag #{one_line(edit.tag)}.", markup=False)
            return
        try:
            if edit.remove:
                self.annotations.remove_tag(self.event_id, edit.tag)
            else:
                self.annotations.add_tag(self.event_id, edit.tag)
        except sqlite3.Error as error:
            self.notify(
                f"The tag was not saved: {one_line(str(error))}",
                title="Tag not saved",
                severity="error",
                markup=False,
            )
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
