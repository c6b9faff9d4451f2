"""ACLED CSV exports: the current 31-column layout and the pre-2023 one, straight to columns.

Decisions (ACLED codebook terms):

- ``time_precision`` 1 (the source gives the day) → a day-precise date; 2 (the source gives
  only a week or a few days; ACLED records a day in that span) → the same day, marked
  approximate; 3 (the source gives only a month or longer; ACLED records a day in it) → the
  month, marked approximate, because the real span may be longer than that month.
- ``iso`` is the numeric ISO 3166 code; where it is missing or unknown the country name is
  resolved instead. Kosovo and other places without an ISO alpha-3 code keep only the name.
- Actors: actor1, assoc_actor_1, actor2 and assoc_actor_2 (the associated ones are "; "
  separated). The id is derived from the name, so one actor links all its events. State forces
  (inter code 1 / "State forces") whose name says which state ("Military Forces of Sudan
  (2019-)") are state actors of that country; other names ending in "(Country)" get that
  country; everything else is a group.
- Kind from event_type/sub_event_type: battles and explosions/remote violence are military
  action, violence against civilians is violence, protests and riots are protest, and of the
  strategic developments an agreement is an agreement and the rest other.
- disorder_type is the concern; notes are the summary; source is a source; the location and
  admin1 name the place.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import pycountry

from tui.countries import CountryResolver
from tui.dates import PartialDate
from tui.importers.common import (
    BadRows,
    FrameText,
    IpcColumn,
    LazySources,
    LineFinder,
    Prepared,
    Progress,
    Slice,
    StringColumn,
    csv_slices,
    ragged_from_matrix,
    report_progress,
    slug,
    unique_ids,
)
from tui.model import (
    Actor,
    ActorKind,
    Citation,
    Concern,
    Event,
    EventKind,
    Participant,
    Place,
)
from tui.problems import LoadError, Problem
from tui.store import (
    CodedColumn,
    EventColumns,
    EventStore,
    LazyColumn,
    RaggedColumn,
    inverted_index,
)

FORMAT = "acled"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "country")
OPTIONAL = (
    "time_precision",
    "disorder_type",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "iso",
    "admin1",
    "location",
    "source",
    "notes",
    "fatalities",
)
CODED = (
    "event_type",
    "sub_event_type",
    "disorder_type",
    "actor1",
    "actor2",
    "inter1",
    "country",
    "admin1",
    "location",
    "source",
)
# Parsed straight into polars categories (the rest are strings, dates or numbers).
CATEGORICAL = (*CODED, "inter2", "iso")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
_BAD_SCHEMA = {"record": pl.Int64, "problem": pl.String}

KINDS: dict[str, EventKind] = {
    "Battles": EventKind.MILITARY_ACTION,
    "Explosions/Remote violence": EventKind.MILITARY_ACTION,
    "Violence against civilians": EventKind.VIOLENCE,
    "Protests": EventKind.PROTEST,
    "Riots": EventKind.PROTEST,
    "Strategic developments": EventKind.OTHER,
}
KIND_LABELS = [kind.value for kind in EventKind]
# Pre-2023 files give inter codes as numbers; the current layout spells them out.
INTER_NAMES = {
    "1": "State forces",
    "2": "Rebel group",
    "3": "Political militia",
    "4": "Identity militia",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}
ROLES = ("actor 1", "associated with actor 1", "actor 2", "associated with actor 2")


def looks_like(header: Sequence[str]) -> bool:
    names = set(header)
    return "event_id_cnty" in names and "event_date" in names and "sub_event_type" in names


def read_header(path: Path) -> list[str]:
    with path.open("rb") as stream:
        first = stream.readline().decode("utf-8-sig", errors="replace")
    return next(csv.reader([first]), [])


@cache
def _numeric_to_alpha3() -> dict[str, str]:
    return {str(int(c.numeric)): str(c.alpha_3) for c in pycountry.countries}


def prepare(path: Path, *, skip_bad: bool = False, progress: Progress | None = None) -> Prepared:
    header = read_header(path)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise LoadError([Problem(path, f"not an ACLED file: no column {', '.join(missing)}", 1)])
    doubled = [name for name, count in Counter(header).items() if name and count > 1]
    if doubled:  # which of the two columns is meant cannot be known
        names = ", ".join(f'"{name}"' for name in doubled)
        which = "column" if len(doubled) == 1 else "columns"
        raise LoadError([Problem(path, f"{which} {names} named more than once in the header", 1)])
    wanted = [name for name in (*REQUIRED, *OPTIONAL) if name in header]
    schema: dict[str, Any] = {}
    for index, name in enumerate(header):
        # Blank header names still need distinct keys to read the row.
        key = name or f"_extra{index}"
        # Label columns are parsed straight into polars' (global) categories: one small code
        # per row from the start, never a string per row.
        schema[key] = pl.Categorical if key in CATEGORICAL else pl.String
    # Polars pads a short row with nulls and cuts a long one silently, so ragged rows show
    # only as a missing last field or a field past the header's last (read for that alone).
    last, beyond = list(schema)[-1], f"_extra{len(header)}"
    schema[beyond] = pl.String
    checks = [name for name in (last, beyond) if name not in wanted]
    # Polars frees its global categories (and reuses their ids) once no categorical column
    # is alive; this one keeps the ids of every slice meaning the same labels until encoded.
    pin = pl.Series("pin", [], dtype=pl.Categorical)
    bad = BadRows(path)
    lines = LineFinder(path, first_line=2)
    size = path.stat().st_size
    parts: list[_Part] = []
    rows = records = 0

    def parse(data: bytes) -> pl.DataFrame | pl.exceptions.PolarsError:
        try:
            return (
                pl.scan_csv(
                    data,
                    has_header=False,
                    schema=schema,
                    truncate_ragged_lines=True,
                    missing_columns="insert",
                    encoding="utf8-lossy",
                )
                .select(*wanted, *checks)
                .collect()
            )
        except pl.exceptions.PolarsError as error:
            return error

    for piece, raw in _parsed_ahead(csv_slices(path, skip_lines=1), parse):
        if isinstance(raw, pl.exceptions.PolarsError):
            lines.add(piece.start, piece.end, records, 1)
            raise LoadError([_unreadable(path, piece, raw, lines, records)]) from None
        lines.add(piece.start, piece.end, records, len(raw))
        ragged = None
        if raw[last].null_count() or raw[beyond].null_count() < len(raw):  # O(1): no scan
            suspect = raw[last].is_null() | raw[beyond].is_not_null()
            ragged = _ragged(piece.data, suspect, len(header), records)
        part, wrong = _clean(raw.drop(checks), records)
        if ragged is not None:  # reported as ragged only, whatever else is wrong with them
            is_ragged = pl.col("record").is_in(ragged["record"].implode())
            part = part.filter(~is_ragged)
            if wrong is not None:
                wrong = wrong.filter(~is_ragged)
            wrong = pl.concat([ragged, wrong]).sort("record") if wrong is not None else ragged
        records += len(raw)
        if wrong is not None:
            bad.add_records(wrong, lines.line)
        parts.append(_Part.of(part))
        rows += len(part)
        del raw, part, wrong
        report_progress(progress, rows, piece.end, size)
    whole = _Part.join(parts)  # empties parts as it goes: one copy of each column at a time
    # Distinct hashes mean distinct ids (the common case, and cheap); otherwise look closer.
    hashes = whole.ids.hash()
    distinct = (
        pl.repeat(True, len(whole.ids), eager=True)
        if hashes.n_unique() == len(hashes)
        else whole.ids.is_first_distinct()
    )
    if not distinct.all():
        repeated = ~distinct.to_numpy()
        ids = whole.ids.rechunk().filter(pl.Series(repeated))  # rare: a copy is fine
        duplicated = pl.DataFrame(
            {"record": whole.record[repeated], "problem": "duplicate event id " + ids}
        )
        bad.add_records(duplicated, lines.line)
        whole = whole.keep(~repeated)
    bad.raise_unless(skip_bad)
    prepared = _encode(path, whole, bad)
    del pin  # the labels are all strings in prepared.labels now
    return prepared


def _ragged(data: bytes, suspect: pl.Series, width: int, first_record: int) -> pl.DataFrame | None:
    """The suspect rows of a slice whose field count is not the header's, as record numbers
    with a message. Python's csv reads the slice again: slow, but only a suspect slice."""
    suspects = set(np.flatnonzero(suspect.to_numpy()).tolist())
    final = max(suspects, default=-1)
    records: list[int] = []
    problems: list[str] = []
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""))
    for index, fields in enumerate(reader):
        if index > final:
            break
        # A blank line is one record of nulls to polars: it is reported as missing its id.
        if index in suspects and fields and len(fields) != width:
            noun = "field" if len(fields) == 1 else "fields"
            records.append(first_record + index)
            problems.append(f"{len(fields)} {noun}, the header has {width}")
    if not records:
        return None
    return pl.DataFrame({"record": records, "problem": problems}, schema=_BAD_SCHEMA)


def _unreadable(
    path: Path, piece: Slice, error: pl.exceptions.PolarsError, lines: LineFinder, record: int
) -> Problem:
    """What is wrong with a slice polars could not parse, said without polars' terms."""
    try:
        piece.data.decode("utf-8")
    except UnicodeDecodeError as wrong:  # e.g. "could not parse `Jap�n` as dtype `cat`"
        line = lines.line_at(piece.start + wrong.start)
        byte = piece.data[wrong.start]
        return Problem(path, f"not UTF-8: byte 0x{byte:02x} at line {line}", line)
    first = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
    return Problem(path, f"cannot read CSV: {first}", lines.line(record))


def _parsed_ahead(
    pieces: Iterator[Slice], parse: Callable[[bytes], pl.DataFrame | pl.exceptions.PolarsError]
) -> Iterator[tuple[Slice, pl.DataFrame | pl.exceptions.PolarsError]]:
    """Each slice with its parse, the next slice being parsed (in a thread) while the caller
    works on this one: polars leaves cores idle between its own parallel steps."""
    with ThreadPoolExecutor(1, thread_name_prefix="csv-parse") as pool:
        pending: tuple[Slice, Future[pl.DataFrame | pl.exceptions.PolarsError]] | None = None
        for piece in pieces:
            future = pool.submit(parse, piece.data)
            if pending is not None:
                yield pending[0], pending[1].result()
            pending = (piece, future)
        if pending is not None:
            yield pending[0], pending[1].result()


@dataclass
class _Part:
    """Good rows of one slice (or all of them), in file order, as compact columns."""

    ids: pl.Series
    notes: pl.Series
    record: npt.NDArray[np.int64]
    columns: dict[str, npt.NDArray[Any]]  # one value per row
    assoc: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]]  # lengths, flat values

    @classmethod
    def of(cls, frame: pl.DataFrame) -> _Part:
        columns = {
            name: frame[name].to_numpy()
            for name in ("start_key", "approximate", "fatalities", *CATEGORICAL)
        }
        assoc = []
        for name in ("assoc_actor_1", "assoc_actor_2"):
            lists = frame[name]
            lengths = lists.list.len().fill_null(0).to_numpy().astype(np.int64)
            flat = lists.explode().drop_nulls().to_numpy().astype(np.int32)
            assoc.append((lengths, flat))
        return cls(frame["id"], frame["notes"], frame["record"].to_numpy(), columns, assoc)

    @classmethod
    def join(cls, parts: list[_Part]) -> _Part:
        if not parts:
            empty = pl.DataFrame(
                schema={
                    "id": pl.String,
                    "notes": pl.String,
                    "record": pl.Int64,
                    "start_key": pl.Int32,
                    "approximate": pl.Boolean,
                    "fatalities": pl.Int32,
                    **{name: pl.Int32 for name in CATEGORICAL},
                    "assoc_actor_1": pl.List(pl.Int32),
                    "assoc_actor_2": pl.List(pl.Int32),
                }
            )
            return cls.of(empty)
        names = list(parts[0].columns)
        ids = pl.concat([p.ids for p in parts], rechunk=False)
        notes = pl.concat([p.notes for p in parts], rechunk=False)
        record = np.concatenate([p.record for p in parts])
        columns = {name: np.concatenate([p.columns.pop(name) for p in parts]) for name in names}
        assoc = [
            (
                np.concatenate([p.assoc[i][0] for p in parts]),
                np.concatenate([p.assoc[i][1] for p in parts]),
            )
            for i in range(2)
        ]
        parts.clear()
        return cls(ids, notes, record, columns, assoc)

    def keep(self, mask: npt.NDArray[np.bool_]) -> _Part:
        return _Part(
            self.ids.rechunk().filter(pl.Series(mask)),
            self.notes.rechunk().filter(pl.Series(mask)),
            self.record[mask],
            {name: values[mask] for name, values in self.columns.items()},
            [(lengths[mask], flat[np.repeat(mask, lengths)]) for lengths, flat in self.assoc],
        )


def _clean(raw: pl.DataFrame, first_record: int) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The good rows with dates as sort keys and labels as category ids, and the bad rows
    (if any) as record numbers with a message saying what is wrong."""
    for name in OPTIONAL:
        if name not in raw.columns:
            dtype = pl.Categorical if name in CATEGORICAL else pl.String
            raw = raw.with_columns(pl.lit(None, dtype=dtype).alias(name))
    text_date = raw["event_date"]
    date = text_date.str.to_date("%Y-%m-%d", strict=False)
    if date.null_count() > text_date.null_count():  # some rows say "19 June 2024"
        date = date.fill_null(text_date.str.strip_chars().str.to_date("%d %B %Y", strict=False))
    precision = pl.col("time_precision").fill_null("1")
    key = (
        pl.col("date").dt.year().cast(pl.Int32) * 10000
        + pl.col("date").dt.month().cast(pl.Int32) * 100
    )
    start_key = pl.when(precision == "3").then(key).otherwise(key + pl.col("date").dt.day())
    event_id = pl.col("event_id_cnty")
    problem = (
        pl.when(event_id.is_null())
        .then(pl.lit("missing event_id_cnty"))
        .when(~event_id.str.contains(_ID.pattern))
        .then(pl.format("event_id_cnty {} is not a usable id", event_id))
        .when(pl.col("event_date").is_null())
        .then(pl.lit("missing event_date"))
        .when(pl.col("date").is_null())
        .then(pl.format("event_date {} is not a date (2024-06-19 or 19 June 2024)", "event_date"))
        .when(~precision.is_in(["1", "2", "3"]))
        .then(pl.format("time_precision {} is not 1, 2 or 3", precision))
        .when(pl.col("event_type").is_null())
        .then(pl.lit("missing event_type"))
        .when(pl.col("actor1").is_null())
        .then(pl.lit("missing actor1"))
    )
    coded = {name: pl.col(name).to_physical().cast(pl.Int32).fill_null(-1) for name in CATEGORICAL}
    assoc = {
        name: pl.col(name)
        .str.split(";")
        .list.eval(
            pl.element()
            .str.strip_chars()
            .replace("", None)
            .drop_nulls()
            .cast(pl.Categorical)
            .to_physical()
            .cast(pl.Int32)
        )
        for name in ("assoc_actor_1", "assoc_actor_2")
    }
    usable = (
        event_id.str.contains(_ID.pattern)  # null when missing
        & pl.col("date").is_not_null()
        & precision.is_in(["1", "2", "3"])
        & pl.col("event_type").is_not_null()
        & pl.col("actor1").is_not_null()
    ).fill_null(False)
    record = pl.int_range(first_record, first_record + len(raw), dtype=pl.Int64)
    frame = raw.with_columns(date=date)
    # One query for every output column, so polars computes them side by side.
    good = frame.select(
        record=record,
        usable=usable,
        id=event_id,
        start_key=start_key.cast(pl.Int32).fill_null(0),
        approximate=precision != "1",
        notes=pl.col("notes").fill_null(""),
        fatalities=pl.col("fatalities").cast(pl.Int32, strict=False).fill_null(-1),
        **coded,
        **assoc,
    )
    bad = None
    if not good["usable"].all():  # say what is wrong only with the rows that are wrong
        wrong = good["usable"].not_()
        bad = frame.filter(wrong).select(record=good["record"].filter(wrong), problem=problem)
        good = good.filter(good["usable"])
    good = good.drop("usable")
    return good, bad


def _label_tables(
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


def _encode(path: Path, part: _Part, bad: BadRows) -> Prepared:
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
        (codes,), table = _label_tables(columns.pop(name))
        coded[name] = codes[order]
        labels[name] = table
        del codes
    # One table of actor names for both positions and the associated actors.
    (len1, flat1), (len2, flat2) = part.assoc
    part.assoc = []
    (actor1, actor2, flat1, flat2), actor_names = _label_tables(
        columns.pop("actor1"), columns.pop("actor2"), flat1, flat2
    )
    labels["actor"] = actor_names
    # The event's country: the numeric iso code, or the country name where that fails.
    by_number = _numeric_to_alpha3()
    resolver = CountryResolver()
    (iso_codes,), iso_table = _label_tables(columns.pop("iso"))
    (country_codes,), country_table = _label_tables(columns.pop("country"))
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
    (inter1, inter2), inter_table = _label_tables(columns.pop("inter1"), columns.pop("inter2"))
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
        kind, country = _actor_country(name, inter, resolver)
        kinds.append(kind.value)
        actor_country.append(country or "")
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
    matrix = np.stack([event_country, of_actor[actor1], of_actor[actor2]], axis=1)
    matrix[:, 1][matrix[:, 1] == matrix[:, 0]] = -1
    matrix[:, 2][(matrix[:, 2] == matrix[:, 0]) | (matrix[:, 2] == matrix[:, 1])] = -1
    countries = ragged_from_matrix(matrix, country_labels)
    del matrix
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


# -- building the store -----------------------------------------------------------------------


def _actor_country(
    name: str, inter: str, resolver: CountryResolver
) -> tuple[ActorKind, str | None]:
    match = re.search(r"\bof (.+?)(?: \(|$)", name)
    if inter == "State forces" and match:
        found = resolver.resolve(match.group(1))
        if found is not None:
            return ActorKind.STATE, found.code
    tail = re.search(r"\(([^()]+)\)\s*$", name)
    found = resolver.resolve(tail.group(1)) if tail else None
    kind = ActorKind.ORGANISATION if inter == "External/Other forces" else ActorKind.GROUP
    return kind, found.code if found is not None else None


def build(prepared: Prepared) -> EventStore:
    """The store over the prepared arrays: nothing here is per row (or per value) in Python."""
    labels, arrays = prepared.labels, prepared.arrays
    start_keys = arrays["start_key"]
    rows = len(start_keys)
    actor_names = labels["actor"]
    actor_ids = unique_ids("acled", actor_names)
    actors = {
        actor_id: Actor(id=actor_id, name=name, kind=ActorKind(kind), country=country or None)
        for actor_id, name, kind, country in zip(
            actor_ids, actor_names, labels["actor_kind"], labels["actor_country"], strict=True
        )
    }
    actor_column = RaggedColumn(arrays["actor_offsets"], arrays["actor_values"], actor_ids)
    actor_offsets, actor_roles = arrays["actor_offsets"], arrays["actor_roles"]
    country_labels = labels["country"]
    event_countries = set(labels["iso3"])
    countries = RaggedColumn(
        arrays["country_offsets"],
        arrays["country_values"],
        country_labels,
        index=(arrays["country_starts"], arrays["country_rows"]),
    )
    concern_labels = labels["disorder_type"]
    concern_ids = unique_ids("acled", concern_labels)
    concerns = {
        cid: Concern(id=cid, label=label, description="ACLED disorder type")
        for cid, label in zip(concern_ids, concern_labels, strict=True)
        if label
    }
    concern_column = RaggedColumn(arrays["concern_offsets"], arrays["concern_values"], concern_ids)

    actor1, actor2 = arrays["actor1"], arrays["actor2"]
    event_type, sub_type = arrays["event_type"], arrays["sub_event_type"]
    kind_codes = arrays["kind"]
    location, admin1, source = arrays["location"], arrays["admin1"], arrays["source"]
    event_country = arrays["event_country"]
    file_row = arrays["file_row"]
    ids = prepared.strings("id")  # in file order, like notes: row r is file row file_row[r]
    notes = prepared.strings("notes")
    if isinstance(notes, IpcColumn):
        notes.preload()  # read for text search while the user looks at the first screen
    fatalities = arrays["fatalities"]
    approximate = arrays["approximate"]
    sources = LazySources("acled-source:", labels["source"])
    type_labels, sub_labels = labels["event_type"], labels["sub_event_type"]
    location_labels, admin_labels = labels["location"], labels["admin1"]

    def label(table: Sequence[str], code: int) -> str:
        return table[code] if code >= 0 else ""

    def title(row: int) -> str:
        parts = [actor_names[actor1[row]]]
        if actor2[row] >= 0:
            parts.append(actor_names[actor2[row]])
        kind = label(sub_labels, sub_type[row]) or label(type_labels, event_type[row])
        text = f"{kind}: {' – '.join(parts)}"
        place = label(location_labels, location[row])
        return f"{text}, {place}" if place else text

    def event(row: int) -> Event:
        key = int(start_keys[row])
        roles = actor_roles[actor_offsets[row] : actor_offsets[row + 1]]
        participants = [
            Participant(actor=actor_id, role=ROLES[int(role)])
            for actor_id, role in zip(actor_column[row], roles, strict=True)
        ]
        place_name = ", ".join(
            p
            for p in (label(location_labels, location[row]), label(admin_labels, admin1[row]))
            if p
        )
        code = country_labels[event_country[row]] if event_country[row] >= 0 else None
        place_country = code if code in event_countries else None
        places = (
            [Place(country=place_country, name=place_name or None)]
            if (place_country or place_name)
            else []
        )
        dead = int(fatalities[row])
        tags = [label(type_labels, event_type[row]), label(sub_labels, sub_type[row])]
        if dead >= 0:
            tags.append(f"{dead} fatalities")
        citations = [Citation(source=sources.key(int(source[row])))] if source[row] >= 0 else []
        in_file = int(file_row[row])
        return Event(
            id=str(ids[in_file]),
            title=title(row),
            summary=str(notes[in_file] or ""),
            start=PartialDate.from_key(key),
            approximate=bool(approximate[row]),
            kind=EventKind(KIND_LABELS[kind_codes[row]]),
            actors=participants,
            concerns=list(concern_column[row]),
            places=places,
            citations=citations,
            tags=[t for t in tags if t],
        )

    text = FrameText(
        rows,
        [notes],
        file_row,
        [
            (actor_column, None, actor_names),
            (None, location, location_labels),
            (None, admin1, admin_labels),
            (None, sub_type, sub_labels),
            (None, event_type, type_labels),
        ],
    )
    columns = EventColumns(
        ids=StringColumn(ids, file_row),
        titles=LazyColumn(rows, title),
        kinds=CodedColumn(kind_codes, KIND_LABELS),
        start_keys=start_keys,
        end_keys=np.zeros(rows, dtype=np.int32),
        approximate=approximate,
        countries=countries,
        actors=actor_column,
        concerns=concern_column,
        text_index=text,
    )
    return EventStore(
        name=prepared.name,
        columns=columns,
        events=LazyColumn(rows, event),
        actors=actors,
        concerns=concerns,
        sources=sources,
    )


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


__all__ = ["FORMAT", "build", "looks_like", "prepare", "read_header", "slug"]
