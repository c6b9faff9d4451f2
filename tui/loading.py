"""Open paths as an event store, whatever they hold (the one entry point the app and CLI use)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tui.loader import load_paths
from tui.store import EventStore


def open_store(paths: Sequence[Path]) -> EventStore:
    """Load our own JSON files and directories; raise LoadError listing every problem."""
    return EventStore.from_dataset(load_paths(paths))
