"""The index cache is never stale, never a leak, never a crash: content in the key, private
permissions, FIFOs ignored, and entries truncated, rewritten or damaged under a running app."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_import
from tui.core import cache
from tui.core.loading import open_store
from tui.core.store import Query

ROOT = Path(__file__).resolve().parent.parent


class Hung(BaseException):
    """Not an OSError, which the cache would swallow as an unreadable entry."""


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A FIFO opened for reading blocks for ever: fail the test instead of hanging the run."""

    def hung(signum: int, frame: object) -> None:
        raise Hung("blocked for 20 s (opened a FIFO?)")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def entry(cache_dir: Path, suffix: str) -> Path:
    [found] = cache_dir.glob(f"*{suffix}")
    return found


def test_five_bytes_changed_with_size_and_mtime_put_back_miss(
    cache_dir: Path, tmp_path: Path
) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    assert not len(open_store([path]).store.query(Query(text="Zyxwv")))
    status = path.stat()
    data = path.read_bytes()
    at = data.index(b"Tokyo")  # a word in a notes cell of the file, hand-checked
    path.write_bytes(data[:at] + b"Zyxwv" + data[at + 5 :])
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size
    assert path.stat().st_mtime_ns == status.st_mtime_ns
    result = open_store([path])
    assert not result.from_cache
    assert len(result.store.query(Query(text="Zyxwv"))) == 1


def test_the_sampled_checksum_sees_an_edit_at_the_head_and_the_tail(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    original = bytes(range(256)) * 4096  # 1 MiB
    keys = set()
    for changed in (original, b"X" + original[1:], original[:-1] + b"X"):
        path.write_bytes(changed)
        keys.add(cache.CacheKey.of(path, "acled").sampled)
    assert len(keys) == 3


def test_every_cache_file_is_private(cache_dir: Path, tmp_path: Path) -> None:
    cache_dir.mkdir(mode=0o755)
    cache_dir.chmod(0o755)  # made by an older version (or the umask) world-readable
    path = copy_import("acled_current.csv", tmp_path)
    open_store([path])
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    entries = sorted(cache_dir.iterdir())
    assert sorted(p.suffix for p in entries) == [".arrow", ".bin", ".json"]
    for found in entries:
        assert stat.S_IMODE(found.stat().st_mode) == 0o600, found.name


def test_fifos_in_the_cache_directory_are_never_opened(
    cache_dir: Path, tmp_path: Path, no_hang: None
) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    open_store([path])
    own = entry(cache_dir, ".json")
    own.unlink()
    os.mkfifo(own)  # where this file's record belongs
    os.mkfifo(cache_dir / "0123456789abcdef0123456789abcdef.json")  # another "entry"
    result = open_store([path])  # reads, writes and evicts: would block on either FIFO
    assert not result.from_cache and len(result.store) > 0
    cache.clear()
    assert stat.S_ISFIFO((cache_dir / "0123456789abcdef0123456789abcdef.json").stat().st_mode)


def test_an_entry_damaged_before_open_is_discarded_with_a_note(
    cache_dir: Path, tmp_path: Path
) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    expected = open_store([path]).store
    arrow = entry(cache_dir, ".arrow")
    with arrow.open("r+b") as stream:  # same size, five bytes of the middle changed
        stream.seek(arrow.stat().st_size // 2)
        stream.write(b"\xff" * 5)
    result = open_store([path])
    assert not result.from_cache
    assert [result.store.events[r] for r in range(len(result.store))] == [
        expected.events[r] for r in range(len(expected))
    ]
    [note] = cache.take_notes()
    assert note.startswith(f"the index cache of {path.name} was damaged")
    assert "checksum" in note
    assert open_store([path]).from_cache  # rebuilt by the re-parse


# The store must survive its cache entry being truncated or rewritten in place while open:
# run in a child so a SIGBUS fails this test instead of killing the test run.
SURVIVOR = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from tui.core import cache
    from tui.core.importers import registry
    from tui.core.loading import open_store
    from tui.core.store import Query

    registry.LARGE_INPUT_BYTES = 0
    cache.BACKGROUND = False
    path = Path(sys.argv[1])
    fresh = open_store([path]).store
    opened = open_store([path])
    assert opened.from_cache
    for found in Path(os.environ[cache.ENV_DIR]).iterdir():
        if sys.argv[2] == "truncate":
            with found.open("r+b") as stream:
                stream.truncate(0)
        else:
            size = found.stat().st_size
            with found.open("r+b") as stream:
                stream.write(os.urandom(size))
    store = opened.store
    assert [store.events[r] for r in range(len(store))] == [
        fresh.events[r] for r in range(len(fresh))
    ]
    assert list(store.query(Query(text="defence"))) == list(fresh.query(Query(text="defence")))
    print("survived", len(store))
    """
)


@pytest.mark.parametrize("damage", ["truncate", "rewrite"])
def test_an_open_store_survives_its_entry_changed_in_place(
    cache_dir: Path, tmp_path: Path, damage: str
) -> None:
    path = copy_import("acled_current.csv", tmp_path)
    env = {**os.environ, cache.ENV_DIR: str(cache_dir), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SURVIVOR, str(path), damage],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("survived ")
