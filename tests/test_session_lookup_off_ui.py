"""The event a session is restored on is looked up by the annotations' worker, not by the
interface: a big store indexes its ids on that first question (0.6 s at a million events)."""

from __future__ import annotations

import threading

from tests.test_session import SIGNED, stored_session
from tui.core.store import EventStore
from tui.ui.marks import open_annotations


class AskedFrom(EventStore):
    """The bundled store, noting which thread asked for which event's row."""

    asked: list[tuple[str, str]]

    def row_of(self, event_id: str) -> int | None:
        self.asked.append((event_id, threading.current_thread().name))
        return super().row_of(event_id)


def _watched(store: EventStore) -> AskedFrom:
    watched = AskedFrom(store.name, store.columns, store.events, store.actors, store.concerns)
    watched.asked = []
    return watched


def test_opening_the_annotations_looks_up_the_sessions_event(bundled_store: EventStore) -> None:
    stored_session(bundled_store, {"filters": {"countries": ["NZL"]}, "cursor": SIGNED})
    store = _watched(bundled_store)
    worker = threading.Thread(target=open_annotations, args=(store,), name="annotations")
    worker.start()
    worker.join()
    assert (SIGNED, "annotations") in store.asked


def test_no_session_no_lookup(bundled_store: EventStore) -> None:
    store = _watched(bundled_store)
    opened = open_annotations(store)
    assert opened.annotations is not None
    assert store.asked == []


def test_an_unreadable_session_is_left_to_the_restore_to_report(
    bundled_store: EventStore,
) -> None:
    stored_session(bundled_store, {"filters": {"no such filter": 1}, "cursor": SIGNED})
    store = _watched(bundled_store)
    opened = open_annotations(store)
    assert opened.annotations is not None  # opened all the same; nothing looked up
    assert store.asked == []
