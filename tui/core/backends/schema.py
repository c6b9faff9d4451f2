"""The writer of any store as Parquet, with our columns (tui.core.backends.our_columns).

One row per event, in time order: ``seq`` is the row's position in the in-memory store's
order (start, then end, then id for curated data; file order within a day for imports), so
an out-of-core engine gives the same order without re-deriving the tie-breaks. List columns
hold ids with their display names beside them, so one file answers every question without a
second table. ``search_text`` is what text search looks in, casefolded, its fields separated
by newlines (a search needle never holds one, so a match never spans two fields).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl

from tui.core.backends import actor_table
from tui.core.backends.our_columns import (
    ACTORS_KEY,
    COLUMNS,
    LIST,
    ORDERED_KEY,
    ORDERED_VALUE,
    ROW_GROUP_ROWS,
)
from tui.core.backends.parquet_files import kv_metadata
from tui.core.model import Event
from tui.core.store import EventStore

_POLARS_TYPES: dict[str, pl.DataType] = {
    "BIGINT": pl.Int64(),
    "INTEGER": pl.Int32(),
    "TINYINT": pl.Int8(),
    "BOOLEAN": pl.Boolean(),
    "VARCHAR": pl.String(),
    LIST: pl.List(pl.String),
}
SCHEMA = pl.Schema({name: _POLARS_TYPES[kind] for name, kind in COLUMNS.items()})
BATCH_ROWS = 50_000  # rows built in Python before they go to disk


def search_text(store: EventStore, row: int, event: Event | None = None) -> str:
    """The text search looks in for one row: the store's own search text when it keeps one
    (curated data: exact), else the event's title, summary, names, places and tags."""
    texts = store.columns.search_text
    if len(texts):
        return " ".join(texts[row].replace("\x00", " ").split()).casefold()
    event = event if event is not None else store.events[row]
    fields = [
        event.title,
        event.summary,
        *(store.actor_name(p.actor) for p in event.actors),
        *(store.concerns[c].label for c in event.concerns if c in store.concerns),
        *(p.name for p in event.places if p.name),
        *event.tags,
    ]
    kept: list[str] = []
    for text in (" ".join(f.split()).casefold() for f in fields if f):
        # A field inside one already kept adds no match (a needle never spans fields).
        if not any(text in earlier for earlier in kept):
            kept.append(text)
    return "\n".join(kept)


def country_codes(countries: tuple[str, ...]) -> str:
    """ " JPN NZL ": finding " JPN " in it is a plain substring test, six times faster in
    DuckDB than looking into the list (codes hold no spaces, so a match is a whole code)."""
    return " " + " ".join(countries) + " "


_LISTS = [name for name, kind in COLUMNS.items() if kind == LIST]
# Part files hold list columns as JSON text: polars builds a list column from Python lists
# ten times slower than a string column; DuckDB turns the text back into lists on the join.
_STAGED = pl.Schema(
    {name: pl.String() if name in _LISTS else kind for name, kind in SCHEMA.items()}
)


def _staged_batch(store: EventStore, rows: range) -> pl.DataFrame:
    columns = store.columns
    values: dict[str, list[object]] = {name: [] for name in COLUMNS}
    for row in rows:
        event = store.events[row]
        start_key = int(columns.start_keys[row])
        actors = columns.actors[row]
        concerns = columns.concerns[row]
        cited = [(c, store.sources.get(c.source)) for c in event.citations]
        cited_sources = [(c, s) for c, s in cited if s is not None]
        record: dict[str, object] = {
            "seq": row,
            "id": str(columns.ids[row]),
            "start_key": start_key,
            "end_key": int(columns.end_keys[row]),
            "precision": 3 if start_key % 100 else 2 if start_key % 10000 else 1,
            "approximate": bool(columns.approximate[row]),
            "title": str(columns.titles[row]),
            "summary": event.summary,
            "kind": str(columns.kinds[row]),
            "countries": columns.countries[row],
            "country_codes": country_codes(columns.countries[row]),
            "actors": actors,
            "actor_names": [store.actor_name(a) for a in actors],
            "concerns": concerns,
            "concern_labels": [store.concern_label(c) for c in concerns],
            "places": [p.name or p.country or "" for p in event.places],
            "source_titles": [s.title for _, s in cited_sources],
            "source_urls": [str(s.url) if s.url is not None else "" for _, s in cited_sources],
            "quotes": [c.quote for c, _ in cited_sources],
            "search_text": search_text(store, row, event),
        }
        for name in _LISTS:
            record[name] = json.dumps(list(record[name]), ensure_ascii=False)  # type: ignore[call-overload]
        for name, value in record.items():
            values[name].append(value)
    return pl.DataFrame(values, schema=_STAGED)


def _joined_columns() -> str:
    return ", ".join(
        f"from_json({name}, '[\"VARCHAR\"]') AS {name}" if name in _LISTS else name
        for name in COLUMNS
    )


def _metadata(store: EventStore, note: Callable[[str], None] | None) -> dict[str, str]:
    """The file's key/value metadata: in seq order, and the actor table unless too big."""
    metadata = {ORDERED_KEY: ORDERED_VALUE}
    actors = actor_table.referenced_actors(store)
    table = actor_table.actor_table_json(actors)
    if table is not None:
        metadata[ACTORS_KEY] = table
    elif note is not None:
        cap = actor_table.ACTOR_TABLE_CAP / 1e6
        note(
            f"the table of {len(actors):,} actors is past {cap:g} MB: the file carries their "
            "names, not their kinds, countries or aliases"
        )
    return metadata


def write_parquet(
    store: EventStore,
    path: Path,
    *,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int, int], None] | None = None,
    note: Callable[[str], None] | None = None,
) -> int:
    """Write the store as one Parquet file with our columns; return the rows written.

    Batches go to part files in a temporary directory beside the target (bounded memory),
    then DuckDB joins them, in order, into a temporary file renamed to the target: a reader
    never sees half a file. The file is marked as stored in seq order (ORDERED_KEY) and
    carries the actors its rows name (ACTORS_KEY) unless they pass ACTOR_TABLE_CAP, which
    ``note`` is told.
    """
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    parts = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".parts"))
    temporary = parts / "joined.parquet"
    try:
        files: list[Path] = []
        for first in range(0, max(len(store), 1), batch_rows):
            batch = _staged_batch(store, range(first, min(first + batch_rows, len(store))))
            files.append(parts / f"part-{len(files):06d}.parquet")
            batch.write_parquet(files[-1])
            if progress is not None:
                progress(first + len(batch), len(store))
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        target = str(temporary).replace("'", "''")
        metadata = _metadata(store, note)
        with duckdb.connect() as connection:
            connection.execute("SET enable_progress_bar = false")  # ours is on the line
            # No ORDER BY: the parts are in seq order and DuckDB keeps the order it reads.
            connection.execute(
                f"COPY (SELECT {_joined_columns()} FROM read_parquet([{listed}])) "
                f"TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_ROWS}, "
                f"KV_METADATA {kv_metadata(metadata)})"
            )
        temporary.replace(path)
        return len(store)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
