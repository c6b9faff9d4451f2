"""TimelineJS JSON: the title slide, events, eras and groups, dates at their own precision.

TimelineJS 3 (``events``, or ``slides``, at the top or in a ``{"timeline": ...}`` wrapper) and
TimelineJS 2 (``{"timeline": {"date": [...]}}``) are read the same way (see timelinejs_shapes).

- The title slide names the dataset (its headline) and describes it (its text); it is not an
  event. A file with no event that can be read is refused, --skip-bad or not.
- An event's dates keep the precision given: a year (BCE and deep time too), a month, a day,
  and an hour, minute, second or millisecond (see timelinejs_dates). display_date, when given,
  is kept as a tag.
- text.headline is the title and text.text the summary, both with HTML reduced to plain text.
  An event without a headline takes its title from its text, else from its media's caption
  or credit (a media-only slide); the media itself is not kept.
- A group becomes a concern, and so does an era: an event belongs to every era its start
  falls within.
- unique_id, when usable, is the event id; otherwise one is made from the headline.
- start_at_slide (an option of the TimelineJS viewer, which some files carry beside their
  slides) names the event to open on, counted as TimelineJS 3 counts slides: in date order,
  the title slide (when there is one) being slide 0. A number past the last slide is the last
  event, as in TimelineJS.
- Our own exporter also writes each event in our format on its slide, and what those events
  refer to at the top level (both under "timeline_explorer"): a slide whose event validates
  and whose references are all there is read from that, exactly. Anything else in that block
  (hand-edited, from another version) is ignored and the slide read as above, silently: the
  block is ours, not the user's, and the slide itself is still good TimelineJS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tui.core.dates import PartialDate
from tui.core.exporters.timelinejs import EXTENSION_KEY
from tui.core.importers.ids import slug
from tui.core.importers.prepared import BadRows
from tui.core.importers.timelinejs_shapes import Shape, Slide, looks_like, read_shape
from tui.core.jsonfile import MAX_JSON_BYTES, JsonError, JsonLocator, parse_json, read_json_text
from tui.core.model import Actor, Concern, Dataset, Event, EventKind, Source
from tui.core.problems import LoadError, Problem

__all__ = ["FORMAT", "load", "looks_like", "plain_text"]

FORMAT = "timelinejs"
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


def load(path: Path, *, skip_bad: bool = False) -> tuple[Dataset, int, BadRows]:
    """The file as a Dataset, the number of events skipped, and the bad ones found.

    Raises LoadError listing the bad events unless ``skip_bad``, and always when no event
    could be read.
    """
    bad = BadRows(path)
    try:
        text = read_json_text(path, MAX_JSON_BYTES)
        shape = read_shape(parse_json(text))
    except OSError as error:
        raise LoadError([Problem(path, f"cannot read: {error.strerror or error}")]) from None
    except JsonError as error:
        raise LoadError([Problem(path, error.message, error.line, error.column)]) from None
    except ValueError as error:  # not a TimelineJS shape
        raise LoadError([Problem(path, str(error), 1)]) from None
    line_of = JsonLocator(text).line

    for message, pointer in shape.problems:
        bad.add(message, line_of(pointer))
    title, description = plain_text(shape.headline), plain_text(shape.text)
    name, references = _References.of(shape.body.get(EXTENSION_KEY))
    dataset = Dataset(name=name or title or path.stem, files=[path], description=description)
    dataset.events = []
    eras = _eras(shape, bad, line_of)
    groups: dict[str, Concern] = {}
    used_ids: set[str] = set()
    for index, slide in enumerate(shape.events):
        where = line_of(slide.pointer)
        if slide.problems:
            for message, pointer in slide.problems:
                bad.add(f"event {index + 1}: {message}", line_of(pointer))
            continue
        try:
            exact = isinstance(slide.item, dict) and shape.version == 3
            event = _exact(slide.item, references, used_ids) if exact else None
            if event is not None:
                used_ids.add(event.id)
            else:
                event = _event(slide, shape, eras, groups, used_ids)
        except ValidationError as error:  # before ValueError, which it subclasses
            bad.add(
                f"event {index + 1}: " + "; ".join(str(e["msg"]) for e in error.errors()), where
            )
            continue
        except ValueError as error:
            bad.add(f"event {index + 1}: {str(error).splitlines()[0]}", where)
            continue
        dataset.events.append(event)
    if not dataset.events:
        bad.count += 1  # never opens empty, --skip-bad or not
        bad.listed.append(_no_events(path, shape, bad.count - 1))
        bad.raise_unless(False)
    unread = len(shape.events) - len(dataset.events)
    dataset.start_at, start_problem = _start_at(shape, dataset.events, unread)
    if start_problem:
        # Listed, not counted: no event is left out for it. Without --skip-bad it refuses the
        # file like a bad event would; with it, the file opens on its first event.
        bad.listed.append(Problem(path, start_problem, line_of(shape.start_at_pointer)))
        if not skip_bad:
            raise LoadError(bad.listed)
    bad.raise_unless(skip_bad)
    for concern, _, _ in eras:
        dataset.concerns[concern.id] = concern
    dataset.concerns.update(groups)
    dataset.concerns.update(references.concerns)  # exact events must find theirs as written
    dataset.actors.update(references.actors)
    dataset.sources.update(references.sources)
    return dataset, bad.count, bad


def _no_events(path: Path, shape: Shape, bad_events: int) -> Problem:
    key = "date" if shape.version == 2 else "events"
    if bad_events:
        return Problem(path, f"no events could be read ({bad_events:,} problems above)")
    return Problem(path, f'no events: the "{key}" list is empty or missing', 1)


def _eras(
    shape: Shape, bad: BadRows, line_of: Callable[[str], int | None]
) -> list[tuple[Concern, PartialDate, PartialDate]]:
    eras: list[tuple[Concern, PartialDate, PartialDate]] = []
    for index, era in enumerate(shape.eras):
        if era.problems:
            for message, pointer in era.problems:
                bad.add(f"era {index + 1}: {message}", line_of(pointer))
            continue
        try:
            start, end = shape.read_date(era.start), shape.read_date(era.end)
        except ValueError as error:
            bad.add(f"era {index + 1}: {error}", line_of(era.pointer))
            continue
        if start is None:
            key = "startDate" if shape.version == 2 else "start_date"
            bad.add(f"era {index + 1}: missing {key}", line_of(era.pointer))
            continue
        label = plain_text(era.headline) or f"Era {index + 1}"
        concern = Concern(id=f"era-{slug(label) or index + 1}", label=label, description="era")
        eras.append((concern, start, max(end or start, start)))
    return eras


def _title(headline: str, summary: str, slide: Slide) -> str:
    """The headline; else the text's first line; else the media's caption or credit."""
    for candidate in (headline, summary, plain_text(slide.caption), plain_text(slide.credit)):
        if candidate:
            return candidate.split("\n", 1)[0][:120]
    return "Untitled event"


def _event(
    slide: Slide,
    shape: Shape,
    eras: list[tuple[Concern, PartialDate, PartialDate]],
    groups: dict[str, Concern],
    used_ids: set[str],
) -> Event:
    if not isinstance(slide.item, dict):
        raise ValueError("an event must be an object")
    start = shape.read_date(slide.start)
    if start is None:
        raise ValueError("missing " + ("startDate" if shape.version == 2 else "start_date"))
    end = shape.read_date(slide.end)
    headline, summary = plain_text(slide.headline), plain_text(slide.text)
    title = _title(headline, summary, slide)
    wanted = slide.unique_id if isinstance(slide.unique_id, str | int) else ""
    wanted = str(wanted)
    event_id = wanted if wanted and slug(wanted) and _usable(wanted) else slug(title) or "event"
    base, number = event_id, 1
    while event_id in used_ids:
        number += 1
        event_id = f"{base}-{number}"
    used_ids.add(event_id)
    # An era holds an event that starts within it, to the last day of its end.
    key = start.sort_key
    concerns = [c.id for c, low, high in eras if low.sort_key <= key <= high.last_day.sort_key]
    group = slide.group
    if isinstance(group, str) and group.strip():
        name = group.strip()
        concern = groups.setdefault(
            name,
            Concern(id=f"group-{slug(name) or len(groups) + 1}", label=name, description="group"),
        )
        concerns.append(concern.id)
    display = slide.display_date
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


def _start_at(shape: Shape, events: list[Event], unread: int) -> tuple[str | None, str]:
    """The id of the event start_at_slide names (None: the first event), or why it cannot be
    read. Each event read is a slide here only when every slide was read: a skipped one would
    shift the count."""
    given = shape.start_at_slide
    if given is None:
        return None, ""
    if isinstance(given, int) and not isinstance(given, bool):
        slide = given
    elif isinstance(given, str) and given.strip().isascii() and given.strip().isdigit():
        slide = int(given)
    else:
        return None, f"start_at_slide must be a slide number (0 or more), not {given!r}"[:160]
    if slide < 0:
        return None, f"start_at_slide must be a slide number (0 or more), not {slide}"
    if shape.version == 2:
        return None, (
            "start_at_slide is not read from TimelineJS 2 files: where their title slide falls "
            "among the slides depends on its date"
        )
    if unread:
        return None, (
            f"start_at_slide {slide}: which event it names cannot be known, as {unread:,} "
            "event(s) could not be read"
        )
    if shape.has_title:
        if slide == 0:
            return None, ""  # the title slide: not an event, so the first event
        slide -= 1
    # TimelineJS shows the slides sorted by their start, as an instant (a year is its 1 January),
    # keeping the file's order for a tie.
    in_order = sorted(events, key=lambda event: _instant(event.start))
    return in_order[min(slide, len(in_order) - 1)].id, ""


def _instant(date: PartialDate) -> tuple[int, int]:
    """Where TimelineJS places a date: its first day, then the milliseconds into that day."""
    milliseconds = (date.time_key - 1) // 4 if date.time_key else 0
    return date.first_day.sort_key, milliseconds
