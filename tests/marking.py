"""What the tests of stars, notes and tags in the app share: an app on the bundled data whose
annotations are open, and the timeline row of an event as the screen shows it."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from textual.pilot import Pilot

import tui.ui.app
from tests.shown import screen_lines
from tui.core.annotations import DatasetAnnotations
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.marks import OpenedAnnotations, annotations_of, open_annotations
from tui.ui.widgets.timeline import TimelineView

SUMMIT = "kishida-luxon-tokyo-summit"  # the event the bundled data opens on
SUMMIT_TITLE = "Kishida and Luxon meet in Tokyo"
TREATY = "putin-kim-sign-partnership-treaty"
TREATY_TITLE = "Putin and Kim Jong Un sign"


def make_app(store: EventStore, **options: Any) -> TimelineApp:
    return TimelineApp(store, blink=False, **options)


async def marks_open(pilot: Pilot[Any], seconds: float = 10.0) -> DatasetAnnotations:
    """The app's annotations once its worker has opened them (and the screens were told)."""
    deadline = time.monotonic() + seconds
    while (annotations := annotations_of(pilot.app)) is None:
        assert time.monotonic() < deadline, "the annotations never opened"
        await pilot.pause(0.05)
    await pilot.pause()  # AnnotationsReady handled
    return annotations


def row_line(app: TimelineApp, title: str) -> str:
    """The timeline's line that shows the event with this title (its start), as on screen."""
    timeline = app.screen.query_one(TimelineView)
    found = [line for line in screen_lines(app, within=timeline.region) if title in line]
    assert found, f"no line shows {title!r}"
    return found[0]


async def go_to(pilot: Pilot[Any], event_id: str) -> None:
    """The cursor on this event (as the arrow keys would put it there)."""
    app = pilot.app
    assert isinstance(app, TimelineApp)
    view = app.screen.query_one(TimelineView)
    row = app.store.row_of(event_id)
    assert row is not None
    view.cursor = [int(r) for r in view.rows].index(row)
    await pilot.pause()


def open_marks_late(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make the app's worker wait, before opening the annotations, until the returned event
    is set: the main screen then applies its filters before the marks are known (as with a
    slow disk), the order tests of --starred and --tag need."""
    go = threading.Event()

    def late(store: EventStore) -> OpenedAnnotations:
        go.wait(10)
        return open_annotations(store)

    monkeypatch.setattr(tui.ui.app, "open_annotations", late)
    return go
