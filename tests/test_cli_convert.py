"""``timeline-explorer convert``: any import written as Parquet with our columns, reopened by
the DuckDB backend with the same events (issue 13). Expected values are read off the input
files by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.backends.parquet import open_parquet
from tui.core.bundled import bundled_data_dir
from tui.core.loading import open_store
from tui.core.store import Query

ROOT = Path(__file__).resolve().parent.parent
DJIBOUTI = ROOT / "tests" / "data" / "real" / "acled" / "hoa_djibouti_2019_iso.csv"


def test_the_bundled_dataset_converts_and_reopens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bundled.parquet"
    assert main(["convert", str(bundled_data_dir()), "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"wrote 25 events to {target} (Parquet)\n"
    backend = open_parquet(target)
    assert backend.count(Query()) == 25
    both = Query(countries=frozenset({"JPN", "NZL"}))
    assert backend.count(both) == 3  # the README's Japan + New Zealand: "3 / 25 events"
    rows = backend.window(both, 0, 10)
    assert [(r.date_label, r.title) for r in rows] == [
        (
            "2023-02-27",
            "Japan and New Zealand agree to speed up talks on an information security agreement",
        ),
        ("2024-06-19", "Kishida and Luxon meet in Tokyo"),
        ("2025-12-19", "Japan and New Zealand sign an information security agreement and an ACSA"),
    ]
    visit = backend.window(Query(text="pyongyang"), 0, 5)
    assert ("2024-06-18 → 19", "Putin visits Pyongyang") in [(r.date_label, r.title) for r in visit]
    assert [p.name for p in tmp_path.iterdir()] == ["bundled.parquet"]  # no part files left


def test_a_real_acled_file_converts_in_a_process(tmp_path: Path) -> None:
    target = tmp_path / "djibouti.parquet"
    done = subprocess.run(
        [sys.executable, "-m", "tui", "convert", str(DJIBOUTI), "-o", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"wrote 26 events to {target} (Parquet)\n"  # the file's 26 records
    backend = open_parquet(target)
    assert backend.count(Query()) == 26
    assert backend.count(Query(countries=frozenset({"DJI"}))) == 26
    # One record has Ethiopian actors ("Protesters (Ethiopia)"), one Eritrea's government.
    assert backend.count(Query(countries=frozenset({"ETH"}))) == 1
    assert backend.count(Query(countries=frozenset({"ERI"}))) == 1
    rows = backend.window(Query(), 0, 26)
    # time_precision 2 or 3 (4 + 1 records) makes a date approximate.
    assert sum(r.approximate for r in rows) == 5
    first = rows[0]  # DJI109, 2016-11-03: the file's oldest record (its last line)
    assert (first.id, first.date_label, first.kind) == ("DJI109", "2016-11-03", "protest")
    assert first.countries == ("DJI", "ETH")
    detail = backend.event("DJI109")
    assert detail is not None
    assert detail.summary.startswith("Police reportedly shot and wounded three Oromo refugees")
    assert detail.actor_names[:2] == ("Police Forces of Djibouti (1999-)", "Protesters (Ethiopia)")
    assert [s.title for s in detail.sources] == ["Oromiya Media Network"]
    # The same events, in the same order, as the app's own opener gives.
    store = open_store([DJIBOUTI]).store
    assert [r.id for r in rows] == list(store.columns.ids)


def test_the_output_must_be_named_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "events.csv"
    assert main(["convert", str(DJIBOUTI), "-o", str(target)]) == 2
    assert "must be a file whose name ends in .parquet" in capsys.readouterr().err
    assert main(["convert", str(DJIBOUTI), "-o", "-"]) == 2
    assert not target.exists()


def test_never_over_an_input_nor_into_an_input_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "data"
    inputs.mkdir()
    (inputs / "events.parquet").write_bytes(b"not yet")
    assert main(["convert", str(inputs), "-o", str(inputs / "events.parquet")]) == 1
    assert "it is an input file" in capsys.readouterr().err
    assert (inputs / "events.parquet").read_bytes() == b"not yet"
    inside = bundled_data_dir() / "x.parquet"
    assert main(["convert", str(bundled_data_dir()), "-o", str(inside)]) == 1
    assert "in the input directory" in capsys.readouterr().err
    assert not inside.exists()


def test_the_destination_rules_are_export_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(bundled_data_dir())
    missing = tmp_path / "new" / "events.parquet"
    assert main(["convert", data, "-o", str(missing)]) == 1
    assert "--mkdir creates it" in capsys.readouterr().err
    assert main(["convert", data, "-o", str(missing), "--mkdir"]) == 0
    assert open_parquet(missing).count(Query()) == 25

    locked = tmp_path / "locked.parquet"
    locked.write_bytes(b"old")
    locked.chmod(0o444)  # read-only by its mode (root could still write it)
    assert main(["convert", data, "-o", str(locked)]) == 1
    assert "--force replaces it" in capsys.readouterr().err
    assert locked.read_bytes() == b"old"
    assert main(["convert", data, "-o", str(locked), "--force"]) == 0
    assert open_parquet(locked).count(Query()) == 25

    link = tmp_path / "link.parquet"
    link.symlink_to(tmp_path / "elsewhere.parquet")
    assert main(["convert", data, "-o", str(link)]) == 1
    assert "it is a symbolic link" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere.parquet").exists()


def test_an_input_that_does_not_load_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"name": "nothing", "events": []}')
    target = tmp_path / "out.parquet"
    assert main(["convert", str(empty), "-o", str(target)]) == 1
    assert "holds no events" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.json"]
