"""A cached ACLED open keeps its strings as compressed blocks: every value reads back as it
was (nulls, empty strings, any text), a damaged record is discarded, and a hit opens and
shows an event without importing polars."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from tests.conftest import copy_import
from tui.core import cache
from tui.core.importers import stored_strings
from tui.core.importers.stored_strings import NoSeparatorError, StoredStrings, pack
from tui.core.loading import open_store

ROOT = Path(__file__).resolve().parent.parent

VALUES = [
    "plain",
    None,
    "",
    "Jap\u00f3n, \u0425\u0430\u0440\u043a\u0456\u0432 \U0001f600",
    'quoted "text", with commas\nand a newline',
    "holds a NUL \x00 and a \x01",
    None,
    "last",
]


def stored(values: list[str | None]) -> StoredStrings:
    arrays, separator = pack(pl.Series("notes", values, dtype=pl.String))
    return StoredStrings("notes", len(values), separator, arrays)


@pytest.mark.parametrize("block_rows", [1, 3, 2048])
def test_values_read_back_one_at_a_time_and_whole(
    block_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored_strings, "BLOCK_ROWS", block_rows)
    column = stored(VALUES)
    assert [column[row] for row in range(len(VALUES))] == VALUES
    assert column[-1] == "last"
    assert column.values() == VALUES
    assert column.series().to_list() == VALUES
    assert column[1] is None and column[2] == ""  # read from the whole column now
    with pytest.raises(IndexError):
        column[len(VALUES)]


@pytest.mark.parametrize("block_rows", [1, 3])
@pytest.mark.parametrize("rows", [[0], [7, 0, 3], [1, 6, 1], [4, 5], list(range(8))], ids=str)
def test_values_taken_at_some_rows_from_their_blocks_or_whole(
    block_rows: int, rows: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored_strings, "BLOCK_ROWS", block_rows)
    made_whole = _counting_wholes(monkeypatch)
    column = stored(VALUES)
    taken = column.take(np.asarray(rows, dtype=np.int64))
    assert taken.to_list() == [VALUES[row] for row in rows]
    # A view in few of the blocks reads those alone; one in many makes the whole column.
    blocks = len({row // block_rows for row in rows})
    assert bool(made_whole) == (4 * blocks > -(-len(VALUES) // block_rows))


def _counting_wholes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each time a column is made whole (StoredStrings.series), a 1 in the list returned."""
    made_whole: list[int] = []
    series = StoredStrings.series

    def counted(self: StoredStrings) -> pl.Series:
        made_whole.append(1)
        return series(self)

    monkeypatch.setattr(StoredStrings, "series", counted)
    return made_whole


def test_views_taken_in_turn_read_each_block_once_then_the_whole_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stored_strings, "BLOCK_ROWS", 1)
    made_whole = _counting_wholes(monkeypatch)
    column = stored(VALUES)  # 8 blocks of one value
    for first in range(8):  # a long view's batches in file order, each in 1 block of 8
        assert column.take(np.asarray([first], dtype=np.int64)).to_list() == [VALUES[first]]
    assert not made_whole  # every block read once, and the column never made whole
    assert column.take(np.asarray([0], dtype=np.int64)).to_list() == [VALUES[0]]
    assert made_whole  # a ninth block read: the whole column, not more reading


@pytest.mark.parametrize(
    ("view", "whole"), [([0, 1], False), ([0, 2, 4, 6, 7], True)], ids=["few-blocks", "most"]
)
def test_an_export_that_says_its_rows_reads_the_cheaper_way(
    view: list[int], whole: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored_strings, "BLOCK_ROWS", 1)
    made_whole = _counting_wholes(monkeypatch)
    column = stored(VALUES)  # 8 blocks of one value
    column.plan(np.asarray(view, dtype=np.int64))
    first = np.asarray(view[:1], dtype=np.int64)  # the first batch: one block
    assert column.take(first).to_list() == [VALUES[view[0]]]
    assert bool(made_whole) == whole  # rows in most blocks: the whole column, at once


def test_an_empty_column() -> None:
    column = stored([])
    assert len(column) == 0 and column.values() == [] and column.series().to_list() == []


def test_a_column_holding_every_separator_is_not_stored() -> None:
    every = "".join(chr(c) for c in range(32))
    with pytest.raises(NoSeparatorError):
        pack(pl.Series("notes", [every, "other"]))


def test_blocks_that_do_not_fit_their_rows_are_refused() -> None:
    arrays, separator = pack(pl.Series("notes", ["a", "b", "c"]))
    with pytest.raises(ValueError, match="blocks"):
        StoredStrings("notes", 5000, separator, arrays)
    longer = arrays["block_offsets"].copy()
    longer[-1] += 1  # a block past the bytes there are
    with pytest.raises(ValueError, match="outside"):
        StoredStrings("notes", 3, separator, {**arrays, "block_offsets": longer})
    with pytest.raises(ValueError, match="separator"):
        StoredStrings("notes", 3, "x", arrays)
    nulls = {**arrays, "nulls": np.asarray([7], dtype=np.int64)}
    with pytest.raises(ValueError, match="null rows"):
        StoredStrings("notes", 3, separator, nulls)


def test_a_record_with_a_wrong_separator_is_discarded_with_a_note(
    cache_dir: Path, tmp_path: Path
) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    first = open_store([path])
    [record] = cache_dir.glob("*.json")
    meta = json.loads(record.read_text("utf-8"))
    meta["strings"] = {name: "x" for name in meta["strings"]}
    record.write_text(json.dumps(meta), "utf-8")
    cache.take_notes()
    again = open_store([path])
    assert not again.from_cache
    assert any("damaged" in note for note in cache.take_notes())
    assert [again.store.events[r] for r in range(len(again.store))] == [
        first.store.events[r] for r in range(len(first.store))
    ]


_HIT = """
import json, sys
from pathlib import Path
from tui.core.importers import registry, stored_strings
registry.LARGE_INPUT_BYTES = 0
stored_strings.PRELOAD_DELAY = 3600  # the whole column is made later, with polars
from tui.core.loading import open_store
result = open_store([Path(sys.argv[1])])
event = result.store.events[0]
ids = [result.store.columns.ids[row] for row in range(len(result.store))]
print(json.dumps({
    "from_cache": result.from_cache,
    "id": event.id,
    "summary": event.summary,
    "ids": ids,
    "polars": "polars" in sys.modules,
}))
"""


def test_a_hit_shows_an_event_without_polars(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    fresh = open_store([path]).store  # parsed, and the entry written
    found = json.loads(
        subprocess.run(
            [sys.executable, "-c", _HIT, str(path)],
            cwd=ROOT,
            env={"TIMELINE_EXPLORER_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.splitlines()[-1]
    )
    assert found["from_cache"]
    assert (found["id"], found["summary"]) == (fresh.events[0].id, fresh.events[0].summary)
    assert found["ids"] == [fresh.columns.ids[row] for row in range(len(fresh))]
    assert not found["polars"]


@pytest.mark.parametrize("fmt", ["csv", "md", "json", "timelinejs"])
def test_a_hit_exports_a_view_as_the_parse_does(
    cache_dir: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache hit's exports read ids and notes from the stored blocks (those of a view's
    rows alone, or the whole column): the same bytes as the parse's columns."""
    from tui.core.exporters import render

    monkeypatch.setattr(stored_strings, "BLOCK_ROWS", 1)  # a view in some blocks, not all
    path = copy_import("acled_current.csv", tmp_path)
    fresh = open_store([path]).store
    hit = open_store([path])
    assert hit.from_cache
    few = np.asarray([1, 3], dtype=np.int64)  # 2 of the 6 rows' blocks: read alone
    every = np.arange(len(fresh), dtype=np.int64)
    for rows in (few, every):
        assert render(hit.store, rows, fmt, "view") == render(fresh, rows, fmt, "view")
