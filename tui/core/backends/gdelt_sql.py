"""GDELT 2.0's event table as a SQL source: ``gdelt-bq.gdeltv2.events_partitioned`` on BigQuery.

The table is partitioned by day on ``_PARTITIONTIME``, the day GDELT *added* the event
(DATEADDED); SQLDATE is the day it *happened*, often days before. Every query carries a
partition filter (never a full scan): the view's first day to its last day plus
``added_within_days``, and SQLDATE within the view's days. Events about the period that GDELT
added later than that are not in the view; widen ``added_within_days`` to include them.

The answers follow tui.core.importers.gdelt on the same rows: an event involves the countries of
its two actors (CAMEO codes, legacy ones mapped, regional ones none) and of its place (the
FIPS 10-4 ActionGeo_CountryCode); text matches actor names, the place and the CAMEO
description; QuadClass is the concern; the kind comes from the CAMEO code. Codes are turned
into countries, kinds and titles in Python, so SQL only ever compares raw GDELT values.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from sqlglot import exp

from tui.core.backends.base import EventDetail, EventRow, Facet, SourceRef
from tui.core.backends.sqlbuild import FacetPlan, Record, literal_list
from tui.core.importers import gdelt_geo
from tui.core.importers.gdelt_cameo import (
    QUADS,
    actor_label,
    cameo_countries,
    cameo_events,
    describe_code,
    kind_of_code,
)
from tui.core.importers.gdelt_layouts import LAYOUTS, WANTED
from tui.core.importers.ids import slug
from tui.core.model import derive_countries
from tui.core.store import Query

TABLE = "gdelt-bq.gdeltv2.events_partitioned"
PARTITION_COLUMN = "_PARTITIONTIME"
_INTEGER = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass"}
_INTEGER |= {"NumMentions", "NumSources", "NumArticles", "DATEADDED"}
_INTEGER |= {f"{who}Geo_Type" for who in ("Actor1", "Actor2", "Action")}
_FLOAT = {"FractionDate", "GoldsteinScale", "AvgTone"}
_FLOAT |= {f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in ("Lat", "Long")}
# The table's columns with their BigQuery types, in order (GDELT 2.0's 61 export columns).
BIGQUERY_SCHEMA: tuple[tuple[str, str], ...] = tuple(
    (name, "INTEGER" if name in _INTEGER else "FLOAT" if name in _FLOAT else "STRING")
    for name in LAYOUTS[61]
)
_ROW_COLUMNS = WANTED  # what the importer reads of a row, no more
KIND_OF_QUAD = {int(code): label for code, label in QUADS.items()}


def concern_id(quad: int) -> str:
    """The importer's concern id for a QuadClass (gdelt:verbal-cooperation, ...)."""
    return f"gdelt:{slug(KIND_OF_QUAD.get(quad, f'QuadClass {quad}'))}"


def actor_id(name: str, cameo: str | None) -> str:
    """An actor of this backend: GDELT's name and CAMEO country code, NAME/CODE."""
    return f"{name}/{cameo or ''}"


@cache
def fips_countries() -> dict[str, str]:
    """FIPS 10-4 code -> ISO alpha-3, from the importer's table (one source of truth)."""
    return {fips: iso for fips, (iso, _names) in gdelt_geo.fips_countries().items() if iso}


def _codes_for(table: dict[str, str], iso: str) -> list[str]:
    return sorted(code for code, country in table.items() if country == iso)


def _kind(code: str) -> str:
    return kind_of_code(code).value


def _col(name: str) -> exp.Column:
    return exp.column(name)


def _among(column: str, values: list[str]) -> exp.Expr:
    if not values:
        return exp.false()
    return exp.In(this=_col(column), expressions=literal_list(values))


def _contains(column: str, needle: str) -> exp.Expr:
    lowered = exp.Lower(this=_col(column))
    position = exp.StrPosition(this=lowered, substr=exp.Literal.string(needle))
    return exp.GT(
        this=exp.Coalesce(this=position, expressions=[exp.Literal.number(0)]),
        expression=exp.Literal.number(0),
    )


def _timestamp(day: dt.date) -> exp.Expr:
    return exp.cast(exp.Literal.string(day.isoformat()), exp.DataType.build("TIMESTAMPTZ"))


class GdeltSource:
    """GDELT's table for the events of ``first_day``..``last_day``."""

    def __init__(
        self,
        first_day: dt.date,
        last_day: dt.date,
        *,
        added_within_days: int = 0,
        table: str = TABLE,
    ) -> None:
        if last_day < first_day:
            raise ValueError(f"the period ends ({last_day}) before it starts ({first_day})")
        if added_within_days < 0:
            raise ValueError("added_within_days cannot be negative")
        self.first_day = first_day
        self.last_day = last_day
        self.added_within_days = added_within_days
        self._table = table

    def table(self) -> exp.Expr:
        return exp.to_table(f"`{self._table}`", dialect="bigquery")

    def partition_filter(self) -> list[exp.Expr]:
        end = self.last_day + dt.timedelta(days=1 + self.added_within_days)
        partition = _col(PARTITION_COLUMN)
        return [
            exp.GTE(this=partition, expression=_timestamp(self.first_day)),
            exp.LT(this=partition.copy(), expression=_timestamp(end)),
        ]

    def conditions(self, query: Query) -> list[exp.Expr]:
        first = _key(self.first_day)
        last = _key(self.last_day)
        low = max(first, query.start_key) if query.start_key is not None else first
        high = min(last, query.end_key) if query.end_key is not None else last
        parts = [
            *self.partition_filter(),
            exp.GTE(this=_col("SQLDATE"), expression=exp.Literal.number(low)),
            exp.LTE(this=_col("SQLDATE"), expression=exp.Literal.number(high)),
        ]
        cameo, _regions = cameo_countries()
        for iso in sorted(query.countries):
            actors = _codes_for(cameo, iso)
            either = [
                _among("Actor1CountryCode", actors),
                _among("Actor2CountryCode", actors),
                _among("ActionGeo_CountryCode", _codes_for(fips_countries(), iso)),
            ]
            parts.append(exp.paren(exp.or_(*either), copy=False))
        if query.actor is not None:
            parts.append(exp.paren(_actor_condition(query.actor), copy=False))
        if query.concern is not None:
            quads = [q for q in KIND_OF_QUAD if concern_id(q) == query.concern]
            parts.append(
                exp.In(this=_col("QuadClass"), expressions=[exp.Literal.number(q) for q in quads])
                if quads
                else exp.false()
            )
        if query.text:
            parts.append(exp.paren(_text_condition(query.text), copy=False))
        return parts

    def start_key(self) -> exp.Expr:
        return _col("SQLDATE")

    def end_key(self) -> exp.Expr | None:
        return None  # GDELT's events are one day each

    def approximate(self) -> exp.Expr:
        return exp.false()

    def event_key(self) -> exp.Expr:
        return _col("GLOBALEVENTID")

    def order(self) -> list[exp.Expr]:
        return [_col("SQLDATE"), _col("GLOBALEVENTID")]

    def row_columns(self) -> list[exp.Expr]:
        return [_col(name) for name in _ROW_COLUMNS]

    detail_columns = row_columns

    def to_row(self, record: Record) -> EventRow:
        code = str(record["EventCode"] or "")
        sides = _record_actors(record)
        text = describe_code(code) if code else "Event"
        shown = [label for _, label, _ in sides]
        countries = derive_countries(
            [fips_countries().get(str(record["ActionGeo_CountryCode"] or ""))],
            (iso for _, _, iso in sides),
        )
        quad = record["QuadClass"]
        return EventRow(
            id=str(record["GLOBALEVENTID"]),
            start_key=int(record["SQLDATE"]),
            end_key=0,
            approximate=False,
            title=f"{text}: {' – '.join(shown)}" if shown else text,
            kind=_kind(code),
            countries=countries,
            actors=tuple(raw for raw, _, _ in sides),
            concerns=(concern_id(int(quad)),) if quad is not None else (),
        )

    def to_detail(self, record: Record) -> EventDetail:
        row = self.to_row(record)
        url = str(record["SOURCEURL"] or "")
        place = str(record["ActionGeo_FullName"] or "")
        return EventDetail(
            row=row,
            summary="",
            actor_names=tuple(label for _, label, _ in _record_actors(record)),
            concern_labels=tuple(
                KIND_OF_QUAD.get(int(record["QuadClass"]), "") for _ in row.concerns
            ),
            places=(place,) if place else (),
            sources=(SourceRef(url, url),) if url else (),
        )

    def id_condition(self, event_id: str) -> exp.Expr | None:
        if not event_id.isdigit() or len(event_id) > 18:
            return None
        return exp.EQ(this=_col("GLOBALEVENTID"), expression=exp.Literal.number(int(event_id)))

    def window_key(self) -> exp.Column | None:
        return None  # BigQuery bills every query's columns: one query per window is cheaper

    def facet_plan(self, facet: Facet) -> FacetPlan:
        group = {
            Facet.COUNTRIES: ("ActionGeo_CountryCode", "Actor1CountryCode", "Actor2CountryCode"),
            Facet.ACTORS: (
                *("Actor1Code", "Actor1Name", "Actor1CountryCode"),
                *("Actor2Code", "Actor2Name", "Actor2CountryCode"),
            ),
            Facet.CONCERNS: ("QuadClass",),
            Facet.KINDS: ("EventCode",),
        }[facet]
        return FacetPlan(group=tuple(_col(name) for name in group))

    def facet_labels(self, facet: Facet, group: Record) -> tuple[str, ...]:
        if facet is Facet.COUNTRIES:
            cameo, _regions = cameo_countries()
            return derive_countries(
                [fips_countries().get(str(group["g0"] or ""))],
                [cameo.get(str(group["g1"] or "")), cameo.get(str(group["g2"] or ""))],
            )
        if facet is Facet.ACTORS:
            sides = [
                (group["g0"], group["g1"], group["g2"]),
                (group["g3"], group["g4"], group["g5"]),
            ]
            return tuple(raw for raw, _, _ in _actors(sides))
        if facet is Facet.CONCERNS:
            return (concern_id(int(group["g0"])),) if group["g0"] is not None else ()
        return (_kind(str(group["g0"] or "")),)


def _actors(sides: list[tuple[Any, Any, Any]]) -> list[tuple[str, str, str | None]]:
    """(id, shown name, ISO country) of an event's actors, given as (Code, Name,
    CountryCode) each, shown as the importer shows them (gdelt_cameo.actor_label); the
    second is left out when it shows as the first."""
    found: list[tuple[str, str, str | None]] = []
    seen: set[tuple[str, str | None]] = set()
    for code, name, cameo in sides:
        if not name:
            continue
        label, iso, _region = actor_label(str(name), str(cameo or ""), str(code or ""))
        if (label, iso) not in seen:
            seen.add((label, iso))
            found.append((actor_id(str(name), cameo), label, iso))
    return found


def _record_actors(record: Record) -> list[tuple[str, str, str | None]]:
    return _actors(
        [
            tuple(record[f"Actor{who}{part}"] for part in ("Code", "Name", "CountryCode"))
            for who in "12"
        ]
    )


def _key(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _actor_condition(actor: str) -> exp.Expr:
    name, _, cameo = actor.rpartition("/")
    sides = []
    for who in ("1", "2"):
        country: exp.Expr = (
            exp.EQ(this=_col(f"Actor{who}CountryCode"), expression=exp.Literal.string(cameo))
            if cameo
            else exp.Is(this=_col(f"Actor{who}CountryCode"), expression=exp.Null())
        )
        same_name = exp.EQ(this=_col(f"Actor{who}Name"), expression=exp.Literal.string(name))
        sides.append(exp.paren(exp.and_(same_name, country), copy=False))
    return exp.or_(*sides)


def _text_condition(needle: str) -> exp.Expr:
    """As the importer's text search: actor names, the place, the CAMEO description."""
    codes = sorted(code for code, text in cameo_events().items() if needle in text.casefold())
    return exp.or_(
        _contains("Actor1Name", needle),
        _contains("Actor2Name", needle),
        _contains("ActionGeo_FullName", needle),
        _among("EventCode", codes),
    )
