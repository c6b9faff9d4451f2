"""A text search over Parquet shows what it has found while it scans: every answer before the
last is a prefix of the whole (every match up to its last row), and the last is the whole.
The expected rows are worked out here from the file's own text, with Python's ``in``."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pytest

from benchmarks.synth import write_acled
from tests.conftest import DATA
from tui.core import parquet_rows
from tui.core.backends.schema import write_parquet
from tui.core.columns import Rows
from tui.core.importers import acled as acled_importer
from tui.core.importers.ours import load_paths
from tui.core.parquet_store import ParquetStore, open_parquet_store
from tui.core.store import EventStore, Query

ROWS = 3000


def acled_parquet(folder: Path, rows: int) -> tuple[Path, list[str]]:
    """A Parquet file of synthetic ACLED events, and each row's search text as the file holds
    it (read with DuckDB alone)."""
    store = acled_importer.build(acled_importer.prepare(write_acled(folder / "a.csv", rows)))
    path = folder / "acled.parquet"
    write_parquet(store, path, batch_rows=500)
    query = f"SELECT search_text FROM '{path}'"
    return path, [text for (text,) in duckdb.connect().execute(query).fetchall()]


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> tuple[ParquetStore, list[str]]:
    """The store over a Parquet file of synthetic ACLED events, and each row's search text."""
    path, texts = acled_parquet(tmp_path_factory.mktemp("growing"), ROWS)
    return open_parquet_store(path), texts


def _matching(texts: list[str], needle: str) -> list[int]:
    return [row for row, text in enumerate(texts) if needle in text]


def _answers(store: EventStore, query: Query) -> list[tuple[Rows, bool]]:
    return list(store.growing_query(query))


def _assert_prefixes_then_whole(answers: list[tuple[Rows, bool]], expected: list[int]) -> None:
    *partial, (last, whole) = answers
    assert whole and last.tolist() == expected
    for rows, done in partial:
        assert not done and len(rows)
        up_to_last = [row for row in expected if row <= int(rows[-1])]
        assert rows.tolist() == up_to_last


@pytest.fixture(autouse=True)
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranges of a few hundred rows, so that 3,000 rows are scanned in parts."""
    monkeypatch.setattr(parquet_rows, "FIRST_RANGE", 100)
    monkeypatch.setattr(parquet_rows, "LARGEST_RANGE", 400)


@pytest.fixture(params=[0.0, 60.0], ids=["shown after every range", "shown once"])
def part_every(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> float:
    """How often a scan shows what it found: after every range that found any, or (a slow
    clock) only after the first."""
    every = float(request.param)
    monkeypatch.setattr(parquet_rows, "PART_EVERY", every)
    return every


@pytest.mark.parametrize("needle", ["militia", "attack", "0 fatalities]", "town 1"])
def test_each_answer_before_the_last_is_a_prefix(
    parquet: tuple[ParquetStore, list[str]], needle: str, part_every: float
) -> None:
    store, texts = parquet
    expected = _matching(texts, needle)
    assert len(expected) > 100, "a needle found in every range"
    answers = _answers(store, Query(text=needle))
    _assert_prefixes_then_whole(answers, expected)
    partial = [len(rows) for rows, _ in answers[:-1]]
    if part_every:
        assert len(partial) == 1
    else:  # ranges of 100, 200, then 400 rows: 3,000 rows in 9 (the last one whole)
        assert len(partial) == 8 and partial == sorted(partial)
    assert np.array_equal(answers[-1][0], store.query(Query(text=needle)))


def test_the_needle_is_folded_and_one_spaced(parquet: tuple[ParquetStore, list[str]]) -> None:
    store, texts = parquet
    _assert_prefixes_then_whole(
        _answers(store, Query(text="  Military\tForces ")), _matching(texts, "military forces")
    )


def test_filters_and_notes_apply_to_each_part(
    parquet: tuple[ParquetStore, list[str]], part_every: float
) -> None:
    store, texts = parquet
    country = "SDN"
    in_country = set(store.rows_for_country(country).tolist())
    noted = [store.columns.ids[row] for row in (5, 1500, 2990)]  # notes that hold the text
    query = Query(countries=frozenset({country}), text="town 1", text_in_notes=frozenset(noted))
    found = set(_matching(texts, "town 1")) | {5, 1500, 2990}
    expected = sorted(found & in_country)
    assert len(expected) > 20
    _assert_prefixes_then_whole(_answers(store, query), expected)
    assert store.query(query).tolist() == expected


def test_nothing_found_is_one_empty_answer(parquet: tuple[ParquetStore, list[str]]) -> None:
    store, _ = parquet
    [(rows, whole)] = _answers(store, Query(text="no such words anywhere"))
    assert whole and not len(rows)


def test_a_query_without_text_is_answered_at_once(
    parquet: tuple[ParquetStore, list[str]],
) -> None:
    store, _ = parquet
    query = Query(countries=frozenset({"SDN"}))
    [(rows, whole)] = _answers(store, query)
    assert whole and np.array_equal(rows, store.rows_for_country("SDN"))


def test_a_store_in_memory_answers_at_once() -> None:
    store = EventStore.from_dataset(load_paths([DATA]))
    [(rows, whole)] = _answers(store, Query(text="pyongyang"))
    assert whole and len(rows) and np.array_equal(rows, store.query(Query(text="pyongyang")))


def test_stopping_early_ends_the_scan_and_the_store_goes_on(
    parquet: tuple[ParquetStore, list[str]],
) -> None:
    store, texts = parquet
    answers = store.growing_query(Query(text="attack"))
    first, whole = next(answers)
    assert not whole and first.tolist() == _matching(texts, "attack")[: len(first)]
    answers.close()  # a newer search replaced this one
    assert store.query(Query(text="town 12")).tolist() == _matching(texts, "town 12")
