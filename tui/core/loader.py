"""Load and validate data files: every problem in every file, with its file, line and field.

A directory loads as the union of the ``*.json`` files in it (not recursing); ids must be unique
across all of them, and references (an event's actors, concerns and cited sources) must resolve
somewhere in the union.
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import json_source_map
from pydantic import ValidationError

from tui.core.model import SCHEMA_FILE_NAME, DataFile, Dataset, Event
from tui.core.problems import LoadError, Problem

# Curated JSON is small; a file larger than this is refused before reading it into memory.
MAX_JSON_BYTES = 512 * 1024 * 1024


class JsonError(ValueError):
    """JSON that cannot be read, with where: every way json.loads fails, as one error."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


# A JSON string (skipped whole), a bracket, or an integer longer than Python converts.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|-?\d{4301,}(?![\d.eE])')


def parse_json(text: str) -> object:
    """json.loads, failing only with a JsonError that says where: invalid JSON, nesting too
    deep for the parser, or an integer of more digits than Python will convert (4,300)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise JsonError(f"invalid JSON: {error.msg}", error.lineno, error.colno) from None
    except RecursionError:
        depth, offset = _deepest(text)
        line, column = _line_column(text, offset)
        raise JsonError(
            f"nested too deeply to read ({depth:,} levels here)", line, column
        ) from None
    except ValueError as error:  # int() refusing a number of over 4,300 digits
        for token in _TOKENS.finditer(text):
            if token.group()[-1].isdigit():
                line, column = _line_column(text, token.start())
                digits = len(token.group().lstrip("-"))
                raise JsonError(
                    f"a number of {digits:,} digits is too long", line, column
                ) from None
        raise JsonError(f"invalid JSON: {error}") from None


def _deepest(text: str) -> tuple[int, int]:
    """The deepest nesting in the text and the offset where it is first reached."""
    depth = deepest = where = 0
    for token in _TOKENS.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, token.start()
        elif mark in "]}":
            depth -= 1
    return deepest, where


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Locator:
    """Finds where a JSON pointer sits in a file's text; builds the source map once, lazily."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._map: dict[str, Any] | None = None
        self._failed = False

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at a pointer, or of its nearest parent."""
        if self._map is None and not self._failed:
            try:
                self._map = json_source_map.calculate(self._text)
            except (RecursionError, ValueError, json_source_map.errors.InvalidInputError):
                self._failed = True
        if self._map is None:
            return None, None
        while True:
            entry = self._map.get(pointer)
            if entry is not None:
                start = entry.key_start or entry.value_start
                return start.line + 1, start.column + 1
            if not pointer:
                return None, None
            pointer = pointer.rsplit("/", 1)[0]


@dataclass
class _Parsed:
    path: Path
    data: DataFile
    locator: _Locator

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
    files, problems = data_files(paths)
    parsed: list[_Parsed] = []
    for path in files:
        result = _parse_file(path)
        if isinstance(result, _Parsed):
            parsed.append(result)
        else:
            problems.extend(result)
    return parsed, problems


def check_paths(paths: Sequence[Path]) -> list[Problem]:
    try:
        load_paths(paths)
    except LoadError as error:
        return error.problems
    return []


def _parse_file(path: Path) -> _Parsed | list[Problem]:
    limit = MAX_JSON_BYTES // (1024 * 1024)
    try:
        info = path.stat()
        # A pipe or a device (/dev/zero) would block or never end; only plain files are read.
        if not stat.S_ISREG(info.st_mode):
            return [Problem(path, "not a regular file (a pipe, device or socket cannot be read)")]
        if info.st_size > MAX_JSON_BYTES:
            return [
                Problem(
                    path, f"file is too large to load ({info.st_size:,} bytes; limit {limit} MiB)"
                )
            ]
        with path.open("rb") as stream:
            raw = stream.read(MAX_JSON_BYTES + 1)  # bounded: the file may grow after stat
    except OSError as error:
        return [Problem(path, f"cannot read: {error.strerror or error}")]
    if len(raw) > MAX_JSON_BYTES:
        return [Problem(path, f"file is too large to load (grew past the limit of {limit} MiB)")]
    if not raw.strip():
        return [Problem(path, "file is empty")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return [
            Problem(
                path,
                f"not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start} "
                "cannot be decoded",
                line,
                column,
            )
        ]
    try:
        document = parse_json(text)
    except JsonError as error:
        return [Problem(path, error.message, error.line, error.column)]
    if not isinstance(document, dict):
        kind = type(document).__name__ if document is not None else "null"
        return [Problem(path, f"top level must be a JSON object, not {_json_type(kind)}", 1, 1)]
    try:
        data = DataFile.model_validate(document)
    except ValidationError as error:
        locator = _Locator(text)
        return [_validation_problem(path, locator, detail) for detail in error.errors()]
    except RecursionError:
        return [Problem(path, "nested too deeply to validate")]
    return _Parsed(path, data, _Locator(text))


def _json_type(python_type: str) -> str:
    return {
        "list": "an array",
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "a boolean",
    }.get(python_type, python_type)


def _validation_problem(path: Path, locator: _Locator, detail: Any) -> Problem:
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
    line, column = locator.locate(_pointer(pointer_loc))
    return Problem(path, message, line, column, _field_name(loc))


def _pointer(loc: Sequence[int | str]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)


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
    first_seen: dict[tuple[str, str], tuple[Path, int | None]] = {}

    def register(kind: str, collection: str, index: int, item_id: str, owner: _Parsed) -> bool:
        line, _ = owner.locate(f"/{collection}/{index}/id")
        earlier = first_seen.get((kind, item_id))
        if earlier is not None:
            where = f"{earlier[0]}:{earlier[1]}" if earlier[1] else str(earlier[0])
            problems.append(
                Problem(
                    owner.path,
                    f"duplicate {kind} id {item_id!r} (first defined at {where})",
                    line,
                    None,
                    f"{collection}[{index}].id",
                )
            )
            return False
        first_seen[(kind, item_id)] = (owner.path, line)
        return True

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

    for owner in parsed:
        for i, event in enumerate(owner.data.events):
            problems.extend(_unresolved(owner, i, event, dataset))
    return dataset


def _unresolved(owner: _Parsed, index: int, event: Event, dataset: Dataset) -> Iterator[Problem]:
    base = f"events[{index}]"

    def problem(pointer: str, field_name: str, message: str) -> Problem:
        line, column = owner.locate(pointer)
        return Problem(owner.path, message, line, column, field_name)

    for j, participant in enumerate(event.actors):
        if participant.actor not in dataset.actors:
            yield problem(
                f"/events/{index}/actors/{j}/actor",
                f"{base}.actors[{j}].actor",
                f"unknown actor {participant.actor!r}",
            )
    for j, concern in enumerate(event.concerns):
        if concern not in dataset.concerns:
            yield problem(
                f"/events/{index}/concerns/{j}",
                f"{base}.concerns[{j}]",
                f"unknown concern {concern!r}",
            )
    for j, citation in enumerate(event.citations):
        if citation.source not in dataset.sources:
            yield problem(
                f"/events/{index}/citations/{j}/source",
                f"{base}.citations[{j}].source",
                f"unknown source {citation.source!r}",
            )
