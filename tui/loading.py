"""Open paths as an event store, whatever they hold (the one entry point the app and CLI use).

Our own JSON (files or directories, several at once) loads through the validating loader.
ACLED and GDELT files go to columns without a model object per row, through the index cache
when they are large; TimelineJS JSON is converted to our model. The format is detected from
each file's content unless the caller forces one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.importers import COLUMNAR_FORMATS, FORMATS, detect_format
from tui.loader import load_available, load_paths
from tui.problems import LoadError, Problem
from tui.store import EventStore

# Called with (rows so far, total rows or an estimate of it, None if unknown), from the
# thread doing the load, every chunk of a large file (a few dozen times): keep it cheap.
ProgressCallback = Callable[[int, int | None], None]


@dataclass
class OpenResult:
    """A store and what the user should be told about how it was loaded."""

    store: EventStore
    warnings: list[str] = field(default_factory=list)  # one line each, for a status message
    skipped_rows: int = 0  # bad rows left out under skip_bad, over all files
    skipped_problems: list[Problem] = field(default_factory=list)  # the first few of them
    from_cache: bool = False
    format: str = "ours"
    # Under keep_going: what kept files or events of our own format out of the store.
    problems: list[Problem] = field(default_factory=list)


def open_store(
    paths: Sequence[Path],
    *,
    format: str = "auto",
    skip_bad: bool = False,
    progress: ProgressCallback | None = None,
    keep_going: bool = False,
) -> OpenResult:
    """Load the paths as one store, or raise LoadError listing the problems.

    With ``keep_going`` (the app), files of our own format with problems are left out and
    their problems returned with the store of what did load; LoadError only when nothing did.

    Several paths must all be our own format (their union is the dataset); an imported
    format opens one file at a time. With ``skip_bad`` the good rows of an import load and
    the result says how many were skipped; without it a file with bad rows is refused.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    if not paths:
        raise LoadError([Problem(Path(), "no files to open")])
    missing = [Problem(p, "no such file or directory") for p in paths if not p.exists()]
    if missing:
        raise LoadError(missing)
    formats = [detect_format(p) if format == "auto" else format for p in paths]
    if all(f == "ours" for f in formats):
        if keep_going:
            dataset, problems = load_available(paths)
            if problems and not dataset.events:
                raise LoadError(problems)
        else:
            dataset, problems = load_paths(paths), []
        store = EventStore.from_dataset(dataset)
        if progress is not None:
            progress(len(store), len(store))
        return OpenResult(store, problems=problems)
    if len(paths) > 1:
        raise LoadError(
            [
                Problem(p, f"holds {f} data: open an imported file on its own")
                for p, f in zip(paths, formats, strict=True)
                if f != "ours"
            ]
        )
    path, kind = paths[0], formats[0]
    if path.is_dir():
        raise LoadError([Problem(path, f"is a directory, not a {kind} file")])
    if kind == "timelinejs":
        from tui.importers import timelinejs

        dataset, skipped, bad = timelinejs.load(path, skip_bad=skip_bad)
        store = EventStore.from_dataset(dataset)
        if progress is not None:
            progress(len(store), len(store))
        result = OpenResult(store, format=kind)
        _note_skipped(result, path, skipped, bad.listed)
        return result
    assert kind in COLUMNAR_FORMATS
    return _open_columnar(path, kind, skip_bad, progress)


def _open_columnar(
    path: Path, kind: str, skip_bad: bool, progress: ProgressCallback | None
) -> OpenResult:
    from tui import cache
    from tui.importers import acled, gdelt
    from tui.importers.common import Prepared

    module = acled if kind == "acled" else gdelt
    key = cache.CacheKey.of(path, kind) if path.stat().st_size >= cache.MIN_BYTES else None
    prepared: Prepared | None = cache.load(key) if key is not None else None
    from_cache = prepared is not None
    if prepared is not None and prepared.skipped and not skip_bad:
        prepared = None  # refuse as a fresh parse would, listing the problems afresh
    if prepared is None:
        prepared = module.prepare(path, skip_bad=skip_bad, progress=progress)
        from_cache = False
        if key is not None:
            cache.store_soon(key, prepared)
    store = module.build(prepared)
    if progress is not None:
        progress(len(store), len(store))
    result = OpenResult(store, from_cache=from_cache, format=kind)
    _note_skipped(result, path, prepared.skipped, prepared.problems)
    return result


def _note_skipped(result: OpenResult, path: Path, skipped: int, problems: list[Problem]) -> None:
    if not skipped:
        return
    result.skipped_rows += skipped
    result.skipped_problems.extend(problems)
    noun = "row" if skipped == 1 else "rows"
    first = f" (first: line {problems[0].line}: {problems[0].message})" if problems else ""
    result.warnings.append(f"skipped {skipped:,} bad {noun} in {path.name}{first}")
