"""Our own JSON format: a data file holding the events and only what they refer to.

Loading the file gives back equal models: ours → JSON → ours is the identity.

Given the analyst's marks, each marked event carries them in its ``analyst`` object (starred,
tags, note), which loading keeps: opening the export and exporting it again loses none (an
event's marks: ``marks.marks_of``).

The file lists actors, concerns and sources before the events, but which ones are referenced
is known only once every event has been seen: the events' JSON is spooled to a temporary file
as it is made, and copied into place after the header.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from tui.core.columns import Rows
from tui.core.exporters import _stream
from tui.core.exporters._common import ReferenceIds, distinct_rows, dumps_json
from tui.core.exporters._stream import JsonList, Piece, event_batches, joined
from tui.core.exporters.marks import ExportMarks, marks_of
from tui.core.model import SCHEMA_FILE_NAME, DataFile, Event
from tui.core.store import EventStore

_COPY_CHARS = 1 << 16  # copied in small pieces: the spool may be hundreds of MB


def _header(store: EventStore, ids: ReferenceIds, description: str) -> dict[str, Any]:
    """The data file without its events, as the JSON document holds it."""
    refs = ids.resolve(store)
    document = DataFile(
        name=store.name,
        description=description,
        actors=refs.actors,
        concerns=refs.concerns,
        sources=refs.sources,
    )
    # "$schema" is an alias the constructor's signature does not take by its field name.
    document = document.model_copy(update={"schema_": f"./{SCHEMA_FILE_NAME}"})
    return document.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def with_marks(event: Event, marks: ExportMarks | None) -> Event:
    """The event carrying its marks (``marks_of``) as its ``analyst`` object."""
    found = marks_of(event, marks)
    return event if found is event.analyst else event.model_copy(update={"analyst": found})


@runtime_checkable
class JsonEvents(Protocol):
    """An events column that gives some rows' events (ascending) as our JSON holds them, the
    dicts of ``Event.model_dump(mode="json", by_alias=True, exclude_defaults=True)``, made
    from its columns: no model per row."""

    def json_events(self, rows: Rows) -> list[dict[str, Any]]: ...


def dumped_batches(
    store: EventStore, ordered: Rows, marks: ExportMarks | None
) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """The events as our JSON holds them, with their marks, a batch at a time."""
    events = store.events
    if not isinstance(events, JsonEvents):
        for batch, done in event_batches(store, ordered):
            yield [_dumped(with_marks(e, marks)) for e in batch], done
        return
    size = _stream.BATCH_ROWS
    for start in range(0, len(ordered), size):
        part = ordered[start : start + size]
        dumped = events.json_events(part)
        if marks is not None and not marks.empty:
            for event in dumped:
                found = marks.of(event["id"])
                if found is not None:  # an event made from columns was loaded with none
                    event["analyst"] = found.model_dump(mode="json", exclude_defaults=True)
        yield dumped, start + len(part)


def _dumped(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def json_pieces(
    store: EventStore, ordered: Rows, description: str = "", marks: ExportMarks | None = None
) -> Iterator[Piece]:
    """Our JSON of the (distinct, ascending) rows; the events are written last, in order."""
    ids = ReferenceIds()
    if len(ordered) == 0:
        yield dumps_json(_header(store, ids, description)), 0
        return
    items = JsonList()
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        for dumped, done in dumped_batches(store, ordered, marks):
            ids.add_dumped(dumped)
            spool.write(items.items(dumped))
            yield "", done
        head, tail = JsonList.split(_header(store, ids, description), "events")
        yield head, len(ordered)
        spool.seek(0)
        while text := spool.read(_COPY_CHARS):
            yield text, len(ordered)
    yield tail, len(ordered)


def to_json(
    store: EventStore,
    rows: Rows | Iterable[int],
    description: str = "",
    marks: ExportMarks | None = None,
) -> str:
    return joined(json_pieces(store, distinct_rows(rows), description, marks))
