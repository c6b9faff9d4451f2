"""The one vocabulary of kinds: what a filter narrows by, what a page is about, and what a search
suggestion does. Each alias is built from the smaller ones, so a word means one thing everywhere."""

from __future__ import annotations

from typing import Literal

EntityKind = Literal["actor", "concern"]  # the named things an event involves
PageKind = Literal[EntityKind, "country"]  # what a page can be about
SearchFilterKind = Literal["country", "text"]  # the filters the search box adds
# The analyst's own marks (tui.core.annotations): starred, has a note, a tag.
MarkFilterKind = Literal["starred", "noted", "tag"]
# and a period, picked on the time axis
FilterKind = Literal[SearchFilterKind, "period", MarkFilterKind]
ChoiceKind = Literal[SearchFilterKind, EntityKind]  # a suggestion adds a filter or opens a page
# A frequency table's row adds a filter (a country, a period), opens a page, or does neither.
DiveKind = Literal["country", "period", EntityKind, "none"]

__all__ = [
    "ChoiceKind",
    "DiveKind",
    "EntityKind",
    "FilterKind",
    "MarkFilterKind",
    "PageKind",
    "SearchFilterKind",
]
