"""The formats the app opens: one ``Importer`` protocol and one registry of them.

Detection, the ``--from``/``--format`` choices, loading (tui/core/loading.py) and ``validate``
all go through ``REGISTRY``; nothing else names a format. An importer is three steps:

* ``detect`` — does the head of a file (a :class:`Sniff`) look like this format?
* ``read`` — the file(s) to the importer's own intermediate form, with the bad rows counted
  (refused unless ``skip_bad``); columnar imports go through the index cache here.
* ``build`` — that form to an :class:`~tui.core.store.EventStore`.

The heavy modules (polars, the importers themselves) are imported inside the methods, so the
CLI starts fast and ``--help`` never loads them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from tui.core.importers.parquet import ParquetImporter
from tui.core.jsonfile import MAX_JSON_BYTES
from tui.core.problems import Problem

if TYPE_CHECKING:
    from tui.core.importers.prepared import Prepared
    from tui.core.model import Dataset
    from tui.core.store import EventStore

# Called with (rows so far, total rows or an estimate, None if unknown) from the loading thread.
ProgressCallback = Callable[[int, int | None], None]
AUTO = "auto"
SNIFF_BYTES = 64 * 1024
# A large input loads behind the app's progress screen instead of before it starts, and is kept
# in the index cache once parsed (a smaller file parses faster than a cache entry pays back).
LARGE_INPUT_BYTES = 5 * 1024 * 1024

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True)
class Sniff:
    """The first bytes of a regular file: all detection looks at."""

    path: Path
    head: bytes

    @cached_property
    def text(self) -> str:
        return self.head.decode("utf-8-sig", errors="replace")

    @cached_property
    def stripped(self) -> str:
        return self.text.lstrip()

    @cached_property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]

    @property
    def is_binary(self) -> bool:
        return b"\x00" in self.head


@dataclass(frozen=True)
class ReadOptions:
    skip_bad: bool = False
    progress: ProgressCallback | None = None
    # Our format only: leave out files with problems and open the rest (the app does).
    keep_going: bool = False


@dataclass
class Read(Generic[T]):
    """What an importer read, before it becomes a store, and what the user should hear of it."""

    payload: T
    skipped: int = 0  # bad rows left out under skip_bad
    skipped_problems: list[Problem] = field(default_factory=list)  # the first few of them
    left_out: list[Problem] = field(default_factory=list)  # files left out under keep_going
    from_cache: bool = False


class Importer(Protocol[T]):
    """One format the app opens. Attributes say what the front door lets through to it."""

    @property
    def name(self) -> str: ...  # the --from choice, e.g. "acled"

    @property
    def label(self) -> str: ...  # in messages: "an ACLED CSV export"

    @property
    def many(self) -> bool: ...  # directories and several files open as one dataset

    @property
    def reads_zip(self) -> bool: ...

    @property
    def max_bytes(self) -> int | None: ...  # refused from its size before reading

    def detect(self, sniff: Sniff) -> bool: ...

    def read(self, paths: Sequence[Path], options: ReadOptions) -> Read[T]: ...

    def build(self, read: Read[T]) -> EventStore: ...


# -- our own JSON ---------------------------------------------------------------------------


class OursImporter:
    name = "ours"
    label = "our JSON"
    many = True
    reads_zip = False
    max_bytes: int | None = MAX_JSON_BYTES

    def detect(self, sniff: Sniff) -> bool:
        # Any JSON (a top-level array or string is then refused with its line and column), and
        # binary or blank heads: the validating loader words those precisely (UTF-16, "file is
        # empty", a line and column for stray bytes). Tried last, after the CSV formats.
        if sniff.stripped[:1] in ("{", "[", '"', "") or sniff.is_binary:
            return True
        try:
            json.loads(sniff.text)  # a scalar: 42, null
        except ValueError:
            return False
        return True

    def read(self, paths: Sequence[Path], options: ReadOptions) -> Read[Dataset]:
        from tui.core.importers.ours import load_available, load_paths
        from tui.core.problems import LoadError

        if not options.keep_going:
            return Read(load_paths(paths))
        dataset, problems = load_available(paths)
        if problems and not dataset.events:
            raise LoadError(problems)
        return Read(dataset, left_out=problems)

    def build(self, read: Read[Dataset]) -> EventStore:
        from tui.core.store import EventStore

        return EventStore.from_dataset(read.payload)


# -- TimelineJS JSON ------------------------------------------------------------------------

# Keys only TimelineJS uses (3: start_date, text, headline, eras, slides; 2: startDate).
_TIMELINEJS_KEYS = ('"start_date"', '"startDate"', '"text"', '"headline"', '"eras"', '"slides"')
_OURS_KEYS = ('"actors"', '"$schema"', '"concerns"')


class TimelineJSImporter:
    name = "timelinejs"
    label = "TimelineJS JSON"
    many = False
    reads_zip = False
    max_bytes: int | None = MAX_JSON_BYTES

    def detect(self, sniff: Sniff) -> bool:
        if not sniff.stripped.startswith("{"):
            return False
        if any(key in sniff.text for key in _TIMELINEJS_KEYS):
            return True
        if any(key in sniff.text for key in _OURS_KEYS):
            return False
        return _timelinejs_document(sniff.path)

    def read(self, paths: Sequence[Path], options: ReadOptions) -> Read[Dataset]:
        from tui.core.importers import timelinejs

        [path] = paths
        dataset, skipped, bad = timelinejs.load(path, skip_bad=options.skip_bad)
        return Read(dataset, skipped, list(bad.listed))

    def build(self, read: Read[Dataset]) -> EventStore:
        from tui.core.store import EventStore

        return EventStore.from_dataset(read.payload)


def _timelinejs_document(path: Path) -> bool:
    """A head that names no key either format uses: parse it (bounded) and look at the shape."""
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            return False  # our loader refuses it by its size, without reading it
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return False  # our loader reports what is wrong with it, with line and column
    if not isinstance(document, dict):
        return False
    events = document.get("events")
    return (
        "title" in document
        or "timeline" in document
        or (
            isinstance(events, list)
            and bool(events)
            and isinstance(events[0], dict)
            and "start_date" in events[0]
        )
    )


# -- ACLED and GDELT: columns, through the index cache --------------------------------------


class _ColumnarImporter:
    """ACLED and GDELT: read to columns (``Prepared``), cached when the file is large."""

    name = ""
    label = ""
    many = False
    reads_zip = False
    max_bytes: int | None = None
    says_when_reading = True  # see loading.reader_started
    _reader_says_when_started = False  # its module's prepare says it (else read does)

    def _module(self) -> Any:
        raise NotImplementedError

    def read(self, paths: Sequence[Path], options: ReadOptions) -> Read[Prepared]:
        from tui.core import cache
        from tui.core.loading import reader_started

        [path] = paths
        large = path.stat().st_size >= LARGE_INPUT_BYTES
        key = cache.CacheKey.of(path, self.name) if large else None
        if key is None or cache.has_entry(key) or not self._reader_says_when_started:
            reader_started()  # a hit copies its entry off the interpreter: no need to wait
        prepared = cache.read_entry(key) if key is not None else None
        from_cache = prepared is not None
        if prepared is not None and prepared.skipped and not options.skip_bad:
            prepared = None  # refuse as a fresh parse would, listing the problems afresh
        if prepared is None:
            prepared = self._module().prepare(
                path, skip_bad=options.skip_bad, progress=options.progress
            )
            from_cache = False
            if key is not None:
                cache.write_entry_soon(key, prepared)
        return Read(prepared, prepared.skipped, list(prepared.problems), from_cache=from_cache)

    def build(self, read: Read[Prepared]) -> EventStore:
        store: EventStore = self._module().build(read.payload)
        return store


class AcledImporter(_ColumnarImporter):
    name = "acled"
    label = "an ACLED CSV export"
    _reader_says_when_started = True

    def _module(self) -> Any:
        from tui.core.importers import acled

        return acled

    def detect(self, sniff: Sniff) -> bool:
        header = [cell.strip().strip('"') for cell in sniff.first_line.split(",")]
        return bool(self._module().looks_like(header))


class GdeltImporter(_ColumnarImporter):
    name = "gdelt"
    label = "a GDELT event file"
    reads_zip = True  # GDELT ships its event files zipped; nothing else we read is a zip

    def _module(self) -> Any:
        from tui.core.importers import gdelt

        return gdelt

    def detect(self, sniff: Sniff) -> bool:
        # A GDELT row is tab-separated: a head without a tab (our JSON, tried after this) is
        # told apart without importing the importer, polars behind it.
        return "\t" in sniff.first_line and bool(self._module().looks_like(sniff.first_line))


# Detection tries these in order; the first that claims a file has it. Parquet comes first: its
# magic bytes are certain, and a binary head may hold a tab (GDELT's test imports polars).
# TimelineJS comes before ours (both are JSON objects); ours comes last, the fallback for any
# JSON and binary heads.
REGISTRY: dict[str, Importer[Any]] = {
    importer.name: importer
    for importer in (
        ParquetImporter(),
        TimelineJSImporter(),
        AcledImporter(),
        GdeltImporter(),
        OursImporter(),
    )
}
FORMAT_CHOICES: tuple[str, ...] = (AUTO, "ours", "acled", "gdelt", "timelinejs", "parquet")
assert set(FORMAT_CHOICES) == {AUTO, *REGISTRY}
_NAMED_IN_MESSAGES = ("timelinejs", "acled", "gdelt", "parquet", "ours")  # text formats first
assert set(_NAMED_IN_MESSAGES) == set(REGISTRY)


def default_importer() -> Importer[Any]:
    """Our own format: directories, several files at once, and a file that cannot be read
    (its loader words every reading failure precisely)."""
    return REGISTRY["ours"]


def zip_importer() -> Importer[Any]:
    """The importer that reads zip archives (there is one)."""
    [importer] = [i for i in REGISTRY.values() if i.reads_zip]
    return importer


def detect(sniff: Sniff) -> Importer[Any] | None:
    """The importer whose format the head shows, or None when none claims it."""
    for importer in REGISTRY.values():
        if importer.detect(sniff):
            return importer
    return None


def format_labels() -> str:
    """'our JSON, TimelineJS JSON, an ACLED CSV export or a GDELT event file'."""
    labels = [REGISTRY[name].label for name in _NAMED_IN_MESSAGES]
    return ", ".join(labels[:-1]) + " or " + labels[-1]
