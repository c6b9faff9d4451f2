"""The filters a user has applied, in the order applied; they combine into one store query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.countries import country_name
from tui.core.store import Query
from tui.core.textsafe import one_line

FilterKind = Literal["country", "text"]


@dataclass(frozen=True, slots=True)
class Filter:
    kind: FilterKind
    value: str  # an alpha-3 code, or the text searched for

    @property
    def label(self) -> str:
        if self.kind == "country":
            return f"{country_name(self.value)}"
        return f"“{one_line(self.value)}”"


def initial_filters(countries: Sequence[str], search: str) -> tuple[Filter, ...]:
    """Filters from --country (alpha-3 codes) and --search, in that order."""
    text = [Filter("text", search.strip())] if search.strip() else []
    return (*(Filter("country", code) for code in dict.fromkeys(countries)), *text)


def to_query(filters: tuple[Filter, ...]) -> Query:
    """Countries combine as all-of, with at most one text search (see `added`)."""
    countries = frozenset(f.value for f in filters if f.kind == "country")
    texts = [f.value for f in filters if f.kind == "text"]
    return Query(countries=countries, text=texts[-1] if texts else "")


def added(filters: tuple[Filter, ...], new: Filter) -> tuple[Filter, ...]:
    """Add a filter unless present; a new text search replaces the previous one."""
    if new in filters:
        return filters
    kept = tuple(f for f in filters if not (new.kind == "text" and f.kind == "text"))
    return (*kept, new)


def describe(filters: tuple[Filter, ...]) -> str:
    return " + ".join(f.label for f in filters)
