"""What a page says about an actor, a concern or a country, computed from the store."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.columns import Rows
from tui.core.countries import country_name
from tui.core.kinds import PageKind
from tui.core.store import EventStore


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """What a link opens: the page of an actor, a concern or a country."""

    kind: PageKind
    key: str


@dataclass(frozen=True)
class Related:
    kind: PageKind
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Page:
    """A page's content: heading, facts as (label, value) pairs, its events, related links."""

    kind: PageKind
    key: str
    heading: str
    facts: list[tuple[str, str]]
    rows: Rows
    description: str = ""
    related: dict[str, list[Related]] = field(default_factory=dict)


def _span(store: EventStore, rows: Rows) -> list[tuple[str, str]]:
    if not len(rows):
        return [("Events", "none")]
    return [
        ("Events", f"{len(rows):,}"),
        ("First appearance", store.date_label(int(rows[0]))),
        ("Last appearance", store.date_label(int(rows[-1]))),
    ]


def _actors(store: EventStore, rows: Rows, exclude: str | None = None) -> list[Related]:
    return [Related("actor", a, store.actor_name(a), n) for a, n in store.co_actors(rows, exclude)]


def _concerns(store: EventStore, rows: Rows) -> list[Related]:
    return [Related("concern", c, store.concern_label(c), n) for c, n in store.concern_counts(rows)]


def _countries(store: EventStore, rows: Rows, exclude: str | None = None) -> list[Related]:
    counts = store.country_counts(rows)  # vectorised: a country page may hold 100,000s
    counts.pop(exclude or "", None)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], country_name(item[0])))
    return [Related("country", code, country_name(code), n) for code, n in ordered]


def actor_page(store: EventStore, actor_id: str) -> Page:
    actor = store.actors.get(actor_id)
    rows = store.rows_for_actor(actor_id)
    facts: list[tuple[str, str]] = []
    if actor is not None:
        facts.append(("Kind", actor.kind.value))
        if actor.country:
            facts.append(("Country", f"{country_name(actor.country)} ({actor.country})"))
        if actor.role:
            facts.append(("Role", actor.role))
        if actor.aliases:
            facts.append(("Also known as", ", ".join(actor.aliases)))
    facts.extend(_span(store, rows))
    return Page(
        kind="actor",
        key=actor_id,
        heading=store.actor_name(actor_id),
        facts=facts,
        rows=rows,
        related={
            "Appears with": _actors(store, rows, exclude=actor_id),
            "Concerns": _concerns(store, rows),
        },
    )


def concern_page(store: EventStore, concern_id: str) -> Page:
    concern = store.concerns.get(concern_id)
    rows = store.rows_for_concern(concern_id)
    return Page(
        kind="concern",
        key=concern_id,
        heading=store.concern_label(concern_id),
        description=concern.description if concern is not None else "",
        facts=_span(store, rows),
        rows=rows,
        related={"Actors involved": _actors(store, rows), "Countries": _countries(store, rows)},
    )


def country_page(store: EventStore, code: str) -> Page:
    rows = store.rows_for_country(code)
    own_actors = [a for a in store.actors.values() if a.country == code]
    facts = [("ISO code", code)]
    if own_actors:
        facts.append(("Its actors", ", ".join(a.name for a in own_actors)))
    return Page(
        kind="country",
        key=code,
        heading=country_name(code),
        facts=[*facts, *_span(store, rows)],
        rows=rows,
        related={
            "Actors": _actors(store, rows),
            "With countries": _countries(store, rows, exclude=code),
            "Concerns": _concerns(store, rows),
        },
    )


def label_of(store: EventStore, target: LinkTarget) -> str:
    """What a link or a lane is called: an actor's name, a concern's label, a country's name."""
    if target.kind == "actor":
        return store.actor_name(target.key)
    if target.kind == "concern":
        return store.concern_label(target.key)
    return country_name(target.key)


def page_for(store: EventStore, kind: PageKind, key: str) -> Page:
    if kind == "actor":
        return actor_page(store, key)
    if kind == "concern":
        return concern_page(store, key)
    return country_page(store, key)
