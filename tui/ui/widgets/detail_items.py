"""What the reader lists for one event, in reading order: the event itself, its actors,
concerns, countries and places, then each source with its quote and address.

Everything from data is built as rich Text (never markup) from textsafe's visible forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from tui.core.countries import country_name
from tui.core.model import Event
from tui.core.pages import LinkTarget
from tui.core.store import EventStore
from tui.core.textsafe import one_line, visible_lines

if TYPE_CHECKING:
    from tui.core.annotations import EventAnnotations

MAX_SUMMARY_CHARS = 4_000  # a 1 MB summary must not stall rendering; the rest is counted
MAX_QUOTE_CHARS = 2_000
MAX_NOTE_CHARS = 20_000  # the editor has it all; the reader wraps this much at most
NOTE_HEADING = "Your note"


@dataclass(frozen=True)
class Entry:
    """One item of a list: a heading (not selectable) or an item the cursor can rest on.

    ``target`` is the page Enter opens; ``citation`` the index of the event's citation a
    source item shows (Enter opens its address, `y` copies it)."""

    prompt: RenderableType
    selectable: bool = True
    target: LinkTarget | None = None
    citation: int | None = None


def heading(label: str) -> Entry:
    return Entry(Text(label, style="bold"), selectable=False)


def clipped(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def marked(text: Text, search: str, style: Style | str) -> Text:
    """``text`` with every case-insensitive occurrence of ``search`` styled as a match."""
    if search:
        text.highlight_regex(re.compile(re.escape(search), re.IGNORECASE), style)
    return text


def event_entries(
    store: EventStore,
    row: int,
    search: str = "",
    match: Style | str = "reverse",
    marks: EventAnnotations | None = None,
) -> list[Entry]:
    """The reader's items; ``marks``, the analyst's star, tags and note on the event."""
    event = store.events[row]
    entries = [Entry(_head(event, search, match, marks))]
    if marks is not None and marks.note.text:
        # The analyst's own words, apart from the data's and named as theirs.
        entries.append(heading(f"{NOTE_HEADING} (n edits it)"))
        note = Text(visible_lines(clipped(marks.note.text, MAX_NOTE_CHARS)))
        entries.append(Entry(marked(note, search, match)))
    groups = [
        ("Actors", _actors(store, event)),
        ("Concerns", _concerns(store, event)),
        ("Countries", _countries(store, row)),
        ("Places", _places(event)),
        ("Sources", _sources(store, event, search, match)),
    ]
    for label, items in groups:
        if items:
            entries.append(heading(label))
            entries.extend(items)
    return entries


def _head(
    event: Event, search: str, match: Style | str, marks: EventAnnotations | None
) -> RenderableType:
    title = marked(Text(one_line(event.title), style="bold"), search, match)
    facts = Text()
    facts.append(event.date_label, style="bold")
    precision = event.start.precision.name.lower()
    facts.append(f"  ({precision} precision{', approximate' if event.approximate else ''})")
    facts.append(f"  ·  {event.kind.value}", style="italic")
    parts: list[RenderableType] = [title, facts]
    if marks is not None and (marks.starred or marks.tags):
        yours = Text()
        if marks.starred:
            yours.append("★ starred", style="bold")
        if marks.tags:
            yours.append("  ·  " if marks.starred else "")
            yours.append("your tags: ", style="italic")
            yours.append(" ".join(f"#{one_line(tag)}" for tag in marks.tags), style="bold")
        parts.append(yours)
    if event.summary:
        summary = Text(visible_lines(clipped(event.summary, MAX_SUMMARY_CHARS)))
        parts += [Text(""), marked(summary, search, match)]
    if event.tags:
        parts.append(Text("tags: " + ", ".join(one_line(t) for t in event.tags), "italic"))
    return Group(*parts)


def _actors(store: EventStore, event: Event) -> list[Entry]:
    entries = []
    for participant in event.actors:
        label = Text("→ ")
        label.append(one_line(store.actor_name(participant.actor)), "bold")
        if participant.role:
            label.append(f"  {one_line(participant.role)}", "italic")
        entries.append(Entry(label, target=LinkTarget("actor", participant.actor)))
    return entries


def _concerns(store: EventStore, event: Event) -> list[Entry]:
    entries = []
    for concern_id in event.concerns:
        prompt = Text("→ ") + Text(one_line(store.concern_label(concern_id)))
        entries.append(Entry(prompt, target=LinkTarget("concern", concern_id)))
    return entries


def _countries(store: EventStore, row: int) -> list[Entry]:
    return [
        Entry(Text(f"→ {country_name(code)} ({code})"), target=LinkTarget("country", code))
        for code in store.columns.countries[row]
    ]


def _places(event: Event) -> list[Entry]:
    entries = []
    for place in event.places:
        names = (place.name, place.country and country_name(place.country))
        label = ", ".join(one_line(name) for name in names if name)
        # A place with a country leads to that country's page; a bare name leads nowhere.
        target = LinkTarget("country", place.country) if place.country else None
        entries.append(Entry(Text(("→ " if target else "  ") + label), target=target))
    return entries


def _sources(store: EventStore, event: Event, search: str, match: Style | str) -> list[Entry]:
    entries = []
    for index, citation in enumerate(event.citations):
        source = store.sources.get(citation.source)
        # As a citation is copied: title; outlet and date; quote; address.
        parts: list[RenderableType] = []
        if source is None:
            parts.append(Text(one_line(citation.source)))
        else:
            parts.append(marked(Text(one_line(source.title), "italic"), search, match))
            published = source.published.label if source.published is not None else None
            details = [one_line(x) for x in (source.publisher, published) if x]
            if details:
                parts.append(Text(", ".join(details)))
        if citation.quote:
            quote = Text(f"“{visible_lines(clipped(citation.quote, MAX_QUOTE_CHARS))}”")
            parts.append(marked(quote, search, match))
        if source is not None and source.url is not None:
            parts.append(Text(one_line(str(source.url)), style="underline"))
        # The number in a column of its own, so wrapped lines, the quote and the address line
        # up under the title.
        numbered = Table.grid(padding=(0, 1), expand=True)
        numbered.add_column(no_wrap=True)
        numbered.add_column(ratio=1)
        numbered.add_row(Text(f"[{index + 1}]"), Group(*parts))
        entries.append(Entry(numbered, citation=index))
    return entries
