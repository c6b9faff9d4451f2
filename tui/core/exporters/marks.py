"""The analyst's marks (stars, tags, notes) as an export writes them: a read-only snapshot.

An export reads the annotations once, before it writes anything (:func:`snapshot`): the writer
may run on a worker thread for a long time, and then reads no SQLite, and the file holds the
marks as they were when the export started, whatever is edited meanwhile.

An event's marks are those in the store or, for an event the store has none for, those it was
loaded with (an export of ours opened again carries them: ``Event.analyst``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Protocol

from tui.core.model import AnalystMarks, Event


class Annotations(Protocol):
    """What a snapshot reads (tui.core.annotations.DatasetAnnotations answers it)."""

    def starred_ids(self) -> Set[str]: ...
    def notes(self) -> Mapping[str, str]: ...
    def tag_counts(self) -> list[tuple[str, int]]: ...
    def tagged_ids(self, tag: str) -> Set[str]: ...


@dataclass(frozen=True)
class ExportMarks:
    """Starred ids, notes by id and tags by id (each event's tags sorted)."""

    starred: frozenset[str] = frozenset()
    notes: Mapping[str, str] = field(default_factory=dict)
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when the dataset has no star, note or tag at all."""
        return not (self.starred or self.notes or self.tags)

    def of(self, event_id: str) -> AnalystMarks | None:
        """The event's marks, or None when it has none."""
        starred = event_id in self.starred
        note = self.notes.get(event_id, "")
        tags = self.tags.get(event_id, ())
        if not (starred or note or tags):
            return None
        return AnalystMarks(starred=starred, tags=list(tags), note=note)


def marks_of(event: Event, marks: ExportMarks | None) -> AnalystMarks | None:
    """The event's marks by the rule in the module docstring; None when it has none."""
    found = marks.of(event.id) if marks is not None else None
    return found if found is not None else event.analyst


def snapshot(annotations: Annotations | ExportMarks | None) -> ExportMarks | None:
    """The marks as they are now (a snapshot is returned as it is; None stays None), or
    ExportError when the annotations store cannot be read."""
    if annotations is None or isinstance(annotations, ExportMarks):
        return annotations
    by_event: dict[str, list[str]] = {}
    try:
        for tag, _ in sorted(annotations.tag_counts()):
            for event_id in annotations.tagged_ids(tag):
                by_event.setdefault(event_id, []).append(tag)
        notes = {event_id: text for event_id, text in annotations.notes().items() if text.strip()}
        starred = frozenset(annotations.starred_ids())
    except sqlite3.Error as error:
        from tui.core.exporters import ExportError

        raise ExportError(f"cannot read the stars, notes and tags: {error}") from error
    return ExportMarks(
        starred=starred,
        notes=notes,
        tags={event_id: tuple(tags) for event_id, tags in by_event.items()},
    )
