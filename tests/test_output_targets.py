"""Where `export -o` may write: a new name or a regular file, `-` for stdout, and nothing else
unless an option says so (issue 9, item 6). Each case checks the target is left as it was."""

from __future__ import annotations

import csv
import io
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.cli import main

NZ_IDS = [  # the bundled dataset's three New Zealand events, in time order (hand-checked)
    "japan-new-zealand-speed-up-information-security-talks",
    "kishida-luxon-tokyo-summit",
    "japan-new-zealand-sign-information-security-agreement-and-acsa",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_dash_writes_the_export_to_stdout_and_the_summary_to_stderr(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status = main(["export", "--country", "NZ", "--to", "csv", "-o", "-"])
    out, err = capsysbinary.readouterr()
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"), newline="")))
    assert [r["id"] for r in rows] == NZ_IDS
    assert err.decode() == "wrote 3 events to standard output (csv)\n"


def test_dash_needs_the_output_format_named(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "-o", "-")
    assert (status, out) == (2, "")
    assert "cannot tell the format from standard output; give --to" in err


def test_a_character_device_is_refused_and_left_alone(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--to", "csv", "-o", os.devnull)
    assert (status, out) == (1, "")
    assert "it is a character device, not a regular file" in err
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    # In a child with a deadline: opening a FIFO to write would block until a reader came.
    done = subprocess.run(
        [sys.executable, "-m", "tui", "export", "-o", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 1
    assert "it is a named pipe (FIFO), not a regular file" in done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_socket_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.csv"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        status, _, err = run(capsys, "-o", str(path))
    finally:
        server.close()
    assert status == 1 and "it is a socket, not a regular file" in err
    assert stat.S_ISSOCK(path.lstat().st_mode)


def test_a_symlink_is_refused_unless_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "real.csv"
    target.write_text("before", "utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    status, _, err = run(capsys, "-o", str(link))
    assert status == 1
    assert "it is a symbolic link (--follow-symlinks writes to the file it points to)" in err
    assert target.read_text("utf-8") == "before" and link.is_symlink()

    status, out, _ = run(capsys, "--follow-symlinks", "-o", str(link))
    assert status == 0 and out == f"wrote 25 events to {link} (csv)\n"
    assert link.is_symlink() and link.readlink() == target
    assert target.read_text("utf-8").startswith("id,start,end,")


def test_a_dangling_symlink_followed_creates_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "new.md")
    assert run(capsys, "--follow-symlinks", "-o", str(link))[0] == 0
    assert link.is_symlink() and (tmp_path / "new.md").read_text("utf-8").startswith("# ")


def test_a_read_only_file_is_replaced_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.md"
    target.write_text("keep me", "utf-8")
    target.chmod(0o444)
    status, _, err = run(capsys, "-o", str(target))
    assert status == 1
    assert (
        err
        == f"timeline-explorer: will not replace {target}: it is read-only (--force replaces it)\n"
    )
    assert target.read_text("utf-8") == "keep me"

    assert run(capsys, "--force", "-o", str(target))[0] == 0
    assert target.read_text("utf-8").startswith("# ")
    assert target.stat().st_mode & 0o777 == 0o444  # still read-only, as it was


def test_a_missing_directory_is_an_error_unless_mkdir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new" / "dir" / "out.csv"
    status, out, err = run(capsys, "-o", str(target))
    assert (status, out) == (1, "")
    assert err == (
        f"timeline-explorer: cannot write {target}: {target.parent} does not exist "
        "(--mkdir creates it)\n"
    )
    assert list(tmp_path.iterdir()) == []
    assert run(capsys, "--mkdir", "-o", str(target))[0] == 0
    assert target.read_text("utf-8").startswith("id,")


@pytest.mark.parametrize(
    "name",
    [
        "a" * 240 + ".md",  # 243 bytes: the case that failed ("File name too long")
        "b" * 252 + ".md",  # 255 bytes: the longest legal name
        "é" * 126 + ".md",  # 255 bytes of two-byte characters
    ],
)
def test_any_legal_name_can_be_written(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    status, _, err = run(capsys, "-o", str(target))
    assert (status, err) == (0, "")
    assert [p.name for p in tmp_path.iterdir()] == [name]  # and no temporary left


def test_an_export_matching_nothing_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("earlier export", "utf-8")
    status, out, err = run(
        capsys, "--country", "NZ", "--search", "no such words", "-o", str(target)
    )
    assert (status, out) == (1, "")
    assert err == (
        "timeline-explorer export: no event matched New Zealand + “no such words”: "
        "nothing written\n"
    )
    assert target.read_text("utf-8") == "earlier export"


def test_an_input_with_no_events_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "empty.json"
    source.write_text('{"name": "nothing yet", "events": []}', "utf-8")
    status, out, err = run(capsys, str(source), "-o", str(tmp_path / "out.csv"))
    assert (status, out) == (1, "")
    assert err == f"{source}: holds no events: nothing to show\n1 problem found.\n"
    assert not (tmp_path / "out.csv").exists()


def test_the_old_format_spelling_still_names_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    assert run(capsys, "--format", "md", "-o", str(old))[0] == 0
    assert run(capsys, "--to", "md", "-o", str(new))[0] == 0
    assert old.read_text("utf-8").startswith("# ")
    assert old.read_text("utf-8").splitlines()[5:] == new.read_text("utf-8").splitlines()[5:]


def test_a_closed_stdout_is_a_message(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--to", "csv", "-o", "-"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        cwd=ROOT,
        preexec_fn=lambda: os.close(1),  # started as `… >&-` starts it
    )
    assert done.returncode == 1
    assert done.stderr == "timeline-explorer: cannot write to standard output: it is closed\n"


def test_a_reader_that_goes_away_is_one_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class GoneReader(io.BytesIO):
        def write(self, data: object) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("tui.cli_export._stdout", GoneReader)
    status, out, err = run(capsys, "--to", "csv", "-o", "-")
    assert (status, out) == (1, "")
    assert err == "timeline-explorer: cannot write to standard output: Broken pipe\n"
