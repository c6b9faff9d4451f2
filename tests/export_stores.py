"""Stores for export tests: hostile text (every string a spreadsheet, Markdown, HTML or a
terminal could read as something other than text, in every field), a small store whose exports
are checked by hand, and many plain events (for memory bounds)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tui.core import model
from tui.core.dates import PartialDate
from tui.core.exporters.csvfile import COLUMNS
from tui.core.store import EventStore

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1", "-2+3", "@SUM(A1)"]
MARKUP = [
    "[click](javascript:alert(1))",
    "<script>alert(1)</script>",
    "# heading",
    "![img](x)",
    "<img src=x onerror=alert(1)>",
    "[ref]: https://evil.example",
    "https://evil.example/path",
    "www.evil.example",
    "mail me@evil.example",
    "&lt;b&gt;entity&lt;/b&gt;",
    "| a | b |",
    "1. listed",
    "- item",
    "+ item",
    "> quoted",
    "***",
    "===",
    "`code`",
    "*em* and _em_ and **strong**",
    "~~struck~~",
    "$x^2$",
    "<https://evil.example>",
    "back\\slash",
]
CONTROLS = [
    "\x1b[2Jcleared",
    "\x1b]52;c;ZXZpbA==\x07clipboard",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "nul\x00byte",
    "c1\x9bcontrol",
    "bidi\u202eoverride",
    "del\x7fete",
]
HOSTILE = FORMULAS + MARKUP + CONTROLS
# The characters no export may contain raw (line ends aside): C0/C1 controls, DEL, bidi.
UNSAFE = re.compile(
    r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def hostile_store() -> EventStore:
    """Every hostile string as an event title, summary, actor, concern, place and quote."""
    dataset = model.Dataset(name="Hostile <b>[x](y)</b> \x1b[31m")
    dataset.sources["src"] = model.Source(
        id="src", title="=cmd|' /C calc'!A0", publisher="[pub](javascript:x)"
    )
    for i, text in enumerate(HOSTILE):
        actor = model.Actor(id=f"a{i}", name=text, kind=model.ActorKind.PERSON, role=text)
        concern = model.Concern(id=f"c{i}", label=text)
        dataset.actors[actor.id] = actor
        dataset.concerns[concern.id] = concern
        dataset.events.append(
            model.Event(
                id=f"e{i}",
                title=text,
                summary=f"{text}\n{text}\n\n{text}",
                start=PartialDate(2024, 1 + i % 12, None if i % 3 else 1 + i % 28),
                kind=model.EventKind.OTHER,
                actors=[model.Participant(actor=actor.id, role=text)],
                concerns=[concern.id],
                places=[model.Place(name=text)],
                citations=[model.Citation(source="src", quote=text)],
                tags=[text],
            )
        )
    return EventStore.from_dataset(dataset)


def assert_no_unsafe_characters(text: str) -> None:
    found = UNSAFE.search(text)
    assert found is None, f"unsafe character {found.group()!r} in export"


def small_store() -> EventStore:
    """Three events: two share a formula-named actor and a source; one has a two-line summary."""
    dataset = model.Dataset(name="Small")
    dataset.actors["bob"] = model.Actor(
        id="bob", name="@Bob", kind=model.ActorKind.PERSON, country="NZL"
    )
    dataset.sources["s"] = model.Source.model_validate(
        {"id": "s", "title": "Report", "url": "https://example.org/r"}
    )
    cite = [model.Citation(source="s", quote="It happened.")]
    dataset.events += [
        model.Event(
            id="e1",
            title="=1+1",
            start=PartialDate(2024, 6, 19),
            kind=model.EventKind.MEETING,
            actors=[model.Participant(actor="bob", role="host")],
            citations=cite,
        ),
        model.Event(
            id="e2",
            title="Talks, then a deal",
            summary="First line\nsecond line",
            start=PartialDate(2024, 7),
            kind=model.EventKind.AGREEMENT,
            actors=[model.Participant(actor="bob", role="host")],
            places=[model.Place(country="JPN", name="Tokyo")],
            citations=cite,
        ),
        model.Event(id="e3", title="A year", start=PartialDate(2025), kind=model.EventKind.OTHER),
    ]
    return EventStore.from_dataset(dataset)


# The small store's CSV, checked by hand: formulas quoted, a comma and a line break quoted.
SMALL_STORE_CSV = (
    ",".join(COLUMNS) + "\r\n"
    "e1,2024-06-19,,day,false,meeting,'=1+1,,NZL,'@Bob (host),,,Report,https://example.org/r\r\n"
    'e2,2024-07,,month,false,agreement,"Talks, then a deal","First line\nsecond line",'
    'NZL; JPN,\'@Bob (host),,"Tokyo, JPN",Report,https://example.org/r\r\n'
    "e3,2025,,year,false,other,A year,,,,,,,\r\n"
)


def many_events_store(count: int) -> EventStore:
    dataset = model.Dataset(name="Many")
    dataset.sources["s"] = model.Source(id="s", title="A source")
    dataset.events += [
        model.Event(
            id=f"event-{i}",
            title=f"Event number {i} with a title of ordinary length",
            summary="A summary of a few words, as most events have. " * 3,
            start=PartialDate(2000 + i % 25, 1 + i % 12, 1 + i % 28),
            kind=model.EventKind.MEETING,
            citations=[model.Citation(source="s")],
        )
        for i in range(count)
    ]
    return EventStore.from_dataset(dataset)


def acled_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The columns and rows of the ACLED test file, to make hostile files from."""
    from tests.conftest import TEST_DATA

    source = (TEST_DATA / "imports" / "acled_current.csv").read_text("utf-8-sig")
    reader = csv.DictReader(io.StringIO(source, newline=""))
    rows = list(reader)
    assert reader.fieldnames is not None
    return list(reader.fieldnames), rows


def write_acled(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    """Rows written as an ACLED CSV (as csv writes them) at path."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")
    return path
