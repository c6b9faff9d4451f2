"""The main screen's filters and view as a ViewState (a saved view, the session) and back.

Filters are kept by kind (``countries``, ``text``, ``starred``, ``noted``, ``tags``; the
period in ``ViewState.period``), not in the order the chips were added: read back, they are
chips in the order the command line gives them (countries, text, period, starred, noted,
tags). A period chip's label is kept as its bounds: "2024-06..2024-09" as start and end,
"2024-06" (or "2024-Q2") as both. The view is the list ("timeline"), the time axis, lanes
(countries as their codes,
"actor:ID" and "concern:ID" otherwise) or an actor, concern or country page.

Reading back checks everything that can be checked without the data (a country code, a
period, a tag, the kind of view) and names every problem at once (ViewError): a state that
cannot be read with certainty is ignored whole, never half restored. Whether the cursor's
event or a page's subject is still in the data is the caller's to check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import JsonValue

from tui.core.annotations.notes import normalized_tag
from tui.core.annotations.views import Period, ViewError, ViewState, checked_view
from tui.core.countries import country
from tui.core.filters import Filter
from tui.core.pages import LinkTarget as Lane  # a lane is what a link names (timeaxis.Lane)
from tui.core.periods import parse_period

ViewKind = Literal["timeline", "axis", "lanes", "actor", "concern", "country"]
VIEW_KINDS: tuple[ViewKind, ...] = get_args(ViewKind)
# --view's own views: a saved view cannot take these names (compared case-insensitively).
BUILT_IN_VIEWS = ("list", "axis", "lanes")
FILTER_KEYS = ("countries", "text", "starred", "noted", "tags")


@dataclass(frozen=True, slots=True)
class ScreenView:
    """What the screen shows, as the UI holds it."""

    filters: tuple[Filter, ...] = ()
    kind: ViewKind = "timeline"
    subject: str | None = None  # the page's actor or concern id, or country code
    lanes: tuple[Lane, ...] = ()  # () on lanes: the default lanes
    cursor: str | None = None  # the event id under the main timeline's cursor


def to_view_state(shown: ScreenView) -> ViewState:
    filters: dict[str, JsonValue] = {}
    countries = [f.value for f in shown.filters if f.kind == "country"]
    texts = [f.value for f in shown.filters if f.kind == "text"]
    periods = [f.value for f in shown.filters if f.kind == "period"]
    tags = [f.value for f in shown.filters if f.kind == "tag"]
    if countries:
        filters["countries"] = list(countries)
    if texts:
        filters["text"] = texts[-1]  # the one the query uses (filters.added keeps one)
    if any(f.kind == "starred" for f in shown.filters):
        filters["starred"] = True
    if any(f.kind == "noted" for f in shown.filters):
        filters["noted"] = True
    if tags:
        filters["tags"] = list(tags)
    return ViewState(
        kind=shown.kind,
        subject=shown.subject,
        filters=filters,
        period=_bounds(periods[-1]) if periods else None,
        lanes=[_lane_text(lane) for lane in shown.lanes],
        cursor=shown.cursor,
    )


def from_view_state(stored: Mapping[str, Any] | ViewState) -> ScreenView:
    """The view a stored state describes; ViewError naming every problem."""
    state = ViewState.model_validate(checked_view(stored))  # ViewError: every problem
    problems: list[str] = []
    filters = _filters(state.filters, problems)
    if state.period is not None:
        try:
            label = parse_period(_label(state.period)).label
        except ValueError as error:
            problems.append(f"period: {error}")
        else:
            marks = [i for i, f in enumerate(filters) if f.kind in ("starred", "noted", "tag")]
            at = marks[0] if marks else len(filters)  # after countries and text, as on the CLI
            filters.insert(at, Filter("period", label))
    kind = next((known for known in VIEW_KINDS if known == state.kind), None)
    if kind is None:
        problems.append(f"kind: {state.kind!r} is not a view ({', '.join(VIEW_KINDS)})")
    is_page = kind in ("actor", "concern", "country")
    if is_page and not state.subject:
        problems.append(f"subject: missing: the {kind} the page is about")
    if kind == "country" and state.subject and not _is_country_code(state.subject):
        problems.append(f"subject: {state.subject!r} is not a country code")
    lanes: list[Lane] = []
    for index, text in enumerate(state.lanes):
        lane = _lane(text)
        if lane is None:
            problems.append(
                f"lanes.{index}: {text!r} is not a country code, actor:ID or concern:ID"
            )
        else:
            lanes.append(lane)
    if problems or kind is None:
        raise ViewError("; ".join(problems))
    return ScreenView(
        filters=tuple(filters),
        kind=kind,
        subject=state.subject if is_page else None,
        lanes=tuple(lanes),
        cursor=state.cursor,
    )


def view_name_problem(name: str) -> str | None:
    """Why a saved view cannot have this name, or None. Names are given cleaned (one line)."""
    if not name:
        return "a view needs a name"
    if name.casefold() in BUILT_IN_VIEWS:
        return f"{name!r} is --view's own ({', '.join(BUILT_IN_VIEWS)}): choose another name"
    return None


def _filters(stored: Mapping[str, JsonValue], problems: list[str]) -> list[Filter]:
    filters: list[Filter] = []
    for key in stored:
        if key not in FILTER_KEYS:
            problems.append(f"filters.{key}: not a filter ({', '.join(FILTER_KEYS)})")
    for index, code in enumerate(_strings(stored, "countries", problems)):
        if _is_country_code(code):
            filters.append(Filter("country", code))
        else:
            problems.append(f"filters.countries.{index}: {code!r} is not a country code")
    text = stored.get("text")
    if text is not None:
        if isinstance(text, str) and text.strip():
            filters.append(Filter("text", text.strip()))
        else:
            problems.append("filters.text: not a text to search for")
    for mark in ("starred", "noted"):
        value = stored.get(mark)
        if value is True:
            filters.append(Filter(mark))
        elif value is not None and value is not False:
            problems.append(f"filters.{mark}: not true or false")
    for index, tag in enumerate(_strings(stored, "tags", problems)):
        try:
            filters.append(Filter("tag", normalized_tag(tag)))
        except ValueError as error:
            problems.append(f"filters.tags.{index}: {error}")
    return list(dict.fromkeys(filters))  # once each, as filters.added keeps them


def _strings(stored: Mapping[str, JsonValue], key: str, problems: list[str]) -> list[str]:
    value = stored.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f"filters.{key}: not a list of texts")
        return []
    return [str(item) for item in value]


def _is_country_code(code: str) -> bool:
    found = country(code)
    return found is not None and found.code == code


def _lane_text(lane: Lane) -> str:
    return lane.key if lane.kind == "country" else f"{lane.kind}:{lane.key}"


def _lane(text: str) -> Lane | None:
    kind, colon, key = text.partition(":")
    if not colon:
        return Lane("country", text) if _is_country_code(text) else None
    if kind == "actor" and key:
        return Lane("actor", key)
    if kind == "concern" and key:
        return Lane("concern", key)
    return None


def _bounds(label: str) -> Period:
    if ".." in label:
        start, _, end = label.partition("..")
        return Period(start=start or None, end=end or None)
    return Period(start=label, end=label)


def _label(period: Period) -> str:
    if period.start is not None and period.start == period.end:
        return period.start
    return f"{period.start or ''}..{period.end or ''}"
