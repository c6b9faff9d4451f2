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
from collections.abc import Sequence
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
    Chunk,
    FrameText,
    LazySources,
    Prepared,
    Progress,
    StringColumn,
    codes_of,
    csv_chunks,
    encode,
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
from tui.store import CodedColumn, EventColumns, EventStore, LazyColumn, RaggedColumn

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
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
_MONTHS = "January February March April May June July August September October November December"

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
    wanted = [name for name in (*REQUIRED, *OPTIONAL) if name in header]
    schema: dict[str, Any] = {}
    for index, name in enumerate(header):
        # Duplicate or blank header names still need distinct keys to read the row.
        key = name if name and name not in schema else f"_extra{index}"
        schema[key] = pl.String
    bad = BadRows(path)
    size = path.stat().st_size
    parts: list[pl.DataFrame] = []
    rows = 0
    for chunk in csv_chunks(path, skip_lines=1):
        try:
            raw = (
                pl.scan_csv(
                    chunk.data,
                    has_header=False,
                    schema=schema,
                    truncate_ragged_lines=True,
                    encoding="utf8-lossy",
                )
                .select(wanted)
                .collect()
            )
        except pl.exceptions.PolarsError as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
            raise LoadError(
                [Problem(path, f"cannot read CSV: {first}", chunk.first_line)]
            ) from None
        lines = _record_lines(chunk, len(raw))
        part = _clean(raw.with_columns(line=pl.Series(lines, dtype=pl.Int64)))
        wrong = part.filter(pl.col("problem").is_not_null())
        if len(wrong):
            bad.add_frame(wrong)
            part = part.filter(pl.col("problem").is_null())
        parts.append(part.drop("problem"))
        rows += len(part)
        report_progress(progress, rows, chunk.done_bytes, size)
    frame = (
        pl.concat(parts)
        if parts
        else _clean(
            pl.DataFrame(schema={n: pl.String for n in wanted}).with_columns(
                line=pl.lit(0, pl.Int64)
            )
        ).drop("problem")
    )
    duplicated = frame.filter(~pl.col("id").is_first_distinct())
    if len(duplicated):
        bad.add_frame(duplicated.select("line", problem=pl.format("duplicate event id {}", "id")))
        frame = frame.filter(pl.col("id").is_first_distinct())
    bad.raise_unless(skip_bad)
    return _encode(path, frame, bad)


def _record_lines(chunk: Chunk, count: int) -> pl.Series | list[int]:
    """The file line each record starts on; fields may span lines, so count records properly."""
    first_line = chunk.first_line
    if chunk.lines == count or (chunk.lines == count - 1 and not chunk.data.endswith(b"\n")):
        return pl.int_range(first_line, first_line + count, dtype=pl.Int64, eager=True)
    text = chunk.data.decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[int] = []
    start = first_line
    for _ in reader:
        lines.append(start)
        start = first_line + reader.line_num
    lines.extend(range(start, start + count - len(lines)))
    return lines[:count]


def _clean(raw: pl.DataFrame) -> pl.DataFrame:
    """Dates to sort keys, names to categories, and a problem message for each bad row."""
    for name in OPTIONAL:
        if name not in raw.columns:
            raw = raw.with_columns(pl.lit(None, dtype=pl.String).alias(name))
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
    coded = {name: pl.col(name).cast(pl.Categorical) for name in (*CODED, "inter2", "iso")}
    return raw.with_columns(date=date).select(
        "line",
        problem=problem,
        id=event_id,
        start_key=start_key.cast(pl.Int32),
        approximate=precision != "1",
        assoc_actor_1="assoc_actor_1",
        assoc_actor_2="assoc_actor_2",
        notes=pl.col("notes").fill_null(""),
        fatalities=pl.col("fatalities").cast(pl.Int32, strict=False),
        **coded,
    )


def _merge_tables(
    *coded: tuple[npt.NDArray[np.int32], list[str]], extra: Sequence[str] = ()
) -> tuple[list[npt.NDArray[np.int32]], list[str]]:
    """Re-code several encoded columns into one shared, sorted label table."""
    labels = sorted({*extra, *(label for _, table in coded for label in table)})
    index = {label: i for i, label in enumerate(labels)}
    recoded = []
    for codes, table in coded:
        remap = np.asarray([index[label] for label in table] + [-1], dtype=np.int32)
        recoded.append(remap[codes])  # -1 stays -1: it picks the appended last entry
    return recoded, labels


def _first_of(codes: npt.NDArray[np.int32], values: npt.NDArray[np.int32], size: int) -> Any:
    """For each code, the value on the first row holding it (-1 where none)."""
    first = np.full(size + 1, -1, dtype=np.int32)
    keep = codes >= 0
    first[codes[keep][::-1]] = values[keep][::-1]
    return first[:size]


def _encode(path: Path, frame: pl.DataFrame, bad: BadRows) -> Prepared:
    """Codes into label tables, rows put in time order; ids and notes stay in file order."""
    labels: dict[str, list[str]] = {}
    start_keys = frame["start_key"].to_numpy()
    order = np.argsort(start_keys, kind="stable")  # ties keep the file's order
    columns: dict[str, Any] = {
        "start_key": start_keys[order].astype(np.int32),
        "approximate": frame["approximate"].to_numpy()[order],
        "fatalities": frame["fatalities"].gather(pl.Series(order)),
        "file_row": order.astype(np.int64),
    }
    for name in ("event_type", "sub_event_type", "disorder_type", "admin1", "location", "source"):
        codes, table = encode(frame[name])
        columns[name] = codes[order]
        labels[name] = table
    # One table of actor names for both positions and the associated actors.
    assoc = [
        frame[name]
        .gather(pl.Series(order))
        .str.split(";")
        .list.eval(pl.element().str.strip_chars().replace("", None).drop_nulls())
        for name in ("assoc_actor_1", "assoc_actor_2")
    ]
    assoc_names = pl.concat([a.explode() for a in assoc]).drop_nulls().unique().to_list()
    (actor1, actor2), actor_names = _merge_tables(
        encode(frame["actor1"]), encode(frame["actor2"]), extra=[str(n) for n in assoc_names]
    )
    labels["actor"] = actor_names
    actor_enum = pl.Enum(actor_names)
    columns["actor1"] = actor1[order]
    columns["actor2"] = actor2[order]
    for index, lists in enumerate(assoc, start=1):
        columns[f"assoc{index}"] = lists.list.eval(pl.element().cast(actor_enum).to_physical())
    # The event's country: the numeric iso code, or the country name where that fails.
    by_number = _numeric_to_alpha3()
    resolver = CountryResolver()
    iso_codes, iso_table = encode(frame["iso"])
    country_codes, country_table = encode(frame["country"])
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
    columns["iso3"] = event_country[order].astype(np.int32)
    labels["iso3"] = alpha3
    # Each actor's inter code (the first seen), to tell state forces from groups.
    (inter1, inter2), inter_table = _merge_tables(encode(frame["inter1"]), encode(frame["inter2"]))
    first1 = _first_of(actor1, inter1, len(actor_names))
    first2 = _first_of(actor2, inter2, len(actor_names))
    inter_of = np.where(first1 >= 0, first1, first2)
    labels["actor_inter"] = [
        INTER_NAMES.get(inter_table[i], inter_table[i]) if i >= 0 else "" for i in inter_of
    ]
    sorted_part = pl.DataFrame(columns)
    file_part = frame.select("id", "notes")
    return Prepared(
        format=FORMAT,
        name=f"ACLED: {path.name}",
        frame=pl.concat([sorted_part, file_part], how="horizontal"),
        labels=labels,
        skipped=bad.count,
        problems=bad.listed,
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
    frame, labels = prepared.frame, prepared.labels
    rows = len(frame)
    resolver = CountryResolver()
    actor_names = labels["actor"]
    actor_ids = unique_ids("acled", actor_names)
    actors: dict[str, Actor] = {}
    actor_country: list[str | None] = []
    for actor_id, name, inter in zip(actor_ids, actor_names, labels["actor_inter"], strict=True):
        kind, country = _actor_country(name, inter, resolver)
        actor_country.append(country)
        actors[actor_id] = Actor(id=actor_id, name=name, kind=kind, country=country)

    actor1 = codes_of(frame["actor1"])
    actor2 = codes_of(frame["actor2"])
    assoc1 = frame["assoc1"]
    assoc2 = frame["assoc2"]
    actor_column, roles = _actor_ragged(rows, actor1, assoc1, actor2, assoc2, actor_ids)

    # Countries: the event's, then actor 1's and actor 2's where they have one.
    country_labels = labels["iso3"]
    country_code = {code: i for i, code in enumerate(country_labels)}
    extra = [c for c in dict.fromkeys(c for c in actor_country if c) if c not in country_code]
    country_labels = [*country_labels, *extra]
    country_code.update({c: len(labels["iso3"]) + i for i, c in enumerate(extra)})
    of_actor = np.asarray([country_code.get(c or "", -1) for c in actor_country] + [-1], np.int32)
    event_country = codes_of(frame["iso3"])
    matrix = np.stack([event_country, of_actor[actor1], of_actor[actor2]], axis=1)
    matrix[:, 1][matrix[:, 1] == matrix[:, 0]] = -1
    matrix[:, 2][(matrix[:, 2] == matrix[:, 0]) | (matrix[:, 2] == matrix[:, 1])] = -1
    countries = ragged_from_matrix(matrix, country_labels)

    concern_labels = labels["disorder_type"]
    concern_ids = unique_ids("acled", concern_labels)
    concerns = {
        cid: Concern(id=cid, label=label, description="ACLED disorder type")
        for cid, label in zip(concern_ids, concern_labels, strict=True)
        if label
    }
    disorder = codes_of(frame["disorder_type"])
    concern_column = ragged_from_matrix(disorder.reshape(-1, 1), concern_ids)

    event_type = codes_of(frame["event_type"])
    sub_type = codes_of(frame["sub_event_type"])
    kind_codes = _kinds(labels["event_type"], labels["sub_event_type"], event_type, sub_type)
    location = codes_of(frame["location"])
    admin1 = codes_of(frame["admin1"])
    source = codes_of(frame["source"])
    file_row = frame["file_row"].to_numpy()
    ids = frame["id"]  # in file order, like notes: row r is file row file_row[r]
    notes = frame["notes"]
    fatalities = frame["fatalities"]
    start_keys = frame["start_key"].to_numpy().astype(np.int32)
    approximate = frame["approximate"].to_numpy().astype(np.bool_)
    sources = LazySources("acled-source:", labels["source"])
    sub_labels, location_labels = labels["sub_event_type"], labels["location"]
    admin_labels = labels["admin1"]

    def label(table: Sequence[str], code: int) -> str:
        return table[code] if code >= 0 else ""

    def title(row: int) -> str:
        parts = [actor_names[actor1[row]]]
        if actor2[row] >= 0:
            parts.append(actor_names[actor2[row]])
        kind = label(sub_labels, sub_type[row]) or label(labels["event_type"], event_type[row])
        text = f"{kind}: {' – '.join(parts)}"
        place = label(location_labels, location[row])
        return f"{text}, {place}" if place else text

    def event(row: int) -> Event:
        key = int(start_keys[row])
        participants = [
            Participant(actor=actor_id, role=ROLES[role])
            for actor_id, role in zip(actor_column[row], roles(row), strict=True)
        ]
        place_name = ", ".join(
            p
            for p in (label(location_labels, location[row]), label(admin_labels, admin1[row]))
            if p
        )
        code = country_labels[event_country[row]] if event_country[row] >= 0 else None
        place_country = code if code in labels["iso3"] else None
        places = (
            [Place(country=place_country, name=place_name or None)]
            if (place_country or place_name)
            else []
        )
        dead = fatalities[row]
        tags = [label(labels["event_type"], event_type[row]), label(sub_labels, sub_type[row])]
        if dead is not None:
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
            (None, event_type, labels["event_type"]),
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


def _actor_ragged(
    rows: int,
    actor1: npt.NDArray[np.int32],
    assoc1: pl.Series,
    actor2: npt.NDArray[np.int32],
    assoc2: pl.Series,
    actor_ids: Sequence[str],
) -> tuple[RaggedColumn, Any]:
    """Every row's actors in role order (actor 1, its associates, actor 2, its associates).

    Built by placing each group at computed offsets, so no sort over millions of values.
    """
    len1 = assoc1.list.len().fill_null(0).to_numpy().astype(np.int64)
    len2 = assoc2.list.len().fill_null(0).to_numpy().astype(np.int64)
    has2 = (actor2 >= 0).astype(np.int64)
    counts = 1 + len1 + has2 + len2
    offsets = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    values = np.empty(int(offsets[-1]), dtype=np.int32)
    role = np.empty(int(offsets[-1]), dtype=np.uint8)
    starts = offsets[:-1]
    values[starts] = actor1
    role[starts] = 0
    _scatter(values, role, starts + 1, len1, assoc1, 1)
    second = np.flatnonzero(has2)
    values[starts[second] + 1 + len1[second]] = actor2[second]
    role[starts[second] + 1 + len1[second]] = 2
    _scatter(values, role, starts + 1 + len1 + has2, len2, assoc2, 3)
    column = RaggedColumn(offsets, values, actor_ids)

    def roles(row: int) -> list[int]:
        return [int(r) for r in role[offsets[row] : offsets[row + 1]]]

    return column, roles


def _scatter(
    values: npt.NDArray[np.int32],
    role: npt.NDArray[np.uint8],
    starts: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    lists: pl.Series,
    role_code: int,
) -> None:
    total = int(lengths.sum())
    if total == 0:
        return
    flat = lists.explode().drop_nulls().to_numpy().astype(np.int32)
    positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    values[positions] = flat
    role[positions] = role_code


__all__ = ["FORMAT", "build", "looks_like", "prepare", "read_header", "slug"]
