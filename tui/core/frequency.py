"""Frequency tables: the current view's events counted by one property, as VisiData's Shift+F.

Country, actor, concern and kind are the backend protocol's facets; month and year are its
time buckets (through tui.core.timeaxis, so a date known only to the year is its own row
rather than a fake January).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui.core.backends.base import Facet
from tui.core.backends.memory import MemoryBackend
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
    MONTH = "month"
    YEAR = "year"


PROPERTIES: tuple[Property, ...] = tuple(Property)

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


@dataclass(frozen=True, slots=True)
class Row:
    label: str  # what the table shows
    count: int
    dive: DiveKind
    value: str  # the code, id or period label the dive uses


def frequency(backend: MemoryBackend, query: Query, prop: Property) -> list[Row]:
    """Every value of the property among the query's events, most frequent first (ties by
    label). An event with several countries (actors, concerns) counts once for each."""
    store = backend.store
    if prop in (Property.MONTH, Property.YEAR):
        rows = _periods(backend, query, Zoom.MONTH if prop is Property.MONTH else Zoom.YEAR)
    else:
        rows = []
        for value, count in backend.facet(query, _FACETS[prop]):
            if prop is Property.COUNTRY:
                label = f"{country_name(value)} ({value})"
            elif prop is Property.ACTOR:
                label = store.actor_name(value)
            elif prop is Property.CONCERN:
                label = store.concern_label(value)
            else:
                label = value
            rows.append(Row(label, count, _DIVES[prop], value))
    return sorted(rows, key=lambda row: (-row.count, row.label))


def _periods(backend: MemoryBackend, query: Query, zoom: Zoom) -> list[Row]:
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
