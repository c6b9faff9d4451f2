"""Our own JSON format: a data file holding the events and only what they refer to.

Loading the file gives back equal models: ours → JSON → ours is the identity.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.core.columns import Rows
from tui.core.exporters._common import dumps_json, referenced, view_events
from tui.core.model import SCHEMA_FILE_NAME, DataFile
from tui.core.store import EventStore


def data_file(store: EventStore, rows: Rows | Iterable[int], description: str = "") -> DataFile:
    events = list(view_events(store, rows))  # the model holds them all anyway
    refs = referenced(store, events)
    document = DataFile(
        name=store.name,
        description=description,
        actors=refs.actors,
        concerns=refs.concerns,
        sources=refs.sources,
        events=events,
    )
    # "$schema" is an alias the constructor's signature does not take by its field name.
    return document.model_copy(update={"schema_": f"./{SCHEMA_FILE_NAME}"})


def to_json(store: EventStore, rows: Rows | Iterable[int], description: str = "") -> str:
    document = data_file(store, rows, description).model_dump(
        mode="json", by_alias=True, exclude_defaults=True
    )
    return dumps_json(document)
