"""Which stored dataset an opened dataset is: the rule that brings notes back.

The rule
--------
A dataset's annotations are keyed by an opaque *dataset key* (random, assigned the first time
the data is seen), never by a path, so moving or copying the files changes nothing. Beside the
key the store records the dataset's name and a *sample* of its event ids: at most
``SAMPLE_SIZE`` ids of the dataset, spread out over it and the same each time the same data is
opened. Which ids does not matter to the rule (the containment check below does): the app's
stores give their own cheaply (``EventStore.id_sample``: the ids at evenly spaced rows, in time
order, read without touching the other ids); a plain list of ids gives the ids whose CRC-32 is
smallest (:func:`id_sample`).

When a dataset is opened, each stored dataset is scored by its *containment*: the share of its
recorded sample ids that are present among the opened dataset's ids. Presence is asked of the
opened data in batches (``present_ids``: one query for a store over Parquet): one for every
stored sample's ids (none for an unchanged dataset: its own sample's ids are known present),
one for the matched dataset's annotated ids (the vanished ones). A stored dataset with a
containment of at least ``MIN_CONTAINMENT`` (one half) is the same dataset. So:

- the same data opened from another path, or renamed (imports are named after their file),
  has the same ids: containment 1, same key;
- an update that adds events keeps every old id: containment 1, same key;
- an update that removes fewer than half of the events keeps the key; the annotated ids that
  vanished are listed in ``DatasetAnnotations.vanished`` and their annotations are kept;
- a different dataset that happens to share the name but not the ids gets a new key.

When several stored datasets qualify (say two exports that the opened one contains both), the
highest containment wins, then the one whose event count was closest to the opened one's, then
the one with the same name, then the most recently opened; the others keep their annotations
untouched. A dataset with no events has no ids to compare: it is the stored id-less dataset
of the same name, if any. After every open the recorded name and sample are refreshed from the
data, so a dataset that changes a little at a time is followed.

Ids are the only evidence: an event whose id changes (a TimelineJS slide without unique_id
whose headline was edited) is a new event, and the old id's annotations are "vanished".

Only event ids and the name are read; the input files are never opened or written here.
"""

from __future__ import annotations

import heapq
import math
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence, Set
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

SAMPLE_SIZE = 128
MIN_CONTAINMENT = 0.5


def id_sample(event_ids: Iterable[str], size: int = SAMPLE_SIZE) -> list[str]:
    """The ids with the smallest CRC-32 (ties by id), in that order: stable across runs.

    Ids are unique within a dataset, so no set is built (a million ids take about 0.25 s).
    """
    smallest = heapq.nsmallest(size, event_ids, key=lambda i: (zlib.crc32(i.encode()), i))
    return list(dict.fromkeys(smallest))


def as_id_set(event_ids: Collection[str]) -> Set[str]:
    """A set to test membership in (a list would make each test a scan)."""
    return event_ids if isinstance(event_ids, Set) else frozenset(event_ids)


@runtime_checkable
class DatasetIds(Protocol):
    """An opened dataset's ids as matching asks for them (an EventStore is one)."""

    def __len__(self) -> int: ...

    def id_sample(self, size: int) -> list[str]:
        """At most ``size`` of the ids, spread out, the same for the same data."""
        ...

    def present_ids(self, event_ids: Collection[str]) -> Set[str]:
        """Which of these ids are in the dataset (one batch)."""
        ...


class IdList:
    """A plain sequence of ids as DatasetIds; ``contains`` answers membership when given
    (say from a store's index), else a set of the ids is built on first use."""

    def __init__(self, event_ids: Sequence[str], contains: Callable[[str], bool] | None) -> None:
        self._ids = event_ids
        self._contains = contains

    def __len__(self) -> int:
        return len(self._ids)

    def id_sample(self, size: int) -> list[str]:
        return id_sample(self._ids, size)

    def present_ids(self, event_ids: Collection[str]) -> Set[str]:
        if self._contains is None:
            self._contains = as_id_set(self._ids).__contains__
        return {event_id for event_id in event_ids if self._contains(event_id)}


class Presence:
    """Which ids are in the opened dataset: asked of it in batches, each id at most once."""

    def __init__(self, ids: DatasetIds, known_present: Iterable[str] = ()) -> None:
        self._ids = ids
        self._present = set(known_present)
        self._asked = set(self._present)
        self.batches = 0  # how many times the dataset was asked

    def check(self, event_ids: Iterable[str]) -> None:
        """Ask about every id not asked about yet, in one batch."""
        wanted = {event_id for event_id in event_ids if event_id not in self._asked}
        if wanted:
            self._present |= self._ids.present_ids(wanted)
            self._asked |= wanted
            self.batches += 1

    def __call__(self, event_id: str) -> bool:
        self.check((event_id,))
        return event_id in self._present


@dataclass(frozen=True)
class KnownDataset:
    key: str
    name: str
    sample: tuple[str, ...]
    event_count: int
    last_opened: str  # ISO 8601 UTC: sorts in time order


def containment(known: KnownDataset, contains: Callable[[str], bool]) -> float:
    """The share of the known dataset's sample ids that are present (0 for an id-less one)."""
    if not known.sample:
        return 0.0
    return sum(1 for event_id in known.sample if contains(event_id)) / len(known.sample)


def best_match(
    candidates: Iterable[KnownDataset],
    name: str,
    event_count: int,
    contains: Callable[[str], bool],
) -> KnownDataset | None:
    """The stored dataset the opened one is, by the rule in the module docstring, or None."""
    if event_count == 0:
        nameless = [c for c in candidates if not c.sample and c.name == name]
        return max(nameless, key=lambda c: c.last_opened, default=None)
    scored = [(containment(c, contains), c) for c in candidates]
    qualified = [(score, c) for score, c in scored if score >= MIN_CONTAINMENT]
    if not qualified:
        return None

    def preference(scored: tuple[float, KnownDataset]) -> tuple[float, float, bool, str]:
        score, known = scored
        size_gap = abs(math.log((known.event_count + 1) / (event_count + 1)))
        return score, -size_gap, known.name == name, known.last_opened

    return max(qualified, key=preference)[1]
