"""A Markdown brief, ready to paste: the events in order with their actors, and one footnote per
source with its outlet, date, address and the quotes the events rest on.

Data text is escaped so that, whatever it holds, it renders as the same text: never a link,
an image, HTML, a heading, a list, a table or emphasis. It is escaped *only* where Markdown would
read something into it, so the source stays readable ("(June 2024)", "pressite_000001").
Control characters are made visible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.core.columns import Rows
from tui.core.countries import country_name
from tui.core.exporters._common import actor_label, citations, human_date, safe_url, view_events
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
# One pass: a brief of a large view escapes hundreds of thousands of lines.
_ESCAPE = re.compile(
    r"[`*\[\]<|~$@]|\\(?=[!-/:-@\[-`{-~]|$)|(?<![^\W_])_|_(?![^\W_])|(?<=\s)#"
    r"|&(?=#?[0-9A-Za-z]+;)|(?<=[A-Za-z]):(?=//)|(?<=\b[wW]{3})\."
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
    """One footnote per source, numbered by first citation; the quotes are grouped under it."""

    numbers: dict[str, int] = field(default_factory=dict)
    sources: list[tuple[str, Source | None]] = field(default_factory=list)
    quotes: dict[str, list[tuple[Event, str]]] = field(default_factory=dict)

    def cite(self, source_id: str, source: Source | None, event: Event, quote: str) -> int:
        if source_id not in self.numbers:
            self.numbers[source_id] = len(self.numbers) + 1
            self.sources.append((source_id, source))
            self.quotes[source_id] = []
        if quote.strip() and (event, quote) not in self.quotes[source_id]:
            self.quotes[source_id].append((event, quote))
        return self.numbers[source_id]

    def lines(self) -> list[str]:
        lines: list[str] = []
        for source_id, source in self.sources:
            lines += [f"[^{self.numbers[source_id]}]: {_source_line(source_id, source)}", ""]
            # Indented four spaces: further paragraphs of the same footnote.
            for event, quote in self.quotes[source_id]:
                cited_for = f"{escape_inline(one_line(event.date_label))}, " + escape_inline(
                    one_line(event.title)
                )
                lines += [f"    “{escape_inline(one_line(quote))}” (for {cited_for})", ""]
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


def _event_section(store: EventStore, event: Event, footnotes: _Footnotes) -> list[str]:
    lines = [f"## {escape_line(event.date_label)} · {escape_line(event.title)}", ""]
    facts = [f"**Kind:** {escape_line(event.kind.value)}"]
    if event.actors:
        actors = "; ".join(escape_line(actor_label(store, p.actor, p.role)) for p in event.actors)
        facts.append(f"**Actors:** {actors}")
    countries = event.countries(store.actors)
    if countries:
        facts.append(f"**Countries:** {', '.join(escape_line(country_name(c)) for c in countries)}")
    places = [p.name for p in event.places if p.name]
    if places:
        facts.append(f"**Places:** {'; '.join(escape_line(p) for p in places)}")
    # Two trailing spaces: a hard line break between the facts, in every renderer.
    lines.append("  \n".join(facts))
    summary = escape_block(event.summary)
    if summary:
        lines += ["", summary]
    cited: dict[int, str] = {}
    for source, source_id, quote in citations(store, event):
        number = footnotes.cite(source_id, source, event, quote)
        title = source.title if source is not None else source_id
        cited.setdefault(number, f"{escape_line(title)}[^{number}]")
    if cited:
        lines += ["", "**Sources:** " + "; ".join(cited.values())]
    return [*lines, ""]


def to_markdown(
    store: EventStore,
    rows: Rows | Iterable[int],
    description: str = "",
    made: dt.date | None = None,
) -> str:
    """The brief of some rows; ``description`` names the filters that chose them."""
    events = view_events(store, rows)
    noun = "event" if len(events) == 1 else "events"
    made_on = made if made is not None else dt.date.today()
    filters = escape_line(description) if description.strip() else "none (all events)"
    header = [
        f"**Dataset:** {escape_line(store.name)}",
        f"**Filter:** {filters}",
        f"**Events:** {len(events):,} {noun}, in time order",
        f"**Made:** {made_on.day} {made_on:%B %Y} with Timeline Explorer",
    ]
    lines = [f"# {escape_line(store.name)}", "", "  \n".join(header), ""]
    footnotes = _Footnotes()
    for event in events:
        lines += _event_section(store, event, footnotes)
    if footnotes.sources:
        lines += ["---", "", *footnotes.lines()]
    return "\n".join(lines)
