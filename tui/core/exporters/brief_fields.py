"""What the Markdown brief writes of each event, as plain fields: the one input of its writer.

Every store's events become these fields by :func:`brief_batch`, from the events' models. An
events column that can give them for a batch of rows straight from its arrays (an ACLED
import: :class:`BriefColumns`) is asked for them instead, and no model is made per row. The
fields are the model's values as the brief reads them (its strings trimmed as the model trims
them), so both ways give the same brief, byte for byte.

A batch is parallel lists, one item per event, rather than a record per event: a brief of a
large view has hundreds of thousands of events, and the writer escapes a batch's titles and
summaries a column at a time (with polars), then puts each event's section together. Columns
cost nothing to hand over from an import's arrays, where records would be made one by one, and
its long texts can stay in polars from the file to the escaping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

from tui.core.columns import Rows
from tui.core.exporters.csv_frames import EventsWithCsvCells
from tui.core.model import Actor, AnalystMarks, Event

if TYPE_CHECKING:
    import polars as pl

    from tui.core.store import EventStore

# The free texts (titles, summaries), which the writer escapes a column at a time: a list, or
# a polars string column without nulls as an import reads them (not made into Python strings).
Texts: TypeAlias = "list[str] | pl.Series"

# Rows per batch from columns: the per-batch work (numpy, polars) is then nothing, and a batch
# is still written in a fraction of a second, so a cancel is answered promptly.
COLUMN_BATCH_ROWS = 10_000


@dataclass(frozen=True, slots=True)
class BriefBatch:
    """What the brief reads of a batch of events: item i of each list is event i's."""

    ids: list[str]
    date_labels: list[str]
    titles: Texts
    kinds: list[str]  # EventKind's values
    actors: list[tuple[tuple[str, str | None], ...]]  # (actor id, role)
    countries: list[tuple[str, ...]]  # codes, as Event.countries derives them
    places: list[tuple[str, ...]]  # the places' names, those that have one
    summaries: Texts
    citations: list[tuple[tuple[str, str], ...]]  # (source id, quote)
    analyst: list[AnalystMarks | None]  # the marks the events were loaded with

    def __len__(self) -> int:
        return len(self.ids)


def brief_batch(events: Sequence[Event], actors: Mapping[str, Actor]) -> BriefBatch:
    """The fields of events' models (``actors``: the store's, for the events' countries)."""
    return BriefBatch(
        ids=[e.id for e in events],
        date_labels=[e.date_label for e in events],
        titles=[e.title for e in events],
        kinds=[e.kind.value for e in events],
        actors=[tuple((p.actor, p.role) for p in e.actors) for e in events],
        countries=[e.countries(actors) for e in events],
        places=[tuple(p.name for p in e.places if p.name) for e in events],
        summaries=[e.summary for e in events],
        citations=[tuple((c.source, c.quote) for c in e.citations) for e in events],
        analyst=[e.analyst for e in events],
    )


@runtime_checkable
class BriefColumns(Protocol):
    """An events column that gives the brief's fields of some rows (ascending) from columns."""

    def brief_batch(self, rows: Rows) -> BriefBatch: ...


class EventsWithColumns(EventsWithCsvCells):
    """A lazy events column (models made on access, for the detail pane) that also gives its
    rows' CSV cells, brief fields and JSON events from columns: what an import passes as the
    store's events."""

    def __init__(
        self,
        length: int,
        make: Callable[[int], Event],
        cells: Callable[[Rows], pl.DataFrame],
        brief: Callable[[Rows], BriefBatch],
        dumped: Callable[[Rows], list[dict[str, Any]]],
        plan: Callable[[Rows], None],
    ) -> None:
        super().__init__(length, make, cells)
        self._brief = brief
        self._dumped = dumped
        self._plan = plan

    def plan(self, rows: Rows) -> None:
        """The rows an export will ask for (tui.core.exporters._stream.PlansExports)."""
        self._plan(rows)

    def brief_batch(self, rows: Rows) -> BriefBatch:
        return self._brief(rows)

    def json_events(self, rows: Rows) -> list[dict[str, Any]]:
        """The rows' events as our JSON holds them (tui.core.exporters.native.JsonEvents)."""
        return self._dumped(rows)


def brief_batches(store: EventStore, ordered: Rows) -> Iterator[tuple[BriefBatch, int]]:
    """The brief fields of the (distinct, ascending) rows, a batch at a time, with the count
    so far: from the events column's arrays when it gives them, else from the models."""
    events = store.events
    if isinstance(events, BriefColumns):
        for start in range(0, len(ordered), COLUMN_BATCH_ROWS):
            part = ordered[start : start + COLUMN_BATCH_ROWS]
            yield events.brief_batch(part), start + len(part)
        return
    from tui.core.exporters._stream import event_batches

    for batch, done in event_batches(store, ordered):
        yield brief_batch(batch, store.actors), done
