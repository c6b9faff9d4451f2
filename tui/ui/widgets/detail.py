"""The detail pane: a keyboard reader for one event — its actors, concerns, countries and
places as links, and each source with the quote the event rests on."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches

from tui.core.citing import citation_text, event_text
from tui.core.store import EventStore
from tui.core.textsafe import one_line
from tui.ui.marks import event_marks
from tui.ui.widgets.detail_items import (
    MAX_QUOTE_CHARS,
    MAX_SUMMARY_CHARS,
    Entry,
    event_entries,
)
from tui.ui.widgets.detail_list import LinkList
from tui.ui.widgets.row_loading import LOADING, RowsArrived, ask_rows

__all__ = ["MAX_QUOTE_CHARS", "MAX_SUMMARY_CHARS", "DetailPane", "DetailReader", "LinkList"]

OPENABLE_SCHEMES = ("http", "https")


class DetailReader(LinkList):
    """The event, then its links and sources, one item at a time. On a source Enter opens its
    address and `y` copies the citation; elsewhere `y` copies the whole event."""

    DEFAULT_CSS = """
    DetailReader > .detail-reader--match { background: $warning 40%; text-style: bold underline; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"detail-reader--match"}

    BINDINGS: ClassVar[list[BindingType]] = [
        # A subclass's bindings for a key replace its base's: Enter keeps both meanings here.
        Binding("enter", "open_page", "Open page", id="links.open-page"),
        Binding("enter", "open_url", "Open link", id="reader.open-url"),
        Binding("y", "copy_citation", "Copy citation", id="reader.copy-citation"),
        Binding("y", "copy_event", "Copy event", id="reader.copy-event"),
        Binding("escape", "back", "Back to the timeline", show=False, id="reader.back"),
    ]

    def __init__(self, store: EventStore, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.row: int | None = None
        self.highlight = ""
        self.event_pending = False  # the event is still being read (its items say so)
        self._asked: int | None = None  # the row asked of the store, until it arrives

    def show(self, row: int | None, highlight: str, keep_place: bool = False) -> None:
        """Show the event at ``row``; ``keep_place``: the same event again (its marks
        changed), the cursor and scroll kept where they were if its items are the same."""
        place = (self.selected, self.scroll_y, len(self.entries))
        self.row, self.highlight = row, highlight
        self.event_pending = row is not None and not self.store.rows_ready((row,), full=True)
        if row is None:
            self.set_entries([Entry(Text("No event selected.", style="italic"), False)])
            return
        if self.event_pending:
            # Shown when it has been read: moving the cursor never waits on the file.
            self.set_entries([Entry(Text(f"loading{LOADING}", style="italic dim"), False)])
            if self._asked != row:
                self._asked = row
                ask_rows(self.store, (row,), self, full=True)
            return
        match = self.get_component_rich_style("detail-reader--match", partial=True)
        marks = event_marks(self.app, self.store.columns.ids[row])
        self.set_entries(event_entries(self.store, row, highlight, match, marks))
        selected, scroll_y, count = place
        if keep_place and count == len(self.entries) and selected is not None:
            self.selected = selected
            self.scroll_to(y=scroll_y, animate=False, immediate=True)

    def on_rows_arrived(self, message: RowsArrived) -> None:
        if self._asked in message.asked:
            self._asked = None
        # Not read after all (evicted meanwhile, or a failed fetch): asked again when shown
        # again, not at once (a fetch that keeps failing must not spin).
        if self.event_pending and self.row in message.held:
            self.show(self.row, self.highlight)

    def _citation(self) -> int | None:
        entry = self.selected_entry
        return None if entry is None or self.row is None else entry.citation

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_url", "copy_citation"):
            return self._citation() is not None
        if action == "copy_event":
            return self.row is not None and not self.event_pending and self._citation() is None
        return super().check_action(action, parameters)

    def action_open_url(self) -> None:
        index, row = self._citation(), self.row
        if index is None or row is None:
            return
        source = self.store.sources.get(self.store.events[row].citations[index].source)
        if source is None or source.url is None:
            self.notify("This source has no address to open.", severity="warning")
            return
        url = str(source.url)
        scheme = urlsplit(url).scheme
        if scheme not in OPENABLE_SCHEMES:
            self.notify(
                f"Not opened: only http and https addresses are opened, not {one_line(scheme)}:",
                severity="warning",
                markup=False,
            )
            return
        self.app.open_url(url)
        self.notify(one_line(url), title="Opening", markup=False)

    def action_copy_citation(self) -> None:
        index, row = self._citation(), self.row
        if index is not None and row is not None:
            self.app.copy_to_clipboard(citation_text(self.store, self.store.events[row], index))
            self.notify(f"Citation [{index + 1}] copied to the clipboard.", markup=False)

    def action_copy_event(self) -> None:
        if self.row is not None:
            self.app.copy_to_clipboard(event_text(self.store, self.row))
            self.notify("The event and its sources copied to the clipboard.")

    def action_back(self) -> None:
        try:
            self.screen.query_one("#timeline").focus()
        except NoMatches:
            self.screen.focus_previous()


class DetailPane(Vertical, can_focus=False):
    """Everything about the selected event, read from the keyboard (Tab, or Enter on the
    timeline) or with the mouse."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 0 0 1; }
    DetailPane > DetailReader { height: 1fr; }
    """

    def __init__(self, store: EventStore, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.row: int | None = None
        self.highlight = ""

    def compose(self) -> ComposeResult:
        yield DetailReader(self.store, id="detail-links")

    def on_mount(self) -> None:
        self.reader.show(self.row, self.highlight)

    @property
    def reader(self) -> DetailReader:
        return self.query_one(DetailReader)

    def show_row(self, row: int | None) -> None:
        if row == self.row and row is not None:
            return
        self.row = row
        self.reader.show(row, self.highlight)

    def refresh_marks(self) -> None:
        """Show the event's star, tags and note again (they changed); the reader keeps its
        place when it can."""
        self.reader.show(self.row, self.highlight, keep_place=True)

    def set_highlight(self, text: str) -> None:
        """Mark ``text`` (the current text search) in the title, summary, sources and quotes."""
        if text != self.highlight:
            self.highlight = text
            self.reader.show(self.row, text)
