"""A Markdown brief, ready to paste: the events in order with their actors, and one footnote per
source with its outlet, date, address and the quotes the events rest on.

Data text is escaped (see :mod:`markdown_escape`) so that, whatever it holds, it renders as the
same text. The writer reads each event's fields (:mod:`brief_fields`): from the models, or for
a large import from its columns, with no model made per row.

Given the analyst's marks, an event's star and tags are a line of its facts, and its note a
block quote headed "Analyst's note" after the summary: the analyst's words are never mistaken
for the sources'. They are escaped as the data is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import repeat

from tui.core import memo
from tui.core.columns import Rows
from tui.core.countries import country_name
from tui.core.exporters._common import (
    CachedSources,
    actor_label,
    distinct_rows,
    human_date,
    safe_url,
)
from tui.core.exporters._stream import Lines, Piece, joined
from tui.core.exporters.brief_fields import BriefBatch, brief_batches
from tui.core.exporters.markdown_escape import (
    escape_block,
    escape_blocks_utf8,
    escape_inline,
    escape_line,
    escape_lines_utf8,
)
from tui.core.exporters.marks import ExportMarks
from tui.core.memo import Memo
from tui.core.model import AnalystMarks, Source
from tui.core.store import EventStore
from tui.core.textsafe import one_line

__all__ = ["escape_block", "escape_inline", "escape_line", "markdown_pieces", "to_markdown"]


@dataclass
class _Footnotes:
    """One footnote per source, numbered by first citation; the quotes are grouped under it.

    Only the footnotes' own lines are kept as the brief streams, never the events."""

    numbers: dict[str, int] = field(default_factory=dict)
    sources: list[tuple[str, Source | None]] = field(default_factory=list)
    # Per source, each (event id, quote) once, as its line under the footnote.
    quotes: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)

    def cite(
        self, source_id: str, source: Source | None, batch: BriefBatch, i: int, quote: str
    ) -> int:
        """The source's number; the quote is kept under it for event ``i`` of the batch."""
        if source_id not in self.numbers:
            self.numbers[source_id] = len(self.numbers) + 1
            self.sources.append((source_id, source))
            self.quotes[source_id] = {}
        quotes = self.quotes[source_id]
        event_id = batch.ids[i]
        if quote.strip() and (event_id, quote) not in quotes:
            cited_for = f"{escape_inline(one_line(batch.date_labels[i]))}, " + escape_inline(
                one_line(batch.titles[i])
            )
            quotes[event_id, quote] = f"    “{escape_inline(one_line(quote))}” (for {cited_for})"
        return self.numbers[source_id]

    def lines(self) -> list[str]:
        lines: list[str] = []
        for source_id, source in self.sources:
            lines += [f"[^{self.numbers[source_id]}]: {_source_line(source_id, source)}", ""]
            # Indented four spaces: further paragraphs of the same footnote.
            for line in self.quotes[source_id].values():
                lines += [line, ""]
        return lines


def _source_line(source_id: str, source: Source | None) -> str:
    if source is None:
        return escape_line(source_id)
    parts = [f"*{escape_line(source.title)}*"]
    if source.publisher:
        parts.append(escape_line(source.publisher))
    if source.published is not None:
        parts.append(human_date(source.published))
    url = safe_url(source)
    if url is not None:
        parts.append(f"<{url}>")
    return ", ".join(parts)


class _Sections:
    """The events' sections of the brief, a batch at a time. The facts lines repeat from event
    to event (the same kind, actors, countries, places): each is made once per combination."""

    def __init__(
        self, store: EventStore, footnotes: _Footnotes, marks: ExportMarks | None = None
    ) -> None:
        self._footnotes = footnotes
        self._marks = marks if marks is not None and not marks.empty else None
        self._sources = CachedSources(store)

        # Each fact after the kind starts with the hard line break (two trailing spaces) that
        # ends the one before it, in every renderer; there is none for an empty key.
        # The facts as written, in UTF-8.
        def actors(key: tuple[tuple[str, str | None], ...]) -> bytes:
            labels = "; ".join(escape_line(actor_label(store, a, role)) for a, role in key)
            return f"  \n**Actors:** {labels}".encode() if key else b""

        def countries(key: tuple[str, ...]) -> bytes:
            labels = ", ".join(escape_line(country_name(c)) for c in key)
            return f"  \n**Countries:** {labels}".encode() if key else b""

        def places(key: tuple[str, ...]) -> bytes:
            labels = "; ".join(escape_line(place) for place in key)
            return f"  \n**Places:** {labels}".encode() if key else b""

        def kind(key: str) -> bytes:
            return f"**Kind:** {escape_line(key)}".encode()

        self._actors = Memo(actors)
        self._countries = Memo(countries)
        self._places = Memo(places)
        self._kind = Memo(kind)
        self._source_labels: dict[str, str] = {}  # by source id: its title and footnote number
        # Sources lines by citations (none quoting): ACLED's events each cite one of a few.
        self._cited_known: dict[tuple[tuple[str, str], ...], bytes] = {}

    def text(self, batch: BriefBatch) -> bytes:
        """The batch's sections, one after the other, in UTF-8. Made a part at a time for the
        whole batch (each a list, in order), then each section joined from its parts."""
        summaries = escape_blocks_utf8(batch.summaries)
        count = len(batch)
        if self._marks is not None or any(a is not None for a in batch.analyst):
            noted = [self._noted(e, a) for e, a in zip(batch.ids, batch.analyst, strict=True)]
            starred: Iterable[bytes] = [facts.encode("utf-8") for facts, _ in noted]
            notes: Iterable[bytes] = [note.encode("utf-8") for _, note in noted]
        else:
            starred, notes = repeat(b"", count), repeat(b"", count)
        known, cited = self._cited_known, self._cited
        # Dates repeat within a batch, which is in time order; kept for the batch only (there
        # may be as many as there are events).
        dates = {label: escape_line(label).encode("utf-8") for label in set(batch.date_labels)}
        parts = (
            repeat(b"## ", count),
            map(dates.__getitem__, batch.date_labels),
            repeat(" · ".encode(), count),
            escape_lines_utf8(batch.titles),
            repeat(b"\n\n", count),
            map(self._kind.__getitem__, batch.kinds),
            map(self._actors.__getitem__, batch.actors),
            map(self._countries.__getitem__, batch.countries),
            map(self._places.__getitem__, batch.places),
            starred,
            [b"\n\n" if summary else b"" for summary in summaries],
            summaries,
            notes,
            [
                (known[c] if c in known else cited(batch, i)) if c else b""
                for i, c in enumerate(batch.citations)
            ],
            repeat(b"\n", count),
        )
        return b"\n".join(map(b"".join, zip(*parts, strict=True)))

    def _noted(self, event_id: str, analyst: AnalystMarks | None) -> tuple[str, str]:
        """The event's marks as its facts' last line and as the note after its summary (each
        with the break before it), "" where it has none."""
        marks = self._marks_of(event_id, analyst)
        if marks is None:
            return "", ""
        starred = (
            "  \n" + _marks_line(marks.starred, marks.tags) if marks.starred or marks.tags else ""
        )
        note = escape_block(marks.note)
        quoted = "\n".join(["", "", "> **Analyst's note**", ">", *_quoted(note)]) if note else ""
        return starred, quoted

    def _cited(self, batch: BriefBatch, i: int) -> bytes:
        """The event's sources line (with the break before it), its citations footnoted; kept
        for the next event with the same citations when none has a quote to keep."""
        labels = self._source_labels
        cited: list[str] = []
        citations = batch.citations[i]
        for source_id, quote in citations:
            label = labels.get(source_id)
            if label is None or quote:  # a source not numbered yet, or a quote to keep
                source = self._sources(source_id)
                number = self._footnotes.cite(source_id, source, batch, i, quote)
                if label is None:
                    title = source.title if source is not None else source_id
                    label = labels[source_id] = f"{escape_line(title)}[^{number}]"
            cited.append(label)
        # A source cited twice by the event is listed once (a number is one source's).
        text = ("\n\n**Sources:** " + "; ".join(dict.fromkeys(cited))).encode("utf-8")
        if not any(quote.strip() for _, quote in citations):
            if len(self._cited_known) >= memo.KNOWN_LIMIT:
                self._cited_known.clear()
            self._cited_known[citations] = text
        return text

    def _marks_of(self, event_id: str, analyst: AnalystMarks | None) -> AnalystMarks | None:
        """The event's marks: the snapshot's, else those it was loaded with (as marks_of)."""
        found = self._marks.of(event_id) if self._marks is not None else None
        return found if found is not None else analyst


def _quoted(block: str) -> list[str]:
    """Escaped paragraphs as a block quote, each of the note's line breaks kept (a hard break:
    two trailing spaces), as the analyst wrote them."""
    lines = block.split("\n")
    quoted: list[str] = []
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if not line:
            quoted.append(">")
        else:
            quoted.append(f"> {line}  " if following else f"> {line}")
    return quoted


def _marks_line(starred: bool, tags: Iterable[str]) -> str:
    """The analyst's star and tags, as one line of an event's facts."""
    parts = ["★ starred"] if starred else []
    listed = ", ".join(one_line(tag) for tag in tags)
    if listed:
        parts.append(escape_inline(f"tags: {listed}"))  # whole, so '#' after a space is seen
    return "**Analyst:** " + " · ".join(parts)


def markdown_pieces(
    store: EventStore,
    ordered: Rows,
    description: str = "",
    made: dt.date | None = None,
    marks: ExportMarks | None = None,
) -> Iterator[Piece]:
    """The brief of the (distinct, ascending) rows: the header, a piece per batch of events,
    then the footnotes."""
    noun = "event" if len(ordered) == 1 else "events"
    made_on = made if made is not None else dt.date.today()
    filters = escape_line(description) if description.strip() else "none (all events)"
    header = [
        f"**Dataset:** {escape_line(store.name)}",
        f"**Filter:** {filters}",
        f"**Events:** {len(ordered):,} {noun}, in time order",
        f"**Made:** {made_on.day} {made_on:%B %Y} with Timeline Explorer",
    ]
    lines = Lines()
    yield lines.text([f"# {escape_line(store.name)}", "", "  \n".join(header), ""]), 0
    footnotes = _Footnotes()
    sections = _Sections(store, footnotes, marks)
    for batch, done in brief_batches(store, ordered):
        # After the header: each batch's text starts with the line break that ends the last.
        yield (b"\n" + sections.text(batch) if len(batch) else b""), done
    if footnotes.sources:
        yield lines.text(["---", "", *footnotes.lines()]), len(ordered)


def to_markdown(
    store: EventStore,
    rows: Rows | Iterable[int],
    description: str = "",
    made: dt.date | None = None,
    marks: ExportMarks | None = None,
) -> str:
    """The brief of some rows; ``description`` names the filters that chose them."""
    pieces = markdown_pieces(store, distinct_rows(rows), description, made, marks)
    return joined(pieces)
