"""The analyst's annotations in the app: opened once the dataset is, off the UI thread.

The app opens them in a worker (``TimelineApp.annotations`` is None until then) and posts
``AnnotationsReady`` to the screens; screens reach them through ``annotations_of(app)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.app import App
from textual.message import Message

from tui.core.store import EventStore

if TYPE_CHECKING:
    from tui.core.annotations import DatasetAnnotations, EventAnnotations


@runtime_checkable
class HasAnnotations(Protocol):
    annotations: DatasetAnnotations | None


def annotations_of(app: App[object] | App[None]) -> DatasetAnnotations | None:
    """The opened dataset's annotations, or None (not open yet, or the store is unusable)."""
    return app.annotations if isinstance(app, HasAnnotations) else None


def event_marks(app: App[object] | App[None], event_id: str) -> EventAnnotations | None:
    """The event's star, note and tags; None without annotations, or when reading them
    failed (the reader then shows the event without them rather than not at all)."""
    import sqlite3  # loaded already when there are annotations: they live in SQLite

    annotations = annotations_of(app)
    if annotations is None:
        return None
    try:
        return annotations.annotations_of(event_id)
    except sqlite3.Error:
        return None


def annotations_opening(app: App[object] | App[None]) -> bool:
    """Whether the app's worker is still opening the annotations (see TimelineApp)."""
    return any(worker.group == "annotations" and not worker.is_finished for worker in app.workers)


def why_no_annotations(app: App[object] | App[None]) -> str:
    """What to tell a user who marks an event while ``annotations_of(app)`` is None."""
    if annotations_opening(app):
        return "Your stars, notes and tags are still opening; try again in a moment."
    return (
        "Stars, notes and tags are off: the annotations store could not be opened "
        "(the warning when the data opened says why)."
    )


@dataclass
class OpenedAnnotations:
    annotations: DatasetAnnotations | None
    notices: list[str] = field(default_factory=list)  # said once, as warnings


def open_annotations(store: EventStore) -> OpenedAnnotations:
    """The dataset's annotations from the user's store; what went wrong is a notice, never an
    exception: the app runs without annotations rather than not at all."""
    from tui.core.annotations import AnnotationStore, StoreError

    try:
        annotation_store = AnnotationStore()
    except StoreError as error:
        return OpenedAnnotations(None, [f"{error}; stars, notes and tags are off"])
    notices = [str(annotation_store.damaged)] if annotation_store.damaged else []
    # The store gives its own id sample and answers presence in batches (one query over
    # Parquet): no pass over every id, nothing per id on a slow engine.
    annotations = annotation_store.dataset(store.name, store)
    _find_session_event(store, annotations)
    if annotations.vanished:
        count = len(annotations.vanished)
        notices.append(
            f"{count} annotated event{'s' if count != 1 else ''} not in this data "
            f"(their stars, notes and tags are kept): {', '.join(annotations.vanished[:3])}"
            + ("…" if count > 3 else "")
        )
    return OpenedAnnotations(annotations, notices)


def _find_session_event(store: EventStore, annotations: DatasetAnnotations) -> None:
    """Ask here, on the worker, for the row of the event the session will be restored on: a
    store answers the first such question by indexing its ids (0.6 s at a million events),
    which the interface would otherwise wait for as it restores the session."""
    import sqlite3

    from tui.core.view_states import from_view_state

    try:
        stored = annotations.session()
        cursor = from_view_state(stored).cursor if stored is not None else None
    except (ValueError, sqlite3.Error):
        return  # the session's own restore says why it cannot be read
    if cursor is not None:
        store.row_of(cursor)


class AnnotationsReady(Message):
    """The annotations are open (``annotations_of(app)`` answers); sent to every screen."""
