"""What every export format shares: the events of a view, the records they refer to, and
JSON that carries data exactly without putting a control character in the file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from tui.core.columns import LazyColumn, Rows
from tui.core.dates import PartialDate, Precision
from tui.core.model import Actor, Concern, Event, Source
from tui.core.store import EventStore

# json.dumps already escapes C0 controls; with ensure_ascii=False it would write DEL, C1
# controls, bidi overrides and line separators raw, so those are escaped here too.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def view_events(store: EventStore, rows: Rows | Iterable[int]) -> Sequence[Event]:
    """The events of some rows in time order (row numbers are time order), each once.

    Events are fetched as they are read, not held: a large import builds its events lazily,
    and a view of a million of them would not fit in memory as models.
    """
    given = rows if isinstance(rows, np.ndarray) else np.asarray(list(rows), np.int64)
    ordered = np.unique(given.astype(np.int64))
    events = store.events
    return LazyColumn(len(ordered), lambda index: events[int(ordered[index])])


@dataclass(frozen=True)
class Referenced:
    """The actors, concerns and sources some events refer to, in the store's own order."""

    actors: list[Actor]
    concerns: list[Concern]
    sources: list[Source]


def referenced(store: EventStore, events: Iterable[Event]) -> Referenced:
    actor_ids: set[str] = set()
    concern_ids: set[str] = set()
    source_ids: set[str] = set()
    for event in events:
        actor_ids.update(p.actor for p in event.actors)
        concern_ids.update(event.concerns)
        source_ids.update(c.source for c in event.citations)
    return Referenced(
        actors=[a for key, a in store.actors.items() if key in actor_ids],
        concerns=[c for key, c in store.concerns.items() if key in concern_ids],
        sources=[s for key, s in store.sources.items() if key in source_ids],
    )


def dumps_json(document: object) -> str:
    """Readable UTF-8 JSON in which every control or bidi character is a \\u escape."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def human_date(date: PartialDate) -> str:
    """19 June 2024, June 2024, 2024 or 19 June 2024 14:30: the precision stays visible, in any
    locale. Dates before year 1 read as the app shows them (5410 BCE, 13.8 billion years ago)."""
    if date.year < 1:
        return date.label
    if date.precision is Precision.YEAR:
        return str(date.year)
    month = _MONTHS[(date.month or 1) - 1]
    if date.precision is Precision.MONTH:
        return f"{month} {date.year}"
    day = f"{date.day} {month} {date.year}"
    return f"{day} {date.time_label}" if date.time_label else day


def human_range(event: Event) -> str:
    text = human_date(event.start)
    if event.end is not None and event.end != event.start:
        text = f"{text} – {human_date(event.end)}"
    return f"c. {text}" if event.approximate else text


def actor_label(store: EventStore, actor_id: str, role: str | None) -> str:
    name = store.actor_name(actor_id)
    return f"{name} ({role})" if role else name


def citations(store: EventStore, event: Event) -> Iterator[tuple[Source | None, str, str]]:
    """Each citation as (source or None when unknown, source id, quote)."""
    for citation in event.citations:
        yield store.sources.get(citation.source), citation.source, citation.quote


def safe_url(source: Source | None) -> str | None:
    """A source's URL when it is plainly http(s), the only kind an export makes a link of."""
    if source is None or source.url is None:
        return None
    url = str(source.url)
    return url if re.fullmatch(r"https?://[^\s<>\"'`\\]+", url) else None
