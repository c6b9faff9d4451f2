"""Exports written in batches: the events of a view a batch at a time, and the pieces that put
streamed parts together into exactly the text a whole-document render gives.

A piece is (text, events written once it is): the writer reports progress and checks for a
cancel after each one, so a batch is what a user waits for between two checks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

import orjson

from tui.core.columns import Rows
from tui.core.exporters._common import dumps_json, json_safe
from tui.core.model import Event
from tui.core.store import EventStore

Piece = tuple[str | bytes, int]  # bytes: already encoded (UTF-8)
# Events per batch: large enough that per-batch work is nothing, small enough that a batch of
# models stays a few MB and a cancel is answered within a fraction of a second.
BATCH_ROWS = 2000
# Rows per batch when polars writes them from columns (per-batch work is a frame, not models).
FRAME_BATCH_ROWS = 50_000
# Stands for a streamed list inside a document rendered whole; found by the key before it, as
# raw quotes only delimit (data's quotes are escaped), so data holding the same text is no match.
_SLOT = "\x00streamed\x00"
_INDENT = "    "  # a list item of a top-level key, at json.dumps(indent=2)


@runtime_checkable
class PlansExports(Protocol):
    """An events column made from columns that reads what an export needs more cheaply when
    told, before the first batch, every row the export will ask for."""

    def plan(self, rows: Rows) -> None: ...


def planned(store: EventStore, ordered: Rows) -> None:
    """Tell the store's events column the rows an export will write (when it asks)."""
    if isinstance(store.events, PlansExports):
        store.events.plan(ordered)


def event_batches(store: EventStore, ordered: Rows) -> Iterator[tuple[list[Event], int]]:
    """The events of the (distinct, ascending) rows, a batch at a time, with the count so far."""
    events = store.events
    for start in range(0, len(ordered), BATCH_ROWS):
        part = ordered[start : start + BATCH_ROWS]
        yield [events[int(row)] for row in part], start + len(part)


def joined(pieces: Iterator[Piece]) -> str:
    """The whole text of an export's pieces."""
    return "".join(t if isinstance(t, str) else t.decode("utf-8") for t, _ in pieces)


class JsonList:
    """One list of a JSON document, streamed: items as ``dumps_json`` would lay them out.

    ``split(document, key)`` renders the document with that key's list standing for the
    stream and returns the text before and after it; items then go in between.
    """

    def __init__(self) -> None:
        self.count = 0

    @staticmethod
    def split(document: dict[str, Any], key: str) -> tuple[str, str]:
        """``key`` is a top-level key of ``document``."""
        text = dumps_json({**document, key: [_SLOT]})
        opening = f"{json.dumps(key)}: [\n{_INDENT}"
        head, tail = text.split(opening + json.dumps(_SLOT), 1)
        return head + opening, tail

    def items(self, values: list[Any]) -> str:
        """The items, each as it would appear in place, joined to those before."""
        if not values:
            return ""
        lead = ",\n" + _INDENT if self.count else ""
        self.count += len(values)
        return json_safe(lead + _laid_out(values))  # once: the joints hold nothing unsafe


def _laid_out(values: list[Any]) -> str:
    """The items as ``json.dumps(..., ensure_ascii=False, indent=2)`` lays out a list of them
    inside a top-level key, without the brackets: made by orjson in one call (the same text
    for what an export holds, tested; json's indented dumps is pure Python, ten times as
    slow). What orjson refuses (a lone surrogate, which the models refuse too) json lays out."""
    try:
        whole = orjson.dumps(values, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError):
        whole = json.dumps(values, ensure_ascii=False, indent=2)
    # "[\n  item,\n  item\n]": every line two spaces deeper in place, brackets off.
    return whole[len("[\n  ") : -len("\n]")].replace("\n", "\n  ")


class Lines:
    """Lines streamed so that their concatenation is ``"\\n".join`` of all of them."""

    def __init__(self) -> None:
        self._started = False

    def text(self, lines: list[str]) -> str:
        if not lines:
            return ""
        lead = "\n" if self._started else ""
        self._started = True
        return lead + "\n".join(lines)
