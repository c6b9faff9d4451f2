"""Stars, notes, tags, views and the session; which stored dataset an opened one is."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DATA
from tui.core.annotations import AnnotationStore, ViewError
from tui.core.annotations.identity import id_sample
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore

KISHIDA = "kishida-luxon-tokyo-summit"
PUTIN = "putin-visits-pyongyang"
IDS = [f"event-{n}" for n in range(200)]


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "store")


def test_stars_notes_and_tags_of_one_event(store: AnnotationStore) -> None:
    data = store.dataset("News", IDS)
    data.set_star("event-3")
    assert data.toggle_star("event-4") is True
    assert data.toggle_star("event-4") is False
    saved = data.set_note("event-3", "First line\nsecond line", base_revision=0)
    assert (saved.text, saved.revision, saved.merged) == ("First line\nsecond line", 1, False)
    assert data.add_tag("event-3", "  follow   up ") == "follow up"
    data.add_tag("event-3", "Japan")
    data.add_tag("event-3", "Japan")  # twice is once
    annotations = data.annotations_of("event-3")
    assert annotations.starred is True
    assert annotations.note.text == "First line\nsecond line"
    assert annotations.note.revision == 1
    assert annotations.tags == ("Japan", "follow up")
    nothing = data.annotations_of("event-4")
    assert (nothing.starred, nothing.note.text, nothing.tags) == (False, "", ())
    data.remove_tag("event-3", "Japan")
    assert data.tags_of("event-3") == ("follow up",)
    with pytest.raises(ValueError, match="empty"):
        data.add_tag("event-3", "   ")


def test_queries_for_filters_search_and_suggestions(store: AnnotationStore) -> None:
    data = store.dataset("News", IDS)
    data.set_star("event-1")
    data.set_star("event-7")
    data.set_note("event-2", "Met in TOKYO on the 19th", 0)
    data.set_note("event-7", "Nothing to do with it", 0)
    data.set_note("event-9", "tokyo again", 0)
    data.set_note("event-9", "", 1)  # cleared: no longer a note
    data.set_note("event-8", " \n\n", 0)  # blank: no note
    for event_id, tag in [("event-1", "nz"), ("event-2", "nz"), ("event-2", "treaty")]:
        data.add_tag(event_id, tag)
    assert data.starred_ids() == {"event-1", "event-7"}
    assert data.noted_ids() == {"event-2", "event-7"}
    assert data.search_notes("tokyo") == {"event-2"}
    assert data.search_notes("TO") == {"event-2", "event-7"}
    assert data.tagged_ids("nz") == {"event-1", "event-2"}
    assert data.tag_counts() == [("nz", 2), ("treaty", 1)]
    assert data.annotated_ids() == ["event-1", "event-2", "event-7"]  # event-9's note cleared
    assert data.note_history("event-9") == [(1, "tokyo again")]


def test_rows_of_an_event_store(store: AnnotationStore, bundled_store: EventStore) -> None:
    data = store.dataset(bundled_store.name, bundled_store.columns.ids)
    data.set_star(KISHIDA)
    data.set_star(PUTIN)
    data.set_star("not-in-this-dataset")
    rows = bundled_store.rows_of_ids(data.starred_ids())
    # In time order Putin's visit (2024-06-18/19) comes before the Tokyo summit (2024-06-19).
    assert [bundled_store.columns.ids[row] for row in rows] == [PUTIN, KISHIDA]
    assert rows.dtype == np.int64
    assert bundled_store.rows_of_ids([]).size == 0


def test_views_and_session(store: AnnotationStore) -> None:
    data = store.dataset("News", IDS)
    view = {
        "filters": {"countries": ["JPN", "NZL"], "starred": True},
        "period": {"start": "2024-06", "end": "2024"},
        "lanes": ["kind"],
        "cursor": "event-3",
    }
    data.save_view("Japan and NZ", view)
    stored = data.view("Japan and NZ")
    assert stored is not None
    assert stored["version"] == 1
    assert stored["kind"] == "timeline"
    assert stored["filters"] == {"countries": ["JPN", "NZL"], "starred": True}
    assert stored["cursor"] == "event-3"
    data.save_view("Japan and NZ", {**view, "cursor": "event-4"})  # saving again replaces
    assert list(data.views()) == ["Japan and NZ"]
    assert data.views()["Japan and NZ"]["cursor"] == "event-4"
    with pytest.raises(ViewError, match="cursor") as error:
        data.save_view("bad", {"cursor": 5, "lanes": "kind"})
    assert "lanes" in str(error.value)  # every problem at once
    data.delete_view("Japan and NZ")
    assert data.views() == {}

    assert data.session() is None
    data.save_session({"cursor": "event-9", "filters": {"text": "Putin"}})
    session = data.session()
    assert session is not None
    assert (session["cursor"], session["filters"]) == ("event-9", {"text": "Putin"})
    data.clear_session()
    assert data.session() is None


def test_annotations_survive_reopening_from_another_path(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "my-data"
    shutil.copytree(DATA, copy)
    with AnnotationStore(tmp_path / "store") as store:
        original = load_paths([DATA])
        data = store.dataset(original.name, [e.id for e in original.events])
        data.set_star(KISHIDA)
        data.set_note(KISHIDA, "Check the ACSA follow-up", 0)
    with AnnotationStore(tmp_path / "store") as store:
        moved = load_paths([copy], name="Renamed by the user")
        again = store.dataset(moved.name, [e.id for e in moved.events])
        assert again.key == data.key
        assert again.starred_ids() == {KISHIDA}
        assert again.note(KISHIDA).text == "Check the ACSA follow-up"
        assert again.vanished == ()


def test_an_update_that_adds_events_keeps_the_identity(store: AnnotationStore) -> None:
    first = store.dataset("ACLED: week1.csv", IDS)
    first.set_note("event-5", "kept", 0)
    grown = store.dataset("ACLED: week2.csv", [*IDS, *(f"new-{n}" for n in range(5000))])
    assert grown.key == first.key
    assert grown.note("event-5").text == "kept"


def test_vanished_events_are_reported_and_kept(store: AnnotationStore) -> None:
    first = store.dataset("News", IDS)
    first.set_star("event-10")
    first.add_tag("event-11", "x")
    first.set_note("event-150", "about a removed event", 0)
    first.set_star("event-190")
    # A third of the events removed (event-10, event-11 among them) and some added.
    updated_ids = [f"event-{n}" for n in range(70, 200)] + ["event-200"]
    updated = store.dataset("News", updated_ids)
    assert updated.key == first.key
    assert updated.vanished == ("event-10", "event-11")
    assert updated.starred_ids() == {"event-10", "event-190"}  # kept, not dropped


def test_a_different_dataset_with_the_same_name_is_new(store: AnnotationStore) -> None:
    first = store.dataset("Untitled dataset", IDS)
    first.set_star("event-1")
    other = store.dataset("Untitled dataset", [f"other-{n}" for n in range(50)])
    assert other.key != first.key
    assert other.starred_ids() == set()
    # Most of the ids gone (fewer than half left): not the same dataset any more.
    shrunk = store.dataset("Untitled dataset", IDS[:60])
    assert shrunk.key != first.key
    assert store.dataset("Untitled dataset", IDS).key == first.key


def test_the_best_containing_dataset_wins(store: AnnotationStore) -> None:
    japan = store.dataset("Japan", IDS[:100])
    korea = store.dataset("Korea", IDS[100:])
    assert japan.key != korea.key
    # All of korea's ids are present, half of japan's: korea's annotations come back.
    union = store.dataset("Both", IDS[50:])
    assert union.key == korea.key


def test_empty_datasets_are_told_apart_by_name(store: AnnotationStore) -> None:
    empty = store.dataset("Empty", [])
    assert store.dataset("Empty", []).key == empty.key
    assert store.dataset("Also empty", []).key != empty.key


def test_the_sample_is_spread_and_stable() -> None:
    sample = id_sample(f"id-{n}" for n in range(10_000))
    assert len(sample) == 128
    assert sample == id_sample(reversed([f"id-{n}" for n in range(10_000)]))
    numbers = sorted(int(event_id.split("-")[1]) for event_id in sample)
    # A spread-out sample: ids from every tenth of the range.
    assert {n // 1000 for n in numbers} == set(range(10))


def test_input_files_are_never_touched(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    before = {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in copy.iterdir()
    }
    dataset = load_paths([copy])
    with AnnotationStore(tmp_path / "store") as store:
        data = store.dataset(dataset.name, [e.id for e in dataset.events])
        data.set_star(KISHIDA)
        data.set_note(KISHIDA, "note", 0)
        data.add_tag(KISHIDA, "tag")
        data.save_view("v", {})
    after = {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in copy.iterdir()
    }
    assert after == before


def test_the_directory_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_EXPLORER_DATA_DIR", str(tmp_path / "from-env"))
    with AnnotationStore() as store:
        assert store.path == tmp_path / "from-env" / "annotations.sqlite3"
        store.dataset("x", ["a"]).set_star("a")
    assert store.path.is_file()
    reopened = AnnotationStore(tmp_path / "from-env")
    assert reopened.damaged is None
    reopened.close()
    # WAL is a property of the database file: any connection to it reports it.
    with closing(sqlite3.connect(store.path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
