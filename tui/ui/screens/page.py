"""A page for an actor, a concern or a country: who or what it is, its events, what it touches."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Footer, Static

from tui.core.pages import LinkTarget, Page
from tui.core.store import EventStore
from tui.core.textsafe import one_line, visible_lines
from tui.ui.screens.export import start_export
from tui.ui.screens.reading import ReadingScreen
from tui.ui.screens.time_views import TimeViewActions
from tui.ui.widgets.detail import DetailPane, LinkList
from tui.ui.widgets.export_panel import ExportPanel
from tui.ui.widgets.timeline import TimelineView

KIND_TITLES = {"actor": "Actor", "concern": "Concern", "country": "Country"}
_FACT_GAP = "   "


class PageFacts(Widget):
    """The description, then the facts ("Events: 4") packed onto lines whole: a line breaks
    between facts, never inside one unless that fact alone is wider than the line."""

    def __init__(self, page: Page, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.page = page

    def render(self) -> Text:
        width = self.content_region.width
        text = Text()
        if self.page.description:
            text.append(visible_lines(self.page.description) + "\n", style="italic")
        used = 0
        for label, value in self.page.facts:
            # No dim labels: dim text falls under 4.5:1 in most themes; the value is bold.
            fact = Text(f"{label}: ") + Text(one_line(value), style="bold")
            if used and used + len(_FACT_GAP) + fact.cell_len > width:
                text.append("\n")
                used = 0
            elif used:
                text.append(_FACT_GAP)
                used += len(_FACT_GAP)
            text.append_text(fact)
            used += fact.cell_len
        return text

    def on_resize(self) -> None:
        self.refresh(layout=True)  # the packing depends on the width, and so the height


class PageScreen(ReadingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="page.back"),
        Binding("e", "export", "Export", id="page.export"),
        Binding("l", "add_lane", "Add as lane", show=False, id="page.add-lane"),
    ]

    def __init__(self, store: EventStore, page: Page, inputs: Sequence[Path] = ()) -> None:
        super().__init__(classes=f"page page-{page.kind}")
        self.store = store
        self.page = page
        self.inputs = tuple(inputs)  # never exported over

    def compose(self) -> ComposeResult:
        page = self.page
        heading = Text(f"{KIND_TITLES[page.kind]} · ")
        heading.append(one_line(page.heading), style="bold")
        yield Static(heading, id="page-title")
        yield PageFacts(self.page, id="page-facts")
        with Horizontal(id="panes"):
            timeline = TimelineView(self.store, page.rows, id="timeline")
            timeline.empty_message = "No events."
            yield timeline
            with Vertical(id="page-side"):
                yield LinkList(id="page-related")
                yield DetailPane(self.store, id="detail")
        yield Footer()

    def on_mount(self) -> None:
        related = self.query_one("#page-related", LinkList)
        groups = []
        for heading, items in self.page.related.items():
            # The count leads, right-aligned, so a long name never leaves it on a line alone.
            width = max((len(str(item.count)) for item in items), default=0)
            links = [
                (
                    Text(f"{item.count:>{width}} → {one_line(item.label)}"),
                    LinkTarget(item.kind, item.key),
                )
                for item in items
            ]
            groups.append((heading, links))
        related.set_links(groups)
        timeline = self.query_one(TimelineView)
        timeline.focus()
        self.query_one(DetailPane).show_row(timeline.current_row)

    def action_export(self) -> None:
        description = f"{KIND_TITLES[self.page.kind]}: {self.page.heading}"
        start_export(self, self.store, self.page.rows, description, self.inputs)

    def action_add_lane(self) -> None:
        """l: a lane for the actor, concern or country under the cursor in a list of links,
        else for the page's own subject; L on the main screen shows it."""
        focused = self.focused
        entry = focused.selected_entry if isinstance(focused, LinkList) else None
        if entry is not None and entry.target is None:
            self.notify(
                "Put the cursor on an actor, a concern or a country, then press l.",
                title="Lanes",
                severity="warning",
                markup=False,
            )
            return
        target = entry.target if entry is not None else None
        lane = target or LinkTarget(self.page.kind, self.page.key)
        for screen in self.app.screen_stack:
            if isinstance(screen, TimeViewActions):
                screen.add_lane(lane)
                return

    def action_back(self) -> None:
        """Esc cancels a running export first; otherwise back to where the page was opened."""
        if not any(panel.cancel() for panel in self.query(ExportPanel)):
            self.dismiss()
