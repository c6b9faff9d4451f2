"""Reading a JSON file safely, and finding where a value sits in it, for every JSON format read
(our own and TimelineJS): one size limit, checked before reading; every failure a JsonError
that says where; one way from a JSON pointer to a line."""

from __future__ import annotations

import bisect
import json
import json.scanner
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import json_source_map

# JSON files are parsed whole into memory (several times their size); a file larger than this is
# refused from its size, before it is read.
MAX_JSON_BYTES = 512 * 1024 * 1024


class JsonError(ValueError):
    """A JSON file that cannot be read, with where: every way reading or parsing fails."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def read_json_text(path: Path, limit: int = MAX_JSON_BYTES) -> str:
    """The file's text: a regular file, no larger than the limit (checked before reading, and
    again after, as it may grow), not empty, UTF-8 (a BOM allowed). Raises JsonError or
    OSError (the caller words that as "cannot read")."""
    mib = limit // (1024 * 1024)
    info = path.stat()
    # A pipe or a device (/dev/zero) would block or never end; only plain files are read.
    if not stat.S_ISREG(info.st_mode):
        raise JsonError("not a regular file (a pipe, device or socket cannot be read)")
    if info.st_size > limit:
        raise JsonError(f"file is too large to load ({info.st_size:,} bytes; limit {mib} MiB)")
    with path.open("rb") as stream:
        raw = stream.read(limit + 1)  # bounded: the file may grow after stat
    if len(raw) > limit:
        raise JsonError(f"file is too large to load (grew past the limit of {mib} MiB)")
    if not raw.strip():
        raise JsonError("file is empty")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise JsonError(
            f"not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start} cannot be decoded",
            line,
            column,
        ) from None


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


class JsonLocator:
    """Finds where a JSON pointer sits in a file's text, lazily (only a file with a problem
    needs it). A pointer into an element of a top-level array (``/events/7/id``) costs one scan
    of the document with the C parser, a walk over the array's elements up to that one, and a
    source map of that element alone: a pure-Python source map of a whole 50,000-event file
    takes minutes."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._index: _TopLevelIndex | None = None
        self._newlines: list[int] | None = None

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at a pointer (of its key, in an object), or
        of its nearest parent that is in the file."""
        if self._index is None:
            self._index = _TopLevelIndex.scan(self._text)
        parts = pointer.split("/")[1:]
        if not parts or self._index.failed:
            return (1, 1) if not parts and not self._index.failed else (None, None)
        key = _unescape(parts[0])
        elements = self._index.arrays.get(key)
        if elements is not None and len(parts) > 1 and parts[1].isdigit():
            element = elements.span(int(parts[1]))
            if element is not None:
                start, end = element
                inner = "/" + "/".join(parts[2:]) if len(parts) > 2 else ""
                return self._within(start, end, inner, start)
        span = self._index.values.get(key)
        if span is not None and len(parts) > 1:
            return self._within(*span, "/" + "/".join(parts[1:]), self._index.keys[key])
        offset = self._index.keys.get(key)
        return self._position(offset) if offset is not None else (None, None)

    def line(self, pointer: str) -> int | None:
        return self.locate(pointer)[0]

    def _within(
        self, start: int, end: int, inner: str, fallback: int
    ) -> tuple[int | None, int | None]:
        """The position of ``inner`` inside the value at text[start:end], or of its nearest
        parent there; the fallback offset when none is."""
        if not inner:
            return self._position(fallback)
        try:
            source_map = json_source_map.calculate(self._text[start:end])
        except (RecursionError, ValueError, json_source_map.errors.InvalidInputError):
            return self._position(fallback)
        while inner:
            entry = source_map.get(inner)
            if entry is not None:
                found = entry.key_start or entry.value_start
                line, column = self._position(start)
                assert line is not None and column is not None
                if found.line == 0:
                    return line, column + found.column
                return line + found.line, found.column + 1
            inner = inner.rsplit("/", 1)[0]
        return self._position(fallback)

    def _position(self, offset: int) -> tuple[int | None, int | None]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        line = bisect.bisect_left(self._newlines, offset)
        line_start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - line_start + 1


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


_Scanner = Callable[[str, int], tuple[Any, int]]


class _TopLevelIndex:
    """Where each key of the top-level object starts, where its value starts and ends, and
    its array values' elements (offsets into the text), found with the json module's C
    scanner."""

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.values: dict[str, tuple[int, int]] = {}
        self.arrays: dict[str, _Elements] = {}
        self.failed = False

    @classmethod
    def scan(cls, text: str) -> _TopLevelIndex:
        index = cls()
        try:
            index._scan(text)
        except (ValueError, StopIteration, RecursionError, IndexError):
            index.failed = not index.keys
        return index

    def _scan(self, text: str) -> None:
        # typeshed types the scanner's argument as itself; it takes the decoder.
        value: _Scanner = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
        at = _skip_space(text, 0)
        if text[at] != "{":
            raise ValueError("not an object")
        at = _skip_space(text, at + 1)
        while text[at] != "}":
            key_start = at
            key, at = value(text, at)
            self.keys[key] = key_start
            at = _skip_space(text, _skip_space(text, at) + 1)  # past the colon
            value_start = at
            _, at = value(text, at)
            self.values[key] = (value_start, at)
            if text[value_start] == "[":
                self.arrays[key] = _Elements(text, value_start, value)
            at = _skip_space(text, at)
            if text[at] == ",":
                at = _skip_space(text, at + 1)


class _Elements:
    """Where the elements of an array start and end, walked only as far as asked: finding the
    first repeats of a million-element array looks at the first few elements, not all."""

    def __init__(self, text: str, start: int, value: _Scanner) -> None:
        self._text, self._value = text, value
        self._spans: list[tuple[int, int]] = []
        self._at: int | None = _skip_space(text, start + 1)  # None: walked to the end

    def span(self, index: int) -> tuple[int, int] | None:
        """The element's start and end offsets, or None past the end."""
        text = self._text
        try:
            while len(self._spans) <= index and self._at is not None:
                at = self._at
                if text[at] == "]":
                    self._at = None
                    break
                _, end = self._value(text, at)
                self._spans.append((at, end))
                after = _skip_space(text, end)
                self._at = _skip_space(text, after + 1) if text[after] == "," else after
        except (ValueError, StopIteration, RecursionError, IndexError):
            self._at = None
        return self._spans[index] if index < len(self._spans) else None


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def pointer(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """The JSON pointer (RFC 6901) to a place given as keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)
