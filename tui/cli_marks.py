"""The analyst's marks on the command line: ``--starred`` and ``--tag`` (on opening and on
``export``), and the annotations store opened for a verb that reads them (``export``,
``notes``).

The store is the app's (the user data directory, ``TIMELINE_EXPLORER_DATA_DIR`` overrides it).
When it cannot be used, or was damaged (it is then kept aside and a fresh one started, as the
app does), a verb that only carries the marks says so and goes on without them; a verb that
cannot be answered without them (``--starred``, ``--tag``, ``notes export``) stops with exit 1.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.cli import fail

if TYPE_CHECKING:
    from tui.core.annotations import AnnotationStore, DatasetAnnotations
    from tui.core.filters import Filter
    from tui.core.store import EventStore


def add_mark_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """--starred and --tag: filters by the analyst's own marks (all of them must hold)."""
    parser.add_argument(
        "--starred",
        action="store_true",
        help=f"{verb} the events you starred (s in the app)",
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help=f"{verb} the events you tagged TAG; repeat to require several",
    )


def mark_filters(options: argparse.Namespace, verb: str = "") -> tuple[Filter, ...] | None:
    """The filters --starred and --tag ask for; None, after saying why, for an empty tag."""
    if not options.starred and not options.tag:
        return ()  # the annotations' models are imported later, off the way to the first screen
    from tui.core.annotations.notes import normalized_tag
    from tui.core.filters import Filter

    filters = [Filter("starred")] if options.starred else []
    for typed in options.tag:
        try:
            filters.append(Filter("tag", normalized_tag(typed)))
        except ValueError as error:
            fail(verb, f"--tag: {error}")
            return None
    return tuple(dict.fromkeys(filters))


def mark_tags(filters: tuple[Filter, ...]) -> list[str]:
    return [f.value for f in filters if f.kind == "tag"]


def mark_options_given(options: argparse.Namespace) -> str:
    """The mark options given ("--starred and --tag"), "" for none: what a verb cannot answer
    without the annotations store."""
    given = [
        name for name, used in (("--starred", options.starred), ("--tag", options.tag)) if used
    ]
    return " and ".join(given)


@dataclass
class OpenedMarks:
    """The dataset's annotations, or why there are none (``problem``)."""

    annotations: DatasetAnnotations | None
    problem: str = ""
    store: AnnotationStore | None = None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def open_marks(store: EventStore) -> OpenedMarks:
    """The annotations of the opened dataset from the user's store. A damaged store is moved
    aside by the store itself; it is a problem here too, since its marks are not in the fresh
    one (annotations are still given: the fresh store can take new ones)."""
    import sqlite3

    from tui.core.annotations import AnnotationStore, StoreError

    try:
        annotation_store = AnnotationStore()
    except StoreError as error:
        return OpenedMarks(None, str(error))
    try:
        annotations = annotation_store.dataset(store.name, store)  # batched: see identity.py
    except sqlite3.Error as error:
        annotation_store.close()
        return OpenedMarks(
            None, f"cannot use the annotations store {annotation_store.path}: {error}"
        )
    damage = str(annotation_store.damaged) if annotation_store.damaged else ""
    return OpenedMarks(annotations, damage, annotation_store)


def marks_for(
    store: EventStore,
    verb: str,
    *,
    refusal: str = "",
    going_on: str = "",
    fresh_will_do: bool = False,
) -> OpenedMarks | None:
    """The annotations for a verb. Given a ``refusal`` (what the verb cannot do without its
    marks: "--starred cannot be answered"), a problem fails the verb: None, after saying the
    problem and the refusal; with ``fresh_will_do``, a damaged store does not (the verb can
    use the fresh one that replaced it). Otherwise the problem is said with ``going_on`` (what
    the verb does instead) and the verb goes on."""
    opened = open_marks(store)
    if not opened.problem:
        return opened
    if refusal and not (fresh_will_do and opened.annotations is not None):
        fail(verb, f"{opened.problem}; {refusal}")
        opened.close()
        return None
    fail(verb, f"{opened.problem}; {going_on}")
    return opened
