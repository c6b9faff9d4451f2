"""Export progress and cancellation: progress counts up to the total, and a cancelled export
leaves the destination exactly as it was (no partial file, no temporary file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.exporters import (
    ExportCancelled,
    ExportError,
    ExportFormat,
    export_rows,
    export_to_stream,
)
from tui.core.exporters import _stream as stream_module
from tui.core.store import EventStore

FORMATS = list(ExportFormat)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> int:
    """Batches of 4 events, so the 25 bundled events take 7 batches."""
    monkeypatch.setattr(stream_module, "BATCH_ROWS", 4)
    return 4


class CancelAfter:
    """A cancel switch that turns on after ``calls`` questions."""

    def __init__(self, calls: int) -> None:
        self.left = calls
        self.asked = 0

    def __call__(self) -> bool:
        self.asked += 1
        self.left -= 1
        return self.left < 0


def test_cancelled_is_an_export_error_with_its_message() -> None:
    error = ExportCancelled()
    assert isinstance(error, ExportError)
    assert str(error) == "export cancelled"


@pytest.mark.parametrize("fmt", FORMATS)
def test_cancel_mid_export_leaves_no_file(
    bundled_store: EventStore, tmp_path: Path, fmt: ExportFormat, small_batches: int
) -> None:
    target = tmp_path / "out.file"
    cancel = CancelAfter(3)  # asked before writing, then after each piece: stops mid-way
    with pytest.raises(ExportCancelled, match="export cancelled"):
        export_rows(bundled_store, bundled_store.all_rows(), fmt, target, cancelled=cancel)
    assert cancel.asked == 4
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_cancel_leaves_an_existing_file_unchanged(
    bundled_store: EventStore, tmp_path: Path, fmt: ExportFormat, small_batches: int
) -> None:
    target = tmp_path / "brief.out"
    target.write_bytes(b"the old export\n")
    with pytest.raises(ExportCancelled):
        export_rows(bundled_store, bundled_store.all_rows(), fmt, target, cancelled=CancelAfter(2))
    assert target.read_bytes() == b"the old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.out"]


def test_cancel_before_the_first_batch_writes_nothing(
    bundled_store: EventStore, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "out.csv"
    with pytest.raises(ExportCancelled):
        export_rows(bundled_store, bundled_store.all_rows(), "csv", target, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []  # not even the missing directory


@pytest.mark.parametrize("fmt", FORMATS)
def test_progress_counts_up_to_the_total(
    bundled_store: EventStore, tmp_path: Path, fmt: ExportFormat, small_batches: int
) -> None:
    calls: list[tuple[int, int]] = []
    result = export_rows(
        bundled_store,
        bundled_store.all_rows(),
        fmt,
        tmp_path / "out",
        progress=lambda done, total: calls.append((done, total)),
        cancelled=lambda: False,
    )
    assert result.count == 25
    # 25 events in batches of 4: 4, 8, ..., 24, 25 (each batch reported once it is written).
    assert calls == [(n, 25) for n in (4, 8, 12, 16, 20, 24, 25)]


def test_progress_counts_distinct_events(bundled_store: EventStore, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    export_rows(
        bundled_store, [3, 1, 3, 2], "csv", tmp_path / "x.csv", progress=lambda *c: calls.append(c)
    )
    assert calls == [(3, 3)]


def test_stdout_export_reports_progress_and_stops_on_cancel(
    bundled_store: EventStore, tmp_path: Path, small_batches: int
) -> None:
    calls: list[tuple[int, int]] = []
    with (tmp_path / "stdout").open("wb") as stream:
        export_to_stream(
            bundled_store,
            bundled_store.all_rows(),
            "md",
            stream,
            progress=lambda *c: calls.append(c),
        )
    assert calls[-1] == (25, 25)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    with (tmp_path / "stdout2").open("wb") as stream, pytest.raises(ExportCancelled):
        export_to_stream(
            bundled_store, bundled_store.all_rows(), "csv", stream, cancelled=CancelAfter(1)
        )
