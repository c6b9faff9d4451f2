"""Our own JSON format: load and validate data files, every problem in every file, with its file,
line and field.

A directory loads as the union of the ``*.json`` files in it (not recursing); ids must be unique
across all of them, and references (an event's actors, concerns and cited sources) must resolve
somewhere in the union, as must the event to open on (``start_at``, named by one file at most).
Reading and parsing a file, and finding a field's line, are tui.core.jsonfile's.
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tui.core.importers.ours_ids import duplicate_message, place, thin_repeats
from tui.core.jsonfile import (
    MAX_JSON_BYTES,
    JsonError,
    JsonLocator,
    parse_json,
    pointer,
    read_json_text,
)
from tui.core.model import SCHEMA_FILE_NAME, DataFile, Dataset, Event
from tui.core.problems import CappedProblems, LoadError, Problem

# The limit is re-exported: the registry and tests name it where our format is read.
__all__ = [
    "MAX_JSON_BYTES",
    "check_paths",
    "data_files",
    "events_per_file",
    "load_available",
    "load_paths",
    "validation_problem",
]


@dataclass
class _Parsed:
    path: Path
    data: DataFile
    locator: JsonLocator

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        return self.locator.locate(pointer)


def data_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand directories into their data files; report paths that cannot be read."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            if path.is_dir():
                found = sorted(
                    p for p in path.iterdir() if p.suffix == ".json" and p.name != SCHEMA_FILE_NAME
                )
                if not found:
                    problems.append(Problem(path, "directory holds no .json data files"))
                files.extend(found)
            elif path.exists():
                files.append(path)
            else:
                problems.append(Problem(path, "no such file or directory"))
        except OSError as error:
            problems.append(Problem(path, f"cannot read: {error.strerror or error}"))
    return files, problems


def load_paths(paths: Sequence[Path], name: str | None = None) -> Dataset:
    """Load files and directories as one dataset, or raise LoadError listing every problem."""
    parsed, problems = _parse_all(paths)
    dataset = _merge(parsed, problems, name)
    if problems:
        raise LoadError(problems)
    return dataset


def load_available(paths: Sequence[Path], name: str | None = None) -> tuple[Dataset, list[Problem]]:
    """What loads, and every problem: a file with a problem is left out whole, and so is a
    file that then refers to what it held. The app opens on the rest."""
    parsed, problems = _parse_all(paths)
    failed = {problem.path for problem in problems}
    parsed = [p for p in parsed if p.path not in failed]
    found: list[Problem] = []
    dataset = _merge(parsed, found, name)
    while found:
        problems.extend(found)
        failing = {problem.path for problem in found}
        parsed = [p for p in parsed if p.path not in failing]
        found = []
        dataset = _merge(parsed, found, name)
    return dataset, problems


def _parse_all(paths: Sequence[Path]) -> tuple[list[_Parsed], list[Problem]]:
    """Every file that parsed (one with repeated ids among them: its first items still
    define what others refer to), and every problem."""
    files, problems = data_files(paths)
    parsed: list[_Parsed] = []
    for path in files:
        result, found = _parse_file(path)
        if result is not None:
            parsed.append(result)
        problems.extend(found)
    return parsed, problems


def events_per_file(paths: Sequence[Path]) -> list[tuple[Path, int]]:
    """Each data file the paths name (a directory's, in order) and the events it holds, for
    saying what a check found; a file that cannot be read counts none (the check says why).
    Counted from the JSON alone: the check that came first validated every event."""
    files, _ = data_files(paths)
    counts: list[tuple[Path, int]] = []
    for path in files:
        try:
            document = parse_json(read_json_text(path, MAX_JSON_BYTES))
        except (OSError, JsonError):
            document = None
        events = document.get("events") if isinstance(document, dict) else None
        counts.append((path, len(events) if isinstance(events, list) else 0))
    return counts


def check_paths(paths: Sequence[Path]) -> list[Problem]:
    try:
        load_paths(paths)
    except LoadError as error:
        return error.problems
    return []


def _parse_file(path: Path) -> tuple[_Parsed | None, list[Problem]]:
    """The file's data (None if it cannot be read or validated) and its problems. Ids
    repeated in the file are found before validation, and the repeats left out of it."""
    try:
        text = read_json_text(path, MAX_JSON_BYTES)
        document = parse_json(text)
    except OSError as error:
        return None, [Problem(path, f"cannot read: {error.strerror or error}")]
    except JsonError as error:
        return None, [Problem(path, error.message, error.line, error.column)]
    if not isinstance(document, dict):
        kind = type(document).__name__ if document is not None else "null"
        top = f"top level must be a JSON object, not {_json_type(kind)}"
        return None, [Problem(path, top, 1, 1)]
    locator = JsonLocator(text)
    thinned = thin_repeats(path, document, locator)
    try:
        data = DataFile.model_validate(thinned.document)
    except ValidationError as error:
        invalid = CappedProblems("problems")
        for detail in error.errors():
            if invalid.wanted(path):
                detail["loc"] = thinned.original_loc(tuple(detail["loc"]))
                invalid.add(validation_problem(path, locator, detail))
            else:
                invalid.count(path)
        return None, [*thinned.duplicates.all(), *invalid.all()]
    except RecursionError:
        return None, [Problem(path, "nested too deeply to validate")]
    return _Parsed(path, data, locator), thinned.duplicates.all()


def _json_type(python_type: str) -> str:
    return {
        "list": "an array",
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "a boolean",
    }.get(python_type, python_type)


def validation_problem(path: Path, locator: JsonLocator, detail: Any) -> Problem:
    """A pydantic error as a Problem: the field's line, and the message in a user's words."""
    loc: tuple[int | str, ...] = tuple(detail["loc"])
    message = str(detail["msg"]).removeprefix("Value error, ")
    kind = detail["type"]
    if kind == "missing":
        message = f"missing required field {loc[-1]!r}"
        pointer_loc = loc[:-1]
    elif kind == "extra_forbidden":
        message = f"unknown field {loc[-1]!r}"
        pointer_loc = loc
    else:
        pointer_loc = loc
        given = detail.get("input")
        if isinstance(given, str | int | float | bool) and kind != "value_error":
            message = f"{message} (got {json.dumps(given, ensure_ascii=False)[:80]})"
    line, column = locator.locate(pointer(pointer_loc))
    return Problem(path, message, line, column, _field_name(loc))


def _field_name(loc: Sequence[int | str]) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _merge(parsed: list[_Parsed], problems: list[Problem], name: str | None) -> Dataset:
    names = [p.data.name for p in parsed if p.data.name]
    dataset = Dataset(name=name or (names[0] if names else "Untitled dataset"))
    dataset.description = next((p.data.description for p in parsed if p.data.description), "")
    dataset.files = [p.path for p in parsed]
    # Where each id was first seen; lines are looked up only for a duplicate's report.
    first_seen: dict[tuple[str, str], tuple[_Parsed, str]] = {}
    duplicates = CappedProblems("duplicate ids")

    def register(kind: str, collection: str, index: int, item_id: str, owner: _Parsed) -> bool:
        here = f"/{collection}/{index}/id"
        earlier = first_seen.get((kind, item_id))
        if earlier is None:
            first_seen[(kind, item_id)] = (owner, here)
            return True
        if not duplicates.wanted(owner.path):  # counted, without looking up lines
            duplicates.count(owner.path)
            return False
        first, first_pointer = earlier
        first_line, _ = first.locate(first_pointer)
        line, _ = owner.locate(here)
        message = duplicate_message(kind, item_id, place(first.path, first_line))
        duplicates.add(Problem(owner.path, message, line, None, f"{collection}[{index}].id"))
        return False

    # Within a file, ids are unique (its repeats were left out before validation): these are
    # ids a file repeats from another.
    for owner in parsed:
        for i, actor in enumerate(owner.data.actors):
            if register("actor", "actors", i, actor.id, owner):
                dataset.actors[actor.id] = actor
        for i, concern in enumerate(owner.data.concerns):
            if register("concern", "concerns", i, concern.id, owner):
                dataset.concerns[concern.id] = concern
        for i, source in enumerate(owner.data.sources):
            if register("source", "sources", i, source.id, owner):
                dataset.sources[source.id] = source
        for i, event in enumerate(owner.data.events):
            if register("event", "events", i, event.id, owner):
                dataset.events.append(event)
    problems.extend(duplicates.all())

    unknown = CappedProblems("unknown references")
    for owner in parsed:
        for i, event in enumerate(owner.data.events):
            for reference in _unresolved(owner, i, event, dataset, unknown.wanted(owner.path)):
                unknown.add(reference)
    problems.extend(unknown.all())
    dataset.start_at = _start_at(parsed, problems, {event.id for event in dataset.events})
    return dataset


def _start_at(parsed: list[_Parsed], problems: list[Problem], event_ids: set[str]) -> str | None:
    """The event to open on: named by one file at most, and an event of the dataset."""
    chosen: tuple[str, _Parsed] | None = None
    for owner in parsed:
        wanted = owner.data.start_at
        if wanted is None:
            continue
        if wanted not in event_ids:
            message = f"unknown event {wanted!r}: no event in the dataset has this id"
        elif chosen is not None:
            message = f"{chosen[1].path} already names the event to open on ({chosen[0]!r})"
        else:
            chosen = (wanted, owner)
            continue
        line, column = owner.locate("/start_at")
        problems.append(Problem(owner.path, message, line, column, "start_at"))
    return chosen[0] if chosen else None


def _unresolved(
    owner: _Parsed, index: int, event: Event, dataset: Dataset, locate: bool
) -> Iterator[Problem]:
    """The event's references to ids not in the dataset; their lines only if ``locate``
    (past what is listed, a problem is only counted)."""
    base = f"events[{index}]"

    def problem(pointer: str, field_name: str, message: str) -> Problem:
        line, column = owner.locate(pointer) if locate else (None, None)
        return Problem(owner.path, message, line, column, field_name)

    # (what is referred to, the event's field, the id's place in an item, the ids, those known)
    references: list[tuple[str, str, str, list[str], Container[str]]] = [
        ("actor", "actors", "actor", [p.actor for p in event.actors], dataset.actors),
        ("concern", "concerns", "", list(event.concerns), dataset.concerns),
        ("source", "citations", "source", [c.source for c in event.citations], dataset.sources),
    ]
    for noun, field_name, key, ids, known in references:
        for j, referred in enumerate(ids):
            if referred not in known:
                yield problem(
                    f"/events/{index}/{field_name}/{j}" + (f"/{key}" if key else ""),
                    f"{base}.{field_name}[{j}]" + (f".{key}" if key else ""),
                    f"unknown {noun} {referred!r}",
                )
