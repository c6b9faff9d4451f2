"""Moving annotations between machines: one JSON file out, merged back in.

The file holds a dataset's stars, notes, tags and saved views (not the session: that is where
one person left off). Its JSON Schema is generated from the models below (``schema()``).

Import merges and never removes anything, all in one transaction (a failed import changes
nothing): an imported star stars, imported tags are added, and an imported view is added, or
kept under "NAME (imported)" when a different view has its name. An imported note for an event
that has one locally is merged by notes.merge_note_texts: both texts are kept, the imported one
under a marker line naming the file, and importing the same file again changes nothing.
Annotations of events the opened dataset does not have are imported all the same (kept, as the
store keeps vanished ones) and counted in the summary.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tui.core.annotations import db
from tui.core.annotations.notes import normalized_tag
from tui.core.annotations.store import DatasetAnnotations
from tui.core.annotations.views import ViewState, view_from_json, view_json
from tui.core.atomic import write_text_atomic
from tui.core.importers.ours import validation_problem
from tui.core.jsonfile import JsonError, JsonLocator, parse_json, read_json_text
from tui.core.problems import LoadError, Problem

FORMAT: Literal["timeline-explorer-annotations"] = "timeline-explorer-annotations"
MAX_FILE_BYTES = 64 * 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventRecord(_Strict):
    id: str = Field(min_length=1, description="the event's id in the dataset")
    starred: bool = False
    note: str = ""
    tags: list[str] = Field(default_factory=list)

    @field_validator("tags")
    @classmethod
    def _tags_not_empty(cls, tags: list[str]) -> list[str]:
        return [normalized_tag(tag) for tag in tags]  # ValueError: "a tag cannot be empty"


class DatasetRecord(_Strict):
    name: str
    event_count: int = Field(ge=0, description="events in the dataset when exported")


class AnnotationsFile(_Strict):
    """Stars, notes, tags and saved views of one dataset."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: str | None = Field(default=None, alias="$schema")
    format: Literal["timeline-explorer-annotations"]
    version: Literal[1]
    dataset: DatasetRecord
    exported_at: str
    events: list[EventRecord] = Field(default_factory=list)
    views: dict[str, ViewState] = Field(default_factory=dict)


def schema() -> dict[str, Any]:
    return AnnotationsFile.model_json_schema(by_alias=True)


def export_document(annotations: DatasetAnnotations, event_count: int) -> AnnotationsFile:
    stars, notes = annotations.starred_ids(), annotations.notes()
    records = [
        EventRecord(
            id=event_id,
            starred=event_id in stars,
            note=notes.get(event_id, ""),
            tags=list(annotations.tags_of(event_id)),
        )
        for event_id in annotations.annotated_ids()
    ]
    views = {name: ViewState.model_validate(s) for name, s in annotations.views().items()}
    return AnnotationsFile(
        format=FORMAT,
        version=1,
        dataset=DatasetRecord(name=annotations.name, event_count=event_count),
        exported_at=db.now(),
        events=records,
        views=views,
    )


def export_annotations(
    annotations: DatasetAnnotations,
    path: Path,
    event_count: int,
    protected: Iterable[Path] = (),
) -> AnnotationsFile:
    """Write the dataset's annotations to path atomically; never over a protected (input) file."""
    target = path.resolve()
    for other in protected:
        if other.resolve() == target:
            raise ValueError(f"{path}: refusing to write over an input file")
    document = export_document(annotations, event_count)
    text = json.dumps(document.model_dump(mode="json", by_alias=True, exclude_none=True), indent=2)
    write_text_atomic(path, text + "\n")
    return document


def read_annotations_file(path: Path) -> AnnotationsFile:
    """The file's contents, or LoadError with every problem (file:line:column: field: what)."""
    try:
        text = read_json_text(path, MAX_FILE_BYTES)
        document = parse_json(text)
    except OSError as error:
        raise LoadError([Problem(path, f"cannot read: {error.strerror or error}")]) from None
    except JsonError as error:
        raise LoadError([Problem(path, error.message, error.line, error.column)]) from None
    try:
        parsed = AnnotationsFile.model_validate(document)
    except ValidationError as error:
        locator = JsonLocator(text)
        problems = [validation_problem(path, locator, d) for d in error.errors()[:50]]
        raise LoadError(problems) from None
    duplicates = _duplicate_ids(parsed)
    if duplicates:
        locator = JsonLocator(text)
        raise LoadError(
            Problem(
                path,
                f"event {event_id!r} appears twice",
                *locator.locate(f"/events/{i}/id"),
                f"events[{i}].id",
            )
            for i, event_id in duplicates[:50]
        )
    return parsed


def _duplicate_ids(document: AnnotationsFile) -> list[tuple[int, str]]:
    seen: set[str] = set()
    duplicates = []
    for index, record in enumerate(document.events):
        if record.id in seen:
            duplicates.append((index, record.id))
        seen.add(record.id)
    return duplicates


@dataclass
class ImportSummary:
    stars_added: int = 0
    tags_added: int = 0
    notes_added: int = 0  # events that had no note
    notes_merged: int = 0  # events whose note now holds both texts
    views_added: list[str] = field(default_factory=list)  # the names stored
    not_in_dataset: list[str] = field(default_factory=list)  # imported, kept, not shown


def import_annotations(
    annotations: DatasetAnnotations,
    document: AnnotationsFile,
    origin: str,
    contains: Callable[[str], bool] | None = None,
) -> ImportSummary:
    """Merge the document in by the rule in the module docstring; ``origin`` names the file."""
    summary = ImportSummary()
    marker = f"imported from {origin}, exported {document.exported_at[:16].replace('T', ' ')} UTC"
    stamp, key = db.now(), annotations.key
    with annotations.transaction() as connection:
        for record in document.events:
            if contains is not None and not contains(record.id):
                summary.not_in_dataset.append(record.id)
            if record.starred:
                summary.stars_added += connection.execute(
                    "INSERT OR IGNORE INTO stars VALUES (?, ?, ?)", (key, record.id, stamp)
                ).rowcount
            for tag in record.tags:
                summary.tags_added += connection.execute(
                    "INSERT OR IGNORE INTO tags VALUES (?, ?, ?)", (key, record.id, tag)
                ).rowcount
            if record.note.strip():
                before = annotations.note_in(connection, record.id)
                saved = annotations.merge_note(connection, record.id, record.note, -1, marker)
                if not before.strip():
                    summary.notes_added += 1
                elif saved.text != before:
                    summary.notes_merged += 1
        stored = {
            str(name): str(state)
            for name, state in connection.execute(
                "SELECT name, state FROM views WHERE dataset = ?", (key,)
            )
        }
        for name, state in document.views.items():
            text = view_json(state)
            target = _view_name(name, text, stored)
            if target is not None:
                connection.execute(
                    "INSERT INTO views VALUES (?, ?, ?, ?)", (key, target, text, stamp)
                )
                stored[target] = text
                summary.views_added.append(target)
    return summary


def _view_name(name: str, text: str, stored: dict[str, str]) -> str | None:
    """Where an imported view goes: its name, or "NAME (imported[ N])"; None if already there."""
    candidates = [name, f"{name} (imported)", *(f"{name} (imported {n})" for n in range(2, 1000))]
    for candidate in candidates:
        if candidate not in stored:
            return candidate
        if view_from_json(stored[candidate]) == view_from_json(text):
            return None
    raise ValueError(f"too many views named {name!r}")
