"""Checked rows to the prepared columns: label tables, time order, actors and countries."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import pycountry

from tui.core.actor_countries import actor_country as actor_country_of
from tui.core.columns import RaggedColumn, inverted_index
from tui.core.countries import CountryResolver
from tui.core.importers.acled.layout import FORMAT
from tui.core.importers.acled.rows import Part
from tui.core.importers.columns import KIND_LABELS, ragged_from_matrix
from tui.core.importers.prepared import BadRows, Prepared
from tui.core.model import ActorKind, EventKind

KINDS: dict[str, EventKind] = {
    "Battles": EventKind.MILITARY_ACTION,
    "Explosions/Remote violence": EventKind.MILITARY_ACTION,
    "Violence against civilians": EventKind.VIOLENCE,
    "Protests": EventKind.PROTEST,
    "Riots": EventKind.PROTEST,
    "Strategic developments": EventKind.OTHER,
    # The types before 2019 (2015 Asia and 2016 Africa files); the rest of them are other.
    "Riots/Protests": EventKind.PROTEST,
    "Battles-No change of territory": EventKind.MILITARY_ACTION,
    "Battles-Government regains territory": EventKind.MILITARY_ACTION,
    "Battles-Non-state actor overtakes territory": EventKind.MILITARY_ACTION,
    "Remote violence": EventKind.MILITARY_ACTION,
}
INTER_NAMES = {  # pre-2023 files give inter codes as numbers; the current layout spells them out
    "1": "State forces",
    "2": "Rebel group",
    "3": "Political militia",
    "4": "Identity militia",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}


@cache
def _numeric_to_alpha3() -> dict[str, str]:
    return {str(int(c.numeric)): str(c.alpha_3) for c in pycountry.countries}


def label_tables(
    *physical: npt.NDArray[np.int32],
) -> tuple[list[npt.NDArray[np.int32]], list[str]]:
    """Category ids of several columns as codes into one shared, sorted table of labels.

    Missing and empty labels become -1. Works on the ids alone: only the distinct labels are
    ever turned into Python strings.
    """
    top = max((int(p.max()) for p in physical if len(p)), default=-1)
    # One slot past the largest id: a missing value (-1) indexes it, as numpy counts from
    # the end, so no shifted copy of any column is made.
    seen = np.zeros(top + 2, dtype=np.bool_)
    for ids in physical:
        seen[ids] = True
    present = np.flatnonzero(seen[: top + 1])
    names = _category_names(present)
    order = sorted((name, int(pid)) for name, pid in zip(names, present, strict=True) if name)
    remap = np.full(top + 2, -1, dtype=np.int32)
    remap[np.asarray([pid for _, pid in order], dtype=np.int64)] = np.arange(
        len(order), dtype=np.int32
    )
    return [remap[ids] for ids in physical], [name for name, _ in order]


def _category_names(ids: npt.NDArray[np.int64]) -> list[str]:
    """The labels of polars' global category ids (only these few are made Python strings)."""
    categories = pl.Categories()  # the global ones, which Categorical columns use
    return [str(categories[int(i)] or "") for i in ids]


def _first_of(codes: npt.NDArray[np.int32], values: npt.NDArray[np.int32], size: int) -> Any:
    """For each code, the value on the first row holding it (-1 where none)."""
    first = np.full(size + 1, -1, dtype=np.int32)
    keep = codes >= 0
    first[codes[keep][::-1]] = values[keep][::-1]
    return first[:size]


def _gather_ragged(
    lengths: npt.NDArray[np.int64], flat: npt.NDArray[np.int32], order: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """A ragged column (lengths, flat values) with its rows put in the given order."""
    starts = np.cumsum(lengths) - lengths
    new_lengths = lengths[order]
    total = int(new_lengths.sum())
    positions = np.repeat(starts[order] - np.cumsum(new_lengths) + new_lengths, new_lengths)
    return new_lengths, flat[positions + np.arange(total, dtype=np.int64)]


def encode(path: Path, part: Part, bad: BadRows) -> Prepared:
    """Codes into label tables, rows put in time order; ids and notes stay in file order."""
    # Each file-order column is dropped (popped) as soon as its time-order copy exists, so the
    # two are never all held at once.
    labels: dict[str, list[str]] = {}
    columns = part.columns
    part.record = np.empty(0, dtype=np.int64)
    start_keys = columns.pop("start_key")
    order = np.argsort(start_keys, kind="stable")  # ties keep the file's order
    arrays: dict[str, npt.NDArray[Any]] = {
        "start_key": start_keys[order].astype(np.int32),
        "approximate": columns.pop("approximate")[order].astype(np.bool_),
        "fatalities": columns.pop("fatalities")[order].astype(np.int32),
        "file_row": order.astype(np.int32),
    }
    del start_keys
    coded: dict[str, npt.NDArray[np.int32]] = {}
    for name in ("event_type", "sub_event_type", "disorder_type", "admin1", "location", "source"):
        (codes,), table = label_tables(columns.pop(name))
        coded[name] = codes[order]
        labels[name] = table
        del codes
    # One table of actor names for both positions and the associated actors.
    (len1, flat1), (len2, flat2) = part.assoc
    part.assoc = []
    (actor1, actor2, flat1, flat2), actor_names = label_tables(
        columns.pop("actor1"), columns.pop("actor2"), flat1, flat2
    )
    labels["actor"] = actor_names
    # The event's country: the numeric iso code, or the country name where that fails.
    by_number = _numeric_to_alpha3()
    resolver = CountryResolver()
    (iso_codes,), iso_table = label_tables(columns.pop("iso"))
    (country_codes,), country_table = label_tables(columns.pop("country"))
    from_iso = [by_number.get(str(int(t)), "") if t.isdigit() else "" for t in iso_table]
    from_name = []
    for name in country_table:
        found = resolver.resolve(name)
        from_name.append(found.code if found is not None else "")
    alpha3 = sorted({c for c in (*from_iso, *from_name) if c})
    position = {c: i for i, c in enumerate(alpha3)}
    iso_map = np.asarray([position.get(c, -1) for c in from_iso] + [-1], dtype=np.int32)
    name_map = np.asarray([position.get(c, -1) for c in from_name] + [-1], dtype=np.int32)
    event_country = np.where(iso_map[iso_codes] >= 0, iso_map[iso_codes], name_map[country_codes])
    event_country = event_country[order].astype(np.int32)
    del iso_codes, country_codes
    labels["iso3"] = alpha3
    # Each actor's inter code (the first seen), to tell state forces from groups.
    (inter1, inter2), inter_table = label_tables(columns.pop("inter1"), columns.pop("inter2"))
    first1 = _first_of(actor1, inter1, len(actor_names))
    first2 = _first_of(actor2, inter2, len(actor_names))
    del inter1, inter2
    inter_of = np.where(first1 >= 0, first1, first2)
    actor_inter = [
        INTER_NAMES.get(inter_table[i], inter_table[i]) if i >= 0 else "" for i in inter_of
    ]
    kinds: list[str] = []
    actor_country: list[str] = []
    for name, inter in zip(actor_names, actor_inter, strict=True):
        named = actor_country_of(name, resolver)  # per distinct name, not per row
        kinds.append(_actor_kind(named.is_state, inter).value)
        actor_country.append(named.country or "")
    labels["actor_kind"] = kinds
    labels["actor_country"] = actor_country
    # Every row's actors in role order, in time order.
    actor1, actor2 = actor1[order], actor2[order]
    len1, flat1 = _gather_ragged(len1, flat1, order)
    len2, flat2 = _gather_ragged(len2, flat2, order)
    arrays.update(_actor_arrays(actor1, len1, flat1, actor2, len2, flat2))
    del len1, flat1, len2, flat2, order
    # Countries: the event's, then actor 1's and actor 2's where they have one.
    country_code = {code: i for i, code in enumerate(alpha3)}
    extra = [c for c in dict.fromkeys(c for c in actor_country if c) if c not in country_code]
    country_labels = [*alpha3, *extra]
    country_code.update({c: len(alpha3) + i for i, c in enumerate(extra)})
    of_actor = np.asarray([country_code.get(c, -1) for c in actor_country] + [-1], np.int32)
    countries = _event_countries(
        event_country, arrays["actor_offsets"], of_actor[arrays["actor_values"]], country_labels
    )
    starts, country_rows = inverted_index(countries.offsets, countries.values, len(country_labels))
    labels["country"] = country_labels
    concerns = ragged_from_matrix(coded["disorder_type"].reshape(-1, 1), labels["disorder_type"])
    arrays.update(
        event_type=coded["event_type"],
        sub_event_type=coded["sub_event_type"],
        location=coded["location"],
        admin1=coded["admin1"],
        source=coded["source"],
        actor1=actor1,
        actor2=actor2,
        kind=_kinds(
            labels["event_type"],
            labels["sub_event_type"],
            coded["event_type"],
            coded["sub_event_type"],
        ),
        event_country=event_country,
        country_offsets=countries.offsets,
        country_values=countries.values,
        country_starts=starts,
        country_rows=country_rows,
        concern_offsets=concerns.offsets,
        concern_values=concerns.values,
    )
    return Prepared(
        format=FORMAT,
        name=f"ACLED: {path.name}",
        frame=pl.DataFrame([part.ids.alias("id"), part.notes.alias("notes")]),
        labels=labels,
        skipped=bad.count,
        problems=bad.listed,
        arrays=arrays,
    )


def _actor_kind(is_state: bool, inter: str) -> ActorKind:
    if is_state:
        return ActorKind.STATE
    return ActorKind.ORGANISATION if inter == "External/Other forces" else ActorKind.GROUP


def _event_countries(
    event_country: npt.NDArray[np.int32],
    actor_offsets: npt.NDArray[np.int64],
    actor_countries: npt.NDArray[np.int32],
    labels: list[str],
) -> RaggedColumn:
    """Each row's countries: the event's, then every other one its actors' names give (each
    once, in actor order). Rows whose actors are all of the event's country (most) cost one
    comparison each."""
    rows = len(event_country)
    lengths = np.diff(actor_offsets)
    row_of = np.repeat(np.arange(rows, dtype=np.int64), lengths)
    other = (actor_countries >= 0) & (actor_countries != event_country[row_of])
    has_event = (event_country >= 0).astype(np.int64)
    if not other.any():
        return ragged_from_matrix(event_country.reshape(-1, 1), labels)
    extra_rows, extra_codes = row_of[other], actor_countries[other].astype(np.int64)
    # Each (row, country) once, in order of first appearance (rows stay in order).
    _, first = np.unique(extra_rows * (len(labels) + 1) + extra_codes, return_index=True)
    first.sort()
    extra_rows, extra_codes = extra_rows[first], extra_codes[first]
    per_row = np.bincount(extra_rows, minlength=rows)
    offsets = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(has_event + per_row, out=offsets[1:])
    values = np.empty(int(offsets[-1]), dtype=np.int32)
    with_event = np.flatnonzero(has_event)
    values[offsets[with_event]] = event_country[with_event]
    row_starts = np.cumsum(per_row) - per_row
    rank = np.arange(len(extra_rows)) - row_starts[extra_rows]
    values[offsets[extra_rows] + has_event[extra_rows] + rank] = extra_codes
    return RaggedColumn(offsets, values, labels)


def _kinds(
    type_labels: Sequence[str],
    sub_labels: Sequence[str],
    event_type: npt.NDArray[np.int32],
    sub_type: npt.NDArray[np.int32],
) -> npt.NDArray[np.uint8]:
    index = {kind: KIND_LABELS.index(kind.value) for kind in EventKind}
    by_type = np.asarray(
        [index[KINDS.get(label, EventKind.OTHER)] for label in type_labels]
        + [index[EventKind.OTHER]],
        dtype=np.uint8,
    )
    kinds = by_type[event_type]
    if "Agreement" in sub_labels:
        kinds[sub_type == sub_labels.index("Agreement")] = index[EventKind.AGREEMENT]
    return kinds


def _actor_arrays(
    actor1: npt.NDArray[np.int32],
    len1: npt.NDArray[np.int64],
    flat1: npt.NDArray[np.int32],
    actor2: npt.NDArray[np.int32],
    len2: npt.NDArray[np.int64],
    flat2: npt.NDArray[np.int32],
) -> dict[str, npt.NDArray[Any]]:
    """Every row's actors in role order (actor 1, its associates, actor 2, its associates).

    Built by placing each group at computed offsets, so no sort over millions of values.
    """
    rows = len(actor1)
    has2 = (actor2 >= 0).astype(np.int64)
    offsets = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(1 + len1 + has2 + len2, out=offsets[1:])
    values = np.empty(int(offsets[-1]), dtype=np.int32)
    role = np.empty(int(offsets[-1]), dtype=np.uint8)
    starts = offsets[:-1]
    values[starts] = actor1
    role[starts] = 0
    _scatter(values, role, starts + 1, len1, flat1, 1)
    second = np.flatnonzero(has2)
    values[starts[second] + 1 + len1[second]] = actor2[second]
    role[starts[second] + 1 + len1[second]] = 2
    _scatter(values, role, starts + 1 + len1 + has2, len2, flat2, 3)
    return {"actor_offsets": offsets, "actor_values": values, "actor_roles": role}


def _scatter(
    values: npt.NDArray[np.int32],
    role: npt.NDArray[np.uint8],
    starts: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    flat: npt.NDArray[np.int32],
    role_code: int,
) -> None:
    total = int(lengths.sum())
    if total == 0:
        return
    positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    values[positions] = flat
    role[positions] = role_code
