"""A directory of Parquet parts opens without --from, and validate names it with its count."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import DATA
from tui.cli import main
from tui.core.backends.schema import write_parquet
from tui.core.importers.ours import load_paths
from tui.core.loading import open_store
from tui.core.parquet_store import ParquetStore
from tui.core.store import EventStore


@pytest.fixture
def parts(tmp_path: Path) -> Path:
    whole = tmp_path / "whole.parquet"
    write_parquet(EventStore.from_dataset(load_paths([DATA])), whole)
    folder = tmp_path / "parts"
    folder.mkdir()
    with duckdb.connect() as connection:  # two parts, seq running on across them
        for name, condition in (("a", "seq < 10"), ("b", "seq >= 10")):
            connection.execute(
                f"COPY (SELECT * FROM '{whole}' WHERE {condition} ORDER BY seq) "
                f"TO '{folder / name}.parquet' (FORMAT parquet)"
            )
    return folder


def test_a_directory_of_parquet_parts_is_detected(parts: Path) -> None:
    opened = open_store([parts])
    assert opened.format == "parquet"
    assert isinstance(opened.store, ParquetStore)
    assert len(opened.store) == 25  # the bundled dataset's events, in two parts


def test_a_directory_with_json_is_still_ours(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in DATA.glob("*.json"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "stray.parquet").write_bytes(b"PAR1")
    assert open_store([folder]).format == "ours"


def test_validate_names_a_parquet_directory_with_its_events(
    parts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(parts)]) == 0
    assert capsys.readouterr().out == f"ok: {parts} (parquet, 25 events)\n"
