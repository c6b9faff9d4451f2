"""What the search box offers beyond countries: the dataset's actors and concerns whose names
match what was typed, by the same rule as country names (see countries.name_match), and the
analyst's own marks to filter by (starred, has a note, a tag)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.countries import fold, name_match
from tui.core.kinds import EntityKind, MarkFilterKind
from tui.core.store import EventStore

MAX_PER_KIND = 4
MAX_TAGS = 8  # after "#", the tags are all there is to offer
TAG_PREFIX = "#"
# The words that offer the starred and the noted filters, typed from their start ("st", "not").
_MARK_WORDS: dict[MarkFilterKind, tuple[str, ...]] = {
    "starred": ("starred", "stars", "★", "*"),
    "noted": ("has a note", "notes", "noted", "with a note"),
}
_MARK_WORD_MIN = 2  # "s" alone is too common a start to offer the starred filter


@dataclass(frozen=True, slots=True)
class MarkMatch:
    kind: MarkFilterKind
    value: str = ""  # the tag; "" for starred and noted
    uses: int = 0  # a tag's number of events


def mark_matches(typed: str, tags: Sequence[tuple[str, int]]) -> list[MarkMatch]:
    """The mark filters what was typed asks for: after "#", the tags whose name matches the
    rest (every tag after "#" alone), most used first; otherwise "starred" or "has a note"
    when the text starts one of their words, then the tags whose name matches it.
    ``tags``: (tag, events) in the order to offer them (DatasetAnnotations.tag_counts)."""
    text = fold(typed)
    if text.startswith(TAG_PREFIX):
        return _tags(text.removeprefix(TAG_PREFIX).strip(), tags, MAX_TAGS)
    if not text:
        return []
    found = [
        MarkMatch(kind)
        for kind, words in _MARK_WORDS.items()
        if any(word.startswith(text) for word in words)
        and (len(text) >= _MARK_WORD_MIN or not text.isalnum())
    ]
    return [*found, *_tags(text, tags, MAX_PER_KIND)]


def _tags(text: str, tags: Sequence[tuple[str, int]], limit: int) -> list[MarkMatch]:
    ranked = [
        (rank, MarkMatch("tag", tag, uses))
        for tag, uses in tags
        if (rank := 0 if not text else name_match(text, fold(tag))) is not None
    ]
    ranked.sort(key=lambda pair: pair[0])  # stable: most used first within a rank
    return [match for _, match in ranked[:limit]]


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
        actors, concerns = self.prepare()
        return [
            *_best("actor", typed, actors, limit),
            *_best("concern", typed, concerns, limit),
        ]

    @property
    def ready(self) -> bool:
        """Whether the names are worked out (a search answers at once)."""
        return self._actors is not None and self._concerns is not None

    def prepare(self) -> tuple[list[_Entry], list[_Entry]]:
        """Work out the folded names, once: from a large file the concerns are read first (a
        second at 10M events), so a screen does it in a worker."""
        if self._actors is None or self._concerns is None:
            join = _SEPARATOR.join
            actors = [
                (key, actor.name, fold(join((actor.name, *actor.aliases))))
                for key, actor in self._store.actors.items()
            ]
            concerns = [
                (key, concern.label, fold(concern.label))
                for key, concern in self._store.concerns.items()
            ]
            self._actors, self._concerns = actors, concerns
        return self._actors, self._concerns


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
