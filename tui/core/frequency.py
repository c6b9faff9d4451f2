"""Frequency tables: the current view's events counted by one property, as VisiData's Shift+F.

Country, actor, concern and kind are the backend protocol's facets, actor pairs (dyads) its
pair counts; month and year are its time buckets (through tui.core.timeaxis, so a date known
only to the year is its own row rather than a fake January).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from tui.core.backends.base import Facet, TimeViewBackend
from tui.core.countries import country_name
from tui.core.kinds import DiveKind
from tui.core.periods import Zoom
from tui.core.store import Query
from tui.core.timeaxis import axis


class Property(StrEnum):
    COUNTRY = "country"
    ACTOR = "actor"
    CONCERN = "concern"
    KIND = "kind"
    DYAD = "dyad"
    MONTH = "month"
    YEAR = "year"


PROPERTIES: tuple[Property, ...] = tuple(Property)
# What a title calls a property (a tab shows its name), where the name alone would not say.
PROPERTY_LABELS = {p: ("actor pair" if p is Property.DYAD else p.value) for p in PROPERTIES}

_FACETS = {
    Property.COUNTRY: Facet.COUNTRIES,
    Property.ACTOR: Facet.ACTORS,
    Property.CONCERN: Facet.CONCERNS,
    Property.KIND: Facet.KINDS,
}
_DIVES: dict[Property, DiveKind] = {
    Property.COUNTRY: "country",
    Property.ACTOR: "actor",
    Property.CONCERN: "concern",
    Property.KIND: "none",
}
PAIR_SEPARATOR = " — "  # between the two actors of a pair


class Names(Protocol):
    """Where actors' names and concerns' labels come from (an EventStore answers)."""

    def actor_name(self, actor_id: str) -> str: ...
    def concern_label(self, concern_id: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Row:
    label: str  # what the table shows
    count: int
    dive: DiveKind
    value: str  # the code, id or period label the dive uses


def frequency(backend: TimeViewBackend, names: Names, query: Query, prop: Property) -> list[Row]:
    """Every value of the property among the query's events, most frequent first (ties by
    label). An event with several countries (actors, concerns, pairs) counts once for each."""
    if prop in (Property.MONTH, Property.YEAR):
        rows = _periods(backend, query, Zoom.MONTH if prop is Property.MONTH else Zoom.YEAR)
    elif prop is Property.DYAD:
        rows = [
            Row(names.actor_name(a) + PAIR_SEPARATOR + names.actor_name(b), n, "none", "")
            for a, b, n in backend.pair_counts(query)
        ]
    else:
        rows = []
        for value, count in backend.facet(query, _FACETS[prop]):
            if prop is Property.COUNTRY:
                label = f"{country_name(value)} ({value})"
            elif prop is Property.ACTOR:
                label = names.actor_name(value)
            elif prop is Property.CONCERN:
                label = names.concern_label(value)
            else:
                label = value
            rows.append(Row(label, count, _DIVES[prop], value))
    return sort_rows(rows, by_name=False)


def _periods(backend: TimeViewBackend, query: Query, zoom: Zoom) -> list[Row]:
    counts = axis(backend, query, zoom)
    rows: list[Row] = []
    for index in range(len(counts)):
        period = counts.period(index)
        if counts.placed[index]:
            rows.append(Row(period.label, int(counts.placed[index]), "period", period.label))
        if counts.coarse[index]:  # at month zoom: dates known only to the year
            year = (counts.first + index) // 12
            rows.append(Row(f"{year}, month unknown", int(counts.coarse[index]), "none", ""))
    return rows


def sort_rows(rows: list[Row], by_name: bool) -> list[Row]:
    if by_name:
        return sorted(rows, key=lambda row: (row.label.casefold(), -row.count))
    return sorted(rows, key=lambda row: (-row.count, row.label))
