"""The main screen's keys for the analyst's own marks on the event at the cursor: s stars it,
n edits its note, t tags it. The marks are written to the annotations store at once.

A view filtered by marks (starred, has a note, a tag) is not filtered again as you mark: an
event unstarred under the starred filter stays in view, its ★ gone, until the filters are
applied again (x, c, or another filter), so the cursor never jumps from under the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.core.filters import Filter
from tui.core.textsafe import one_line
from tui.ui.marks import AnnotationsReady, annotations_of, why_no_annotations
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tui.core.annotations import DatasetAnnotations

MARK_KINDS = ("starred", "noted", "tag")


class MarkActions(Screen[None]):
    """s, n and t on the event at the cursor. The main screen provides ``store``,
    ``filters`` and ``apply_filters``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "star",
            "Star or unstar the event (a starred view keeps it until filtered again)",
            show=False,
            id="marks.star",
        ),
        Binding("n", "note", "Write your note on the event", show=False, id="marks.note"),
        Binding("t", "tag", "Tag the event (-tag removes one)", show=False, id="marks.tag"),
    ]

    filters: tuple[Filter, ...]

    def apply_filters(self, filters: tuple[Filter, ...], *, open_on_start: bool = False) -> None:
        raise NotImplementedError  # the main screen's

    def _marking(self) -> tuple[DatasetAnnotations, int, str] | None:
        """The annotations, and the row and id of the event at the cursor; None (and said
        why, when it is the annotations) if there is nothing to mark."""
        row = self.query_one(TimelineView).current_row
        if row is None:
            return None
        annotations = annotations_of(self.app)
        if annotations is None:
            self.notify(why_no_annotations(self.app), title="Not marked", severity="warning")
            return None
        return annotations, row, self.query_one(TimelineView).store.columns.ids[row]

    def action_star(self) -> None:
        import sqlite3  # loaded already when there are annotations (kept off start-up)

        marking = self._marking()
        if marking is None:
            return
        annotations, row, event_id = marking
        try:
            starred = annotations.toggle_star(event_id)
        except sqlite3.Error as error:
            self.notify(
                f"The star was not saved: {one_line(str(error))}",
                title="Not starred",
                severity="error",
                markup=False,
            )
            return
        self.query_one(TimelineView).set_row_starred(row, starred)
        self.query_one(DetailPane).refresh_marks()
        if not starred and Filter("starred") in self.filters:
            self.notify(
                "Unstarred. It stays in view until the filters are applied again "
                "(x, c or another filter).",
                timeout=4,
            )

    def action_note(self) -> None:
        from tui.ui.screens.note import NoteScreen

        marking = self._marking()
        if marking is not None:
            annotations, row, event_id = marking
            title = self.query_one(TimelineView).store.columns.titles[row]
            self.app.push_screen(NoteScreen(annotations, event_id, title), self._marked)

    def action_tag(self) -> None:
        from tui.ui.screens.tags import TagScreen

        marking = self._marking()
        if marking is not None:
            annotations, row, event_id = marking
            title = self.query_one(TimelineView).store.columns.titles[row]
            self.app.push_screen(TagScreen(annotations, event_id, title), self._marked)

    def _marked(self, changed: bool | None) -> None:
        if changed:
            self.query_one(DetailPane).refresh_marks()

    @on(AnnotationsReady)
    def _annotations_ready(self) -> None:
        """The stars show, and filters that need the marks (--starred, --tag on opening: they
        were applied before the annotations were open) or read notes (a text search) are
        applied again."""
        found = self.query(TimelineView)
        if not found:  # not built yet: its first filtering will find the marks open
            return
        timeline = found.first()
        timeline.load_stars()
        self.query_one(DetailPane).refresh_marks()
        if any(f.kind in (*MARK_KINDS, "text") for f in self.filters):
            self.apply_filters(self.filters, open_on_start=timeline.current_row is None)
