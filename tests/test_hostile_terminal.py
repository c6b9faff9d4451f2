"""The terminal and the files around the app: tiny terminals, NO_COLOR, atomic writes, input
files never modified."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.strip import Strip
from textual.widget import Widget

from tests.conftest import TEST_DATA
from tests.shown import screen_text
from tests.test_hostile import assert_clean_screen, make_app
from tui.cli import main
from tui.core.atomic import write_bytes_atomic
from tui.core.exporters import ExportFormat, export_rows
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore
from tui.ui.widgets.timeline import TimelineView

HOSTILE = TEST_DATA / "hostile"


@pytest.fixture(scope="module")
def hostile_store() -> EventStore:
    return EventStore.from_dataset(load_paths([HOSTILE]))


# -- resizing ---------------------------------------------------------------------------------


async def test_resizing_to_40x12_and_back_neither_crashes_nor_garbles(
    hostile_store: EventStore,
) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(TimelineView)
        view.cursor = 3
        await pilot.pause()
        # The footer's keys are drawn a refresh after the first screen: on a loaded machine,
        # later than one pause. The screen to come back to is the one with them.
        for _ in range(100):
            if screen_text(app).splitlines()[-1].strip():
                break
            await pilot.pause(0.05)
        before = screen_text(app)
        for size in ((80, 24), (40, 12), (20, 6), (40, 12), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            text = assert_clean_screen(app)
            lines = text.splitlines()
            assert len(lines) == size[1]
            assert all(cell_len(line) == size[0] for line in lines), size
            width = view.scrollable_content_region.width
            for y in range(view.scrollable_content_region.height):
                strip = view.render_line(y)
                assert strip.cell_length == width and "\n" not in strip.text
            await pilot.press("j", "pagedown", "k")  # still usable at this size
            await pilot.pause()
        await pilot.press("home", "j", "j", "j")
        await pilot.pause()
        assert screen_text(app) == before  # back where it was, laid out as before


# -- NO_COLOR ---------------------------------------------------------------------------------


def _seen(widget: Widget, strip: Strip) -> set[tuple[bool, bool, bool]]:
    """What a line looks like without colour: (bold, reverse, underline) of its text."""
    for line_filter in widget.app.get_line_filters():
        strip = strip.apply_filter(line_filter, widget.background_colors[1])
    return {
        (bool(s.style.bold), bool(s.style.reverse), bool(s.style.underline))
        for s in strip
        if s.style is not None and s.text.strip()
    }


async def test_no_color_keeps_the_selection_visible(
    hostile_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(hostile_store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.no_color
        view = app.screen.query_one(TimelineView)
        view.cursor = 2  # line 3: the separator of 2021 is line 0
        await pilot.pause()
        for focused in (True, False):
            assert (app.focused is view) is focused
            cursor_line = _seen(view, view.render_line(view.line_of(view.cursor)))
            for y in (1, 2, 4, 5):
                other = _seen(view, view.render_line(y))
                assert cursor_line.isdisjoint(other), (focused, cursor_line, other)
            assert_clean_screen(app)
            await pilot.press("tab")  # to the links: the timeline shows its blurred cursor
            await pilot.pause()


# -- atomic writes ----------------------------------------------------------------------------


def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "prefs.json"
    target.write_bytes(b"old")
    real_fdopen = os.fdopen

    class Dies:
        """A stream that writes half the data, then the process "dies"."""

        def __init__(self, fd: int, mode: str, buffering: int = -1) -> None:
            self.stream = real_fdopen(fd, mode, buffering)

        def __enter__(self) -> Dies:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "fdopen", Dies)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomic(target, b"new and much longer")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prefs.json"]


def test_a_kill_mid_write_leaves_the_old_file_and_nothing_that_breaks_the_next_start(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    target = data / "events.json"
    original = (HOSTILE / "wide.json").read_bytes()
    target.write_bytes(original)
    # A real SIGKILL while the new content is half written and not yet renamed.
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from pathlib import Path
        from tui.core.atomic import write_bytes_atomic
        real_fsync = os.fsync
        def stall(fd):
            print("writing", flush=True)
            time.sleep(60)
        os.fsync = stall
        write_bytes_atomic(Path({str(target)!r}), b'{{"events": [' * 100000)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=Path(__file__).parent.parent
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"writing\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert target.read_bytes() == original
    leftovers = [p for p in data.iterdir() if p != target]
    assert leftovers and all(p.name.startswith(".events.json.") for p in leftovers)
    # the next start loads the directory as if nothing had happened
    assert len(load_paths([data]).events) == len(load_paths([HOSTILE / "wide.json"]).events)
    assert main(["validate", str(data)]) == 0


# -- input files are never modified -----------------------------------------------------------


def _hashes(directory: Path) -> dict[str, tuple[str, float]]:
    return {
        str(p.relative_to(directory)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime,
        )
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


async def test_opening_exploring_and_exporting_never_modify_the_inputs(
    hostile_store: EventStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _hashes(HOSTILE)
    time.sleep(0.01)
    assert main(["validate", str(HOSTILE)]) == 0
    store = EventStore.from_dataset(load_paths([HOSTILE]))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "G", "enter", "enter")
        await pilot.pause()
        await pilot.press("escape", "slash", *"quit", "enter")
        await pilot.pause()
    for fmt in ExportFormat:
        out = tmp_path / f"export-{fmt.value}"
        export_rows(store, store.all_rows(), fmt, out, "[bold]x[/]\x1b[2J", inputs=[HOSTILE])
        assert main(["export", str(HOSTILE), "--format", fmt.value, "-o", str(out)]) == 0
    capsys.readouterr()
    assert _hashes(HOSTILE) == before
