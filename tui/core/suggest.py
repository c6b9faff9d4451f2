"""What the search box offers beyond countries: the dataset's actors and concerns whose names
match what was typed, by the same rule as country names (see countries.name_match)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.countries import fold, name_match
from tui.core.kinds import EntityKind
from tui.core.store import EventStore

MAX_PER_KIND = 4


@dataclass(frozen=True, slots=True)
class EntityMatch:
    kind: EntityKind
    key: str  # the actor's or concern's id
    name: str  # its name or label, as the dataset writes it


# One entry per actor or concern: its id, its name as written, and its names (an actor's aliases
# too) folded and joined by NUL, which folding keeps: one substring test rules most out.
_Entry = tuple[str, str, str]
_SEPARATOR = "\x00"


class EntitySearch:
    """The actors and concerns of one store, searchable by name as the user types. Their
    folded names are worked out once, at the first search."""

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._actors: list[_Entry] | None = None
        self._concerns: list[_Entry] | None = None

    def matches(self, text: str, limit: int = MAX_PER_KIND) -> list[EntityMatch]:
        """Up to ``limit`` actors (by name or alias), then up to ``limit`` concerns (by
        label), names that start with the text first, then in the dataset's order: "us"
        finds "US Navy", not Russia or Australia."""
        typed = fold(text)
        if not typed:
            return []
        if self._actors is None or self._concerns is None:
            join = _SEPARATOR.join
            self._actors = [
                (key, actor.name, fold(join((actor.name, *actor.aliases))))
                for key, actor in self._store.actors.items()
            ]
            self._concerns = [
                (key, concern.label, fold(concern.label))
                for key, concern in self._store.concerns.items()
            ]
        return [
            *_best("actor", typed, self._actors, limit),
            *_best("concern", typed, self._concerns, limit),
        ]


def _best(kind: EntityKind, typed: str, entries: list[_Entry], limit: int) -> list[EntityMatch]:
    """The best ``limit`` matches, in the given order within a rank; stops looking once
    ``limit`` names start with the text (nothing can beat them)."""
    found: list[tuple[int, EntityMatch]] = []
    starts = 0
    for key, name, folded in entries:
        if typed not in folded:
            continue
        ranks = [
            r for part in folded.split(_SEPARATOR) if (r := name_match(typed, part)) is not None
        ]
        if not ranks:
            continue
        found.append((min(ranks), EntityMatch(kind, key, name)))
        starts += min(ranks) == 0
        if starts >= limit:
            break
    found.sort(key=lambda pair: pair[0])  # stable: the given order within a rank
    return [match for _, match in found[:limit]]
