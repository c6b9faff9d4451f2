"""Importers: ACLED and GDELT event files, TimelineJS JSON, and our own format, as one store.

No textual here (a test checks): the app runs these in a worker thread and only shows the
progress they report. Nothing heavy is imported until a file is read, so the CLI starts fast.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Literal, get_args

from tui.loader import MAX_JSON_BYTES
from tui.problems import LoadError, Problem

Format = Literal["auto", "ours", "acled", "gdelt", "timelinejs"]
FORMATS: tuple[str, ...] = get_args(Format)
COLUMNAR_FORMATS = ("acled", "gdelt")  # imports that go through Prepared (and the cache)

__all__ = ["COLUMNAR_FORMATS", "FORMATS", "Format", "detect_format"]

_SNIFF_BYTES = 64 * 1024


def detect_format(path: Path) -> str:
    """Which format a file or directory holds, judged from its content (not its name)."""
    if path.is_dir() or not path.is_file():
        return "ours"  # the loader says what is wrong with a pipe, a device or a dangling link
    if zipfile.is_zipfile(path):
        return "gdelt"  # GDELT ships its event files zipped; nothing else we read is a zip
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError:
        return "ours"  # unreadable: the loader reports it with the reason
    text = head.decode("utf-8-sig", errors="replace")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _json_format(path, stripped)
    if not stripped or stripped.startswith("[") or b"\x00" in head:
        return "ours"  # empty, a JSON array, or binary: the loader's message is the precise one
    first_line = text.split("\n", 1)[0]
    from tui.importers import acled, gdelt

    if acled.looks_like([c.strip().strip('"') for c in first_line.split(",")]):
        return "acled"
    if gdelt.looks_like(first_line):
        return "gdelt"
    raise LoadError(
        [
            Problem(
                path,
                "cannot tell the format: not our JSON, TimelineJS JSON, an ACLED CSV or a "
                "GDELT event file (use --format to say which)",
                1,
            )
        ]
    )


def _json_format(path: Path, head: str) -> str:
    """TimelineJS files have "events" holding "start_date"/"text" objects, or a "title" slide."""
    for marker in ('"start_date"', '"text"', '"headline"', '"eras"'):
        if marker in head:
            return "timelinejs"
    if '"actors"' in head or '"$schema"' in head or '"concerns"' in head:
        return "ours"
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            return "ours"  # the loader refuses it by its size, without reading it
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return "ours"  # our loader reports what is wrong with it, with line and column
    if isinstance(document, dict):
        events = document.get("events")
        if "title" in document or (
            isinstance(events, list)
            and events
            and isinstance(events[0], dict)
            and "start_date" in events[0]
        ):
            return "timelinejs"
    return "ours"
