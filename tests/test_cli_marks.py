"""`export --starred` and `--tag` (issue 15 item 4): filtered by the analyst's marks, which the
export carries; a damaged or unusable annotations store is said plainly, and refuses the
filters it cannot answer. The input files stay byte-identical throughout.

In time order (data/): Putin's visit to Pyongyang (18-19 June 2024) comes before the
Kishida–Luxon summit (19 June 2024) and the Putin–Kim treaty (19 June 2024).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
from tui.cli import main
from tui.core.annotations import ENV_DIR, AnnotationStore
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore

SUMMIT = "kishida-luxon-tokyo-summit"
PUTIN = "putin-visits-pyongyang"
TREATY = "putin-kim-sign-partnership-treaty"
NOTE = "Ask about the ACSA timetable."


def snapshot_of(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    """A copy of the bundled data, marked in the test's own store; unchanged at the end."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    before = snapshot_of(copy)
    bundled_before = snapshot_of(DATA)
    store = EventStore.from_dataset(load_paths([copy]))
    with AnnotationStore() as annotations_store:
        annotations = annotations_store.dataset(store.name, store.columns.ids)
        annotations.set_star(SUMMIT)
        annotations.set_note(SUMMIT, NOTE, 0)
        annotations.add_tag(SUMMIT, "nz")
        annotations.add_tag(SUMMIT, "asked")
        annotations.add_tag(PUTIN, "nz")
        annotations.add_tag(TREATY, "other")
    yield copy
    assert snapshot_of(copy) == before
    assert snapshot_of(DATA) == bundled_before


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def exported(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_starred_exports_the_starred_events_with_their_marks(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "starred.csv"
    status, out, err = run(capsys, "export", str(data), "--starred", "-o", str(target))
    assert (status, err) == (0, "")
    assert out == f"wrote 1 event to {target} (csv)\n"
    [row] = exported(target)
    assert (row["id"], row["starred"], row["tags"], row["analyst_note"]) == (
        SUMMIT,
        "true",
        "asked; nz",
        NOTE,
    )


def test_tags_must_all_hold(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "tagged.csv"
    assert run(capsys, "export", str(data), "--tag", "nz", "-o", str(target))[0] == 0
    assert [r["id"] for r in exported(target)] == [PUTIN, SUMMIT]
    # Tags are read as the app stores them: space around and repeated inside does not matter.
    status, _, _ = run(
        capsys, "export", str(data), "--tag", " nz ", "--tag", "asked", "-o", str(target)
    )
    assert status == 0
    assert [r["id"] for r in exported(target)] == [SUMMIT]
    status, _, _ = run(
        capsys, "export", str(data), "--starred", "--tag", "other", "-o", str(target)
    )
    assert status == 1  # nothing is both starred and tagged other


def test_the_description_names_the_mark_filters(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "brief.md"
    assert run(capsys, "export", str(data), "--starred", "--tag", "nz", "-o", str(target))[0] == 0
    brief = target.read_text("utf-8")
    assert "**Filter:** ★ starred + \\#nz  \n" in brief
    assert "> **Analyst's note**\n>\n> Ask about the ACSA timetable.\n" in brief


def test_no_match_writes_nothing(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "none.csv"
    status, out, err = run(capsys, "export", str(data), "--tag", "never used", "-o", str(target))
    assert (status, out) == (1, "")
    assert err == "timeline-explorer export: no event matched #never used: nothing written\n"
    assert not target.exists()


def test_an_empty_tag_is_a_usage_error(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "export", str(data), "--tag", "  ", "-o", "x.csv")
    assert status == 2
    assert err == "timeline-explorer export: --tag: a tag cannot be empty\n"


def test_as_a_real_process_to_standard_output(data: Path) -> None:
    # The test's annotations store is in the environment the process inherits.
    assert os.environ[ENV_DIR]
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export", str(data), "--tag", "nz", "--to", "md", "-o", "-"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "wrote 2 events to standard output (md)\n")
    brief = result.stdout
    assert brief.index("· Putin visits") < brief.index("· Kishida and Luxon meet in Tokyo")
    assert "**Analyst:** ★ starred · tags: asked, nz" in brief
    assert "**Analyst:** tags: nz" in brief


def damage_the_store() -> Path:
    store_file = Path(os.environ[ENV_DIR]) / "annotations.sqlite3"
    store_file.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{store_file}{suffix}").unlink(missing_ok=True)
    return store_file


def test_a_damaged_store_refuses_the_mark_filters_and_is_kept(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_file = damage_the_store()
    target = tmp_path / "starred.csv"
    status, out, err = run(capsys, "export", str(data), "--starred", "-o", str(target))
    assert (status, out) == (1, "")
    [kept] = store_file.parent.glob("annotations.sqlite3.damaged-*[0-9]Z")
    assert kept.read_bytes() == b"this is not a database" * 100
    assert err == (
        "timeline-explorer export: annotations store was damaged (file is not a database); "
        f"kept as {kept}; --starred cannot be answered\n"
    )
    assert not target.exists()


def test_a_damaged_store_does_not_stop_a_plain_export(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage_the_store()
    target = tmp_path / "all.csv"
    status, out, err = run(capsys, "export", str(data), "-o", str(target))
    assert status == 0
    assert "annotations store was damaged" in err
    assert err.endswith("; exporting without stars, notes and tags\n")
    assert out == f"wrote 25 events to {target} (csv)\n"
    assert "starred" not in target.read_text("utf-8").splitlines()[0]  # the fresh store is empty


def test_an_unusable_store_is_said_and_refuses_the_mark_filters(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file where the store's directory should be: nothing can be created there.
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("", "utf-8")
    monkeypatch.setenv(ENV_DIR, str(blocked))
    target = tmp_path / "x.csv"
    status, _, err = run(capsys, "export", str(data), "--tag", "nz", "-o", str(target))
    assert status == 1
    where = blocked / "annotations.sqlite3"
    assert err.startswith(f"timeline-explorer export: cannot open the annotations store {where}:")
    assert err.endswith("; --tag cannot be answered\n")
    assert not target.exists()
    status, out, err = run(capsys, "export", str(data), "-o", str(target))
    assert (status, out) == (0, f"wrote 25 events to {target} (csv)\n")
    assert err.endswith("; exporting without stars, notes and tags\n")
    assert blocked.read_text("utf-8") == ""
