"""TimelineJS JSON: the title slide, events, eras and groups, dates at their own precision.

- The title slide names the dataset (its headline) and describes it (its text); it is not an
  event.
- An event's start_date/end_date keep the precision given: a year, a month or a day (hours and
  minutes are dropped). display_date, when given, is kept as a tag.
- text.headline is the title and text.text the summary, both with HTML reduced to plain text;
  media is ignored. An event without a headline takes its title from its text.
- A group becomes a concern, and so does an era: an event belongs to every era its start
  falls within.
- unique_id, when usable, is the event id; otherwise one is made from the headline.
- Our own exporter also writes each event in our format on its slide, and what those events
  refer to at the top level (both under "timeline_explorer"): a slide whose event validates
  and whose references are all there is read from that, exactly. Anything else in that block
  (hand-edited, from another version) is ignored and the slide read as above, silently: the
  block is ours, not the user's, and the slide itself is still good TimelineJS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import json_source_map
from pydantic import BaseModel, ValidationError

from tui.dates import PartialDate
from tui.exporters.timelinejs import EXTENSION_KEY
from tui.importers.common import BadRows, slug
from tui.loader import Dataset
from tui.model import Actor, Concern, Event, EventKind, Source

FORMAT = "timelinejs"
MAX_BYTES = 256 * 1024 * 1024
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(self._skip - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def plain_text(html: object) -> str:
    """HTML (as TimelineJS text holds it) reduced to plain text; paragraphs kept as lines."""
    if not isinstance(html, str) or not html.strip():
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in unescape("".join(parser.parts)).split("\n"))
    return "\n".join(line for line in lines if line)


def _date(value: object) -> PartialDate | None:
    """A TimelineJS date object as a PartialDate; raise ValueError saying what is wrong."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("a date must be an object with year, month and day")
    if value.get("year") in (None, ""):
        raise ValueError("a date needs a year")

    def number(key: str) -> int | None:
        raw = value.get(key)
        if raw in (None, ""):
            return None
        try:
            return int(str(raw).strip())
        except ValueError:
            raise ValueError(f"{key} {raw!r} is not a number") from None

    year, month, day = number("year"), number("month"), number("day")
    assert year is not None
    if year < 1:
        raise ValueError(f"year {year} is before year 1, which this app cannot show")
    if day is not None and month is None:
        day = None  # a day without a month says nothing more than the year
    return PartialDate(year, month, day)


class _Extension(BaseModel):
    """The document's own-format block: the actors, concerns and sources of its events."""

    name: str = ""
    actors: list[Actor] = []
    concerns: list[Concern] = []
    sources: list[Source] = []


@dataclass
class _References:
    """What the slides' own-format events may refer to (nothing if the block is unusable)."""

    actors: dict[str, Actor] = field(default_factory=dict)
    concerns: dict[str, Concern] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    @classmethod
    def of(cls, block: object) -> tuple[str, _References]:
        """The name and references of a valid block; none (and no name) otherwise."""
        try:
            extension = _Extension.model_validate(block)
        except ValidationError:
            return "", cls()
        found = cls(
            {a.id: a for a in extension.actors},
            {c.id: c for c in extension.concerns},
            {s.id: s for s in extension.sources},
        )
        if (len(found.actors), len(found.concerns), len(found.sources)) != (
            len(extension.actors),
            len(extension.concerns),
            len(extension.sources),
        ):
            return "", cls()  # an id given twice: which one is meant cannot be known
        return extension.name, found

    def resolve(self, event: Event) -> bool:
        return (
            all(p.actor in self.actors for p in event.actors)
            and all(c in self.concerns for c in event.concerns)
            and all(c.source in self.sources for c in event.citations)
        )


def _exact(item: dict[str, Any], references: _References, used_ids: set[str]) -> Event | None:
    """The slide's event as our exporter wrote it, if it is valid and complete here."""
    block = item.get(EXTENSION_KEY)
    if not isinstance(block, dict):
        return None
    try:
        event = Event.model_validate(block)
    except ValidationError:
        return None
    if event.id in used_ids or not references.resolve(event):
        return None
    return event


def _headline(text: object) -> tuple[str, str]:
    if not isinstance(text, dict):
        return "", ""
    return plain_text(text.get("headline")), plain_text(text.get("text"))


def load(path: Path, *, skip_bad: bool = False) -> tuple[Dataset, int, BadRows]:
    """The file as a Dataset, the number of events skipped, and the bad ones found.

    Raises LoadError listing the bad events unless ``skip_bad``.
    """
    bad = BadRows(path)
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        bad.add(f"file is too large ({len(raw):,} bytes)")
        bad.raise_unless(False)
    try:
        text = raw.decode("utf-8-sig")
        document = json.loads(text)
    except UnicodeDecodeError:
        bad.add("not UTF-8")
        bad.raise_unless(False)
        raise AssertionError from None  # unreachable: raise_unless raised
    except json.JSONDecodeError as error:
        bad.add(f"invalid JSON: {error.msg}", error.lineno)
        bad.raise_unless(False)
        raise AssertionError from None
    if not isinstance(document, dict) or not isinstance(document.get("events", []), list):
        bad.add('not a TimelineJS file: the top level needs an "events" list', 1)
        bad.raise_unless(False)
    lines = _lines(text)

    def line_of(pointer: str) -> int | None:
        return lines.get(pointer)

    title, description = _headline((document.get("title") or {}).get("text"))
    name, references = _References.of(document.get(EXTENSION_KEY))
    dataset = Dataset(name=name or title or path.stem, files=[path])
    dataset.events = []
    eras: list[tuple[Concern, int, int]] = []
    for index, era in enumerate(document.get("eras") or []):
        try:
            start = _date(era.get("start_date")) if isinstance(era, dict) else None
            end = _date(era.get("end_date")) if isinstance(era, dict) else None
        except ValueError as error:
            bad.add(f"era {index + 1}: {error}", line_of(f"/eras/{index}"))
            continue
        name, _ = _headline(era.get("text") if isinstance(era, dict) else None)
        if start is None:
            bad.add(f"era {index + 1}: missing start_date", line_of(f"/eras/{index}"))
            continue
        label = name or f"Era {index + 1}"
        concern = Concern(id=f"era-{slug(label) or index + 1}", label=label, description="era")
        eras.append((concern, start.sort_key, (end or start).sort_key))
    groups: dict[str, Concern] = {}
    used_ids: set[str] = set()
    for index, item in enumerate(document.get("events") or []):
        where = line_of(f"/events/{index}")
        try:
            event = _exact(item, references, used_ids) if isinstance(item, dict) else None
            if event is not None:
                used_ids.add(event.id)
            else:
                event = _event(item, index, eras, groups, used_ids)
        except ValidationError as error:  # before ValueError, which it subclasses
            bad.add(
                f"event {index + 1}: " + "; ".join(str(e["msg"]) for e in error.errors()), where
            )
            continue
        except ValueError as error:
            bad.add(f"event {index + 1}: {str(error).splitlines()[0]}", where)
            continue
        dataset.events.append(event)
    bad.raise_unless(skip_bad)
    for concern, _, _ in eras:
        dataset.concerns[concern.id] = concern
    dataset.concerns.update(groups)
    dataset.concerns.update(references.concerns)  # exact events must find theirs as written
    dataset.actors.update(references.actors)
    dataset.sources.update(references.sources)
    if description and title and not name:
        dataset.name = title
    return dataset, bad.count, bad


def _event(
    item: Any,
    index: int,
    eras: list[tuple[Concern, int, int]],
    groups: dict[str, Concern],
    used_ids: set[str],
) -> Event:
    if not isinstance(item, dict):
        raise ValueError("an event must be an object")
    if item.get("start_date") is None:
        raise ValueError("missing start_date")
    start = _date(item.get("start_date"))
    end = _date(item.get("end_date"))
    assert start is not None
    headline, summary = _headline(item.get("text"))
    title = headline or (summary.split("\n", 1)[0][:120] if summary else "") or "Untitled event"
    wanted = str(item.get("unique_id") or "")
    event_id = (
        wanted if wanted and slug(wanted) and _usable(wanted) else f"{slug(title) or 'event'}"
    )
    base, number = event_id, 1
    while event_id in used_ids:
        number += 1
        event_id = f"{base}-{number}"
    used_ids.add(event_id)
    concerns = [c.id for c, low, high in eras if low <= start.sort_key <= max(high, low)]
    group = item.get("group")
    if isinstance(group, str) and group.strip():
        name = group.strip()
        concern = groups.setdefault(
            name,
            Concern(id=f"group-{slug(name) or len(groups) + 1}", label=name, description="group"),
        )
        concerns.append(concern.id)
    display = item.get("display_date") or (item.get("start_date") or {}).get("display_date")
    tags = (
        [f"shown as: {plain_text(display)}"] if isinstance(display, str) and display.strip() else []
    )
    return Event(
        id=event_id,
        title=title,
        summary=summary if summary != title else "",
        start=start,
        end=end if end is not None and end != start else None,
        kind=EventKind.OTHER,
        concerns=list(dict.fromkeys(concerns)),
        tags=tags,
    )


def _usable(identifier: str) -> bool:
    first = identifier[:1]
    return (
        len(identifier) <= 200
        and first.isascii()
        and first.isalnum()
        and all(ch.isascii() and (ch.isalnum() or ch in "_.:-") for ch in identifier)
    )


def _lines(text: str) -> dict[str, int]:
    """Line (1-based) of each JSON pointer in the file, for reporting bad events."""
    try:
        entries = json_source_map.calculate(text)
    except (RecursionError, ValueError, json_source_map.errors.InvalidInputError):
        return {}
    return {pointer: entry.value_start.line + 1 for pointer, entry in entries.items()}
