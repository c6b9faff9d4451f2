"""A big file's open tells the app when to import its own modules (loading.reader_started):
a first ACLED open once its reader (polars) is imported, so that the parse runs beside the
app's import; a cache hit before its entry is read, as the entry is copied off the
interpreter; and OpenInBackground's caller waits for that word."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.conftest import copy_import
from tui.core import cache, loading
from tui.core.bundled import bundled_data_dir
from tui.core.loading import OpenInBackground, OpenResult, ProgressCallback, open_store


def test_the_caller_goes_on_once_the_reader_has_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "START_WAIT", 60.0)
    gate, release = threading.Event(), threading.Event()
    said: list[str] = []

    def opener(progress: ProgressCallback) -> OpenResult:
        gate.wait(10)  # the reader's imports
        said.append("started")
        loading.reader_started()
        release.wait(10)  # the reading itself
        return open_store([bundled_data_dir()])

    threading.Timer(0.2, gate.set).start()
    early = OpenInBackground(opener)
    assert said == ["started"]  # it waited for the word, and not for the result
    release.set()
    assert len(early().store) == 25


def test_reader_started_does_nothing_off_such_a_thread() -> None:
    loading.reader_started()  # no caller waits here: nothing to say, nothing raised


def _order(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    happened: list[str] = []
    read_entry = cache.read_entry

    def reading(key: cache.CacheKey) -> object:
        happened.append("entry read")
        return read_entry(key)

    monkeypatch.setattr(loading, "reader_started", lambda: happened.append("started"))
    monkeypatch.setattr(cache, "read_entry", reading)
    return happened


def test_a_first_open_says_it_once_the_reader_is_imported(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    happened = _order(monkeypatch)
    assert not open_store([path]).from_cache
    assert happened == ["entry read", "started"]  # no entry: said by the parse


def test_a_hit_says_it_before_its_entry_is_read(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    open_store([path])  # the entry written
    happened = _order(monkeypatch)
    assert open_store([path]).from_cache
    assert happened == ["started", "entry read"]
