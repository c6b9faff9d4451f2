"""A Markdown brief, ready to paste: the events in order with their actors, and one footnote per
source with its outlet, date, address and the quotes the events rest on.

Data text is escaped so that, whatever it holds, it renders as the same text: never a link,
an image, HTML, a heading, a list, a table or emphasis. It is escaped *only* where Markdown would
read something into it, so the source stays readable ("(June 2024)", "pressite_000001").
Control characters are made visible.

Given the analyst's marks, an event's star and tags are a line of its facts, and its note a
block quote headed "Analyst's note" after the summary: the analyst's words are never mistaken
for the sources'. They are escaped as the data is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tui.core.columns import Rows
from tui.core.countries import country_name
from tui.core.exporters._common import (
    CachedSources,
    Memo,
    actor_label,
    distinct_rows,
    human_date,
    safe_url,
)
from tui.core.exporters._stream import Lines, Piece, event_batches, joined
from tui.core.exporters.marks import ExportMarks, marks_of
from tui.core.model import Event, Source
from tui.core.store import EventStore
from tui.core.textsafe import one_line, visible_lines

# Each alternative is a character that Markdown (CommonMark, GitHub) could read as syntax here:
# - anywhere: emphasis and code (* `), links and images ([ ]), raw HTML and autolinks (<),
#   tables (|), strikethrough (~), math ($), mentions and e-mail links (@), a backslash that
#   would escape what follows, and the '&' of an entity reference;
# - '_' only where it could open or close emphasis: not between two letters or digits;
# - '#' after a space: a heading's closing sequence would swallow it;
# - the ':' of "scheme://" and the '.' of "www.", which GitHub turns into links.
# '(' ')' '!' '{' '}' and '>' mid-line mean nothing once '[' and '<' are escaped.
# One pass: a brief of a large view escapes hundreds of thousands of lines. The leading
# lookahead lets the engine skip at once every position that no alternative could match.
_ESCAPE = re.compile(
    r"(?=[`*\[\]<|~$@\\_#&:.])"
    r"(?:[`*\[\]<|~$@]|\\(?=[!-/:-@\[-`{-~]|$)|(?<![^\W_])_|_(?![^\W_])|(?<=\s)#"
    r"|&(?=#?[0-9A-Za-z]+;)|(?<=[A-Za-z]):(?=//)|(?<=\b[wW]{3})\.)"
)
# At the start of a line: list items (- + 1. 1)), setext underlines (= -), headings, quotes.
_LINE_START = re.compile(r"([-+=#>])|(\d+)([.)])")


def escape_inline(text: str) -> str:
    """Text that Markdown renders as exactly this text, on any line but the first position."""
    return _ESCAPE.sub(r"\\\g<0>", text)


def escape_line(text: str) -> str:
    """One line of data, safe to put at the start of a Markdown line."""
    text = escape_inline(one_line(text))
    return _LINE_START.sub(_escape_marker, text, count=1) if _LINE_START.match(text) else text


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def escape_block(text: str) -> str:
    """Multi-line data as Markdown paragraphs; indentation dropped so nothing becomes code."""
    paragraphs: list[str] = []
    for block in visible_lines(text).split("\n\n"):
        lines = [escape_line(line) for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


@dataclass
class _Footnotes:
    """One footnote per source, numbered by first citation; the quotes are grouped under it.

    Only the footnotes' own lines are kept as the brief streams, never the events."""

    numbers: dict[str, int] = field(default_factory=dict)
    sources: list[tuple[str, Source | None]] = field(default_factory=list)
    # Per source, each (event id, quote) once, as its line under the footnote.
    quotes: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)

    def cite(self, source_id: str, source: Source | None, event: Event, quote: str) -> int:
        if source_id not in self.numbers:
            self.numbers[source_id] = len(self.numbers) + 1
            self.sources.append((source_id, source))
            self.quotes[source_id] = {}
        quotes = self.quotes[source_id]
        if quote.strip() and (event.id, quote) not in quotes:
            cited_for = f"{escape_inline(one_line(event.date_label))}, " + escape_inline(
                one_line(event.title)
            )
            quotes[event.id, quote] = f"    “{escape_inline(one_line(quote))}” (for {cited_for})"
        return self.numbers[source_id]

    def lines(self) -> list[str]:
        lines: list[str] = []
        for source_id, source in self.sources:
            lines += [f"[^{self.numbers[source_id]}]: {_source_line(source_id, source)}", ""]
            # Indented four spaces: further paragraphs of the same footnote.
            for line in self.quotes[source_id].values():
                lines += [line, ""]
        return lines


def _source_line(source_id: str, source: Source | None) -> str:
    if source is None:
        return escape_line(source_id)
    parts = [f"*{escape_line(source.title)}*"]
    if source.publisher:
        parts.append(escape_line(source.publisher))
    if source.published is not None:
        parts.append(human_date(source.published))
    url = safe_url(source)
    if url is not None:
        parts.append(f"<{url}>")
    return ", ".join(parts)


class _Sections:
    """Each event's section of the brief. The facts lines repeat from event to event (the same
    actors, countries, places): each is escaped once per brief for each combination seen."""

    def __init__(
        self, store: EventStore, footnotes: _Footnotes, marks: ExportMarks | None = None
    ) -> None:
        self._footnotes = footnotes
        self._marks = marks
        self._sources = CachedSources(store)

        def actors(key: tuple[tuple[str, str | None], ...]) -> str:
            return "; ".join(escape_line(actor_label(store, a, role)) for a, role in key)

        def countries(key: tuple[str, ...]) -> str:
            return ", ".join(escape_line(country_name(c)) for c in key)

        def places(key: tuple[str, ...]) -> str:
            return "; ".join(escape_line(place) for place in key)

        self._actors = Memo(actors)
        self._countries = Memo(countries)
        self._places = Memo(places)
        self._line = Memo(escape_line)
        self._store = store

    def lines(self, event: Event) -> list[str]:
        line = self._line
        lines = [f"## {escape_line(event.date_label)} · {escape_line(event.title)}", ""]
        facts = [f"**Kind:** {line(event.kind.value)}"]
        if event.actors:
            actors = tuple((p.actor, p.role) for p in event.actors)
            facts.append(f"**Actors:** {self._actors(actors)}")
        countries = event.countries(self._store.actors)
        if countries:
            facts.append(f"**Countries:** {self._countries(countries)}")
        places = tuple(p.name for p in event.places if p.name)
        if places:
            facts.append(f"**Places:** {self._places(places)}")
        marks = marks_of(event, self._marks)
        if marks is not None and (marks.starred or marks.tags):
            facts.append(_marks_line(marks.starred, marks.tags))
        # Two trailing spaces: a hard line break between the facts, in every renderer.
        lines.append("  \n".join(facts))
        summary = escape_block(event.summary)
        if summary:
            lines += ["", summary]
        note = escape_block(marks.note) if marks is not None else ""
        if note:
            lines += ["", "> **Analyst's note**", ">", *_quoted(note)]
        cited: dict[int, str] = {}
        for citation in event.citations:
            source = self._sources(citation.source)
            number = self._footnotes.cite(citation.source, source, event, citation.quote)
            title = source.title if source is not None else citation.source
            cited.setdefault(number, f"{line(title)}[^{number}]")
        if cited:
            lines += ["", "**Sources:** " + "; ".join(cited.values())]
        return [*lines, ""]


def _quoted(block: str) -> list[str]:
    """Escaped paragraphs as a block quote, each of the note's line breaks kept (a hard break:
    two trailing spaces), as the analyst wrote them."""
    lines = block.split("\n")
    quoted: list[str] = []
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if not line:
            quoted.append(">")
        else:
            quoted.append(f"> {line}  " if following else f"> {line}")
    return quoted


def _marks_line(starred: bool, tags: Iterable[str]) -> str:
    """The analyst's star and tags, as one line of an event's facts."""
    parts = ["★ starred"] if starred else []
    listed = ", ".join(one_line(tag) for tag in tags)
    if listed:
        parts.append(escape_inline(f"tags: {listed}"))  # whole, so '#' after a space is seen
    return "**Analyst:** " + " · ".join(parts)


def markdown_pieces(
    store: EventStore,
    ordered: Rows,
    description: str = "",
    made: dt.date | None = None,
    marks: ExportMarks | None = None,
) -> Iterator[Piece]:
    """The brief of the (distinct, ascending) rows: the header, a piece per batch of events,
    then the footnotes."""
    noun = "event" if len(ordered) == 1 else "events"
    made_on = made if made is not None else dt.date.today()
    filters = escape_line(description) if description.strip() else "none (all events)"
    header = [
        f"**Dataset:** {escape_line(store.name)}",
        f"**Filter:** {filters}",
        f"**Events:** {len(ordered):,} {noun}, in time order",
        f"**Made:** {made_on.day} {made_on:%B %Y} with Timeline Explorer",
    ]
    lines = Lines()
    yield lines.text([f"# {escape_line(store.name)}", "", "  \n".join(header), ""]), 0
    footnotes = _Footnotes()
    sections = _Sections(store, footnotes, marks)
    for events, done in event_batches(store, ordered):
        section: list[str] = []
        for event in events:
            section += sections.lines(event)
        yield lines.text(section), done
    if footnotes.sources:
        yield lines.text(["---", "", *footnotes.lines()]), len(ordered)


def to_markdown(
    store: EventStore,
    rows: Rows | Iterable[int],
    description: str = "",
    made: dt.date | None = None,
    marks: ExportMarks | None = None,
) -> str:
    """The brief of some rows; ``description`` names the filters that chose them."""
    pieces = markdown_pieces(store, distinct_rows(rows), description, made, marks)
    return joined(pieces)
