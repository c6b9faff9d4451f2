"""Nothing lost: kill -9 mid-write, two writers at once, a damaged or foreign store file."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.core.annotations import AnnotationStore, StoreError

IDS = [f"event-{n}" for n in range(100)]

# Each round writes the same value to two notes and a tag in ONE transaction, then says so.
KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tui.core.annotations import AnnotationStore
    store = AnnotationStore(Path(sys.argv[1]))
    data = store.dataset("Kill test", [f"event-{n}" for n in range(100)])
    padding = "x" * 20_000  # a bigger write: a wider window to be killed in
    n = int(data.note("event-1").text.split()[0]) if data.note("event-1").text else 0
    while True:
        n += 1
        text = f"{n} {padding}"
        with data.transaction() as connection:
            for event_id in ("event-1", "event-2"):
                data.merge_note(connection, event_id, text, data.note(event_id).revision, None)
            connection.execute(
                "INSERT INTO tags VALUES (?, ?, ?)", (data.key, "event-3", f"round {n}")
            )
        print(n, flush=True)
    """
)


def _run(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_kill_9_mid_write_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    randomness = random.Random(15)
    acknowledged = 0
    for _ in range(12):  # a non-atomic write is caught in about 3 kills of 10
        writer = _run(KILLED_WRITER, str(tmp_path))
        assert writer.stdout is not None
        for _ in range(randomness.randint(1, 40)):
            acknowledged = int(writer.stdout.readline())
        time.sleep(randomness.uniform(0, 0.01))
        writer.send_signal(signal.SIGKILL)
        rest = writer.stdout.read().split()
        writer.wait()
        assert writer.returncode == -signal.SIGKILL
        acknowledged = int(rest[-1]) if rest else acknowledged

        with AnnotationStore(tmp_path) as store:
            assert store.damaged is None
            data = store.dataset("Kill test", IDS)
            first, second = data.note("event-1").text, data.note("event-2").text
            assert first == second  # both parts of a transaction, or neither
            value = int(first.split()[0])
            # Every acknowledged write is there; at most the one in flight is there besides.
            assert value in (acknowledged, acknowledged + 1)
            assert len(data.tags_of("event-3")) == value
            acknowledged = value
    assert acknowledged > 12


# Each writer appends its own lines to one shared note (reading it, then saving from that
# revision, as the editor does), stars and tags its own events, all interleaved with the other.
APPENDING_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tui.core.annotations import AnnotationStore
    store = AnnotationStore(Path(sys.argv[1]))
    me = sys.argv[2]
    time.sleep(max(0.0, float(sys.argv[3]) - time.time()))  # both start together
    data = store.dataset("Two writers", [f"event-{n}" for n in range(100)])
    for n in range(40):
        note = data.note("event-0")
        time.sleep(0.001)  # the user typing: the other writer may save meanwhile
        data.set_note("event-0", note.text + f"{me} line {n}\\n", note.revision)
        data.set_star(f"event-{n}" if me == "A" else f"event-{n + 50}")
        data.add_tag("event-99", f"{me}{n}")
    print("done", flush=True)
    """
)


def test_two_writers_do_not_overwrite_each_other(tmp_path: Path) -> None:
    # Neither creates the store first: they race to create it, too.
    start = str(time.time() + 2)
    writers = [_run(APPENDING_WRITER, str(tmp_path), me, start) for me in ("A", "B")]
    for writer in writers:
        out, _ = writer.communicate(timeout=120)
        assert out.strip() == "done"
    with AnnotationStore(tmp_path) as store:
        data = store.dataset("Two writers", IDS)
        text = data.note("event-0").text
        for me in ("A", "B"):
            for n in range(40):
                assert f"{me} line {n}\n" in text
        assert len(data.starred_ids()) == 80
        assert len(data.tags_of("event-99")) == 80
    # Both registered the new dataset at once, and got one identity between them.
    connection = sqlite3.connect(tmp_path / "annotations.sqlite3")
    assert connection.execute("SELECT count(*) FROM datasets").fetchone() == (1,)
    connection.close()


def test_two_connections_editing_one_note_keep_both(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path) as first, AnnotationStore(tmp_path) as second:
        mine = first.dataset("News", IDS)
        theirs = second.dataset("News", IDS)
        assert mine.key == theirs.key
        mine.set_note("event-1", "Summit on the 19th.\n", 0)
        opened_here = mine.note("event-1")
        opened_there = theirs.note("event-1")
        theirs.set_note("event-1", opened_there.text + "Source: AP.\n", opened_there.revision)
        saved = mine.set_note("event-1", opened_here.text + "Ask about ACSA.\n", 1)
        assert saved.merged
        assert saved.text.startswith("Summit on the 19th.\nSource: AP.\n\n--- also written")
        assert saved.text.endswith("UTC; its lines 2 on ---\nAsk about ACSA.\n")
        assert theirs.note("event-1").text == saved.text
        # A note cleared here while the other window wrote to it is not cleared.
        latest = theirs.note("event-1")
        theirs.set_note("event-1", latest.text + "More.\n", latest.revision)
        assert mine.set_note("event-1", "", latest.revision).text.endswith("More.\n")
        assert [revision for revision, _ in mine.note_history("event-1")] == [1, 2, 3]


def test_a_damaged_store_is_moved_aside_and_a_fresh_one_starts(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path) as store:
        store.dataset("News", IDS).set_star("event-1")
    path = tmp_path / "annotations.sqlite3"
    garbage = b"this is not a database, it is garbage " * 200
    path.write_bytes(garbage)
    with AnnotationStore(tmp_path) as store:
        assert store.damaged is not None
        assert "not a database" in store.damaged.reason
        assert store.damaged.moved_to.read_bytes() == garbage  # kept, untouched
        assert store.damaged.moved_to.parent == tmp_path
        assert "kept as" in str(store.damaged)
        data = store.dataset("News", IDS)
        assert data.starred_ids() == set()
        data.set_star("event-2")
    with AnnotationStore(tmp_path) as store:
        assert store.damaged is None
        assert store.dataset("News", IDS).starred_ids() == {"event-2"}


def test_a_store_damaged_inside_is_moved_aside(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path) as store:
        data = store.dataset("News", IDS)
        for n in range(100):
            data.set_note(f"event-{n}", f"note {n} " * 200, 0)
    path = tmp_path / "annotations.sqlite3"
    raw = bytearray(path.read_bytes())
    assert len(raw) > 8 * 4096
    raw[4096 * 3 : 4096 * 6] = b"\xa5" * (4096 * 3)  # pages in the middle overwritten
    path.write_bytes(bytes(raw))
    with AnnotationStore(tmp_path) as store:
        assert store.damaged is not None
        assert store.dataset("News", IDS).noted_ids() == set()


def test_someone_elses_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE accounts (id INTEGER)")
    other.commit()
    other.close()
    with AnnotationStore(tmp_path) as store:
        assert store.damaged is not None
        assert store.damaged.reason == "not an annotations store"


def test_a_store_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    AnnotationStore(tmp_path).close()
    path = tmp_path / "annotations.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="newer version"):
        AnnotationStore(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []


def test_a_store_that_cannot_be_written_is_an_error_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot open the annotations store"):
        AnnotationStore(blocker / "store")
