"""The dataset's actors inside a Parquet file: one JSON array of actors (id, name, kind,
country, role, aliases) in the file's key/value metadata under ACTORS_KEY.

The rows carry only actor ids and names; the table gives the store the rest (kinds and
countries for pages, exports and the palette) from a footer read at open, with no row scanned.
It is written for the actors the rows name, and only up to ACTOR_TABLE_CAP bytes: a bigger
table would cost every open (validation) and, in a reader that parses the footer for each
query, every query; a file past it has no table and opens with names only, as a file from
another writer does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import TypeAdapter, ValidationError

from tui.core.backends.our_columns import ACTORS_KEY
from tui.core.backends.parquet_files import sql_list
from tui.core.model import Actor
from tui.core.problems import CappedProblems, LoadError, Problem

if TYPE_CHECKING:
    import duckdb

    from tui.core.store import EventStore

# Bytes of JSON: about 20,000 actors, validated at open in about 0.25 s (a table of 2.6 MB
# took 0.25-0.34 s on a loaded 2-core machine, 1 MB 0.11-0.18 s).
ACTOR_TABLE_CAP = 2_000_000


def referenced_actors(store: EventStore) -> list[Actor]:
    """The store's actors that its rows name, in the store's order."""
    column = store.columns.actors
    named = {column.labels[int(code)] for code in np.unique(column.values)}
    return [actor for key, actor in store.actors.items() if key in named]


def actor_table_json(actors: Iterable[Actor]) -> str | None:
    """The actors as one JSON array, or None when it would pass ACTOR_TABLE_CAP bytes
    (stopping there: a GDELT-sized list is never encoded whole)."""
    cap = ACTOR_TABLE_CAP
    pieces: list[str] = []
    size = 2  # the brackets
    for actor in actors:
        piece = json.dumps(
            actor.model_dump(mode="json", exclude_defaults=True),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        size += len(piece.encode()) + 1
        if size > cap:
            return None
        pieces.append(piece)
    return "[" + ",".join(pieces) + "]"


def read_actor_tables(
    connection: duckdb.DuckDBPyConnection, files: Sequence[str]
) -> dict[str, Actor]:
    """The actor tables of the files, merged; empty when none has one (names only).
    LoadError with every problem: a table that is not a JSON array of valid actors, or one
    id defined differently (in one file, or in two)."""
    found = connection.execute(
        f"SELECT file_name, value FROM parquet_kv_metadata([{sql_list(files)}]) "
        f"WHERE key = '{ACTORS_KEY}'::BLOB"
    ).fetchall()
    tables: dict[str, list[bytes]] = {}
    for file_name, value in found:
        tables.setdefault(str(file_name), []).append(bytes(value))
    problems = CappedProblems("problems with the actor table")
    actors: dict[str, Actor] = {}
    defined_in: dict[str, Path] = {}
    for file in files:  # in the order they are read: the first definition is the one named
        path = Path(file)
        values = tables.get(file, [])
        if len(values) > 1:
            problems.add(Problem(path, "the key is there more than once", field=ACTORS_KEY))
            continue
        for index, actor in enumerate(_table(path, values[0], problems) if values else ()):
            earlier = actors.get(actor.id)
            if earlier is None:
                actors[actor.id], defined_in[actor.id] = actor, path
            elif earlier != actor:  # the same twice (parts naming one actor) is no conflict
                first = defined_in[actor.id]
                where = "earlier in this table" if first == path else f"in {first}"
                problems.add(
                    Problem(
                        path,
                        f"actor {actor.id!r} is defined otherwise {where}",
                        field=f"{ACTORS_KEY}[{index}]",
                    )
                )
    if problems.listed:
        raise LoadError(problems.all())
    return actors


@cache
def _actor_list() -> TypeAdapter[list[Actor]]:
    return TypeAdapter(list[Actor])


def _table(path: Path, raw: bytes, problems: CappedProblems) -> list[Actor]:
    """One file's table, validated; its problems added (and no actor) when it is not valid."""
    try:
        document = json.loads(raw.decode())
    except UnicodeDecodeError:
        problems.add(Problem(path, "not UTF-8 text", field=ACTORS_KEY))
        return []
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        problems.add(Problem(path, f"not JSON: {error.msg} ({where})", field=ACTORS_KEY))
        return []
    except RecursionError:
        problems.add(Problem(path, "JSON nested too deeply", field=ACTORS_KEY))
        return []
    if not isinstance(document, list):
        kind = "an object" if isinstance(document, dict) else type(document).__name__
        message = f"must be a JSON array of actors, not {kind}"
        problems.add(Problem(path, message, field=ACTORS_KEY))
        return []
    try:
        return _actor_list().validate_python(document)
    except ValidationError as error:
        for detail in error.errors():
            if problems.wanted(path):
                problems.add(_problem(path, document, detail))
            else:
                problems.count(path)
        return []


def _problem(path: Path, document: list[Any], detail: Mapping[str, Any]) -> Problem:
    """A pydantic error as a Problem naming the key, the actor (index, and id when it has
    one) and the field."""
    index, *fields = detail["loc"]
    entry = document[index]
    given_id = entry.get("id") if isinstance(entry, dict) else None
    actor = f"actor {given_id!r}: " if isinstance(given_id, str) else ""  # else the index only
    message = str(detail["msg"]).removeprefix("Value error, ")
    if detail["type"] == "missing":
        message = "missing"
    elif detail["type"] == "extra_forbidden":
        message = "unknown field"
    elif detail["type"] != "value_error" and isinstance(
        detail.get("input"), str | int | float | bool
    ):
        message += f" (got {json.dumps(detail['input'], ensure_ascii=False)[:80]})"
    field = f"{ACTORS_KEY}[{index}]" + "".join(f".{name}" for name in fields)
    return Problem(path, f"{actor}{message}", field=field)
