"""The SQLite file that holds the annotations: where it is, its schema, and recovery.

SQLite in WAL mode with ``synchronous=FULL``: every change is one transaction, committed before
the call returns, so a kill -9 (or a power cut) at any moment leaves the old state or the new
one. Writers take the database's write lock at the start of their transaction (``BEGIN
IMMEDIATE``), so a read-modify-write (a note merge) from two app instances is serialized and
neither overwrites the other.

A file that is not a readable annotations store (garbage, a failed integrity check, someone
else's database) is *moved aside* with its WAL beside it, never deleted, and a fresh store
starts; :class:`Damaged` says where the old one went so the app can tell the user. Opening and
recovery hold an advisory file lock, so two instances starting on a damaged file do not move
each other's fresh store aside.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

ENV_DIR = "TIMELINE_EXPLORER_DATA_DIR"
FILE_NAME = "annotations.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 15_000  # how long a writer waits for another instance's transaction

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE datasets (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sample TEXT NOT NULL,            -- JSON array of event ids (see identity.py)
    event_count INTEGER NOT NULL,
    first_opened TEXT NOT NULL,
    last_opened TEXT NOT NULL
);
CREATE TABLE stars (
    dataset TEXT NOT NULL REFERENCES datasets(key),
    event_id TEXT NOT NULL,
    starred_at TEXT NOT NULL,
    PRIMARY KEY (dataset, event_id)
);
CREATE TABLE notes (
    dataset TEXT NOT NULL REFERENCES datasets(key),
    event_id TEXT NOT NULL,
    body TEXT NOT NULL,
    revision INTEGER NOT NULL,       -- bumped by every change: what a writer's edit started from
    updated_at TEXT NOT NULL,
    PRIMARY KEY (dataset, event_id)
);
CREATE TABLE note_history (          -- every note text replaced or cleared, kept: nothing lost
    dataset TEXT NOT NULL,
    event_id TEXT NOT NULL,
    body TEXT NOT NULL,
    revision INTEGER NOT NULL,
    replaced_at TEXT NOT NULL
);
CREATE TABLE tags (
    dataset TEXT NOT NULL REFERENCES datasets(key),
    event_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (dataset, event_id, tag)
);
CREATE INDEX tags_by_name ON tags (dataset, tag);
CREATE TABLE views (
    dataset TEXT NOT NULL REFERENCES datasets(key),
    name TEXT NOT NULL,
    state TEXT NOT NULL,             -- JSON, see views.py
    updated_at TEXT NOT NULL,
    PRIMARY KEY (dataset, name)
);
CREATE TABLE sessions (
    dataset TEXT PRIMARY KEY REFERENCES datasets(key),
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""
TABLES = {"meta", "datasets", "stars", "notes", "note_history", "tags", "views", "sessions"}


class StoreError(Exception):
    """The store cannot be used (say, written by a newer version): the app runs without it."""


@dataclass(frozen=True)
class Damaged:
    """A store file that could not be read, and where it was moved (kept, not deleted)."""

    reason: str
    moved_to: Path

    def __str__(self) -> str:
        return f"annotations store was damaged ({self.reason}); kept as {self.moved_to}"


def default_directory() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("timeline-explorer"))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An advisory lock held while opening and recovering (POSIX; elsewhere SQLite's only)."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.DatabaseError(f"cannot use write-ahead logging (mode {mode})")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def _problem(connection: sqlite3.Connection) -> str | None:
    """Why this database is not a usable store, or None (an empty file becomes one)."""
    check = [str(row[0]) for row in connection.execute("PRAGMA quick_check").fetchall()]
    if check != ["ok"]:
        return "integrity check failed: " + "; ".join(check[:3])
    tables = {str(row[0]) for row in connection.execute("SELECT name FROM sqlite_master")}
    if not tables:
        return None
    if "meta" not in tables:
        return "not an annotations store"
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None or not str(row[0]).isdigit():
        return "the schema version is missing"
    if int(row[0]) > SCHEMA_VERSION:
        raise StoreError(
            f"the annotations store was written by a newer version (schema {row[0]}, "
            f"this version reads {SCHEMA_VERSION}); it is left as it is"
        )
    missing = TABLES - tables
    if missing:
        return "tables are missing: " + ", ".join(sorted(missing))
    return None


def _create_schema(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(
                "INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _move_aside(path: Path, reason: str) -> Damaged:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.replace(Path(f"{target}{suffix}"))
    return Damaged(reason, target)


def open_database(path: Path) -> tuple[sqlite3.Connection, Damaged | None]:
    """A connection to the store at path (created if missing), and what was moved aside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _file_lock(path.with_name(path.name + ".lock")):
        damaged: Damaged | None = None
        try:
            connection = _connect(path)
        except sqlite3.DatabaseError as error:
            damaged = _move_aside(path, str(error))
            connection = _connect(path)
        else:
            try:
                reason = _problem(connection)
            except sqlite3.DatabaseError as error:
                reason = str(error)
            except BaseException:
                connection.close()
                raise
            if reason is not None:
                connection.close()
                damaged = _move_aside(path, reason)
                connection = _connect(path)
        _create_schema(connection)
    return connection, damaged


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One atomic change, holding the write lock from its first statement (see docstring)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
