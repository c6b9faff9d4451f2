"""An event or one of its citations as plain text a reader can paste (the reader's `y` key).

Every value from data passes through :mod:`tui.core.textsafe`, so a control character in a
file reaches the clipboard as a visible stand-in, never as a terminal escape sequence.
"""

from __future__ import annotations

from tui.core.countries import country_name
from tui.core.model import Citation, Event
from tui.core.store import EventStore
from tui.core.textsafe import one_line, visible_lines

CONTINUATION_INDENT = "    "  # under "[n] " in an event's list of sources


def event_text(store: EventStore, row: int) -> str:
    """The event at ``row``: title, date and kind, countries, summary, then its citations,
    numbered as the detail pane numbers them."""
    event = store.events[row]
    lines = [one_line(event.title), f"{event.date_label} · {event.kind.value}"]
    countries = [f"{country_name(code)} ({code})" for code in store.columns.countries[row]]
    if countries:
        lines.append("Countries: " + ", ".join(one_line(c) for c in countries))
    if event.summary:
        lines += ["", visible_lines(event.summary)]
    if event.citations:
        lines += ["", "Sources"]
    for number, citation in enumerate(event.citations, start=1):
        first, *rest = _citation_lines(store, citation)
        lines.append(f"[{number}] {first}")
        lines += [CONTINUATION_INDENT + line if line else line for line in rest]
    return "\n".join(lines)


def citation_text(store: EventStore, event: Event, index: int) -> str:
    """Citation ``index`` (from 0) of ``event``: source title, outlet and date, URL, quote."""
    return "\n".join(_citation_lines(store, event.citations[index]))


def _citation_lines(store: EventStore, citation: Citation) -> list[str]:
    source = store.sources.get(citation.source)
    if source is None:  # a source the data names but does not describe
        lines = [one_line(citation.source)]
    else:
        lines = [one_line(source.title)]
        published = source.published.label if source.published is not None else None
        outlet_and_date = [one_line(part) for part in (source.publisher, published) if part]
        if outlet_and_date:
            lines.append(", ".join(outlet_and_date))
        if source.url is not None:
            lines.append(one_line(str(source.url)))
    if citation.quote:
        lines += f"“{visible_lines(citation.quote)}”".split("\n")
    return lines
