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
    from tui.core.annotations import DatasetAnnotations


@runtime_checkable
class HasAnnotations(Protocol):
    annotations: DatasetAnnotations | None


def annotations_of(app: App[object] | App[None]) -> DatasetAnnotations | None:
    """The opened dataset's annotations, or None (not open yet, or the store is unusable)."""
    return app.annotations if isinstance(app, HasAnnotations) else None


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
    annotations = annotation_store.dataset(
        store.name, store.columns.ids, contains=lambda event_id: store.row_of(event_id) is not None
    )
    if annotations.vanished:
        count = len(annotations.vanished)
        notices.append(
            f"{count} annotated event{'s' if count != 1 else ''} not in this data "
            f"(their stars, notes and tags are kept): {', '.join(annotations.vanished[:3])}"
            + ("…" if count > 3 else "")
        )
    return OpenedAnnotations(annotations, notices)


class AnnotationsReady(Message):
    """The annotations are open (``annotations_of(app)`` answers); sent to every screen."""
