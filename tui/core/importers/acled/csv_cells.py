"""The CSV cells of an ACLED import's rows, as columns: what the CSV export writes, made with
polars and numpy a batch at a time instead of one model per row.

Each cell is the text the row-by-row path makes from the row's model (see
:class:`tui.core.exporters.csvfile.RowCells`): the model's own trimming of its strings, then
one line with controls made visible. Labels (actors, places, sources) are made once per
distinct code; only titles, notes and places are worked on per row, and those in polars.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from tui.core.columns import Rows
from tui.core.dates import PartialDate
from tui.core.exporters.csvfile import COLUMNS
from tui.core.importers.acled.layout import ROLES
from tui.core.importers.columns import KIND_LABELS
from tui.core.importers.prepared import Prepared
from tui.core.importers.stored_strings import strings_at
from tui.core.store import EventStore
from tui.core.textsafe import (
    BIDI_CONTROLS,
    C0_CONTROLS,
    C1_CONTROLS,
    LINE_SEPARATORS,
    characters,
    one_line,
    shown_as,
)

# Every control and bidi character: each shows as textsafe.visible shows it (newlines kept apart).
_CONTROLS = characters(f"{C0_CONTROLS}{C1_CONTROLS}{BIDI_CONTROLS}")
# str.split()'s whitespace: Unicode's (\s here) and the four separators \x1c-\x1f.
_WHITESPACE = r"[\s\x1c-\x1f]+"
_SEPARATOR = "; "
# What visible_lines() changes: controls but the newline (tab, CR too), bidi, line separators.
# (polars' regex subtracts a class with --)
_NEEDS_VISIBLE = f"[[{C0_CONTROLS}{C1_CONTROLS}{LINE_SEPARATORS}{BIDI_CONTROLS}]--\n]"


def _visible(text: pl.Expr, keep_newlines: bool = False) -> pl.Expr:
    kept = [c for c in _CONTROLS if not (keep_newlines and c == "\n")]
    return text.str.replace_many(kept, [shown_as(c) for c in kept])


def _one_line(text: pl.Expr) -> pl.Expr:
    return _visible(text.str.replace_all(_WHITESPACE, " ").str.strip_chars(" "))


def _visible_lines(text: pl.Expr) -> pl.Expr:
    breaks = text.str.replace_all(r"\r\n|[\r\n\u2028\u2029]", "\n")
    return _visible(breaks.str.replace_all("\t", "    ", literal=True), keep_newlines=True)


def _label(table: Sequence[str] | pl.Series, codes: npt.NDArray[Any]) -> pl.Series:
    """table[code] per row, "" where the code is -1 (a Series given is already padded)."""
    padded = table if isinstance(table, pl.Series) else pl.Series([*table, ""], dtype=pl.String)
    return padded.gather(np.where(codes >= 0, codes, len(padded) - 1))


def _clean(labels: Sequence[str]) -> bool:
    """Whether every label is one line already, so text made of them needs no one_line()."""
    return all(label and one_line(label) == label for label in labels)


class AcledCsvCells:
    """``cells(rows)``: the CSV cells of some rows (ascending), a frame with the CSV's columns."""

    def __init__(self, prepared: Prepared, store: EventStore) -> None:
        self._arrays = prepared.arrays
        self._ids = prepared.strings("id")
        self._notes = prepared.strings("notes")
        self._store = store
        actor_ids = store.columns.actors.labels
        self._actor_country = [
            (store.actors[a].country or "") if a in store.actors else "" for a in actor_ids
        ]
        self._actor_names = [store.actors[a].name if a in store.actors else a for a in actor_ids]
        # A place's country is the event's country when that is one of the ISO codes.
        iso3 = set(prepared.labels["iso3"])
        countries = prepared.labels["country"]
        self._place_countries = [c if c in iso3 else "" for c in countries]
        self._is_place_country = np.asarray([c in iso3 for c in countries] + [False])
        # Country codes as numbers: the actors' (-1: none) index the country table, extended
        # by any actor country the table lacks; each shown as one_line() shows it.
        code_of = {c: i for i, c in enumerate(countries)}
        for code in self._actor_country:
            if code:
                code_of.setdefault(code, len(code_of))
        self._actor_country_code = np.asarray(
            [code_of[c] if c else -1 for c in self._actor_country], dtype=np.int64
        )
        self._country_text = pl.Series([one_line(c) for c in code_of], dtype=pl.String)
        named = ("sub_event_type", "event_type", "actor", "location", "admin1")
        self._tables = {
            name: pl.Series([*prepared.labels[name], ""], dtype=pl.String) for name in named
        }
        # Real files' labels are clean: then titles and places are made without a regex.
        self._clean = all(_clean(prepared.labels[name]) for name in (*named, "country"))

    def __call__(self, rows: Rows) -> pl.DataFrame:
        arrays = self._arrays
        file_row = arrays["file_row"][rows]
        keys = arrays["start_key"][rows]
        distinct, where = np.unique(keys, return_inverse=True)
        dates = [PartialDate.from_key(int(k)) for k in distinct]
        frame = pl.DataFrame(
            {
                "id": strings_at(self._ids, file_row).cast(pl.String),
                "start": pl.Series([str(d) for d in dates]).gather(where),
                "precision": pl.Series([d.precision.name.lower() for d in dates]).gather(where),
                "approximate": _label(
                    ["false", "true"], arrays["approximate"][rows].astype(np.int64)
                ),
                "kind": _label(KIND_LABELS, arrays["kind"][rows].astype(np.int64)),
                "sub": _label(self._tables["sub_event_type"], arrays["sub_event_type"][rows]),
                "type": _label(self._tables["event_type"], arrays["event_type"][rows]),
                "actor1": _label(self._tables["actor"], arrays["actor1"][rows]),
                "actor2": _label(self._tables["actor"], arrays["actor2"][rows]),
                "location": _label(self._tables["location"], arrays["location"][rows]),
                "admin1": _label(self._tables["admin1"], arrays["admin1"][rows]),
                "notes": strings_at(self._notes, file_row).cast(pl.String),
                "countries": self._countries(rows),
                "actors": self._actors(rows),
                "concerns": self._concerns(rows),
                "place_country": self._place_country(rows),
                "sources": self._sources(rows),
            }
        )
        kind = pl.when(pl.col("sub") != "").then(pl.col("sub")).otherwise(pl.col("type"))
        who = (
            pl.when(pl.col("actor2") != "")
            .then(pl.concat_str(pl.col("actor1"), pl.lit(" – "), pl.col("actor2")))
            .otherwise(pl.col("actor1"))
        )
        title = pl.concat_str(kind, pl.lit(": "), who)
        title = (
            pl.when(pl.col("location") != "")
            .then(pl.concat_str(title, pl.lit(", "), pl.col("location")))
            .otherwise(title)
        )
        place_name = pl.concat_str(pl.col("location"), pl.col("admin1"), separator=", ")
        place_name = (
            pl.when((pl.col("location") != "") & (pl.col("admin1") != ""))
            .then(place_name)
            .otherwise(pl.concat_str(pl.col("location"), pl.col("admin1")))
            .str.strip_chars()  # the model trims its strings (as Rust's trim)
        )
        place = (
            pl.when((place_name != "") & (pl.col("place_country") != ""))
            .then(pl.concat_str(place_name, pl.lit(", "), pl.col("place_country")))
            .otherwise(pl.concat_str(place_name, pl.col("place_country")))
        )
        return frame.select(
            pl.col("id"),
            pl.col("start"),
            pl.lit("").alias("end"),
            pl.col("precision"),
            pl.col("approximate"),
            pl.col("kind"),
            (title if self._clean else _one_line(title)).alias("title"),
            self._summary(frame["notes"]).alias("summary"),
            pl.col("countries"),
            pl.col("actors"),
            pl.col("concerns"),
            (place if self._clean else _one_line(place)).alias("places"),
            pl.col("sources"),
            pl.lit("").alias("urls"),
        ).select(COLUMNS)

    @staticmethod
    def _summary(notes: pl.Series) -> pl.Expr:
        """The notes as the model has them (trimmed), their controls made visible only in a
        batch that holds one (most hold none, and the scan for one is the cheap part)."""
        trimmed = notes.fill_null("").str.strip_chars()
        if trimmed.str.contains(_NEEDS_VISIBLE).any():
            return _visible_lines(pl.lit(trimmed))
        return pl.lit(trimmed)

    def _positions(self, offsets: npt.NDArray[np.int64], rows: Rows) -> tuple[Any, Any]:
        """For the rows' entries of a ragged column: each one's batch row and position."""
        starts = offsets[rows]
        lengths = offsets[rows + 1] - starts
        batch_row = np.repeat(np.arange(len(rows)), lengths)
        shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        return batch_row, shift + np.arange(int(lengths.sum()), dtype=np.int64)

    def _joined(self, count: int, batch_row: Any, texts: pl.Series) -> pl.Series:
        """Per batch row, its texts joined by "; " in order ("" for none). ``batch_row`` is
        ascending: the k-th text of each row goes to column k, and the columns are joined."""
        batch_row = np.asarray(batch_row, dtype=np.int64)
        if len(batch_row) == 0:
            return pl.Series([""] * count, dtype=pl.String)
        rank = np.arange(len(batch_row)) - np.searchsorted(batch_row, batch_row, side="left")
        columns = []
        for k in range(int(rank.max()) + 1):
            at = np.flatnonzero(rank == k)
            column = pl.Series(f"c{k}", [None] * count, dtype=pl.String)
            columns.append(column.scatter(batch_row[at], texts.gather(at)))
        joined = pl.DataFrame(columns).select(
            pl.concat_str(pl.all(), separator=_SEPARATOR, ignore_nulls=True).alias("text")
        )
        return joined["text"].fill_null("")

    def _actors(self, rows: Rows) -> pl.Series:
        arrays = self._arrays
        batch_row, positions = self._positions(arrays["actor_offsets"], rows)
        pairs = arrays["actor_values"][positions].astype(np.int64) * len(ROLES) + arrays[
            "actor_roles"
        ][positions].astype(np.int64)
        distinct, where = np.unique(pairs, return_inverse=True)
        texts = [
            one_line(f"{self._actor_names[p // len(ROLES)]} ({ROLES[p % len(ROLES)]})")
            for p in distinct.tolist()
        ]
        return self._joined(len(rows), batch_row, pl.Series(texts, dtype=pl.String).gather(where))

    def _concerns(self, rows: Rows) -> pl.Series:
        column = self._store.columns.concerns
        batch_row, positions = self._positions(column.offsets, rows)
        distinct, where = np.unique(column.values[positions], return_inverse=True)
        texts = [one_line(self._store.concern_label(column.labels[int(code)])) for code in distinct]
        return self._joined(len(rows), batch_row, pl.Series(texts, dtype=pl.String).gather(where))

    def _place_country(self, rows: Rows) -> pl.Series:
        return _label(self._place_countries, self._arrays["event_country"][rows])

    def _countries(self, rows: Rows) -> pl.Series:
        """Each row's actors' countries, then its place's, each once (as the model derives)."""
        arrays = self._arrays
        batch_row, positions = self._positions(arrays["actor_offsets"], rows)
        place = arrays["event_country"][rows].astype(np.int64)
        place = np.where(self._is_place_country[np.maximum(place, 0)] & (place >= 0), place, -1)
        owner = np.concatenate([batch_row, np.arange(len(rows))])
        country = np.concatenate(
            [self._actor_country_code[arrays["actor_values"][positions]], place]
        )
        # A stable sort by row keeps each row's actors in order, and its place after them.
        order = np.argsort(owner, kind="stable")
        owner, country = owner[order], country[order]
        present = country >= 0
        owner, country = owner[present], country[present]
        # Each (row, country) once: its first place in that order.
        _, first = np.unique(owner * len(self._country_text) + country, return_index=True)
        first.sort()
        texts = self._country_text.gather(country[first])
        return self._joined(len(rows), owner[first], texts)

    def _sources(self, rows: Rows) -> pl.Series:
        codes = self._arrays["source"][rows]
        distinct, where = np.unique(codes, return_inverse=True)
        sources = self._store.sources
        texts: list[str] = []
        for code in distinct.tolist():
            if code < 0:
                texts.append("")
                continue
            key = f"acled-source:{code}"
            found = sources.get(key)
            texts.append(one_line(found.title if found is not None else key))
        return pl.Series(texts, dtype=pl.String).gather(where)
