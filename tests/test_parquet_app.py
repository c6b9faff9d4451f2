"""The app opened on a Parquet file (as `timeline-explorer FILE.parquet` does) shows its events
and works as on any other input; a file it cannot read is a message naming it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import DATA
from tests.shown import screen_text
from tui.core.backends.schema import write_parquet
from tui.core.importers.ours import load_paths
from tui.core.loading import OpenResult, ProgressCallback, open_store
from tui.core.problems import LoadError
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.main import MainScreen

SIZE = (120, 40)


@pytest.fixture(scope="module")
def bundled_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "bundled.parquet"
    write_parquet(EventStore.from_dataset(load_paths([DATA])), path)
    return path


async def test_the_app_opens_on_a_parquet_file(bundled_parquet: Path) -> None:
    def opener(progress: ProgressCallback | None = None) -> OpenResult:
        return open_store([bundled_parquet], progress=progress, require_events=True)

    app = TimelineApp(opener=opener, source_label="bundled.parquet", blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        shown = screen_text(app)
        assert "25 / 25 events" in shown
        # The first event (August 2007) and its detail, read from the file.
        assert "2007-08    ■ Japan and the United States sign a General Sec" in shown
        assert "(GSOMIA) for the protection of classified" in shown
        await pilot.press("end")
        await pilot.pause()
        assert "The Russia–North Korea treaty enters into force" in screen_text(app)
        await pilot.press("slash", *"Putin", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "3 / 25 events" in screen_text(app)


def test_a_file_that_is_not_parquet_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    path.write_text("id,title\n1,x\n")
    with pytest.raises(LoadError) as caught:
        open_store([path], format="parquet")
    assert str(caught.value).startswith(f"{path}: cannot read as Parquet: ")


def test_missing_columns_are_all_named(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pl.DataFrame({"id": ["a"], "title": ["x"], "start_key": ["2024"]}).write_parquet(path)
    with pytest.raises(LoadError) as caught:
        open_store([path])  # detected as Parquet from its first bytes
    messages = [str(p) for p in caught.value.problems]
    assert f"{path}: start_key: is VARCHAR, expected INTEGER" in messages
    assert f"{path}: countries: missing column (expected VARCHAR[])" in messages
    assert f"{path}: search_text: missing column (expected VARCHAR)" in messages


def test_rows_out_of_order_are_refused(bundled_parquet: Path, tmp_path: Path) -> None:
    path = tmp_path / "shuffled.parquet"
    pl.read_parquet(bundled_parquet).reverse().write_parquet(path)
    with pytest.raises(LoadError) as caught:
        open_store([path])
    assert str(caught.value) == (
        f"{path}: seq: rows are not stored in time order with seq numbering them 0..n-1 "
        "(write them with: timeline-explorer convert INPUT -o FILE.parquet)"
    )


def test_a_damaged_file_is_a_message_not_a_traceback(bundled_parquet: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.parquet"
    truncated.write_bytes(bundled_parquet.read_bytes()[:5000])
    done = subprocess.run(
        [sys.executable, "-m", "tui", "validate", str(truncated)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert f"{truncated}: cannot read as Parquet: " in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_a_damaged_page_shows_as_an_unreadable_row(bundled_parquet: Path, tmp_path: Path) -> None:
    import duckdb

    data = bytearray(bundled_parquet.read_bytes())
    with duckdb.connect() as connection:
        [(offset, size)] = connection.execute(
            "SELECT data_page_offset, total_compressed_size FROM parquet_metadata(?) "
            "WHERE path_in_schema = 'title'",
            [str(bundled_parquet)],
        ).fetchall()
    for at in range(offset + 20, offset + size - 5):  # the titles' page, header kept
        data[at] ^= 0x5A
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(bytes(data))
    store = open_store([damaged]).store  # the keys are whole: it opens
    title = store.columns.titles[0]
    assert title.startswith("(cannot read this row of damaged.parquet: ")
    assert store.columns.countries[0] == ()


def test_parquet_is_detected_from_its_content_not_its_name(
    bundled_parquet: Path, tmp_path: Path
) -> None:
    import inspect

    from tui.core.importers.front_door import admit
    from tui.core.importers.registry import REGISTRY, Importer

    assert admit([bundled_parquet]).importer.name == "parquet"
    renamed = tmp_path / "events.dat"
    renamed.write_bytes(bundled_parquet.read_bytes())
    assert admit([renamed]).importer.name == "parquet"
    importer = REGISTRY["parquet"]
    for method in ("detect", "read", "build"):
        assert (
            list(inspect.signature(getattr(importer, method)).parameters)
            == list(inspect.signature(getattr(Importer, method)).parameters)[1:]
        )
