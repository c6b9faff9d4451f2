"""What every export format shares: the events of a view, the records they refer to, and
JSON that carries data exactly without putting a control character in the file."""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from tui.core.columns import Rows
from tui.core.dates import PartialDate, Precision
from tui.core.model import Actor, Concern, Event, Source
from tui.core.store import EventStore
from tui.core.textsafe import BIDI_CONTROLS, C1_CONTROLS, LINE_SEPARATORS

# json.dumps already escapes C0 controls; with ensure_ascii=False it would write DEL, C1
# controls, bidi overrides and line separators raw, so those are escaped here too.
_JSON_UNSAFE = re.compile(f"[{C1_CONTROLS}{BIDI_CONTROLS}{LINE_SEPARATORS}]")

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


def distinct_rows(rows: Rows | Iterable[int]) -> Rows:
    """Rows in time order (row numbers are time order), each once: a view may repeat one."""
    given = rows if isinstance(rows, np.ndarray) else np.asarray(list(rows), np.int64)
    given = given.astype(np.int64, copy=False)
    # A view's rows are nearly always ascending already: one pass instead of a sort (1.2 s at 1M).
    if len(given) < 2 or bool(np.all(given[1:] > given[:-1])):
        return given
    return np.unique(given)


@dataclass(frozen=True)
class Referenced:
    """The actors, concerns and sources some events refer to, in the store's own order."""

    actors: list[Actor]
    concerns: list[Concern]
    sources: list[Source]


class ReferenceIds:
    """The ids of the actors, concerns and sources that events refer to, gathered as the
    events stream past (a batch at a time)."""

    def __init__(self) -> None:
        self.actors: set[str] = set()
        self.concerns: set[str] = set()
        self.sources: set[str] = set()

    def add(self, events: Iterable[Event]) -> None:
        for event in events:
            self.actors.update(p.actor for p in event.actors)
            self.concerns.update(event.concerns)
            self.sources.update(c.source for c in event.citations)

    def add_dumped(self, events: Iterable[Mapping[str, Any]]) -> None:
        """As add, for events as our JSON holds them (Event.model_dump's dicts)."""
        for event in events:
            self.actors.update(p["actor"] for p in event.get("actors", ()))
            self.concerns.update(event.get("concerns", ()))
            self.sources.update(c["source"] for c in event.get("citations", ()))

    def resolve(self, store: EventStore) -> Referenced:
        """The referenced records, in the store's own order."""
        return Referenced(
            actors=[a for key, a in store.actors.items() if key in self.actors],
            concerns=[c for key, c in store.concerns.items() if key in self.concerns],
            sources=[s for key, s in store.sources.items() if key in self.sources],
        )


def referenced(store: EventStore, events: Iterable[Event]) -> Referenced:
    ids = ReferenceIds()
    ids.add(events)
    return ids.resolve(store)


def dumps_json(document: object) -> str:
    """Readable UTF-8 JSON in which every control or bidi character is a \\u escape."""
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def json_safe(text: str) -> str:
    """JSON text with the characters json.dumps leaves raw (see _JSON_UNSAFE) escaped."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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


def human_range(start: PartialDate, end: PartialDate | None, approximate: bool) -> str:
    """An event's dates in words (19 – 20 June 2024 reads "19 June 2024 – 20 June 2024")."""
    text = human_date(start)
    if end is not None and end != start:
        text = f"{text} – {human_date(end)}"
    return f"c. {text}" if approximate else text


def actor_label(store: EventStore, actor_id: str, role: str | None) -> str:
    name = store.actor_name(actor_id)
    return f"{name} ({role})" if role else name


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class CachedSources:
    """Sources looked up once per brief (an import makes its sources on access)."""

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._found: dict[str, Source | None] = {}

    def __call__(self, source_id: str) -> Source | None:
        if source_id not in self._found:
            self._found[source_id] = self._store.sources.get(source_id)
        return self._found[source_id]


def safe_url(source: Source | None) -> str | None:
    """A source's URL when it is plainly http(s), the only kind an export makes a link of."""
    if source is None or source.url is None:
        return None
    url = str(source.url)
    return url if re.fullmatch(r"https?://[^\s<>\"'`\\]+", url) else None
