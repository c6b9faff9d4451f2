"""The data model: events, the actors and concerns they link, and the sources they cite.

These pydantic models define the data format (``timeline-explorer schema`` prints it) and
validate curated files. Large imports do not build one model per row; they fill the store's
columns directly and build an :class:`Event` only for the row a user is looking at.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from tui.core.dates import PartialDate, format_range

SCHEMA_FILE_NAME = "timeline-explorer.schema.json"
# What the models trim from their strings (str_strip_whitespace): Unicode's White_Space, as
# pydantic trims with Rust's str::trim. Not str.strip()'s: that also takes \x1c-\x1f.
MODEL_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@functools.cache  # three-letter codes only reach it: a bounded set, each looked up once
def _is_alpha_3(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def _known_country(code: str) -> str:
    if len(code) != 3 or not code.isupper() or not _is_alpha_3(code):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    return code


CountryCode = Annotated[
    str,
    AfterValidator(_known_country),
    Field(description="ISO 3166-1 alpha-3 code, e.g. JPN, NZL, PRK.", examples=["JPN"]),
]
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
        max_length=200,
        description="A stable id: letters, digits, '_', '.', ':' and '-'.",
    ),
]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    # defer_build: a model's validator is built when it is first used, not at import (the
    # models together took ~0.1 s of every start); the bundled load builds only DataFile's.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class ActorKind(StrEnum):
    PERSON = "person"
    STATE = "state"
    ORGANISATION = "organisation"
    GROUP = "group"


class EventKind(StrEnum):
    MEETING = "meeting"
    VISIT = "visit"
    NEGOTIATION = "negotiation"
    AGREEMENT = "agreement"
    TREATY = "treaty"
    RATIFICATION = "ratification"
    STATEMENT = "statement"
    REPORT = "report"
    POLICY = "policy"
    MILITARY_ACTION = "military action"
    PROTEST = "protest"
    VIOLENCE = "violence"
    OTHER = "other"


class Actor(_Strict):
    """A person, state, organisation or group that takes part in events."""

    id: Identifier
    name: Text
    kind: ActorKind
    country: CountryCode | None = Field(
        default=None,
        description="The actor's country: a person's state; a state is its own; none for NATO.",
    )
    role: str | None = Field(default=None, description="Role or title, e.g. Prime Minister.")
    aliases: list[Text] = Field(default_factory=list, description="Other names search accepts.")

    @model_validator(mode="after")
    def _state_has_country(self) -> Actor:
        if self.kind is ActorKind.STATE and self.country is None:
            raise ValueError("a state actor needs its own country code")
        return self


class Concern(_Strict):
    """A topic an analyst follows across events."""

    id: Identifier
    label: Text
    description: str = ""


class Source(_Strict):
    """A published document that events cite."""

    id: Identifier
    title: Text
    publisher: str | None = None
    url: HttpUrl | None = None
    published: PartialDate | None = None


class Citation(_Strict):
    """A source together with the verbatim passage that supports the event."""

    source: Identifier
    quote: str = Field(default="", description="The verbatim sentence(s) the event rests on.")


class Participant(_Strict):
    """An actor in one event, with the part it played there."""

    actor: Identifier
    role: str | None = Field(default=None, description="E.g. host, signatory, visitor.")


class Place(_Strict):
    """Where an event happened: a country, a named place, or both."""

    country: CountryCode | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Place:
        if self.country is None and not self.name:
            raise ValueError("a place needs a country, a name, or both")
        return self


def _tidy_tag(tag: str) -> str:
    """A tag as the annotations store keeps it: space around removed, inner runs made one."""
    tidied = " ".join(tag.split())
    if not tidied:
        raise ValueError("a tag cannot be empty")
    return tidied


def _each_once(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tags))


AnalystTag = Annotated[str, AfterValidator(_tidy_tag)]


class AnalystMarks(BaseModel):
    """The analyst's own marks on an event (a star, tags, a note), as an export carries them:
    not part of the data, kept so that exporting and opening the export loses none of them."""

    # The note is kept exactly as written: no stripping, as the annotations store keeps it.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    starred: bool = False
    tags: Annotated[list[AnalystTag], AfterValidator(_each_once)] = Field(default_factory=list)
    note: str = Field(default="", description="The analyst's note, as written.")


class Event(_Strict):
    id: Identifier
    title: Text
    summary: str = ""
    start: PartialDate
    end: PartialDate | None = Field(default=None, description="Last day, month or year.")
    approximate: bool = Field(default=False, description="The date is uncertain.")
    kind: EventKind
    actors: list[Participant] = Field(default_factory=list)
    concerns: list[Identifier] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    analyst: AnalystMarks | None = Field(
        default=None,
        description="The analyst's star, tags and note, written by an export of marked events.",
    )

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Event:
        if self.end is not None and self.end.last_day < self.start.first_day:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def date_label(self) -> str:
        return format_range(self.start, self.end, self.approximate)

    def countries(self, actors: Mapping[str, Actor]) -> tuple[str, ...]:
        """The countries this event involves: its actors' countries and its places'."""
        return derive_countries(
            (actors[p.actor].country for p in self.actors if p.actor in actors),
            (place.country for place in self.places),
        )


def derive_countries(*groups: Iterable[str | None]) -> tuple[str, ...]:
    """Distinct country codes in first-seen order, ignoring gaps."""
    seen: dict[str, None] = {}
    for group in groups:
        for code in group:
            if code:
                seen.setdefault(code, None)
    return tuple(seen)


class DataFile(_Strict):
    """One file of the data format. A directory of them loads as their union."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    schema_: str | None = Field(default=None, alias="$schema")
    name: str | None = Field(default=None, description="The dataset's name, shown in the header.")
    description: str = ""
    start_at: Identifier | None = Field(
        default=None,
        description=(
            "The id of the event the app opens on (the story's key event); without it, the "
            "first event. Only one file of a dataset may name one."
        ),
        examples=["kishida-luxon-tokyo-summit"],
    )
    actors: list[Actor] = Field(default_factory=list)
    concerns: list[Concern] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


@dataclass
class Dataset:
    """The union of one or more data files, references resolved."""

    name: str
    actors: dict[str, Actor] = field(default_factory=dict)
    concerns: dict[str, Concern] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    description: str = ""  # what the dataset is about (a file's description, a title slide)
    start_at: str | None = None  # the id of the event to open on; None: the first event
