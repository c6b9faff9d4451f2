from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.loader import load_paths
from tui.core.store import EventStore

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def bundled_store() -> EventStore:
    return EventStore.from_dataset(load_paths([DATA]))
