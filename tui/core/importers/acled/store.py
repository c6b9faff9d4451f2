"""The event store over an ACLED import's prepared columns (fresh or from the cache)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from tui.core.columns import RaggedColumn
from tui.core.dates import PartialDate
from tui.core.exporters.brief_fields import BriefBatch, EventsWithColumns
from tui.core.importers.acled.layout import ROLES
from tui.core.importers.columns import (
    KIND_LABELS,
    FrameText,
    LazySources,
    StringColumn,
    columnar_store,
)
from tui.core.importers.ids import unique_ids
from tui.core.importers.prepared import Prepared
from tui.core.importers.stored_strings import StoredStrings, plan_strings
from tui.core.model import Actor, ActorKind, Citation, Concern, Event, EventKind, Participant, Place
from tui.core.store import EventStore

if TYPE_CHECKING:
    import polars as pl

    from tui.core.columns import Rows
    from tui.core.importers.acled.csv_cells import AcledCsvCells
    from tui.core.importers.acled.json_events import AcledJsonEvents


def build(prepared: Prepared) -> EventStore:
    """The store over the prepared arrays: nothing here is per row (or per value) in Python."""
    labels, arrays = prepared.labels, prepared.arrays
    start_keys = arrays["start_key"]
    rows = len(start_keys)
    actor_names = labels["actor"]
    actor_ids = unique_ids("acled", actor_names)
    actors = {
        actor_id: Actor(id=actor_id, name=name, kind=ActorKind(kind), country=country or None)
        for actor_id, name, kind, country in zip(
            actor_ids, actor_names, labels["actor_kind"], labels["actor_country"], strict=True
        )
    }
    actor_column = RaggedColumn(arrays["actor_offsets"], arrays["actor_values"], actor_ids)
    actor_offsets, actor_roles = arrays["actor_offsets"], arrays["actor_roles"]
    country_labels = labels["country"]
    event_countries = set(labels["iso3"])
    countries = RaggedColumn(
        arrays["country_offsets"],
        arrays["country_values"],
        country_labels,
        index=(arrays["country_starts"], arrays["country_rows"]),
    )
    concern_labels = labels["disorder_type"]
    concern_ids = unique_ids("acled", concern_labels)
    concerns = {
        cid: Concern(id=cid, label=label, description="ACLED disorder type")
        for cid, label in zip(concern_ids, concern_labels, strict=True)
        if label
    }
    concern_column = RaggedColumn(arrays["concern_offsets"], arrays["concern_values"], concern_ids)

    actor1, actor2 = arrays["actor1"], arrays["actor2"]
    event_type, sub_type = arrays["event_type"], arrays["sub_event_type"]
    kind_codes = arrays["kind"]
    location, admin1, source = arrays["location"], arrays["admin1"], arrays["source"]
    event_country = arrays["event_country"]
    file_row = arrays["file_row"]
    ids = prepared.strings("id")  # in file order, like notes: row r is file row file_row[r]
    notes = prepared.strings("notes")
    if isinstance(notes, StoredStrings):
        notes.preload()  # read for text search while the user looks at the first screen
    fatalities = arrays["fatalities"]
    approximate = arrays["approximate"]
    sources = LazySources("acled-source:", labels["source"])
    type_labels, sub_labels = labels["event_type"], labels["sub_event_type"]
    location_labels, admin_labels = labels["location"], labels["admin1"]

    def label(table: Sequence[str], code: int) -> str:
        return table[code] if code >= 0 else ""

    def title(row: int) -> str:
        parts = [actor_names[actor1[row]]]
        if actor2[row] >= 0:
            parts.append(actor_names[actor2[row]])
        kind = label(sub_labels, sub_type[row]) or label(type_labels, event_type[row])
        text = f"{kind}: {' – '.join(parts)}"
        place = label(location_labels, location[row])
        return f"{text}, {place}" if place else text

    def event(row: int) -> Event:
        key = int(start_keys[row])
        roles = actor_roles[actor_offsets[row] : actor_offsets[row + 1]]
        participants = [
            Participant(actor=actor_id, role=ROLES[int(role)])
            for actor_id, role in zip(actor_column[row], roles, strict=True)
        ]
        place_name = ", ".join(
            p
            for p in (label(location_labels, location[row]), label(admin_labels, admin1[row]))
            if p
        )
        code = country_labels[event_country[row]] if event_country[row] >= 0 else None
        place_country = code if code in event_countries else None
        places = (
            [Place(country=place_country, name=place_name or None)]
            if (place_country or place_name)
            else []
        )
        dead = int(fatalities[row])
        tags = [label(type_labels, event_type[row]), label(sub_labels, sub_type[row])]
        if dead >= 0:
            tags.append(f"{dead} fatalities")
        citations = [Citation(source=sources.key(int(source[row])))] if source[row] >= 0 else []
        in_file = int(file_row[row])
        return Event(
            id=str(ids[in_file]),
            title=title(row),
            summary=str(notes[in_file] or ""),
            start=PartialDate.from_key(key),
            approximate=bool(approximate[row]),
            kind=EventKind(KIND_LABELS[kind_codes[row]]),
            actors=participants,
            concerns=list(concern_column[row]),
            places=places,
            citations=citations,
            tags=[t for t in tags if t],
        )

    text = FrameText(
        rows,
        [notes],
        file_row,
        [
            (actor_column, None, actor_names),
            (None, location, location_labels),
            (None, admin1, admin_labels),
            (None, sub_type, sub_labels),
            (None, event_type, type_labels),
        ],
    )
    store = columnar_store(
        prepared.name,
        ids=StringColumn(ids, file_row),
        kind_codes=kind_codes,
        start_keys=start_keys,
        approximate=approximate,
        countries=countries,
        actors=(actors, actor_column),
        concerns=(concerns, concern_column),
        text=text,
        made_when_shown=(title, event),
        sources=sources,
    )

    # A CSV export of an import writes its cells from these columns, never a model per row.
    # Their tables are made at the first export, not at every open.
    @cache
    def csv_cells() -> AcledCsvCells:
        from tui.core.importers.acled.csv_cells import AcledCsvCells

        return AcledCsvCells(prepared, store)

    def cells(rows: Rows) -> pl.DataFrame:
        return csv_cells()(rows)

    # So do the Markdown brief and our JSON, from the fields they write of each event.
    @cache
    def event_fields() -> AcledJsonEvents:
        from tui.core.importers.acled.json_events import AcledJsonEvents

        return AcledJsonEvents(prepared, store, sources.key)

    def brief(rows: Rows) -> BriefBatch:
        return event_fields()(rows)

    def dumped(rows: Rows) -> list[dict[str, Any]]:
        return event_fields().json_events(rows)

    def plan(rows: Rows) -> None:
        in_file = file_row[rows]
        plan_strings(ids, in_file)
        plan_strings(notes, in_file)

    store.events = EventsWithColumns(len(store), event, cells, brief, dumped, plan)
    return store
