"""A Markdown brief: the events in order with their actors, and footnoted sources with quotes.

Data text is escaped so that, whatever it holds, it renders as the same text: never a link,
an image, HTML, a heading, a list, a table or emphasis. Control characters are made visible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.countries import country_name
from tui.exporters._common import actor_label, citations, safe_url, view_events
from tui.model import Event, Source
from tui.store import EventStore, Rows
from tui.textsafe import one_line, visible_lines

# Each alternative is a character that would not render as itself, escaped with a backslash:
# - what CommonMark or GitHub gives a meaning inline: emphasis, code, links and images, raw
#   HTML and autolinks, tables, strikethrough, math;
# - the '&' of an entity reference (&lt; would render as the character it names);
# - the ':' of "scheme://", the '.' of "www." and any '@': GitHub turns bare URLs, www. names
#   and e-mail addresses into links, and an escaped character breaks the pattern.
# One pass: a brief of a large view escapes hundreds of thousands of lines.
_ESCAPE = re.compile(
    r"[\\`*_{}\[\]()<>#!|~$@]|&(?=#?[0-9A-Za-z]+;)|(?<=[A-Za-z]):(?=//)|(?<=\b[wW]{3})\."
)
# At the start of a line: list items (- + 1. 1)), setext underlines (= -), thematic breaks.
_LINE_START = re.compile(r"([-+=])|(\d+)([.)])")


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


def _event_section(store: EventStore, event: Event, footnotes: list[str]) -> list[str]:
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
    cited: list[str] = []
    for source, source_id, quote in citations(store, event):
        footnotes.append(_footnote(len(footnotes) + 1, source, source_id, quote))
        title = source.title if source is not None else source_id
        cited.append(f"{escape_line(title)}[^{len(footnotes)}]")
    if cited:
        lines += ["", "**Sources:** " + "; ".join(cited)]
    return [*lines, ""]


def _footnote(number: int, source: Source | None, source_id: str, quote: str) -> str:
    parts: list[str] = []
    if source is not None:
        parts.append(f"*{escape_line(source.title)}*")
        if source.publisher:
            parts.append(escape_line(source.publisher))
        if source.published is not None:
            parts.append(str(source.published))
        url = safe_url(source)
        if url is not None:
            parts.append(f"<{url}>")
    else:
        parts.append(escape_line(source_id))
    text = ", ".join(parts)
    if quote.strip():
        text += f": “{escape_line(quote)}”"
    return f"[^{number}]: {text}"


def to_markdown(store: EventStore, rows: Rows | Iterable[int], description: str = "") -> str:
    events = view_events(store, rows)
    noun = "event" if len(events) == 1 else "events"
    lines = [f"# {escape_line(store.name)}", ""]
    lines.append(
        f"**Filter:** {escape_line(description)}"
        if description.strip()
        else "**Filter:** none (all events)"
    )
    lines += ["", f"{len(events)} {noun}, in time order.", ""]
    footnotes: list[str] = []
    for event in events:
        lines += _event_section(store, event, footnotes)
    if footnotes:
        lines += ["---", "", *footnotes, ""]
    return "\n".join(lines)
