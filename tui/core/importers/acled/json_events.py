"""An ACLED import's events as our JSON holds them, from its arrays: what the JSON export
writes, a batch at a time, with no model made per row.

Each dict is what ``Event.model_dump(mode="json", by_alias=True, exclude_defaults=True)`` gives
for the row's model (see ``event`` in :mod:`.store`): its keys in the model's order, a field
left out when it holds its default, strings trimmed as the model trims them. The parts the
brief also writes (ids, titles, notes, actors) come from :class:`AcledBriefEvents`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import polars as pl

from tui.core.columns import Rows
from tui.core.dates import PartialDate
from tui.core.importers.acled.brief_fields import AcledBriefEvents
from tui.core.importers.columns import KIND_LABELS
from tui.core.importers.stored_strings import whole_series
from tui.core.model import MODEL_WHITESPACE


class AcledJsonEvents(AcledBriefEvents):
    """``json_events(rows)``: the events of some rows (ascending) as our JSON's dicts."""

    def json_events(self, rows: Rows) -> list[dict[str, Any]]:
        arrays = self._arrays
        file_row = arrays["file_row"][rows]
        ids = whole_series(self._ids).gather(file_row).cast(pl.String).to_list()
        notes = whole_series(self._notes).gather(file_row).cast(pl.String).fill_null("")
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
                event["actors"] = [{"actor": a, "role": role} for a, role in actors[i]]
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
        return [list(column[int(row)]) for row in rows]

    def _place_dicts(self, rows: Rows) -> list[dict[str, str] | None]:
        """The row's place as the model dumps it: its country (an ISO code of the file's)
        and its name ("location, admin1", trimmed), each when it has one; None for none."""
        arrays = self._arrays
        countries = [self._place_country[c] for c in arrays["event_country"][rows].tolist()]
        locations = arrays["location"][rows].tolist()
        admins = arrays["admin1"][rows].tolist()
        places: list[dict[str, str] | None] = []
        for country, location, admin in zip(countries, locations, admins, strict=True):
            name = ", ".join(p for p in (self._locations[location], self._admin1[admin]) if p)
            if not (country or name):
                places.append(None)
                continue
            place = {"country": country} if country is not None else {}
            if name:  # the model's name=name or None: an empty name is no name
                place["name"] = name.strip(MODEL_WHITESPACE)
            places.append(place)
        return places

    def _tags(self, rows: Rows) -> list[list[str]]:
        """The event type, the sub-event type and "N fatalities" (when known), each given."""
        arrays = self._arrays
        types = [self._type_labels[c] for c in arrays["event_type"][rows].tolist()]
        subs = [self._sub_labels[c] for c in arrays["sub_event_type"][rows].tolist()]
        dead = arrays["fatalities"][rows].tolist()
        return [
            [t.strip(MODEL_WHITESPACE) for t in (kind, sub) if t]
            + ([f"{count} fatalities"] if count >= 0 else [])
            for kind, sub, count in zip(types, subs, dead, strict=True)
        ]


@lru_cache(maxsize=1 << 16)  # a view has few distinct days, and each is made once
def _start(key: int) -> str:
    """A start key as the model dumps its date."""
    return str(PartialDate.from_key(key))
