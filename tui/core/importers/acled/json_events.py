"""An ACLED import's events as our JSON holds them, from its arrays: what the JSON export
writes, a batch at a time, with no model made per row.

Each dict is what ``Event.model_dump(mode="json", by_alias=True, exclude_defaults=True)`` gives
for the row's model (see ``event`` in :mod:`.store`): its keys in the model's order, a field
left out when it holds its default, strings trimmed as the model trims them. The parts the
brief also writes (ids, titles, notes, actors) come from :class:`AcledBriefEvents`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import polars as pl

from tui.core.columns import Rows
from tui.core.dates import PartialDate
from tui.core.importers.acled.brief_fields import AcledBriefEvents, padded
from tui.core.importers.columns import KIND_LABELS
from tui.core.importers.prepared import Prepared
from tui.core.importers.stored_strings import strings_at
from tui.core.memo import Memo
from tui.core.model import MODEL_WHITESPACE
from tui.core.store import EventStore


class AcledJsonEvents(AcledBriefEvents):
    """``json_events(rows)``: the events of some rows (ascending) as our JSON's dicts.

    The parts that repeat from event to event (actors, place, tags) are made once per
    combination and shared by the dicts that hold them: they are written, never changed."""

    def __init__(
        self, prepared: Prepared, store: EventStore, source_key: Callable[[int], str]
    ) -> None:
        super().__init__(prepared, store, source_key)
        # What our JSON writes besides the brief's fields.
        self._source_key = source_key
        self._concerns = store.columns.concerns
        self._type_labels = padded(prepared.labels["event_type"])
        self._sub_labels = padded(prepared.labels["sub_event_type"])
        self._participants_of = Memo(self._participant_dicts)
        self._place_of = Memo(self._place_dict)
        self._tags_of = Memo(self._tag_list)

    def json_events(self, rows: Rows) -> list[dict[str, Any]]:
        arrays = self._arrays
        file_row = arrays["file_row"][rows]
        ids = strings_at(self._ids, file_row).cast(pl.String).to_list()
        notes = strings_at(self._notes, file_row).cast(pl.String).fill_null("")
        summaries = notes.str.strip_chars(MODEL_WHITESPACE).to_list()
        titles = self._titles(rows).to_list()
        starts = [_start(key) for key in arrays["start_key"][rows].tolist()]
        approximate = arrays["approximate"][rows].tolist()
        kinds = [KIND_LABELS[k] for k in arrays["kind"][rows].tolist()]
        actors = self._actors(rows)
        concerns = self._concern_ids(rows)
        places = self._place_dicts(rows)
        sources = arrays["source"][rows].tolist()
        tags = self._tags(rows)
        events: list[dict[str, Any]] = []
        for i, event_id in enumerate(ids):
            event: dict[str, Any] = {"id": event_id, "title": titles[i]}
            if summaries[i]:
                event["summary"] = summaries[i]
            event["start"] = starts[i]
            if approximate[i]:
                event["approximate"] = True
            event["kind"] = kinds[i]
            if actors[i]:
                event["actors"] = self._participants_of[actors[i]]
            if concerns[i]:
                event["concerns"] = concerns[i]
            if places[i] is not None:
                event["places"] = [places[i]]
            if sources[i] >= 0:
                event["citations"] = [{"source": self._source_key(sources[i])}]
            if tags[i]:
                event["tags"] = tags[i]
            events.append(event)
        return events

    def _concern_ids(self, rows: Rows) -> list[list[str]]:
        column = self._concerns
        starts, ends = column.offsets[rows].tolist(), column.offsets[rows + 1].tolist()
        labels, values = column.labels, column.values
        return [
            [labels[v] for v in values[a:b].tolist()] for a, b in zip(starts, ends, strict=True)
        ]

    def _place_dicts(self, rows: Rows) -> list[dict[str, str] | None]:
        """The row's place as the model dumps it (see _place_dict), made once per place."""
        keys = self._codes(rows, "event_country", "location", "admin1")
        return list(map(self._place_of.__getitem__, keys))

    def _place_dict(self, key: tuple[int, ...]) -> dict[str, str] | None:
        """Its country (an ISO code of the file's) and its name ("location, admin1",
        trimmed), each when it has one; None for neither."""
        country_code, location, admin = key
        country = self._place_country[country_code]
        name = self._place_text(location, admin)
        if not (country or name):
            return None
        place = {"country": country} if country is not None else {}
        if name:  # the model's name=name or None: an empty name is no name
            place["name"] = name.strip(MODEL_WHITESPACE)
        return place

    def _tags(self, rows: Rows) -> list[list[str]]:
        keys = self._codes(rows, "event_type", "sub_event_type", "fatalities")
        return list(map(self._tags_of.__getitem__, keys))

    def _tag_list(self, key: tuple[int, ...]) -> list[str]:
        """The event type, the sub-event type and "N fatalities" (when known), each given."""
        kind, sub, dead = self._type_labels[key[0]], self._sub_labels[key[1]], key[2]
        tags = [t.strip(MODEL_WHITESPACE) for t in (kind, sub) if t]
        return [*tags, f"{dead} fatalities"] if dead >= 0 else tags

    def _codes(self, rows: Rows, *names: str) -> Iterator[tuple[int, ...]]:
        """Each row's codes in these arrays, together (a memo's key)."""
        return zip(*(self._arrays[name][rows].tolist() for name in names), strict=True)

    def _participant_dicts(self, actors: tuple[tuple[str, str | None], ...]) -> list[Any]:
        return [{"actor": a, "role": role} for a, role in actors]


@lru_cache(maxsize=1 << 16)  # a view has few distinct days, and each is made once
def _start(key: int) -> str:
    """A start key as the model dumps its date."""
    return str(PartialDate.from_key(key))
