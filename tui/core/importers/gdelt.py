"""GDELT event files: 2.0 exports (61 tab-separated columns, plain or ``.export.CSV.zip``) and
1.0 daily files (57 columns, or 58 with SOURCEURL, mixed in one file), no header.

- SQLDATE (YYYYMMDD) is the date, to the day.
- Actor1/Actor2: a name, a CAMEO country code and an actor code (tui.core.importers.gdelt_cameo
  says how they become one actor with a name to show and a country).
- EventCode with its CAMEO description is the kind label in the title; the root code maps to
  our EventKind; QuadClass is the concern.
- ActionGeo_FullName is the place; its country comes from ActionGeo_CountryCode, a FIPS 10-4
  code (tui.core.importers.gdelt_geo), never from the name.
- An event involves the countries of its actors and of its place.
- SOURCEURL is the source: its site names it, its address is its URL.

Reading (zips, blank lines, limits) is tui.core.importers.gdelt_reading; layouts are
tui.core.importers.gdelt_layouts; one slice's parse is tui.core.importers.gdelt_rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import polars as pl
from pydantic import ValidationError

from tui.core.countries import CountryResolver, country_name
from tui.core.dates import PartialDate
from tui.core.importers.columns import (
    KIND_LABELS,
    FrameText,
    StringColumn,
    codes_of,
    columnar_store,
    encode,
    ragged_from_matrix,
)
from tui.core.importers.gdelt_cameo import (
    CODE_KINDS,
    QUADS,
    ROOT_KINDS,
    actor_label,
    cameo_countries,
    cameo_events,
    describe_code,
    kind_of_code,
)
from tui.core.importers.gdelt_geo import place_of
from tui.core.importers.gdelt_layouts import LAYOUTS, Family, family_of
from tui.core.importers.gdelt_reading import read_rows, refuse
from tui.core.importers.gdelt_rows import read_slice
from tui.core.importers.ids import unique_ids
from tui.core.importers.prepared import BadRows, Prepared, report_progress
from tui.core.importers.registry import ProgressCallback
from tui.core.model import (
    Actor,
    ActorKind,
    Citation,
    Concern,
    Event,
    EventKind,
    Participant,
    Place,
    Source,
)
from tui.core.store import EventStore

__all__ = [
    "CODE_KINDS",
    "FORMAT",
    "LAYOUTS",
    "PREPARED_VERSION",
    "QUADS",
    "ROOT_KINDS",
    "build",
    "cameo_countries",
    "cameo_events",
    "describe_code",
    "looks_like",
    "prepare",
]

FORMAT = "gdelt"
# What a Prepared holds changed with version 2 (actor and place keys with their codes); an
# index cache entry written by an earlier layout cannot be built from.
PREPARED_VERSION = 2


def looks_like(first_line: str) -> bool:
    """A GDELT event row: tab-separated, 57/58/61 fields, a numeric id and a YYYYMMDD date."""
    fields = first_line.rstrip("\r\n").split("\t")
    return (
        len(fields) in LAYOUTS
        and fields[0].isdigit()
        and len(fields[1]) == 8
        and fields[1].isdigit()
    )


def prepare(
    path: Path, *, skip_bad: bool = False, progress: ProgressCallback | None = None
) -> Prepared:
    bad = BadRows(path)
    size = path.stat().st_size
    parts: list[pl.DataFrame] = []
    rows = 0
    family: Family | None = None
    first_width = 0
    for piece in read_rows(path):
        if family is None:
            first = piece.data.split(b"\n", 1)[0].rstrip(b"\r")
            first_width = first.count(b"\t") + 1
            family = family_of(first_width)
            if family is None:
                line = piece.lines[0] if piece.lines else piece.first_line
                raise refuse(
                    path,
                    f"not a GDELT event file: {first_width} tab-separated fields "
                    "(GDELT 2.0 has 61, GDELT 1.0 has 57 or 58)",
                    line,
                )
        part = read_slice(piece, family, first_width, path)
        wrong = part.filter(pl.col("problem").is_not_null())
        if len(wrong):
            bad.add_frame(wrong)
            part = part.filter(pl.col("problem").is_null())
        parts.append(part.drop("problem"))
        rows += len(part)
        report_progress(progress, rows, piece.done_bytes, size)
    if family is None:
        raise refuse(path, "file is empty (no GDELT rows, only blank lines)")
    frame = pl.concat(parts)
    duplicated = frame.filter(~pl.col("id").is_first_distinct())
    if len(duplicated):
        bad.add_frame(
            duplicated.select("line", problem=pl.format("duplicate GLOBALEVENTID {}", "id"))
        )
        frame = frame.filter(pl.col("id").is_first_distinct())
    bad.raise_unless(skip_bad)
    return _encode(path, frame, bad)


def _encode(path: Path, frame: pl.DataFrame, bad: BadRows) -> Prepared:
    start_keys = frame["start_key"].to_numpy()
    order = np.argsort(start_keys, kind="stable")
    labels: dict[str, list[str]] = {}
    columns: dict[str, Any] = {
        "start_key": start_keys[order].astype(np.int32),
        "file_row": order.astype(np.int64),
    }
    # Both actor positions share one table of "name \t CAMEO country \t actor code" keys.
    both, table = encode(pl.concat([frame["actor1"], frame["actor2"]]))
    columns["actor1"] = both[: len(frame)][order]
    columns["actor2"] = both[len(frame) :][order]
    labels["actor_key"] = table
    for name in ("code", "quad", "place"):
        codes, table = encode(frame[name])
        columns[name] = codes[order]
        labels[name] = table
    prepared_columns = pl.DataFrame(columns)
    return Prepared(
        format=FORMAT,
        name=f"GDELT: {path.name}",
        frame=pl.concat([prepared_columns, frame.select("id", "url")], how="horizontal"),
        labels=labels,
        skipped=bad.count,
        problems=bad.listed,
    )


class _UrlSources(Mapping[str, Source]):
    """One source per event, its SOURCEURL, made on access; the id holds the file row. The
    title is the site ("timescolonist.com"), so the address is shown once, as the URL."""

    prefix = "gdelt-source:"

    def __init__(self, urls: pl.Series) -> None:
        self._urls = urls

    def __getitem__(self, key: str) -> Source:
        number = key.removeprefix(self.prefix)
        if (
            not key.startswith(self.prefix)
            or not number.isdigit()
            or int(number) >= len(self._urls)
        ):
            raise KeyError(key)
        url = self._urls[int(number)]
        if not url:
            raise KeyError(key)
        try:
            return Source(id=key, title=site_of(str(url)), url=str(url))  # type: ignore[arg-type]
        except ValidationError:
            return Source(id=key, title=str(url))

    def __iter__(self) -> Iterator[str]:
        present = self._urls.is_not_null().to_numpy()
        return (f"{self.prefix}{row}" for row in np.flatnonzero(present))

    def __len__(self) -> int:
        return len(self._urls) - self._urls.null_count()


def site_of(url: str) -> str:
    """The site a URL is on, without "www." (the whole URL if it has no host)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return host.removeprefix("www.") or url


def build(prepared: Prepared) -> EventStore:
    frame, labels = prepared.whole_frame(), prepared.labels
    rows = len(frame)
    # Actors: GDELT's keys, merged where they name the same actor ("USA" as "UNITED STATES"
    # and as "WASHINGTON" is one: the United States).
    shown: dict[tuple[str, str | None], int] = {}
    merged: list[int] = []
    actor_region: list[str] = []
    for key in labels["actor_key"]:
        name, cameo, actor_code = [*key.split("\t"), "", ""][:3]
        label, iso, region = actor_label(name, cameo, actor_code)
        index = shown.setdefault((label, iso), len(shown))
        merged.append(index)
        if index == len(actor_region):
            actor_region.append(region)
    to_merged = np.asarray([*merged, -1], dtype=np.int32)
    actor_ids = unique_ids("gdelt", [f"{label} {iso or ''}".strip() for label, iso in shown])
    actors: dict[str, Actor] = {}
    actor_iso: list[str | None] = []
    for actor_id, ((label, iso), index) in zip(actor_ids, shown.items(), strict=True):
        region = actor_region[index]
        state = iso is not None and label == country_name(iso)
        kind = ActorKind.STATE if state else ActorKind.GROUP
        actors[actor_id] = Actor(id=actor_id, name=label, kind=kind, country=iso)
        actor_iso.append(iso)
    actor1 = to_merged[codes_of(frame["actor1"])]
    actor2 = to_merged[codes_of(frame["actor2"])]
    actor2 = np.where(actor2 == actor1, -1, actor2)
    actor_column = ragged_from_matrix(np.stack([actor1, actor2], axis=1), actor_ids)

    resolver = CountryResolver()
    place = codes_of(frame["place"])
    place_iso: list[str] = []
    place_labels: list[str] = []
    for key in labels["place"]:
        full_name, _, fips = key.partition("\t")
        iso, name = place_of(full_name, fips, resolver)
        place_iso.append(iso)
        place_labels.append(name)
    country_labels = sorted({c for c in (*actor_iso, *place_iso) if c})
    country_index = {c: i for i, c in enumerate(country_labels)}
    of_actor = np.asarray([country_index.get(c or "", -1) for c in actor_iso] + [-1], np.int32)
    of_place = np.asarray([country_index.get(c, -1) for c in place_iso] + [-1], np.int32)
    matrix = np.stack([of_place[place], of_actor[actor1], of_actor[actor2]], axis=1)
    matrix[:, 1][matrix[:, 1] == matrix[:, 0]] = -1
    matrix[:, 2][(matrix[:, 2] == matrix[:, 0]) | (matrix[:, 2] == matrix[:, 1])] = -1
    countries = ragged_from_matrix(matrix, country_labels)

    quad = codes_of(frame["quad"])
    quad_labels = [QUADS.get(q, f"QuadClass {q}") for q in labels["quad"]]
    concern_ids = unique_ids("gdelt", quad_labels)
    concerns = {
        cid: Concern(id=cid, label=label, description="GDELT QuadClass")
        for cid, label in zip(concern_ids, quad_labels, strict=True)
    }
    concern_column = ragged_from_matrix(quad.reshape(-1, 1), concern_ids)

    code = codes_of(frame["code"])
    code_labels = labels["code"]
    descriptions = [describe_code(c) for c in code_labels]
    kind_index = {kind: KIND_LABELS.index(kind.value) for kind in EventKind}
    kind_of = np.asarray(
        [kind_index[kind_of_code(c)] for c in code_labels] + [kind_index[EventKind.OTHER]],
        dtype=np.uint8,
    )
    kinds = kind_of[code]
    start_keys = frame["start_key"].to_numpy().astype(np.int32)
    file_row = frame["file_row"].to_numpy()
    ids = StringColumn(frame["id"], file_row)
    urls = frame["url"]
    display = [actors[a].name for a in actor_ids]

    def title(row: int) -> str:
        who = [display[a] for a in (actor1[row], actor2[row]) if a >= 0]
        text = descriptions[code[row]] if code[row] >= 0 else "Event"
        return f"{text}: {' – '.join(who)}" if who else text

    def event(row: int) -> Event:
        in_file = int(file_row[row])
        url = urls[in_file]
        participants = [
            Participant(actor=actor_ids[a], role=role)
            for a, role in ((actor1[row], "actor 1"), (actor2[row], "actor 2"))
            if a >= 0
        ]
        place_name = place_labels[place[row]] if place[row] >= 0 else ""
        iso = place_iso[place[row]] if place[row] >= 0 else ""
        tags = [f"CAMEO {code_labels[code[row]]}"] if code[row] >= 0 else []
        tags += [
            f"region: {actor_region[a]}"
            for a in (actor1[row], actor2[row])
            if a >= 0 and actor_region[a]
        ]
        return Event(
            id=ids[row],
            title=title(row),
            start=PartialDate.from_key(int(start_keys[row])),
            kind=EventKind(KIND_LABELS[kinds[row]]),
            actors=participants,
            concerns=list(concern_column[row]),
            places=[Place(country=iso or None, name=place_name or None)]
            if (iso or place_name)
            else [],
            citations=[Citation(source=f"{_UrlSources.prefix}{in_file}")] if url else [],
            tags=tags,
        )

    text = FrameText(
        rows,
        [],
        None,
        [
            (actor_column, None, display),
            (None, place, place_labels),
            (None, code, descriptions),
        ],
    )
    return columnar_store(
        prepared.name,
        ids=ids,
        kind_codes=kinds,
        start_keys=start_keys,
        approximate=np.zeros(rows, dtype=np.bool_),
        countries=countries,
        actors=(actors, actor_column),
        concerns=(concerns, concern_column),
        text=text,
        made_when_shown=(title, event),
        sources=_UrlSources(urls),
    )
