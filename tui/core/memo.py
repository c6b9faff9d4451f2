"""Values made once per key and remembered, within a bound: the labels of a large export
(actors, places, dates) recur from row to row, in more combinations than memory should hold."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

KNOWN_LIMIT = 1 << 16  # keys remembered at most by a memo (read when one is full)


class Memo(dict[K, V]):
    """``make(key)`` remembered for the keys seen: ``memo[key]`` (or ``memo(key)``) costs a
    dict lookup once it is made, and ``map(memo.__getitem__, keys)`` runs at C speed.
    Everything is forgotten at KNOWN_LIMIT keys, so memory stays bounded."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: K) -> V:
        if len(self) >= KNOWN_LIMIT:
            self.clear()
        value = self[key] = self._make(key)
        return value

    def __call__(self, key: K) -> V:
        return self[key]
