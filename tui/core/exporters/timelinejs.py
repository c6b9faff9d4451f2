"""TimelineJS 3 JSON: a title slide and one slide per event.

TimelineJS renders headline and text as HTML, so every piece of data in them is HTML-escaped
(and its control characters made visible); autolink is off so data text never becomes a link.
Dates keep their precision: a month-precision date has no "day", a year-precision one no
"month".

Each slide also carries the event in our own format under ``"timeline_explorer"``, and the
document carries the actors, concerns and sources those events refer to under the same key,
so that an importer can rebuild the events exactly. TimelineJS ignores keys it does not know.
The standard fields alone already keep each event's id (``unique_id``), dates and precision.

Given the analyst's marks, a marked event's slide shows them after its sources (the star and
tags, then the note in a block quote headed "Analyst's note"), and its event in our format
carries them as our JSON does (``analyst``), so importing the file keeps them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from tui.core.columns import Rows
from tui.core.dates import PartialDate
from tui.core.exporters._common import (
    Referenced,
    ReferenceIds,
    actor_label,
    distinct_rows,
    dumps_json,
    human_date,
    human_range,
    safe_url,
)
from tui.core.exporters._stream import JsonList, Piece, joined
from tui.core.exporters.marks import ExportMarks
from tui.core.exporters.native import dumped_batches
from tui.core.memo import Memo
from tui.core.model import AnalystMarks
from tui.core.store import EventStore
from tui.core.textsafe import one_line, visible_lines

# The key under which slides and the document carry our own format.
EXTENSION_KEY = "timeline_explorer"
EXTENSION_VERSION = 1


def _text(value: str) -> str:
    """One line of data as HTML text."""
    return html.escape(one_line(value), quote=True)


def _paragraphs(value: str) -> str:
    """Multi-line data as HTML paragraphs, line breaks kept."""
    blocks = [b.strip() for b in visible_lines(value).split("\n\n") if b.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=True) for line in b.split("\n")) + "</p>"
        for b in blocks
    )


def timelinejs_date(date: PartialDate) -> dict[str, str]:
    """A TimelineJS date object with only the parts that are known: a BCE year as TimelineJS
    writes it (-5410), and the time of day when there is one."""
    parts = (
        ("year", date.year),
        ("month", date.month),
        ("day", date.day),
        ("hour", date.hour),
        ("minute", date.minute),
        ("second", date.second),
        ("millisecond", date.millisecond),
    )
    result = {name: str(value) for name, value in parts if value is not None}
    result["display_date"] = human_date(date)
    return result


def _body(store: EventStore, event: Mapping[str, Any]) -> str:
    """The slide's HTML from the event as our JSON holds it (``native`` dumps)."""
    parts = [_paragraphs(event.get("summary", ""))]
    if event.get("actors"):
        actors = ", ".join(
            _text(actor_label(store, p["actor"], p.get("role"))) for p in event["actors"]
        )
        parts.append(f"<p><b>Actors:</b> {actors}</p>")
    items: list[str] = []
    for citation in event.get("citations", ()):
        source_id, quote = citation["source"], citation.get("quote", "")
        source = store.sources.get(source_id)
        title = _text(source.title if source is not None else source_id)
        url = safe_url(source)
        item = f'<a href="{html.escape(url, quote=True)}">{title}</a>' if url else title
        if source is not None and source.publisher:
            item += f", {_text(source.publisher)}"
        if quote:
            item += f": <q>{_text(quote)}</q>"
        items.append(f"<li>{item}</li>")
    if items:
        parts.append("<p><b>Sources:</b></p><ol>" + "".join(items) + "</ol>")
    if "analyst" in event:
        parts.append(_analyst(AnalystMarks.model_validate(event["analyst"])))
    return "".join(parts)


def _analyst(marks: AnalystMarks) -> str:
    """The analyst's star, tags and note as HTML, marked as theirs."""
    facts = ["★ starred"] if marks.starred else []
    if marks.tags:
        facts.append("tags: " + ", ".join(_text(tag) for tag in marks.tags))
    html_parts = [f"<p><b>Analyst:</b> {' · '.join(facts)}</p>"] if facts else []
    if marks.note.strip():
        html_parts.append(
            f"<blockquote><p><b>Analyst's note</b></p>{_paragraphs(marks.note)}</blockquote>"
        )
    return "".join(html_parts)


class _Slides:
    """Slides from events as our JSON holds them; the dates, which repeat, read once each."""

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._dates = Memo(PartialDate.parse)

    def slide(self, event: dict[str, Any]) -> dict[str, object]:
        start = self._dates[event["start"]]
        end = self._dates[event["end"]] if "end" in event else None
        slide: dict[str, object] = {
            "unique_id": event["id"],
            "start_date": timelinejs_date(start),
        }
        if end is not None:
            slide["end_date"] = timelinejs_date(end)
        slide.update(
            {
                "display_date": human_range(start, end, event.get("approximate", False)),
                "text": {"headline": _text(event["title"]), "text": _body(self._store, event)},
                "group": event["kind"],
                "autolink": False,
                EXTENSION_KEY: event,
            }
        )
        return slide


def _document(
    store: EventStore, count: int, description: str, refs: Referenced
) -> dict[str, object]:
    """The document with its slides left out (they stream in under "events")."""
    noun = "event" if count == 1 else "events"
    intro = f"<p>{_text(description)}</p>" if description.strip() else ""
    return {
        "title": {
            "text": {
                "headline": _text(store.name),
                "text": f"{intro}<p>{count} {noun}</p>",
            }
        },
        "events": [],
        EXTENSION_KEY: {
            "version": EXTENSION_VERSION,
            "name": store.name,
            "actors": [a.model_dump(mode="json", exclude_defaults=True) for a in refs.actors],
            "concerns": [c.model_dump(mode="json", exclude_defaults=True) for c in refs.concerns],
            "sources": [s.model_dump(mode="json", exclude_defaults=True) for s in refs.sources],
        },
    }


def timelinejs_pieces(
    store: EventStore, ordered: Rows, description: str = "", marks: ExportMarks | None = None
) -> Iterator[Piece]:
    """The TimelineJS file of the (distinct, ascending) rows: the title slide, the slides a
    batch at a time, then the records they refer to."""
    ids = ReferenceIds()
    nothing = Referenced([], [], [])
    if len(ordered) == 0:
        yield dumps_json(_document(store, 0, description, nothing)), 0
        return
    # The text before the slides does not depend on what they refer to.
    head, _ = JsonList.split(_document(store, len(ordered), description, nothing), "events")
    yield head, 0
    slides, made = JsonList(), _Slides(store)
    for events, done in dumped_batches(store, ordered, marks):
        ids.add_dumped(events)
        yield slides.items([made.slide(event) for event in events]), done
    document = _document(store, len(ordered), description, ids.resolve(store))
    yield JsonList.split(document, "events")[1], len(ordered)


def to_timelinejs(
    store: EventStore,
    rows: Rows | Iterable[int],
    description: str = "",
    marks: ExportMarks | None = None,
) -> str:
    pieces = timelinejs_pieces(store, distinct_rows(rows), description, marks)
    return joined(pieces)
