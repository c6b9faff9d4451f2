"""Broken files: a message naming the file and the place, exit status 1, never a traceback or a
hang, both from ``validate`` and when opening. (tests/test_ours.py checks each broken file's
exact message; these check what a user sees from the command line, and the nastier cases.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_DATA, copy_import
from tests.shown import screen_text
from tests.unsafe_text import is_harmless
from tui.cli import main
from tui.core.importers import ours
from tui.core.importers.ours import MAX_JSON_BYTES, load_paths
from tui.core.loading import open_store
from tui.core.problems import LoadError
from tui.ui.app import TimelineApp
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.widgets.timeline import TimelineView

BROKEN = TEST_DATA / "broken"
HOSTILE = TEST_DATA / "hostile"
GOOD_EVENT = {"id": "e1", "title": "T", "start": "2024", "kind": "report"}


@pytest.fixture(autouse=True)
def _never_run_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a broken file must stop before the app starts (it would wait for a terminal)."""

    def refuse(self: TimelineApp, *args: object, **kwargs: object) -> None:
        raise AssertionError("the app was started on a broken file")

    monkeypatch.setattr(TimelineApp, "run", refuse)


def _write(content: bytes) -> Callable[[Path], Path]:
    def make(directory: Path) -> Path:
        path = directory / "data.json"
        path.write_bytes(content)
        return path

    return make


def _sparse_too_large(directory: Path) -> Path:
    path = directory / "huge.json"
    with path.open("wb") as stream:
        stream.write(b'{"events": [')
        stream.truncate(MAX_JSON_BYTES + 1)  # a sparse file: no disk used, no memory read
    return path


def _fifo(directory: Path) -> Path:
    path = directory / "pipe.json"
    os.mkfifo(path)  # opening it to read would block until a writer came
    return path


def _directory_named_json(directory: Path) -> Path:
    path = directory / "sub.json"
    path.mkdir()
    return directory


def _symlink_loop(directory: Path) -> Path:
    path = directory / "loop.json"
    path.symlink_to(path)
    return path


def _deep(depth: int) -> Callable[[Path], Path]:
    return _write(b'{"events": ' + b"[" * depth + b"]" * depth + b"}")


# name -> (make the path, the place expected after the file name: ":line:column", ":line", "")
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty": (_write(b""), ""),
    "only whitespace": (_write(b" \n\t\n"), ""),
    "not UTF-8": (_write(b'{"name": "caf\xe9"}'), ":1:14"),
    "UTF-16": (_write('{"name": "x"}'.encode("utf-16")), ":1:1"),
    "NUL bytes": (_write(b"\x00" * 64), ":1:1"),
    "byte-order mark, then truncated": (_write(b'\xef\xbb\xbf{\n  "events": [\n'), ":3:1"),
    "truncated": (_write(b'{"events": [{"id": "e1", "title": "T"'), ":1:38"),
    "top-level array": (_write(b"[]"), ":1:1"),
    "top-level string": (_write(b'"events"'), ":1:1"),
    "top-level number": (_write(b"42"), ":1:1"),
    "top-level null": (_write(b"null"), ":1:1"),
    "nested 100,000 levels": (_deep(100_000), ""),
    "nested 2,000 levels": (_deep(2_000), ""),
    "nested 500 levels": (_deep(500), ""),
    "too large to load": (_sparse_too_large, ""),
    "a named pipe": (_fifo, ""),
    "a directory named *.json": (_directory_named_json, ""),
    "a symlink loop": (_symlink_loop, ""),
    "does not exist": (lambda d: d / "missing.json", ""),
}
# What the message must say, where the case alone does not make it clear.
KEY_WORDS = {
    "too large to load": "file is too large to load",
    "a named pipe": "not a regular file",
    "a directory named *.json": "not a regular file",
    "nested 100,000 levels": "nested too deeply",
    "nested 2,000 levels": "nested too deeply",
    "empty": "file is empty",
    "only whitespace": "file is empty",
    "does not exist": "no such file or directory",
}
# A file this large loads inside the app, behind a progress bar, so the CLI does not refuse it.
NOT_OPENED_FROM_THE_CLI = {"too large to load"}


def _assert_clear_report(err: str, path: Path, place: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines, "no message at all"
    assert re.fullmatch(r"\d+ problems? found\.", lines[-1]), lines[-1]
    assert all(is_harmless(line) for line in lines)
    assert any(line.startswith(f"{path}{place}") for line in lines[:-1]), err


@pytest.mark.parametrize("name", list(CASES))
def test_validate_reports_each_broken_file(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make, place = CASES[name]
    path = make(tmp_path)
    if name == "too large to load":  # refused from its size, without reading it into memory
        _deny_reading(monkeypatch, path)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    _assert_clear_report(err, path, place)
    assert KEY_WORDS.get(name, "") in err


@pytest.mark.parametrize(
    "name",
    [name for name in CASES if name not in NOT_OPENED_FROM_THE_CLI],
)
def test_opening_each_broken_file_exits_1_with_the_message(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, place = CASES[name]
    path = make(tmp_path)
    assert main([str(path)]) == 1
    err = capsys.readouterr().err
    if "cannot tell the format" in err:  # detection gave up: the file and its first line
        place = ":1" if place else ""
    _assert_clear_report(err, path, place)


@pytest.mark.parametrize("name", sorted(p.name for p in BROKEN.glob("*.json")))
def test_opening_each_file_of_the_broken_corpus_exits_1(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(BROKEN / name)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(BROKEN / name) in err


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ours, "MAX_JSON_BYTES", 64)
    path = tmp_path / "growing.json"
    path.write_text(json.dumps({"events": [GOOD_EVENT]}))
    real_stat = Path.stat

    def small_stat(self: Path, **kwargs: bool) -> os.stat_result:
        result = real_stat(self, **kwargs)
        if self == path:  # stat() saw the file before it grew
            values = list(result)
            values[6] = 10  # st_size
            return os.stat_result(values)
        return result

    monkeypatch.setattr(Path, "stat", small_stat)
    with pytest.raises(LoadError) as caught:
        load_paths([path])
    [problem] = caught.value.problems
    assert problem.path == path and "too large" in problem.message


# -- unreadable files and directories ---------------------------------------------------------


def _good_dir(directory: Path) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / "a.json").write_text(json.dumps({"events": [GOOD_EVENT]}))
    (directory / "b.json").write_text(json.dumps({"events": []}))
    return directory


def _deny_reading(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """chmod 000 does not stop root (tests may run as root), so refuse the way the OS would."""
    real_open = Path.open

    def open_checked(self: Path, *args: object, **kwargs: object) -> object:
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", open_checked)
    denied.chmod(0)


def test_a_directory_with_an_unreadable_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    directory = _good_dir(tmp_path / "data")
    _deny_reading(monkeypatch, directory / "b.json")
    assert main(["validate", str(directory)]) == 1
    err = capsys.readouterr().err
    _assert_clear_report(err, directory / "b.json", "")
    assert "cannot read: Permission denied" in err


async def test_opening_a_directory_with_an_unreadable_file_shows_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _good_dir(tmp_path / "data")
    _deny_reading(monkeypatch, directory / "b.json")
    started: list[TimelineApp] = []
    monkeypatch.setattr(TimelineApp, "run", lambda self, *a, **k: started.append(self))
    assert main([str(directory)]) == 0
    [app] = started
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)  # what did not load, said first
        shown = screen_text(app)
        assert "b.json: cannot read:" in shown and "Permission denied" in shown  # it wraps
        await pilot.press("escape")
        assert len(app.screen.query_one(TimelineView).rows) == 1  # a.json's event


@pytest.mark.parametrize("command", [["validate"], []])
def test_an_unreadable_file(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _good_dir(tmp_path / "data") / "a.json"
    _deny_reading(monkeypatch, path)
    assert main([*command, str(path)]) == 1
    err = capsys.readouterr().err
    _assert_clear_report(err, path, "")
    assert "cannot read: Permission denied" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a directory whatever its mode")
@pytest.mark.parametrize("command", [["validate"], []])
def test_an_unreadable_directory(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _good_dir(tmp_path / "data")
    directory.chmod(0)
    try:
        assert main([*command, str(directory)]) == 1
    finally:
        directory.chmod(0o755)
    _assert_clear_report(capsys.readouterr().err, directory, "")


def test_an_unreadable_directory_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _good_dir(tmp_path / "data")
    real_iterdir = Path.iterdir

    def iterdir_checked(self: Path) -> Iterator[Path]:
        if self == directory:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir_checked)
    assert main(["validate", str(directory)]) == 1
    err = capsys.readouterr().err
    _assert_clear_report(err, directory, "")
    assert "cannot read: Permission denied" in err


def test_a_file_that_disappears_between_listing_and_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _good_dir(tmp_path / "data")
    real_data_files = ours.data_files

    def list_then_delete(paths: object) -> tuple[list[Path], list[object]]:
        listed = real_data_files(paths)  # type: ignore[arg-type]
        (directory / "b.json").unlink()  # another program removes it meanwhile
        return listed  # type: ignore[return-value]

    monkeypatch.setattr(ours, "data_files", list_then_delete)
    with pytest.raises(LoadError) as caught:
        load_paths([directory])
    [problem] = caught.value.problems
    assert problem.path == directory / "b.json"
    assert problem.message == "cannot read: No such file or directory"


# -- files that change or disappear while the app runs ----------------------------------------


async def test_an_open_import_keeps_working_when_its_file_and_cache_disappear(
    tmp_path: Path, cache_dir: Path
) -> None:
    """A cached import's store reads its text (ids, notes) from the cache entry only when a row
    is shown: here every value is read after the input file and the whole cache are gone."""
    path = copy_import("acled_current.csv", tmp_path)
    open_store([path])  # writes the entry
    opened = open_store([path])
    assert opened.from_cache
    path.unlink()
    shutil.rmtree(cache_dir)
    app = TimelineApp(opened.store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("G")  # the last event in time: XKX90005, 21 June 2024
        await pilot.pause()
        assert "Rioters threw stones at police in Mitrovice." in screen_text(app)
        await pilot.press("g")  # the first: JPN90003, 7 June 2024
        await pilot.pause()
        assert "Around 200 people protested in Tokyo" in screen_text(app)
