"""The analyst's own work on a dataset: stars, notes, tags, saved views and the session.

``AnnotationStore`` is the file (see db.py); ``AnnotationStore.dataset(name, ids)`` finds which
stored dataset the opened data is (see identity.py) and returns its ``DatasetAnnotations``,
whose every change is one transaction, committed before the call returns. Changes are made
row by row (a star, a tag, one event's note), so two app instances on the same dataset add to
each other's work; a note saved over text another instance changed meanwhile is merged with it
(see notes.py) rather than replacing it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.annotations import db
from tui.core.annotations.identity import (
    SAMPLE_SIZE,
    DatasetIds,
    IdList,
    KnownDataset,
    Presence,
    best_match,
)
from tui.core.annotations.notes import merge_note_texts, normalized_tag
from tui.core.annotations.views import ViewState, view_from_json, view_json


@dataclass(frozen=True)
class Note:
    text: str  # "" when the event has no note
    revision: int  # what set_note's base_revision should be when this text is edited


@dataclass(frozen=True)
class NoteSaved:
    text: str  # what is stored now
    revision: int
    merged: bool  # another instance had changed the note: both texts are kept


@dataclass(frozen=True)
class EventAnnotations:
    event_id: str
    starred: bool
    note: Note
    tags: tuple[str, ...]


class AnnotationStore:
    """The annotations file; ``damaged`` is set when a damaged file was moved aside.

    db.StoreError when it cannot be used at all (say, unwritable): the app runs without it.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.path = (directory or db.default_directory()) / db.FILE_NAME
        try:
            self._connection, self.damaged = db.open_database(self.path)
        except (OSError, sqlite3.Error) as error:  # not damage: a directory we cannot write
            message = f"cannot open the annotations store {self.path}: {error}"
            raise db.StoreError(message) from error
        self._lock = threading.RLock()  # one connection for the UI and worker threads

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def dataset(
        self,
        name: str,
        event_ids: Sequence[str] | DatasetIds,
        contains: Callable[[str], bool] | None = None,
    ) -> DatasetAnnotations:
        """The annotations of the dataset with these event ids (registered if new).

        ``event_ids`` is best the store itself (``DatasetIds``: it gives its sample and
        answers presence in one batch); a plain sequence of ids works too, with ``contains``
        answering "is this id in the dataset?" when given (else a set of the ids is built).
        """
        ids = event_ids if isinstance(event_ids, DatasetIds) else IdList(event_ids, contains)
        sample = ids.id_sample(SAMPLE_SIZE)
        present = Presence(ids, known_present=sample)
        # The stored samples' ids are asked about in one batch, outside the write transaction
        # (the dataset may be a slow engine); the dataset's own sample needs no asking.
        with self._lock:
            stored = self._known_datasets()
        present.check(i for known in stored for i in known.sample)
        with self._lock, db.write_transaction(self._connection) as connection:
            known = self._known_datasets()
            present.check(i for k in known for i in k.sample)  # one added meanwhile, if any
            match = best_match(known, name, len(ids), present)
            stamp = db.now()
            key = match.key if match else uuid.uuid4().hex
            connection.execute(
                "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE"
                " SET name = excluded.name, sample = excluded.sample,"
                " event_count = excluded.event_count, last_opened = excluded.last_opened",
                (key, name, json.dumps(sample), len(ids), stamp, stamp),
            )
        annotations = DatasetAnnotations(self._connection, self._lock, key, name)
        annotated = annotations.annotated_ids()
        present.check(annotated)  # one more batch, for the ids not asked about yet
        annotations.vanished = tuple(i for i in annotated if not present(i))
        return annotations

    def _known_datasets(self) -> list[KnownDataset]:
        return [
            KnownDataset(key, known_name, tuple(json.loads(stored)), count, last)
            for key, known_name, stored, count, last in self._connection.execute(
                "SELECT key, name, sample, event_count, last_opened FROM datasets"
            )
        ]


class DatasetAnnotations:
    """One dataset's annotations. ``vanished``: annotated ids not in the data as opened."""

    def __init__(
        self, connection: sqlite3.Connection, lock: threading.RLock, key: str, name: str
    ) -> None:
        self._connection = connection
        self._lock = lock
        self.key = key
        self.name = name
        self.vanished: tuple[str, ...] = ()

    def _read(self, sql: str, *args: Any) -> list[Any]:
        with self._lock:
            return self._connection.execute(sql, (self.key, *args)).fetchall()

    def _ids(self, sql: str, *args: Any) -> set[str]:
        return {str(row[0]) for row in self._read(sql, *args)}

    # -- stars ------------------------------------------------------------------------------

    def set_star(self, event_id: str, starred: bool = True) -> None:
        with self._lock, db.write_transaction(self._connection) as connection:
            if starred:
                connection.execute(
                    "INSERT OR IGNORE INTO stars VALUES (?, ?, ?)", (self.key, event_id, db.now())
                )
            else:
                connection.execute(
                    "DELETE FROM stars WHERE dataset = ? AND event_id = ?", (self.key, event_id)
                )

    def toggle_star(self, event_id: str) -> bool:
        """Flip the star in one transaction; whether the event is starred now."""
        with self._lock, db.write_transaction(self._connection) as connection:
            removed = connection.execute(
                "DELETE FROM stars WHERE dataset = ? AND event_id = ?", (self.key, event_id)
            ).rowcount
            if not removed:
                connection.execute(
                    "INSERT INTO stars VALUES (?, ?, ?)", (self.key, event_id, db.now())
                )
            return not removed

    def starred_ids(self) -> set[str]:
        return self._ids("SELECT event_id FROM stars WHERE dataset = ?")

    # -- notes ------------------------------------------------------------------------------

    def note(self, event_id: str) -> Note:
        rows = self._read(
            "SELECT body, revision FROM notes WHERE dataset = ? AND event_id = ?", event_id
        )
        return Note(str(rows[0][0]), int(rows[0][1])) if rows else Note("", 0)

    def set_note(
        self, event_id: str, text: str, base_revision: int, origin: str | None = None
    ) -> NoteSaved:
        """Save the note edited from ``base_revision`` ("" clears it).

        If the stored revision moved on meanwhile (another instance saved), the two texts are
        merged by notes.merge_note_texts, ``origin`` naming the incoming one in the marker.
        """
        with self.transaction() as connection:
            return self.merge_note(connection, event_id, text, base_revision, origin)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change of several parts (an import), under the write lock."""
        with self._lock, db.write_transaction(self._connection) as connection:
            yield connection

    def note_in(self, connection: sqlite3.Connection, event_id: str) -> str:
        row = connection.execute(
            "SELECT body FROM notes WHERE dataset = ? AND event_id = ?", (self.key, event_id)
        ).fetchone()
        return str(row[0]) if row else ""

    def merge_note(
        self,
        connection: sqlite3.Connection,
        event_id: str,
        text: str,
        base_revision: int,
        origin: str | None,
    ) -> NoteSaved:
        """set_note's work inside a transaction the caller holds (base -1: always merge)."""
        if not text.strip():
            text = ""  # only blank space is no note (the editor may leave a newline)
        row = connection.execute(
            "SELECT body, revision FROM notes WHERE dataset = ? AND event_id = ?",
            (self.key, event_id),
        ).fetchone()
        current, revision = (str(row[0]), int(row[1])) if row else ("", 0)
        merged = revision != base_revision and current.strip() != "" and text != current
        if merged:
            when = db.now()[:16].replace("T", " ")
            text = merge_note_texts(current, text, origin or f"also written elsewhere, {when} UTC")
        if text == current:
            return NoteSaved(current, revision, merged)
        self._replace_note(connection, event_id, current, revision, text)
        return NoteSaved(text, revision + 1, merged)

    def _replace_note(
        self, connection: sqlite3.Connection, event_id: str, old: str, revision: int, new: str
    ) -> None:
        stamp = db.now()
        if old:
            connection.execute(
                "INSERT INTO note_history VALUES (?, ?, ?, ?, ?)",
                (self.key, event_id, old, revision, stamp),
            )
        # An empty body stays as a row so revisions only grow (a re-created note cannot be
        # mistaken for the one an editor started from).
        connection.execute(
            "INSERT INTO notes VALUES (?, ?, ?, ?, ?) ON CONFLICT (dataset, event_id) DO UPDATE"
            " SET body = excluded.body, revision = excluded.revision,"
            " updated_at = excluded.updated_at",
            (self.key, event_id, new, revision + 1, stamp),
        )

    def note_history(self, event_id: str) -> list[tuple[int, str]]:
        """Every text this event's note had before (revision, text), oldest first."""
        rows = self._read(
            "SELECT revision, body FROM note_history WHERE dataset = ? AND event_id = ?"
            " ORDER BY rowid",
            event_id,
        )
        return [(int(revision), str(body)) for revision, body in rows]

    def noted_ids(self) -> set[str]:
        return self._ids("SELECT event_id FROM notes WHERE dataset = ? AND body != ''")

    def search_notes(self, needle: str) -> set[str]:
        """Events whose note contains the text (case-insensitive, as the timeline's search)."""
        folded = needle.casefold()
        rows = self._read("SELECT event_id, body FROM notes WHERE dataset = ? AND body != ''")
        return {str(event_id) for event_id, body in rows if folded in str(body).casefold()}

    def notes(self) -> dict[str, str]:
        rows = self._read("SELECT event_id, body FROM notes WHERE dataset = ? AND body != ''")
        return {str(event_id): str(body) for event_id, body in rows}

    # -- tags -------------------------------------------------------------------------------

    def add_tag(self, event_id: str, tag: str) -> str:
        """Tag the event; the tag as stored (see notes.normalized_tag)."""
        tag = normalized_tag(tag)
        with self._lock, db.write_transaction(self._connection) as connection:
            connection.execute(
                "INSERT OR IGNORE INTO tags VALUES (?, ?, ?)", (self.key, event_id, tag)
            )
        return tag

    def remove_tag(self, event_id: str, tag: str) -> None:
        with self._lock, db.write_transaction(self._connection) as connection:
            connection.execute(
                "DELETE FROM tags WHERE dataset = ? AND event_id = ? AND tag = ?",
                (self.key, event_id, normalized_tag(tag)),
            )

    def tags_of(self, event_id: str) -> tuple[str, ...]:
        rows = self._read(
            "SELECT tag FROM tags WHERE dataset = ? AND event_id = ? ORDER BY tag", event_id
        )
        return tuple(str(row[0]) for row in rows)

    def tagged_ids(self, tag: str) -> set[str]:
        return self._ids(
            "SELECT event_id FROM tags WHERE dataset = ? AND tag = ?", normalized_tag(tag)
        )

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag in use with its number of events, most used first (for suggestions)."""
        rows = self._read(
            "SELECT tag, count(*) AS uses FROM tags WHERE dataset = ? GROUP BY tag"
            " ORDER BY uses DESC, tag"
        )
        return [(str(tag), int(uses)) for tag, uses in rows]

    # -- per event and all ------------------------------------------------------------------

    def annotations_of(self, event_id: str) -> EventAnnotations:
        return EventAnnotations(
            event_id,
            bool(self._read("SELECT 1 FROM stars WHERE dataset = ? AND event_id = ?", event_id)),
            self.note(event_id),
            self.tags_of(event_id),
        )

    def annotated_ids(self) -> list[str]:
        """Every event id with a star, a note or a tag, sorted."""
        return sorted(
            self.starred_ids()
            | self.noted_ids()
            | self._ids("SELECT DISTINCT event_id FROM tags WHERE dataset = ?")
        )

    # -- saved views and the session --------------------------------------------------------

    def save_view(self, name: str, state: Mapping[str, Any] | ViewState) -> None:
        """Save (or replace) the named view; views.ViewError if the state is not valid."""
        text = view_json(state)
        with self._lock, db.write_transaction(self._connection) as connection:
            connection.execute(
                "INSERT INTO views VALUES (?, ?, ?, ?) ON CONFLICT (dataset, name) DO UPDATE"
                " SET state = excluded.state, updated_at = excluded.updated_at",
                (self.key, name, text, db.now()),
            )

    def delete_view(self, name: str) -> None:
        with self._lock, db.write_transaction(self._connection) as connection:
            connection.execute("DELETE FROM views WHERE dataset = ? AND name = ?", (self.key, name))

    def views(self) -> dict[str, dict[str, Any]]:
        rows = self._read("SELECT name, state FROM views WHERE dataset = ? ORDER BY name")
        return {str(name): view_from_json(str(state)) for name, state in rows}

    def view(self, name: str) -> dict[str, Any] | None:
        return self.views().get(name)

    def save_session(self, state: Mapping[str, Any] | ViewState) -> None:
        """The last filters, cursor and view; the last instance to save wins (it is theirs)."""
        text = view_json(state)
        with self._lock, db.write_transaction(self._connection) as connection:
            connection.execute(
                "INSERT INTO sessions VALUES (?, ?, ?) ON CONFLICT (dataset) DO UPDATE"
                " SET state = excluded.state, updated_at = excluded.updated_at",
                (self.key, text, db.now()),
            )

    def session(self) -> dict[str, Any] | None:
        rows = self._read("SELECT state FROM sessions WHERE dataset = ?")
        return view_from_json(str(rows[0][0])) if rows else None

    def clear_session(self) -> None:
        with self._lock, db.write_transaction(self._connection) as connection:
            connection.execute("DELETE FROM sessions WHERE dataset = ?", (self.key,))
