"""The one vocabulary of kinds: what a filter narrows by, what a page is about, and what a search
suggestion does. Each alias is built from the smaller ones, so a word means one thing everywhere."""

from __future__ import annotations

from typing import Literal

EntityKind = Literal["actor", "concern"]  # the named things an event involves
PageKind = Literal[EntityKind, "country"]  # what a page can be about
SearchFilterKind = Literal["country", "text"]  # the filters the search box adds
FilterKind = Literal[SearchFilterKind, "period"]  # and a period, picked on the time axis
ChoiceKind = Literal[SearchFilterKind, EntityKind]  # a suggestion adds a filter or opens a page
# A frequency table's row adds a filter (a country, a period), opens a page, or does neither.
DiveKind = Literal["country", "period", EntityKind, "none"]

__all__ = ["ChoiceKind", "DiveKind", "EntityKind", "FilterKind", "PageKind", "SearchFilterKind"]
