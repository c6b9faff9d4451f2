"""A dataset may name the event to open on (our `start_at`; TimelineJS's `start_at_slide`); the
bundled dataset opens on 19 June 2024, the day of the Kishida–Luxon summit its article reports
(issue 12, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
from tui.cli import main
from tui.core.dates import PartialDate
from tui.core.filters import start_row
from tui.core.importers.ours import load_paths
from tui.core.importers.timelinejs import load
from tui.core.problems import LoadError
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.widgets.timeline import TimelineView

REAL = ROOT / "tests" / "data" / "real" / "timelinejs"
EVENT = {"id": "e1", "title": "One", "start": "2024-06-19", "kind": "meeting"}
OTHER = {"id": "e2", "title": "Two", "start": "2020-01-01", "kind": "meeting"}


def write(path: Path, document: dict[str, object]) -> Path:
    path.write_text(json.dumps(document, indent=2), "utf-8")
    return path


def test_the_bundled_dataset_names_the_summit_of_19_june_2024(bundled_store: EventStore) -> None:
    row = start_row(bundled_store)
    assert row is not None
    event = bundled_store.events[row]
    assert event.id == "kishida-luxon-tokyo-summit"
    assert event.start == PartialDate(2024, 6, 19)


async def test_the_app_opens_with_the_cursor_on_the_story(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        row = app.screen.query_one(TimelineView).current_row
        assert row is not None
        assert bundled_store.columns.ids[row] == "kishida-luxon-tokyo-summit"


def test_without_a_start_there_is_no_start_row(tmp_path: Path) -> None:
    store = EventStore.from_dataset(load_paths([write(tmp_path / "a.json", {"events": [EVENT]})]))
    assert start_row(store) is None


def test_an_unknown_start_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", {"start_at": "e9", "events": [EVENT]})
    with pytest.raises(LoadError) as caught:
        load_paths([path])
    # json.dumps(indent=2): "start_at" is the first key, on line 2 at column 3.
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2:3: start_at: unknown event 'e9': no event in the dataset has this id"
    ]


def test_a_start_may_name_an_event_of_another_file(tmp_path: Path) -> None:
    first = write(tmp_path / "a.json", {"start_at": "e2", "events": [EVENT]})
    write(tmp_path / "b.json", {"events": [OTHER]})
    assert load_paths([tmp_path]).start_at == "e2"
    assert load_paths([first, tmp_path / "b.json"]).start_at == "e2"


def test_only_one_file_may_name_the_start(tmp_path: Path) -> None:
    first = write(tmp_path / "a.json", {"start_at": "e1", "events": [EVENT]})
    second = write(tmp_path / "b.json", {"start_at": "e2", "events": [OTHER]})
    with pytest.raises(LoadError) as caught:
        load_paths([first, second])
    assert [str(p) for p in caught.value.problems] == [
        f"{second}:2:3: start_at: {first} already names the event to open on ('e1')"
    ]


def test_the_schema_describes_the_start(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    field = json.loads(capsys.readouterr().out)["properties"]["start_at"]
    assert "opens on" in field["description"]
    bundled_schema = json.loads((DATA / "timeline-explorer.schema.json").read_text("utf-8"))
    assert bundled_schema["properties"]["start_at"] == field


# -- TimelineJS: start_at_slide ----------------------------------------------------------------


def with_option(tmp_path: Path, name: str, value: object, reverse: bool = False) -> Path:
    """A real TimelineJS file with the viewer's start_at_slide added beside its slides (and its
    events in reverse file order: TimelineJS counts slides in date order)."""
    document = json.loads((REAL / name).read_text("utf-8"))
    if reverse:
        document["events"].reverse()
    document["start_at_slide"] = value
    return write(tmp_path / name, document)


def test_a_slide_counts_from_the_title(tmp_path: Path) -> None:
    # tl3_milliseconds.json: a title, then five events of one second, 01 … 60 ms apart.
    path = with_option(tmp_path, "tl3_milliseconds.json", 3, reverse=True)
    dataset, skipped, _ = load(path)
    assert skipped == 0
    [start] = [e for e in dataset.events if e.id == dataset.start_at]
    assert start.start.millisecond == 30  # slide 3: the third event in time (title: slide 0)


def test_the_title_slide_opens_on_the_first_event(tmp_path: Path) -> None:
    dataset, _, _ = load(with_option(tmp_path, "tl3_milliseconds.json", 0))
    assert dataset.start_at is None


def test_without_a_title_slide_0_is_the_first_event(tmp_path: Path) -> None:
    # tl3_years_bce.json: no title; events in -5410, -2520, -2010, -1450, -258.
    dataset, _, _ = load(with_option(tmp_path, "tl3_years_bce.json", "2"))
    [start] = [e for e in dataset.events if e.id == dataset.start_at]
    assert start.start == PartialDate(-2010)


def test_a_slide_past_the_end_is_the_last_event(tmp_path: Path) -> None:
    dataset, _, _ = load(with_option(tmp_path, "tl3_years_bce.json", 99))
    [start] = [e for e in dataset.events if e.id == dataset.start_at]
    assert start.start == PartialDate(-258)


def test_a_start_slide_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    path = with_option(tmp_path, "tl3_years_bce.json", "the middle")
    with pytest.raises(LoadError) as caught:
        load(path)
    [problem] = caught.value.problems
    assert problem.line is not None
    assert (
        path.read_text("utf-8")
        .splitlines()[problem.line - 1]
        .strip()
        .startswith('"start_at_slide"')
    )
    assert "start_at_slide must be a slide number (0 or more), not 'the middle'" in str(problem)
    # With --skip-bad the file opens, on its first event.
    dataset, skipped, bad = load(path, skip_bad=True)
    assert (dataset.start_at, skipped, len(bad.listed)) == (None, 0, 1)


def test_a_start_slide_is_not_guessed_when_an_event_was_skipped(tmp_path: Path) -> None:
    # tl3_cosmological.json's last event (year "0") cannot be read: the slides' count is off.
    path = with_option(tmp_path, "tl3_cosmological.json", 2)
    dataset, skipped, bad = load(path, skip_bad=True)
    assert (dataset.start_at, skipped) == (None, 1)
    assert "which event it names cannot be known" in str(bad.listed[-1])
