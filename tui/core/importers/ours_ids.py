"""Ids repeated within one file of our format, found in the parsed JSON before any model is
built: a file of a million copies of one event costs a pass over the ids and one model, not a
million models (memory follows the distinct items, not the repeats)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.jsonfile import JsonLocator
from tui.core.problems import CappedProblems, Problem

# Each kind of item with an id, and the top-level field holding them.
COLLECTIONS = (
    ("actor", "actors"),
    ("concern", "concerns"),
    ("source", "sources"),
    ("event", "events"),
)


def duplicate_message(kind: str, item_id: str, first_place: str) -> str:
    return f"duplicate {kind} id {item_id!r} (first defined at {first_place})"


def place(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


@dataclass
class Thinned:
    """The document with only the first item of each id, and the repeats as problems."""

    document: dict[str, Any]
    duplicates: CappedProblems
    # For each thinned collection, the index in the file of each item kept.
    kept: dict[str, list[int]] = field(default_factory=dict)

    def original_loc(self, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
        """A place in the thinned document as the same place in the file."""
        if len(loc) > 1 and isinstance(loc[0], str) and isinstance(loc[1], int):
            indexes = self.kept.get(loc[0])
            if indexes is not None and loc[1] < len(indexes):
                return (loc[0], indexes[loc[1]], *loc[2:])
        return loc


def thin_repeats(path: Path, document: dict[str, Any], locator: JsonLocator) -> Thinned:
    """Leave out every item whose id (a string) an earlier item of its kind in the file has;
    each is a problem (the first ones listed with their lines, the rest counted). Items
    without a string id are kept for validation to report."""
    thinned = Thinned(document, CappedProblems("duplicate ids"))
    for kind, collection in COLLECTIONS:
        items = document.get(collection)
        if not isinstance(items, list):
            continue
        first_index: dict[str, int] = {}
        kept: list[int] | None = None  # made at the first repeat: most files have none
        for index, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str):
                if kept is not None:
                    kept.append(index)
                continue
            first = first_index.setdefault(item_id, index)
            if first == index:
                if kept is not None:
                    kept.append(index)
                continue
            if kept is None:
                kept = list(range(index))
            _report(thinned.duplicates, path, locator, (kind, collection, item_id, first, index))
        if kept is not None:
            thinned.kept[collection] = kept
    if thinned.kept:
        thinned.document = dict(document)
        for collection, indexes in thinned.kept.items():
            items = document[collection]
            thinned.document[collection] = [items[i] for i in indexes]
    return thinned


def _report(
    duplicates: CappedProblems,
    path: Path,
    locator: JsonLocator,
    repeat: tuple[str, str, str, int, int],
) -> None:
    kind, collection, item_id, first, index = repeat
    if not duplicates.wanted(path):  # past what is listed: counted, no line looked up
        duplicates.count(path)
        return
    first_line, _ = locator.locate(f"/{collection}/{first}/id")
    line, _ = locator.locate(f"/{collection}/{index}/id")
    message = duplicate_message(kind, item_id, place(path, first_line))
    duplicates.add(Problem(path, message, line, None, f"{collection}[{index}].id"))
