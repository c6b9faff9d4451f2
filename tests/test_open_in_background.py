"""A big file starts loading before the app is imported (tui.core.loading.OpenInBackground):
the open runs on its own thread at once, its progress reaches whoever calls for the result,
and its errors are raised there, as the app's loading worker expects."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tui.core.bundled import bundled_data_dir
from tui.core.loading import OpenInBackground, OpenResult, ProgressCallback, open_store
from tui.core.problems import LoadError, Problem


def test_the_open_starts_before_anyone_asks_and_its_progress_is_passed_on() -> None:
    started = threading.Event()
    release = threading.Event()
    thread_names: list[str] = []

    def opener(progress: ProgressCallback) -> OpenResult:
        thread_names.append(threading.current_thread().name)
        progress(10, 100)
        started.set()
        release.wait(10)
        progress(100, 100)
        return open_store([bundled_data_dir()])

    early = OpenInBackground(opener)
    assert started.wait(10)  # running although nothing has called for the result yet
    seen: list[tuple[int, int | None]] = []
    results: list[OpenResult] = []

    def wait_for_it() -> None:
        results.append(early(lambda done, total: seen.append((done, total))))

    waiter = threading.Thread(target=wait_for_it)
    waiter.start()
    while not seen:  # the progress reported before the call arrives at the call
        threading.Event().wait(0.01)
    release.set()
    waiter.join(10)
    assert seen == [(10, 100), (100, 100)]
    assert len(results[0].store) == 25
    assert thread_names == ["open-in-background"]


def test_what_the_open_raised_is_raised_to_the_caller() -> None:
    def opener(progress: ProgressCallback) -> OpenResult:
        raise LoadError([Problem(Path("events.csv"), "not an ACLED file")])

    early = OpenInBackground(opener)
    with pytest.raises(LoadError) as raised:
        early(lambda done, total: None)
    assert raised.value.report().splitlines()[0] == "events.csv: not an ACLED file"


def test_without_a_progress_callback_the_result_still_comes() -> None:
    early = OpenInBackground(lambda progress: open_store([bundled_data_dir()], progress=progress))
    assert len(early().store) == 25
