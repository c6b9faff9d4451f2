"""What every screen with a timeline and a reader shares (the main screen and a page): the
reader follows the cursor, Enter moves into the event's links, and a link opens its page."""

from __future__ import annotations

from textual import on
from textual.screen import Screen

from tui.ui.messages import OpenPage
from tui.ui.widgets.detail import DetailPane, LinkList
from tui.ui.widgets.timeline import TimelineView


class ReadingScreen(Screen[None]):
    """A screen with a TimelineView, a DetailPane and its ``#detail-links``; a subclass may
    handle the same messages too (Textual runs both handlers)."""

    @on(TimelineView.Highlighted)
    def _reader_follows(self, event: TimelineView.Highlighted) -> None:
        self.query_one(DetailPane).show_row(event.row)

    @on(TimelineView.Opened)
    def _into_links(self) -> None:
        self.query_one("#detail-links", LinkList).focus()

    @on(LinkList.Chosen)
    def _link_chosen(self, event: LinkList.Chosen) -> None:
        self.post_message(OpenPage(event.target.kind, event.target.key))
