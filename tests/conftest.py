from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.core import cache
from tui.core.importers import registry
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def bundled_store() -> EventStore:
    return EventStore.from_dataset(load_paths([DATA]))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty index cache of the test's own, used for every import (even the small test
    files) and written before open_store returns; no note left from an earlier test."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(directory))
    monkeypatch.setattr(registry, "LARGE_INPUT_BYTES", 0)
    monkeypatch.setattr(cache, "BACKGROUND", False)
    cache.take_notes()
    return directory


def copy_import(name: str, tmp_path: Path) -> Path:
    """A copy of tests/data/imports/NAME in tmp_path/data, free to change or delete."""
    target = tmp_path / "data" / name
    target.parent.mkdir(exist_ok=True)
    shutil.copy(TEST_DATA / "imports" / name, target)
    return target


@pytest.fixture(autouse=True)
def own_settings_file(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets a settings file of its own: none reads or writes the user's real one
    (choosing a theme in a test would save it)."""
    settings = tmp_path_factory.mktemp("settings") / "config.toml"
    monkeypatch.setenv("TIMELINE_EXPLORER_CONFIG", str(settings))


@pytest.fixture(autouse=True)
def own_annotations_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets an annotations store of its own (stars, notes, views, the session):
    none reads or writes the user's real one, and no test's marks leak into another."""
    monkeypatch.setenv("TIMELINE_EXPLORER_DATA_DIR", str(tmp_path_factory.mktemp("annotations")))
