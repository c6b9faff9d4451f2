"""The filters a user has applied, in the order applied; they combine into one store query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.countries import country_name
from tui.core.kinds import FilterKind
from tui.core.periods import parse_period
from tui.core.store import EventStore, Query
from tui.core.textsafe import one_line


@dataclass(frozen=True, slots=True)
class Filter:
    kind: FilterKind
    value: str  # an alpha-3 code, the text searched for, or a period's label ("2024-06")

    @property
    def label(self) -> str:
        if self.kind == "country":
            return f"{country_name(self.value)}"
        if self.kind == "period":
            return one_line(self.value)
        return f"“{one_line(self.value)}”"


def initial_filters(countries: Sequence[str], search: str) -> tuple[Filter, ...]:
    """Filters from --country (alpha-3 codes) and --search, in that order."""
    text = [Filter("text", search.strip())] if search.strip() else []
    return (*(Filter("country", code) for code in dict.fromkeys(countries)), *text)


def to_query(filters: tuple[Filter, ...]) -> Query:
    """Countries combine as all-of, with at most one text search and one period (see `added`).
    A period keeps the events dated within it at their own precision (tui.core.periods)."""
    countries = frozenset(f.value for f in filters if f.kind == "country")
    texts = [f.value for f in filters if f.kind == "text"]
    periods = [parse_period(f.value) for f in filters if f.kind == "period"]
    return Query(
        countries=countries,
        text=texts[-1] if texts else "",
        start_key=max(p.start_key for p in periods) if periods else None,
        end_key=min(p.end_key for p in periods) if periods else None,
    )


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
