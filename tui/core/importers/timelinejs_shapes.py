"""The shapes TimelineJS JSON is published in, read into one: the title and the slides.

- TimelineJS 3: ``{"title": {...}, "events": [...], "eras": [...]}``, also inside a
  ``{"timeline": {...}}`` wrapper, and with ``slides`` for ``events``.
- TimelineJS 2: ``{"timeline": {"headline", "text", "date": [{"startDate": "1963,8,9",
  "endDate", "headline", "text", "tag", "asset": {"media", "credit", "caption"}}],
  "era": [...]}}``.

A part of the wrong type (``"title": "text"``, ``"eras": 5``) is a problem at its line, never
an exception: the rest of the file is still read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tui.core.dates import PartialDate
from tui.core.importers.timelinejs_dates import tl2_date, tl3_date

DateReader = Callable[[object], PartialDate | None]


@dataclass
class Slide:
    """One event or era, whichever TimelineJS version it came from."""

    pointer: str  # JSON pointer, for the line of a problem
    item: Any  # the object as written (not checked to be one)
    start: object = None
    end: object = None
    headline: object = None
    text: object = None
    caption: object = None
    credit: object = None
    group: object = None
    unique_id: object = None
    display_date: object = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # makes the slide bad


@dataclass
class Shape:
    version: int  # 2 or 3
    read_date: DateReader
    headline: object = None
    text: object = None
    events: list[Slide] = field(default_factory=list)
    eras: list[Slide] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (message, pointer)
    body: dict[str, Any] = field(default_factory=dict)  # the object holding the slides
    has_title: bool = False  # TimelineJS 3's title slide: it is slide 0, the first event 1
    # The start_at_slide option when the file carries it (beside the slides, or at the top
    # level around a "timeline" wrapper), and where.
    start_at_slide: object = None
    start_at_pointer: str = ""


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _get(holder: object, key: str) -> object:
    return holder.get(key) if isinstance(holder, dict) else None


def looks_like(head: str, document: object | None) -> bool:
    """Whether a file is TimelineJS: from the parsed document when there is one, else from
    the head of its text (keys only TimelineJS uses). For detection."""
    if document is None:
        keys = ('"start_date"', '"startDate"', '"headline"', '"eras"', '"slides"')
        return head.lstrip().startswith("{") and any(key in head for key in keys)
    if not isinstance(document, dict):
        return False
    body = document.get("timeline", document)
    if not isinstance(body, dict):
        return "timeline" in document
    if any(key in body for key in ("date", "startDate", "slides", "eras", "title")):
        return True
    events = body.get("events")
    return isinstance(events, list) and any(
        isinstance(e, dict) and "start_date" in e for e in events[:5]
    )


def read_shape(document: object) -> Shape:
    """The title and slides of a document; raises ValueError when it is no TimelineJS shape."""
    if not isinstance(document, dict):
        raise ValueError(f"not a TimelineJS file: the top level is {_kind(document)}")
    base, body = "", document
    if "timeline" in document:
        body, base = document["timeline"], "/timeline"
        if not isinstance(body, dict):
            raise ValueError(f'not a TimelineJS file: "timeline" is {_kind(body)}, not an object')
    shape = (
        _version_2(body, base) if "date" in body or "startDate" in body else _version_3(body, base)
    )
    for holder, where in ((body, base), (document, "")):
        if "start_at_slide" in holder:
            shape.start_at_slide = holder["start_at_slide"]
            shape.start_at_pointer = f"{where}/start_at_slide"
            break
    return shape


def _list(shape: Shape, body: dict[str, Any], key: str, pointer: str) -> list[Any]:
    value = body.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        shape.problems.append((f'"{key}" must be a list, not {_kind(value)}', pointer))
        return []
    return value


def _object(
    problems: list[tuple[str, str]], value: object, name: str, pointer: str
) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append((f"{name} must be an object, not {_kind(value)}", pointer))
        return {}
    return value


def _version_3(body: dict[str, Any], base: str) -> Shape:
    shape = Shape(3, tl3_date, body=body)
    key = "events" if "events" in body or "slides" not in body else "slides"
    if key not in body and "eras" not in body and "title" not in body:
        raise ValueError(
            'not a TimelineJS file: no "events" list (TimelineJS 3) or "date" list (TimelineJS 2)'
        )
    title = _object(shape.problems, body.get("title"), '"title"', f"{base}/title")
    shape.has_title = bool(title)
    text = _object(shape.problems, title.get("text"), '"title.text"', f"{base}/title/text")
    shape.headline, shape.text = text.get("headline"), text.get("text")
    for index, item in enumerate(_list(shape, body, key, f"{base}/{key}")):
        shape.events.append(_slide_3(item, f"{base}/{key}/{index}"))
    for index, item in enumerate(_list(shape, body, "eras", f"{base}/eras")):
        shape.eras.append(_slide_3(item, f"{base}/eras/{index}"))
    return shape


def _slide_3(item: object, pointer: str) -> Slide:
    slide = Slide(pointer, item)
    if not isinstance(item, dict):
        return slide
    text = _object(slide.problems, item.get("text"), '"text"', f"{pointer}/text")
    media = _object(slide.problems, item.get("media"), '"media"', f"{pointer}/media")
    slide.start, slide.end = item.get("start_date"), item.get("end_date")
    slide.headline, slide.text = text.get("headline"), text.get("text")
    slide.caption, slide.credit = media.get("caption"), media.get("credit")
    slide.group, slide.unique_id = item.get("group"), item.get("unique_id")
    slide.display_date = item.get("display_date") or _get(slide.start, "display_date")
    return slide


def _version_2(body: dict[str, Any], base: str) -> Shape:
    shape = Shape(2, tl2_date, body=body, headline=body.get("headline"), text=body.get("text"))
    for key, slides in (("date", shape.events), ("era", shape.eras)):
        for index, item in enumerate(_list(shape, body, key, f"{base}/{key}")):
            pointer = f"{base}/{key}/{index}"
            slide = Slide(pointer, item)
            if isinstance(item, dict):
                asset = _object(slide.problems, item.get("asset"), '"asset"', f"{pointer}/asset")
                slide.start, slide.end = item.get("startDate"), item.get("endDate")
                slide.headline, slide.text = item.get("headline"), item.get("text")
                slide.caption, slide.credit = asset.get("caption"), asset.get("credit")
                slide.group = item.get("tag")
            slides.append(slide)
    return shape
