"""GDELT event files: 2.0 exports (61 tab-separated columns, plain or ``.export.CSV.zip``) and
1.0 daily files (57 columns, or 58 with SOURCEURL), no header.

- SQLDATE (YYYYMMDD) is the date, to the day.
- Actor1/Actor2: the name and the CAMEO country code. CAMEO codes are ISO alpha-3 codes
  except for a few legacy ones (ROM → ROU, TMP → TLS, ZAR → COD, …) and regional codes (AFR,
  EUR, WST, …), which name a region, not a country: such an actor has no country and the event
  gets a "region: …" tag. An actor's id is derived from its name and country code.
- EventCode with its CAMEO description (tui/importers/data/cameo_events.tsv) is the kind
  label in the title; the root code maps to our EventKind; QuadClass is the concern.
- ActionGeo_FullName is the place; its country is resolved from the name's last part
  (ActionGeo_CountryCode is a FIPS code, which pycountry does not know).
- SOURCEURL is the source.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pycountry
from pydantic import ValidationError

from tui.countries import CountryResolver, country_name
from tui.dates import PartialDate
from tui.importers.common import (
    BadRows,
    Chunk,
    FrameText,
    Prepared,
    Progress,
    StringColumn,
    codes_of,
    csv_chunks,
    encode,
    ragged_from_matrix,
    report_progress,
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
    Source,
)
from tui.problems import LoadError, Problem
from tui.store import CodedColumn, EventColumns, EventStore, LazyColumn

FORMAT = "gdelt"
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_GEO1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_EVENT = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)


def _columns(geo: Sequence[str], tail: Sequence[str]) -> list[str]:
    return [
        "GLOBALEVENTID",
        "SQLDATE",
        "MonthYear",
        "Year",
        "FractionDate",
        *(f"Actor1{c}" for c in _ACTOR),
        *(f"Actor2{c}" for c in _ACTOR),
        *_EVENT,
        *(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo),
        *tail,
    ]


LAYOUTS: dict[int, list[str]] = {
    61: _columns(_GEO2, ("DATEADDED", "SOURCEURL")),  # GDELT 2.0
    58: _columns(_GEO1, ("DATEADDED", "SOURCEURL")),  # GDELT 1.0 daily, April 2013 on
    57: _columns(_GEO1, ("DATEADDED",)),  # GDELT 1.0 daily, before SOURCEURL was added
}
WANTED = (
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Name",
    "Actor2CountryCode",
    "EventCode",
    "EventRootCode",
    "QuadClass",
    "ActionGeo_FullName",
    "SOURCEURL",
)
QUADS = {
    "1": "Verbal cooperation",
    "2": "Material cooperation",
    "3": "Verbal conflict",
    "4": "Material conflict",
}
ROOT_KINDS: dict[str, EventKind] = {
    "01": EventKind.STATEMENT,
    "02": EventKind.STATEMENT,
    "03": EventKind.STATEMENT,
    "04": EventKind.MEETING,
    "05": EventKind.AGREEMENT,
    "06": EventKind.OTHER,
    "07": EventKind.OTHER,
    "08": EventKind.OTHER,
    "09": EventKind.REPORT,
    "10": EventKind.STATEMENT,
    "11": EventKind.STATEMENT,
    "12": EventKind.STATEMENT,
    "13": EventKind.STATEMENT,
    "14": EventKind.PROTEST,
    "15": EventKind.MILITARY_ACTION,
    "16": EventKind.POLICY,
    "17": EventKind.VIOLENCE,
    "18": EventKind.VIOLENCE,
    "19": EventKind.MILITARY_ACTION,
    "20": EventKind.VIOLENCE,
}
# Finer codes whose kind differs from their root's.
CODE_KINDS: dict[str, EventKind] = {
    "042": EventKind.VISIT,
    "043": EventKind.VISIT,
    "045": EventKind.NEGOTIATION,
    "046": EventKind.NEGOTIATION,
    "050": EventKind.MEETING,
    "051": EventKind.STATEMENT,
    "052": EventKind.STATEMENT,
    "057": EventKind.AGREEMENT,
    "141": EventKind.PROTEST,
    "145": EventKind.PROTEST,
}
KIND_LABELS = [kind.value for kind in EventKind]


def looks_like(first_line: str) -> bool:
    """A GDELT event row: tab-separated, 57/58/61 fields, a numeric id and a YYYYMMDD date."""
    fields = first_line.rstrip("\r\n").split("\t")
    return (
        len(fields) in LAYOUTS
        and fields[0].isdigit()
        and len(fields[1]) == 8
        and fields[1].isdigit()
    )


def _table(name: str) -> list[list[str]]:
    text = resources.files("tui.importers").joinpath("data", name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@cache
def cameo_events() -> dict[str, str]:
    """CAMEO event code → description."""
    return {row[0]: row[1] for row in _table("cameo_events.tsv")}


def describe_code(code: str) -> str:
    table = cameo_events()
    for candidate in (code, code[:3], code[:2]):
        if candidate in table:
            return table[candidate]
    return f"CAMEO {code}" if code else "Event"


@cache
def cameo_countries() -> tuple[dict[str, str], dict[str, str]]:
    """(CAMEO country code → ISO alpha-3, regional code → region name)."""
    countries = {str(c.alpha_3): str(c.alpha_3) for c in pycountry.countries}
    regions: dict[str, str] = {}
    for row in _table("cameo_countries.tsv"):
        if row[1] == "region":
            regions[row[0]] = row[2]
            countries.pop(row[0], None)  # a region code that is also an ISO code is a region
        elif row[1] == "-":
            countries.pop(row[0], None)
        elif pycountry.countries.get(alpha_3=row[1]) is not None:
            countries[row[0]] = row[1]
    return countries, regions


def _raw_chunks(path: Path) -> Iterator[Chunk]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise LoadError([Problem(path, "a GDELT zip must hold exactly one file")])
            data = archive.read(members[0])
        yield Chunk(data, 1, data.count(b"\n"), path.stat().st_size)
        return
    # GDELT fields are never quoted, so quote characters must not steer where chunks are cut.
    yield from csv_chunks(path, quoted=False)


def prepare(path: Path, *, skip_bad: bool = False, progress: Progress | None = None) -> Prepared:
    bad = BadRows(path)
    size = path.stat().st_size
    parts: list[pl.DataFrame] = []
    rows = 0
    layout: list[str] | None = None
    for chunk in _raw_chunks(path):
        if layout is None:
            first = chunk.data.split(b"\n", 1)[0].decode("utf-8", errors="replace")
            count = len(first.rstrip("\r\n").split("\t"))
            if count not in LAYOUTS:
                raise LoadError(
                    [
                        Problem(
                            path,
                            f"not a GDELT event file: {count} tab-separated fields "
                            "(GDELT 2.0 has 61, GDELT 1.0 has 57 or 58)",
                            1,
                        )
                    ]
                )
            layout = LAYOUTS[count]
        part = _read(chunk, layout, path)
        wrong = part.filter(pl.col("problem").is_not_null())
        if len(wrong):
            bad.add_frame(wrong)
            part = part.filter(pl.col("problem").is_null())
        parts.append(part.drop("problem"))
        rows += len(part)
        report_progress(progress, rows, chunk.done_bytes, size)
    if not parts:
        raise LoadError([Problem(path, "file is empty")])
    frame = pl.concat(parts)
    duplicated = frame.filter(~pl.col("id").is_first_distinct())
    if len(duplicated):
        bad.add_frame(
            duplicated.select("line", problem=pl.format("duplicate GLOBALEVENTID {}", "id"))
        )
        frame = frame.filter(pl.col("id").is_first_distinct())
    bad.raise_unless(skip_bad)
    return _encode(path, frame, bad)


def _read(chunk: Chunk, layout: list[str], path: Path) -> pl.DataFrame:
    wanted = [name for name in WANTED if name in layout]
    # Polars pads a short row with nulls and cuts a long one silently, so ragged rows show
    # only as a missing last field or a field past the layout's last (read for that alone).
    last, beyond = layout[-1], "_beyond"
    checks = [name for name in (last, beyond) if name not in wanted]
    try:
        raw = (
            pl.scan_csv(
                chunk.data,
                has_header=False,
                separator="\t",
                quote_char=None,
                schema={**{name: pl.String for name in layout}, beyond: pl.String},
                truncate_ragged_lines=True,
                missing_columns="insert",
                encoding="utf8-lossy",
            )
            .select(*wanted, *checks)
            .collect()
        )
    except pl.exceptions.PolarsError as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        raise LoadError([Problem(path, f"cannot read: {message}", chunk.first_line)]) from None
    ragged = None
    if raw[last].null_count() or raw[beyond].null_count() < len(raw):  # O(1): no scan
        suspect = raw[last].is_null() | raw[beyond].is_not_null()
        ragged = _ragged(chunk.data, suspect, len(layout))
    raw = raw.drop(checks)
    if "SOURCEURL" not in raw.columns:
        raw = raw.with_columns(SOURCEURL=pl.lit(None, dtype=pl.String))
    # Without quoting, every record is one line (blank lines are skipped by the reader).
    raw = raw.with_columns(
        line=pl.int_range(chunk.first_line, chunk.first_line + len(raw), dtype=pl.Int64)
    )
    # chrono would read "2024061" as a date, so insist on all eight digits first.
    date = (
        pl.when(pl.col("SQLDATE").str.contains(r"^\d{8}$"))
        .then(pl.col("SQLDATE").str.to_date("%Y%m%d", strict=False))
        .otherwise(None)
    )
    problem: pl.Expr = (
        pl.when(~pl.col("GLOBALEVENTID").str.contains(r"^\d+$").fill_null(False))
        .then(pl.format("GLOBALEVENTID {} is not a number", pl.col("GLOBALEVENTID").fill_null("")))
        .when(date.is_null())
        .then(pl.format("SQLDATE {} is not a date (YYYYMMDD)", pl.col("SQLDATE").fill_null("")))
        .when(~pl.col("EventCode").str.contains(r"^\d{2,4}$").fill_null(False))
        .then(pl.format("EventCode {} is not a CAMEO code", pl.col("EventCode").fill_null("")))
    )
    if ragged is not None:  # reported as ragged only, whatever else is wrong with them
        problem = pl.coalesce(pl.lit(ragged), problem)
    return raw.select(
        "line",
        problem=problem,
        id=pl.col("GLOBALEVENTID"),
        start_key=(
            date.dt.year().cast(pl.Int32) * 10000
            + date.dt.month().cast(pl.Int32) * 100
            + date.dt.day().cast(pl.Int32)
        ),
        actor1=pl.col("Actor1Name").cast(pl.Categorical),
        country1=pl.col("Actor1CountryCode").cast(pl.Categorical),
        actor2=pl.col("Actor2Name").cast(pl.Categorical),
        country2=pl.col("Actor2CountryCode").cast(pl.Categorical),
        code=pl.col("EventCode").cast(pl.Categorical),
        quad=pl.col("QuadClass").cast(pl.Categorical),
        place=pl.col("ActionGeo_FullName").cast(pl.Categorical),
        url=pl.col("SOURCEURL"),
    )


def _ragged(data: bytes, suspect: pl.Series, width: int) -> pl.Series | None:
    """For each row, what is wrong with its field count (null if nothing), or None if no
    suspect row is ragged. GDELT rows are single lines, so row i is line i of the chunk."""
    lines = data.split(b"\n")
    messages: list[str | None] = [None] * len(suspect)
    for index in np.flatnonzero(suspect.to_numpy()):
        line = lines[index].rstrip(b"\r")
        count = line.count(b"\t") + 1
        # A blank line is one row of nulls to polars: it is reported as missing its id.
        if line and count != width:
            messages[index] = f"{count} tab-separated fields, the first row has {width}"
    if not any(messages):
        return None
    return pl.Series("ragged", messages, dtype=pl.String)


def _encode(path: Path, frame: pl.DataFrame, bad: BadRows) -> Prepared:
    start_keys = frame["start_key"].to_numpy()
    order = np.argsort(start_keys, kind="stable")
    labels: dict[str, list[str]] = {}
    columns: dict[str, Any] = {
        "start_key": start_keys[order].astype(np.int32),
        "file_row": order.astype(np.int64),
    }
    # An actor is a name with a country code; both positions share one table.
    keys = [
        frame.select(
            key=pl.concat_str(
                [
                    frame[f"actor{who}"].cast(pl.String),
                    frame[f"country{who}"].cast(pl.String).fill_null(""),
                ],
                separator="\t",
            )
        ).to_series()
        for who in ("1", "2")
    ]
    both, table = encode(pl.concat(keys))
    columns["actor1"] = both[: len(frame)][order]
    columns["actor2"] = both[len(frame) :][order]
    labels["actor_name"] = [key.split("\t")[0] for key in table]
    labels["actor_country"] = [key.split("\t")[1] for key in table]
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
    """One source per event, its SOURCEURL, made on access; the id holds the file row."""

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
            return Source(id=key, title=str(url), url=str(url))  # type: ignore[arg-type]
        except ValidationError:
            return Source(id=key, title=str(url))

    def __iter__(self) -> Iterator[str]:
        present = self._urls.is_not_null().to_numpy()
        return (f"{self.prefix}{row}" for row in np.flatnonzero(present))

    def __len__(self) -> int:
        return len(self._urls) - self._urls.null_count()


def _is_state(name: str, iso: str) -> bool:
    record = pycountry.countries.get(alpha_3=iso)
    names = {country_name(iso).upper()}
    if record is not None:
        names |= {str(record.name).upper(), str(getattr(record, "common_name", "")).upper()}
    return name.upper() in names


def build(prepared: Prepared) -> EventStore:
    frame, labels = prepared.frame, prepared.labels
    rows = len(frame)
    resolver = CountryResolver()
    to_iso, regions = cameo_countries()
    names, cameo = labels["actor_name"], labels["actor_country"]
    actor_ids = unique_ids("gdelt", [f"{n} {c}".strip() for n, c in zip(names, cameo, strict=True)])
    actors: dict[str, Actor] = {}
    actor_iso: list[str | None] = []
    actor_region: list[str] = []
    for actor_id, name, cameo_code in zip(actor_ids, names, cameo, strict=True):
        iso = to_iso.get(cameo_code)
        actor_iso.append(iso)
        actor_region.append(regions.get(cameo_code, ""))
        kind = ActorKind.STATE if iso is not None and _is_state(name, iso) else ActorKind.GROUP
        # GDELT writes names in capitals; title case reads better and searches the same.
        shown = name.title() if name.isupper() else name
        actors[actor_id] = Actor(id=actor_id, name=shown, kind=kind, country=iso)
    actor1 = codes_of(frame["actor1"])
    actor2 = codes_of(frame["actor2"])
    actor2 = np.where(actor2 == actor1, -1, actor2)
    actor_column = ragged_from_matrix(np.stack([actor1, actor2], axis=1), actor_ids)

    place = codes_of(frame["place"])
    place_labels = labels["place"]
    place_iso = []
    for full_name in place_labels:
        found = resolver.resolve(full_name.rsplit(",", 1)[-1].strip())
        place_iso.append(found.code if found is not None else "")
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
    kind_of_code = np.asarray(
        [
            kind_index[CODE_KINDS.get(c[:3], ROOT_KINDS.get(c[:2], EventKind.OTHER))]
            for c in code_labels
        ]
        + [kind_index[EventKind.OTHER]],
        dtype=np.uint8,
    )
    kinds = kind_of_code[code]
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
    columns = EventColumns(
        ids=ids,
        titles=LazyColumn(rows, title),
        kinds=CodedColumn(kinds, KIND_LABELS),
        start_keys=start_keys,
        end_keys=np.zeros(rows, dtype=np.int32),
        approximate=np.zeros(rows, dtype=np.bool_),
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
        sources=_UrlSources(urls),
    )
