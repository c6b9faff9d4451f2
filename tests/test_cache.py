"""The index cache: hit, miss, invalidation when the file changes, corruption, location."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import TEST_DATA, copy_import
from tui.core import cache
from tui.core.loading import open_store
from tui.core.store import Query

IMPORTS = TEST_DATA / "imports"


def ids(path: Path) -> list[str]:
    store = open_store([path]).store
    return [store.columns.ids[r] for r in range(len(store))]


def test_second_open_is_a_hit_with_the_same_store(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    first = open_store([path])
    assert not first.from_cache
    assert sorted(p.suffix for p in cache_dir.iterdir()) == [".arrow", ".bin", ".json"]
    second = open_store([path])
    assert second.from_cache
    for row in range(len(first.store)):
        assert first.store.events[row] == second.store.events[row]
    assert list(path.parent.iterdir()) == [path]  # nothing written beside the user's file


def test_a_changed_file_misses(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_import("gdelt2.export.CSV", tmp_path)
    assert len(ids(path)) == 6
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join(lines[:3]) + "\n", "utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse clocks
    result = open_store([path])
    assert not result.from_cache and len(result.store) == 3


def test_corrupt_entries_are_ignored_and_rebuilt(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    expected = ids(path)
    for entry in cache_dir.iterdir():
        entry.write_bytes(b"\x00garbage")
    result = open_store([path])
    assert not result.from_cache and ids(path) == expected
    assert open_store([path]).from_cache  # rebuilt
    (next(cache_dir.glob("*.arrow"))).write_bytes(b"short")
    assert not open_store([path]).from_cache


def test_deleting_the_cache_is_safe(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    open_store([path])
    shutil.rmtree(cache_dir)
    assert not open_store([path]).from_cache
    cache.clear()
    assert not list(cache_dir.glob("*.arrow"))


def test_skipped_rows_survive_the_cache(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_import("acled_bad.csv", tmp_path)
    first = open_store([path], skip_bad=True)
    second = open_store([path], skip_bad=True)
    assert second.from_cache and second.skipped_rows == first.skipped_rows == 3
    assert [p.line for p in second.skipped_problems] == [5, 6, 7]


def test_small_files_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    open_store([IMPORTS / "acled_current.csv"])
    assert not (tmp_path / "cache").exists()


def test_default_location_is_the_user_cache_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_DIR, raising=False)
    assert "timeline-explorer" in str(cache.cache_dir())


def test_entries_are_written_in_the_background(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "BACKGROUND", True)
    path = copy_import("acled_current.csv", tmp_path)
    first = open_store([path])
    cache.wait()
    second = open_store([path])
    assert not first.from_cache and second.from_cache
    assert [second.store.events[r] for r in range(len(second.store))] == [
        first.store.events[r] for r in range(len(first.store))
    ]


def test_a_cached_store_reads_its_strings_lazily_even_once_deleted(
    cache_dir: Path, tmp_path: Path
) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    first = open_store([path]).store
    second = open_store([path])
    assert second.from_cache
    shutil.rmtree(cache_dir)  # the open store keeps reading the file it opened
    store = second.store
    assert store.events[0] == first.events[0]
    for text in ("DEFENCE budget", "rapid support", "mitrovice", "no such words"):
        assert list(store.query(Query(text=text))) == list(first.query(Query(text=text)))
    assert [store.columns.ids[r] for r in range(len(store))] == list(first.columns.ids)
    assert store.row_of("JPN90003") == first.row_of("JPN90003") is not None


def test_entries_of_earlier_versions_of_a_file_are_removed(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_import("gdelt2.export.CSV", tmp_path)
    ids(path)
    [first] = cache_dir.glob("*.json")
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join(lines[:3]) + "\n", "utf-8")
    os.utime(path, ns=(1, 1))
    ids(path)
    [second] = cache_dir.glob("*.json")
    assert second != first
    assert sorted(p.suffix for p in cache_dir.iterdir()) == [".arrow", ".bin", ".json"]


def test_only_the_most_recent_entries_are_kept(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    paths = []
    for n in range(3):
        (tmp_path / str(n)).mkdir()
        paths.append(copy_import("gdelt2.export.CSV", tmp_path / str(n)))
    seen: set[Path] = set()
    for n, path in enumerate(paths):
        ids(path)
        [written] = set(cache_dir.glob("*.json")) - seen
        os.utime(written, (1000 + n, 1000 + n))  # the order of writing, unmistakably
        seen.add(written)
    assert len(list(cache_dir.glob("*.json"))) == 2
    assert open_store([paths[2]]).from_cache
    assert not open_store([paths[0]]).from_cache  # the oldest went
