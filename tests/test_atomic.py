from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.core.atomic import temporary_prefix, write_text_atomic


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "out.md", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "out.md").stat().st_mode & 0o777 == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tui.core.atomic.os.fsync", fail)
    with pytest.raises(OSError):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_missing_directory_is_refused_when_asked(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_text_atomic(tmp_path / "missing" / "out.md", "x", make_parents=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "bytes_long"),
    [("x" * 243, 243), ("y" * 255, 255), ("é" * 127 + "z", 255), ("日本" * 42 + "abc", 255)],
)
def test_temporary_names_fit_whenever_the_name_does(
    tmp_path: Path, name: str, bytes_long: int
) -> None:
    assert len(name.encode()) == bytes_long
    prefix = temporary_prefix(tmp_path / name)
    assert prefix.startswith(".") and prefix.endswith(".")
    assert len(prefix.encode()) + 8 + len(".tmp") <= 255
    prefix.encode("utf-8")  # cut on a character boundary: still valid UTF-8
    write_text_atomic(tmp_path / name, "content")
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_short_names_keep_their_whole_name_in_the_temporary() -> None:
    assert temporary_prefix(Path("/tmp/events.json")) == ".events.json."


_STALLED_WRITER = """
import os, signal, sys, time
from pathlib import Path
from tui.core.atomic import write_bytes_atomic
# As a shell starts a program (a test runner may have left these ignored, which is kept).
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.signal(signal.SIGHUP, signal.SIG_DFL)
def stall(fd):
    print("writing", flush=True)
    time.sleep(60)
os.fsync = stall
write_bytes_atomic(Path(sys.argv[1]), b"new content " * 1_000_000)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_mid_write_removes_the_temporary_file(tmp_path: Path, signum: int) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    child = subprocess.Popen(
        [sys.executable, "-c", _STALLED_WRITER, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"writing\n"
        assert len(list(tmp_path.iterdir())) == 2  # the temporary file is there mid-write
        child.send_signal(signum)
        child.wait(timeout=30)
    finally:
        child.kill()
        child.wait()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert target.read_text() == "old"
    if signum != signal.SIGINT:  # the signal then takes its usual course: killed by it
        assert child.returncode == -signum
