"""The Markdown brief's fields of an ACLED import's rows, from its arrays: what the brief writes,
a batch at a time, with no model made per row.

Each field is the value the row's model holds (see ``event`` in :mod:`.store`): the same title,
place and countries, its strings trimmed as the model trims them. Labels (dates, actors,
places, countries, sources) are made once per distinct code or combination, and per row only
looked up; titles and notes are made by polars and handed over as polars columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np
import polars as pl

from tui.core.columns import Rows
from tui.core.dates import PartialDate, format_range
from tui.core.exporters.brief_fields import BriefBatch
from tui.core.importers.acled.layout import ROLES
from tui.core.importers.columns import KIND_LABELS
from tui.core.importers.prepared import Prepared
from tui.core.importers.stored_strings import strings_at
from tui.core.memo import Memo
from tui.core.model import MODEL_WHITESPACE, derive_countries
from tui.core.store import EventStore

_ACTORS = tuple[tuple[str, str | None], ...]


def padded(labels: Sequence[str]) -> list[str]:
    """The labels and "" after them: code -1 (none) indexes the "" at the end."""
    return [*labels, ""]


class AcledBriefEvents:
    """``brief(rows)``: the brief fields of some rows (ascending)."""

    def __init__(
        self, prepared: Prepared, store: EventStore, source_key: Callable[[int], str]
    ) -> None:
        self._arrays = prepared.arrays
        self._ids = prepared.strings("id")
        self._notes = prepared.strings("notes")
        labels = prepared.labels
        actor_ids = store.columns.actors.labels
        # A participant per (actor code, role code), as pair code actor * len(ROLES) + role.
        self._participants = [(a, role) for a in actor_ids for role in ROLES]
        self._actor_country = {
            a: (store.actors[a].country if a in store.actors else None) for a in actor_ids
        }
        # The place's country: the event's country when it is one of the file's ISO codes.
        iso3 = set(labels["iso3"])
        self._place_country = [c if c in iso3 else None for c in labels["country"]] + [None]
        # Labels by code, "" last for code -1 (none).
        named = ("sub_event_type", "event_type", "actor", "location")
        self._tables = {name: pl.Series(padded(labels[name]), dtype=pl.String) for name in named}
        self._locations = padded(labels["location"])
        self._admin1 = padded(labels["admin1"])
        # The row's citation by source code (-1: none), quoting nothing.
        sources = range(len(labels["source"]))
        self._citations = [((source_key(code), ""),) for code in sources] + [()]
        # Made once per distinct code (or combination), as rows ask for them.
        self._dates = Memo(self._date_label)
        self._places = Memo(self._place_name)
        self._countries = Memo(self._derive_countries)

    def __call__(self, rows: Rows) -> BriefBatch:
        arrays = self._arrays
        file_row = arrays["file_row"][rows]
        notes = strings_at(self._notes, file_row).cast(pl.String).fill_null("")
        summaries = notes.str.strip_chars(MODEL_WHITESPACE)
        actors = self._actors(rows)
        citations = self._citations
        return BriefBatch(
            ids=strings_at(self._ids, file_row).cast(pl.String).to_list(),
            date_labels=self._date_labels(rows),
            titles=self._titles(rows),
            kinds=[KIND_LABELS[k] for k in arrays["kind"][rows].tolist()],
            actors=actors,
            countries=self._countries_of(rows, actors),
            places=self._place_names(rows),
            summaries=summaries,
            citations=[citations[code] for code in arrays["source"][rows].tolist()],
            analyst=[None] * len(rows),  # an import's events carry no marks of their own
        )

    def _countries_of(self, rows: Rows, actors: list[_ACTORS]) -> list[tuple[str, ...]]:
        """As the model derives them: the actors' countries, then the place's, each once."""
        place_country = self._place_country
        places = [place_country[c] for c in self._arrays["event_country"][rows].tolist()]
        return list(map(self._countries.__getitem__, zip(actors, places, strict=True)))

    def _derive_countries(self, key: tuple[_ACTORS, str | None]) -> tuple[str, ...]:
        participants, place = key
        return derive_countries((self._actor_country[a] for a, _ in participants), (place,))

    def _date_labels(self, rows: Rows) -> list[str]:
        arrays = self._arrays
        # A date and whether it is approximate, as one number: key * 2 + approximate.
        coded = arrays["start_key"][rows].astype(np.int64) * 2 + arrays["approximate"][rows]
        return list(map(self._dates.__getitem__, coded.tolist()))

    @staticmethod
    def _date_label(code: int) -> str:
        return format_range(PartialDate.from_key(code >> 1), None, bool(code & 1))

    def _titles(self, rows: Rows) -> pl.Series:
        """As the store's title(row): "kind: actor 1 – actor 2, location", trimmed."""
        arrays = self._arrays
        tables = self._tables

        def label(name: str, column: str) -> pl.Expr:
            table = tables[name]
            codes = arrays[column][rows]
            return pl.lit(table.gather(np.where(codes >= 0, codes, len(table) - 1)))

        sub, kind = label("sub_event_type", "sub_event_type"), label("event_type", "event_type")
        first, second = label("actor", "actor1"), label("actor", "actor2")
        place = label("location", "location")
        who = pl.when(second != "").then(pl.concat_str(first, pl.lit(" – "), second))
        text = pl.concat_str(pl.when(sub != "").then(sub).otherwise(kind), pl.lit(": "))
        text = pl.concat_str(text, who.otherwise(first))
        title = pl.when(place != "").then(pl.concat_str(text, pl.lit(", "), place))
        return pl.select(title.otherwise(text).str.strip_chars(MODEL_WHITESPACE)).to_series()

    def _place_names(self, rows: Rows) -> list[tuple[str, ...]]:
        """The row's place name ("location, admin1", trimmed) when it has one."""
        arrays = self._arrays
        # Location and admin1 as one number (each code + 1: -1 is none).
        width = len(self._admin1) + 1
        location, admin = arrays["location"][rows], arrays["admin1"][rows]
        codes = (location.astype(np.int64) + 1) * width + admin + 1
        return list(map(self._places.__getitem__, codes.tolist()))

    def _place_name(self, code: int) -> tuple[str, ...]:
        location, admin = divmod(code, len(self._admin1) + 1)
        name = self._place_text(location - 1, admin - 1).strip(MODEL_WHITESPACE)
        return (name,) if name else ()

    def _place_text(self, location: int, admin: int) -> str:
        """The place's name as the store makes it, "location, admin1" (codes; -1: none)."""
        return ", ".join(p for p in (self._locations[location], self._admin1[admin]) if p)

    def _actors(self, rows: Rows) -> list[_ACTORS]:
        arrays = self._arrays
        offsets = arrays["actor_offsets"]
        starts = offsets[rows]
        lengths = offsets[rows + 1] - starts
        # Each entry of the rows' actors, in order: its position in the flat arrays.
        shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions = shift + np.arange(int(lengths.sum()), dtype=np.int64)
        pairs = arrays["actor_values"][positions].astype(np.int64) * len(ROLES) + arrays[
            "actor_roles"
        ][positions].astype(np.int64)
        participants = self._participants
        flat = [participants[p] for p in pairs.tolist()]
        bounds = np.concatenate([[0], np.cumsum(lengths)]).tolist()
        return [tuple(flat[a:b]) for a, b in pairwise(bounds)]
