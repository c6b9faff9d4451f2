"""A cache hit reads only files that are the user's own and private, through one descriptor
each (never a link), and checks what it read: an entry file that is someone else's, readable
by others, a link, or another entry's file put in its place is never loaded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import copy_import
from tui.core import cache
from tui.core.loading import open_store
from tui.core.store import Query


def entry(cache_dir: Path, suffix: str) -> Path:
    [found] = cache_dir.glob(f"*{suffix}")
    return found


def cached(cache_dir: Path, tmp_path: Path) -> Path:
    path = copy_import("acled_current.csv", tmp_path)
    assert not open_store([path]).from_cache
    assert open_store([path]).from_cache
    return path


@pytest.mark.parametrize("suffix", [".json", ".arrow", ".bin"])
def test_a_file_others_may_read_is_never_loaded(
    cache_dir: Path, tmp_path: Path, suffix: str
) -> None:
    path = cached(cache_dir, tmp_path)
    entry(cache_dir, suffix).chmod(0o644)
    result = open_store([path])
    assert not result.from_cache
    [note] = cache.take_notes()
    assert "not the user's own private file" in note
    assert open_store([path]).from_cache  # rebuilt, private again


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
@pytest.mark.parametrize("suffix", [".json", ".bin"])
def test_a_file_of_another_user_is_never_loaded(
    cache_dir: Path, tmp_path: Path, suffix: str
) -> None:
    path = cached(cache_dir, tmp_path)
    os.chown(entry(cache_dir, suffix), 65534, 65534)  # nobody
    assert not open_store([path]).from_cache
    assert "not the user's own private file" in cache.take_notes()[0]


@pytest.mark.parametrize("suffix", [".json", ".arrow", ".bin"])
def test_a_link_in_place_of_an_entry_file_is_never_followed(
    cache_dir: Path, tmp_path: Path, suffix: str
) -> None:
    path = cached(cache_dir, tmp_path)
    original = entry(cache_dir, suffix)
    kept = tmp_path / f"kept{suffix}"
    shutil.copy2(original, kept)
    kept.chmod(0o600)
    original.unlink()
    original.symlink_to(kept)  # the very same bytes, behind a link
    assert not open_store([path]).from_cache


def test_another_entrys_file_swapped_in_is_never_loaded(cache_dir: Path, tmp_path: Path) -> None:
    first = cached(cache_dir, tmp_path)
    (tmp_path / "other").mkdir()
    second = copy_import("acled_current.csv", tmp_path / "other")
    data = second.read_bytes()
    # Another file (a note of it changed), so another entry with other strings.
    second.write_bytes(data.replace(b"defence budget", b"defense budget", 1))
    assert not open_store([second]).from_cache
    records = sorted(cache_dir.glob("*.json"))
    assert len(records) == 2
    mine = cache.CacheKey.of(first, "acled").digest
    [other] = [r for r in records if r.stem != mine]
    # The other entry's strings, same owner and mode, put under this entry's name.
    other.with_suffix(".arrow").replace(cache_dir / f"{mine}.arrow")
    result = open_store([first])
    assert not result.from_cache
    assert "checksum" in cache.take_notes()[0]
    assert len(result.store.query(Query(text="defence budget"))) == 1  # this file's own note
