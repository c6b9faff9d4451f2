"""A page for an actor, a concern or a country: who or what it is, its events, what it touches."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.core.profiles import LinkTarget, Profile
from tui.core.store import EventStore
from tui.core.textsafe import one_line, visible_lines
from tui.ui.messages import OpenPage
from tui.ui.screens.export import start_export
from tui.ui.widgets.detail import DetailPane, LinkList
from tui.ui.widgets.timeline import TimelineView

KIND_TITLES = {"actor": "Actor", "concern": "Concern", "country": "Country"}


class PageScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back"),
        Binding("e", "export", "Export"),
    ]

    def __init__(self, store: EventStore, profile: Profile, inputs: Sequence[Path] = ()) -> None:
        super().__init__(classes=f"page page-{profile.kind}")
        self.store = store
        self.profile = profile
        self.inputs = tuple(inputs)  # never exported over

    def compose(self) -> ComposeResult:
        profile = self.profile
        heading = Text(f"{KIND_TITLES[profile.kind]} · ", style="dim")
        heading.append(one_line(profile.heading), style="bold")
        yield Static(heading, id="page-title")
        yield Static(self._facts(), id="page-facts")
        with Horizontal(id="panes"):
            timeline = TimelineView(self.store, profile.rows, id="timeline")
            timeline.empty_message = "No events."
            yield timeline
            with Vertical(id="page-side"):
                yield LinkList(id="page-related")
                yield DetailPane(self.store, id="detail")
        yield Footer()

    def _facts(self) -> Group:
        lines: list[Text] = []
        if self.profile.description:
            lines.append(Text(visible_lines(self.profile.description), style="italic"))
        facts = Text()
        for index, (label, value) in enumerate(self.profile.facts):
            if index:
                facts.append("   ")
            facts.append(f"{label}: ", style="dim")
            facts.append(one_line(value))
        lines.append(facts)
        return Group(*lines)

    def on_mount(self) -> None:
        related = self.query_one("#page-related", LinkList)
        groups = []
        for heading, items in self.profile.related.items():
            links = [
                (
                    Text(f"→ {one_line(item.label)}") + Text(f"  {item.count}", "dim"),
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
        description = f"{KIND_TITLES[self.profile.kind]}: {self.profile.heading}"
        start_export(self, self.store, self.profile.rows, description, self.inputs)

    def action_back(self) -> None:
        self.dismiss()

    @on(TimelineView.Highlighted)
    def _highlighted(self, event: TimelineView.Highlighted) -> None:
        self.query_one(DetailPane).show_row(event.row)

    @on(TimelineView.Opened)
    def _opened(self) -> None:
        self.query_one("#detail-links", LinkList).focus()

    @on(LinkList.Chosen)
    def _link_chosen(self, event: LinkList.Chosen) -> None:
        self.post_message(OpenPage(event.target.kind, event.target.key))
