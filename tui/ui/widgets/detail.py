"""The detail pane: one event in full, its actors, concerns and countries as links."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.countries import country_name
from tui.core.model import Event
from tui.core.profiles import LinkTarget
from tui.core.store import EventStore
from tui.core.textsafe import one_line, visible_lines

MAX_SUMMARY_CHARS = 4_000  # a 1 MB summary must not stall rendering; the rest is counted
MAX_QUOTE_CHARS = 2_000


def clipped(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


class LinkList(OptionList):
    """Links to pages; Enter or a click opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open page"),
    ]

    class Chosen(Message):
        def __init__(self, target: LinkTarget) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets: list[LinkTarget | None] = []

    def set_links(self, groups: list[tuple[str, list[tuple[Text, LinkTarget]]]]) -> None:
        """Headings, each with its links; headings are shown but cannot be chosen."""
        options: list[Option] = []
        targets: list[LinkTarget | None] = []
        for heading, links in groups:
            if not links:
                continue
            options.append(Option(Text(heading, style="bold"), disabled=True))
            targets.append(None)
            for label, target in links:
                options.append(Option(label))
                targets.append(target)
        self.clear_options()
        self.add_options(options)
        self._targets = targets
        first = next((i for i, t in enumerate(targets) if t is not None), None)
        self.highlighted = first

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self._targets[event.option_index]
        if target is not None:
            self.post_message(self.Chosen(target))


class DetailPane(VerticalScroll, can_focus=False):
    """Everything about the selected event. Tab goes straight to its links; the mouse wheel
    scrolls it."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    DetailPane > Static { width: 100%; }
    DetailPane > LinkList { height: auto; max-height: 16; border: none; padding: 0; }
    """

    def __init__(self, store: EventStore, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.row: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="detail-head")
        yield LinkList(id="detail-links")
        yield Static(id="detail-sources")

    def show_row(self, row: int | None) -> None:
        if row == self.row and row is not None:
            return
        self.row = row
        head = self.query_one("#detail-head", Static)
        links = self.query_one("#detail-links", LinkList)
        sources = self.query_one("#detail-sources", Static)
        if row is None:
            head.update(Text("No event selected.", style="italic"))
            links.set_links([])
            sources.update("")
            return
        event = self.store.events[row]
        head.update(self._head(event))
        links.set_links(self._links(event))
        sources.update(self._sources(event))
        self.scroll_home(animate=False)

    def _head(self, event: Event) -> RenderableType:
        title = Text(one_line(event.title), style="bold")
        facts = Text()
        facts.append(event.date_label, style="bold")
        precision = event.start.precision.name.lower()
        facts.append(f"  ({precision} precision{', approximate' if event.approximate else ''})")
        facts.append(f"  ·  {event.kind.value}", style="italic")
        parts: list[RenderableType] = [title, facts]
        if event.summary:
            parts.append(Text(""))
            parts.append(Text(visible_lines(clipped(event.summary, MAX_SUMMARY_CHARS))))
        if event.tags:
            parts.append(Text("tags: " + ", ".join(one_line(t) for t in event.tags), "dim"))
        return Group(*parts)

    def _links(self, event: Event) -> list[tuple[str, list[tuple[Text, LinkTarget]]]]:
        actors: list[tuple[Text, LinkTarget]] = []
        for participant in event.actors:
            label = Text("→ ")
            label.append(one_line(self.store.actor_name(participant.actor)), "bold")
            if participant.role:
                label.append(f"  {one_line(participant.role)}", "dim")
            actors.append((label, LinkTarget("actor", participant.actor)))
        concerns = [
            (
                Text("→ ") + Text(one_line(self._concern_label(concern))),
                LinkTarget("concern", concern),
            )
            for concern in event.concerns
        ]
        countries = [
            (Text(f"→ {country_name(code)} ({code})"), LinkTarget("country", code))
            for code in self.store.columns.countries[self.row or 0]
        ]
        return [("Actors", actors), ("Concerns", concerns), ("Countries", countries)]

    def _concern_label(self, concern_id: str) -> str:
        concern = self.store.concerns.get(concern_id)
        return concern.label if concern is not None else concern_id

    def _sources(self, event: Event) -> RenderableType:
        parts: list[RenderableType] = []
        places = [
            ", ".join(
                one_line(p)
                for p in (place.name, place.country and country_name(place.country))
                if p
            )
            for place in event.places
        ]
        if places:
            parts.append(Text("Places", style="bold"))
            parts.extend(Text(f"  {place}") for place in places)
        if event.citations:
            parts.append(Text("Sources", style="bold"))
        for number, citation in enumerate(event.citations, start=1):
            source = self.store.sources.get(citation.source)
            line = Text(f" [{number}] ")
            if source is None:
                line.append(one_line(citation.source))
            else:
                line.append(one_line(source.title), "italic")
                details = [
                    one_line(x) for x in (source.publisher, str(source.published or "")) if x
                ]
                if details:
                    line.append(f" — {', '.join(details)}")
            parts.append(line)
            if citation.quote:
                quote = visible_lines(clipped(citation.quote, MAX_QUOTE_CHARS))
                parts.append(Text(f"     “{quote}”", style="dim"))
            if source is not None and source.url is not None:
                parts.append(Text(f"     {one_line(str(source.url))}", style="underline"))
        return Group(*parts)
