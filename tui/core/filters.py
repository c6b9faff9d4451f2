"""The filters a user has applied, in the order applied; they combine into one store query."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from typing import Protocol

from tui.core.countries import country_name
from tui.core.kinds import FilterKind
from tui.core.periods import parse_period
from tui.core.store import EventStore, Query
from tui.core.textsafe import one_line


@dataclass(frozen=True, slots=True)
class Filter:
    kind: FilterKind
    # An alpha-3 code, the text searched for, a period's label ("2024-06"), a tag; "" for
    # starred and noted.
    value: str = ""

    @property
    def label(self) -> str:
        if self.kind == "country":
            return f"{country_name(self.value)}"
        if self.kind == "period":
            return one_line(self.value)
        if self.kind == "starred":
            return "★ starred"
        if self.kind == "noted":
            return "has a note"
        if self.kind == "tag":
            return f"#{one_line(self.value)}"
        return f"“{one_line(self.value)}”"


class Marks(Protocol):
    """What the starred, noted and tag filters ask of the analyst's annotations
    (tui.core.annotations.DatasetAnnotations answers it)."""

    def starred_ids(self) -> Set[str]: ...
    def noted_ids(self) -> Set[str]: ...
    def tagged_ids(self, tag: str) -> Set[str]: ...
    def search_notes(self, needle: str) -> Set[str]: ...


def initial_filters(countries: Sequence[str], search: str) -> tuple[Filter, ...]:
    """Filters from --country (alpha-3 codes) and --search, in that order."""
    text = [Filter("text", search.strip())] if search.strip() else []
    return (*(Filter("country", code) for code in dict.fromkeys(countries)), *text)


def to_query(filters: tuple[Filter, ...], marks: Marks | None = None) -> Query:
    """Countries combine as all-of, with at most one text search and one period (see `added`).
    A period keeps the events dated within it at their own precision (tui.core.periods).
    Starred, noted and tags are all-of too; without ``marks`` (no annotations store) nothing is
    starred, noted or tagged. The text search also finds the events whose note contains it."""
    countries = frozenset(f.value for f in filters if f.kind == "country")
    texts = [f.value for f in filters if f.kind == "text"]
    text = texts[-1] if texts else ""
    periods = [parse_period(f.value) for f in filters if f.kind == "period"]
    return Query(
        countries=countries,
        text=text,
        start_key=max(p.start_key for p in periods) if periods else None,
        end_key=min(p.end_key for p in periods) if periods else None,
        event_ids=_marked_ids(filters, marks),
        text_in_notes=_noted_with(text, marks),
    )


def _marked_ids(filters: tuple[Filter, ...], marks: Marks | None) -> frozenset[str] | None:
    wanted = [f for f in filters if f.kind in ("starred", "noted", "tag")]
    if not wanted:
        return None
    if marks is None:
        return frozenset()
    found: frozenset[str] | None = None
    for mark in wanted:
        if mark.kind == "starred":
            ids = marks.starred_ids()
        elif mark.kind == "noted":
            ids = marks.noted_ids()
        else:
            ids = marks.tagged_ids(mark.value)
        found = frozenset(ids) if found is None else found & ids
    return found


def added(filters: tuple[Filter, ...], new: Filter) -> tuple[Filter, ...]:
    """Add a filter unless present; a new text search or period replaces the previous one."""
    if new in filters:
        return filters
    replaces = new.kind in ("text", "period")
    kept = tuple(f for f in filters if not (replaces and f.kind == new.kind))
    return (*kept, new)


def describe(filters: tuple[Filter, ...]) -> str:
    return " + ".join(f.label for f in filters)


def start_row(store: EventStore) -> int | None:
    """The row of the event the dataset opens on; None when it names none. An id that names no
    event never gets here: the loader refuses it."""
    return store.row_of(store.start_at) if store.start_at else None


def _noted_with(text: str, marks: Marks | None) -> frozenset[str]:
    needle = " ".join(text.split())  # as the store's own text search reads it
    return frozenset(marks.search_notes(needle)) if marks and needle else frozenset()
