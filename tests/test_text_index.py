"""A Parquet file's text index (tui.core.backends.text_index): text search reads it when it was
made from that very file, with the answers of the in-memory store; a stale, foreign or broken
index is never read, and search scans the file instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from benchmarks.synth import write_acled
from tui.cli import main
from tui.core.backends import text_index
from tui.core.backends.schema import write_parquet
from tui.core.backends.text_index import index_path, write_text_index
from tui.core.bundled import bundled_data_dir
from tui.core.importers import acled as acled_importer
from tui.core.importers.ours import load_paths
from tui.core.parquet_store import ParquetStore, open_parquet_store
from tui.core.store import EventStore, Query

# Needles of every sort: words, case, several words, punctuation, LIKE's wildcards (meant
# literally), a needle in no row and one in nearly every row.
NEEDLES = (
    "sudan",
    "KHARTOUM",
    "drone strike",
    "protesters",
    "(",
    "%",
    "_",
    "zzzz",
    "a",
    "  rapid   support ",
)


@pytest.fixture(scope="module")
def acled(tmp_path_factory: pytest.TempPathFactory) -> tuple[EventStore, Path]:
    folder = tmp_path_factory.mktemp("indexed")
    store = acled_importer.build(acled_importer.prepare(write_acled(folder / "a.csv", 2000)))
    path = folder / "acled.parquet"
    write_parquet(store, path, batch_rows=700)
    return store, path


def _bundled() -> EventStore:
    return EventStore.from_dataset(load_paths([bundled_data_dir()]))


def _searched(store: EventStore, needle: str) -> list[int]:
    return [int(r) for r in store.query(Query(text=needle))]


def _text_index_read(store: ParquetStore) -> bool:
    finder = store.columns.text_index
    assert isinstance(finder, text_index.ParquetText)
    return finder.indexed


def test_an_index_made_from_the_file_gives_the_in_memory_answers(
    acled: tuple[EventStore, Path],
) -> None:
    memory, path = acled
    index_path(path).unlink(missing_ok=True)
    scanned = open_parquet_store(path)
    assert not _text_index_read(scanned)  # none written yet
    expected = {needle: _searched(memory, needle) for needle in NEEDLES}
    assert expected["sudan"] and expected["zzzz"] == [] and len(expected["a"]) > 1000
    assert {needle: _searched(scanned, needle) for needle in NEEDLES} == expected

    made = write_text_index(path)
    assert made == path.with_name("acled.parquet.search.duckdb")
    indexed = open_parquet_store(path)
    assert _text_index_read(indexed)
    assert {needle: _searched(indexed, needle) for needle in NEEDLES} == expected
    both = Query(text="sudan", countries=frozenset({"SDN"}))
    assert np.array_equal(indexed.query(both), memory.query(both))


def test_the_index_is_written_whole_and_leaves_nothing_else(tmp_path: Path) -> None:
    store = _bundled()
    path = tmp_path / "bundled.parquet"
    write_parquet(store, path)
    write_text_index(path)
    write_text_index(path)  # again, over the first
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bundled.parquet",
        "bundled.parquet.search.duckdb",
    ]
    indexed = open_parquet_store(path)
    assert _text_index_read(indexed)
    assert _searched(indexed, "pyongyang") == _searched(store, "pyongyang") != []


def test_an_index_of_another_file_is_never_read(
    acled: tuple[EventStore, Path], tmp_path: Path
) -> None:
    _, source = acled
    write_text_index(source)
    # The bundled events under the index of the ACLED file: every search must still be right.
    store = _bundled()
    path = tmp_path / "bundled.parquet"
    write_parquet(store, path)
    shutil.copyfile(index_path(source), index_path(path))
    opened = open_parquet_store(path)
    assert not _text_index_read(opened)
    assert _searched(opened, "sudan") == [] == _searched(store, "sudan")
    assert _searched(opened, "pyongyang") == _searched(store, "pyongyang") != []


def test_an_index_left_from_an_older_file_is_never_read(
    acled: tuple[EventStore, Path], tmp_path: Path
) -> None:
    memory, source = acled
    path = tmp_path / "events.parquet"
    write_parquet(_bundled(), path)
    write_text_index(path)
    # The same name now holds other events (as a second convert would leave it): the
    # bundled events' index stays beside it.
    shutil.copyfile(source, path)
    opened = open_parquet_store(path)
    assert not _text_index_read(opened)
    assert _searched(opened, "sudan") == _searched(memory, "sudan") != []
    assert _searched(opened, "pyongyang") == []


@pytest.mark.parametrize(
    "content", [b"", b"not a database", b"DUCK" * 5000], ids=["empty", "text", "garbage"]
)
def test_a_broken_index_is_never_read(tmp_path: Path, content: bytes) -> None:
    store = _bundled()
    path = tmp_path / "bundled.parquet"
    write_parquet(store, path)
    index_path(path).write_bytes(content)
    opened = open_parquet_store(path)
    assert not _text_index_read(opened)
    assert _searched(opened, "pyongyang") == _searched(store, "pyongyang") != []


def test_convert_writes_the_index_of_a_large_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    small = tmp_path / "small.parquet"
    assert main(["convert", str(bundled_data_dir()), "-o", str(small)]) == 0
    assert not index_path(small).exists()  # 25 events: a scan is instant
    capsys.readouterr()

    monkeypatch.setattr(text_index, "INDEX_MIN_ROWS", 10)  # as if 25 events were many
    large = tmp_path / "large.parquet"
    assert main(["convert", str(bundled_data_dir()), "-o", str(large)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote 25 events to {large} (Parquet)",
        f"wrote its text index to {index_path(large)}",
    ]
    opened = open_parquet_store(large)
    assert _text_index_read(opened)
    assert _searched(opened, "new zealand") == _searched(_bundled(), "new zealand") != []


def test_convert_over_an_indexed_file_leaves_no_stale_index(tmp_path: Path) -> None:
    target = tmp_path / "events.parquet"
    write_parquet(_bundled(), target)
    write_text_index(target)
    assert main(["convert", str(bundled_data_dir()), "-o", str(target)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]


@pytest.mark.parametrize(
    "planted",
    [
        # A view where the text should be: it would read any file (or the network) when searched.
        "DROP TABLE search; CREATE VIEW search AS "
        "SELECT 0::BIGINT AS r, content AS text FROM read_text('{secret}')",
        # A macro over DuckDB's own: every row would match.
        "CREATE MACRO contains(a, b) AS true",
        # Another table beside ours.
        "CREATE TABLE extra (x INTEGER)",
    ],
    ids=["view", "macro", "extra-table"],
)
def test_an_index_holding_more_than_ours_is_never_read(tmp_path: Path, planted: str) -> None:
    import duckdb

    secret = tmp_path / "secret.txt"
    secret.write_text("pyongyang", encoding="utf-8")
    store = _bundled()
    path = tmp_path / "bundled.parquet"
    write_parquet(store, path)
    write_text_index(path)  # made from this file: only the planted part is wrong
    with duckdb.connect(str(index_path(path))) as connection:
        for statement in planted.format(secret=secret).split("; "):
            connection.execute(statement)
    opened = open_parquet_store(path)
    assert not _text_index_read(opened)
    assert _searched(opened, "pyongyang") == _searched(store, "pyongyang") != [0]
    assert _searched(opened, "zzzz") == []
