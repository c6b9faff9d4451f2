"""A Parquet file (or a directory of them, written by ``convert``) opened as an EventStore, so
every screen works on it unchanged, with memory bounded whatever its size.

In memory: the start and end keys and the approximate flag (numpy; 10M rows ≈ 90 MB), which
the timeline, the density strip, the time axis and period filters read for every row. Read
from the file when asked, through DuckDB: a row's text (a RowCache of the rows around it), the
rows of a country, actor or concern filter, the rows a text search finds, an event by id, and
the whole code columns the first time a facet needs them (tui.core.parquet_columns).

Rows are numbered in time order by where they are stored: the files must hold them in ``seq``
order, ``seq`` running 0..n-1 (``write_parquet`` writes them so, and marks the file); a
single file's rows are then numbered by their position in it, with no column decoded.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Generator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tui.core.backends.actor_table import read_actor_tables
from tui.core.backends.parquet_files import checked_connection, layout, parquet_files
from tui.core.columns import LazyColumn, Rows
from tui.core.dates import PartialDate
from tui.core.model import Actor, Citation, Concern, Event, EventKind, Participant, Place, Source
from tui.core.parquet_columns import CachedColumn, CachedKinds, CachedRagged, NamesSeen
from tui.core.parquet_rows import ROW, Database, RowCache, after_all
from tui.core.problems import LoadError, Problem
from tui.core.store import EventColumns, EventStore, Query, spread_rows

if TYPE_CHECKING:
    import duckdb

# What a timeline row shows (and the names of its ids), and what only the detail pane shows.
ROW_COLUMNS = (
    "id",
    "title",
    "kind",
    "countries",
    "actors",
    "actor_names",
    "concerns",
    "concern_labels",
)
_ACTORS, _CONCERNS = ROW_COLUMNS.index("actors"), ROW_COLUMNS.index("concerns")  # names next
DETAIL_COLUMNS = ("summary", "places", "source_titles", "source_urls", "quotes")
ROW_SPAN, ROW_CAPACITY = 512, 32_768  # a miss fetches 512 rows; 64 such fetches are kept
DETAIL_SPAN, DETAIL_CAPACITY = 64, 4_096
SOURCES_KEPT = 100_000  # sources of the events built lately (a citation's lookup follows it)


class DuckText:
    """Text search as a DuckDB scan of ``search_text`` (casefolded by the writer)."""

    def __init__(self, database: Database, length: int) -> None:
        self._database = database
        self._length = length

    def find(self, needle: str) -> Rows:
        return self._database.row_numbers("contains(search_text, ?)", [needle])

    def find_growing(self, needle: str) -> Generator[tuple[Rows, bool]]:
        return self._database.growing_row_numbers(
            "contains(search_text, ?)", [needle], self._length
        )


class RecentSources(OrderedDict[str, Source]):
    """The sources of the events built lately, the oldest forgotten past SOURCES_KEPT."""

    def __setitem__(self, key: str, value: Source) -> None:
        super().__setitem__(key, value)
        if len(self) > SOURCES_KEPT:
            self.popitem(last=False)


class ParquetStore(EventStore):
    """The EventStore over Parquet: filters and lookups by id are DuckDB queries."""

    def __init__(
        self,
        name: str,
        columns: EventColumns,
        database: Database,
        caches: tuple[RowCache, RowCache],
        actors: Mapping[str, Actor] | None = None,
    ) -> None:
        self.database = database
        self.row_cache, self.detail_cache = caches
        self.actor_names = NamesSeen(database, "actors", "actor_names")
        self.concern_labels = NamesSeen(database, "concerns", "concern_labels")
        self.row_cache.listeners.append(self._learn_names)
        self._recent_sources = RecentSources()
        super().__init__(
            name=name,
            columns=columns,
            events=LazyColumn(len(columns), self._event),
            # The file's actor table (tui.core.backends.actor_table), else none: names only.
            actors=actors if actors is not None else {},
            concerns=_Concerns(self.concern_labels),
            sources=self._recent_sources,
        )
        self._found: dict[tuple[str, str], Rows] = {}
        self._every_row: Rows | None = None

    def _learn_names(self, fetched: dict[int, tuple[Any, ...]]) -> None:
        for values in fetched.values():
            self.actor_names.learn(values[_ACTORS], values[_ACTORS + 1])
            self.concern_labels.learn(values[_CONCERNS], values[_CONCERNS + 1])

    # -- what the screens ask, answered by DuckDB ---------------------------------------------

    def query(self, query: Query) -> Rows:
        rows = super().query(query)
        self.showing(rows)  # a query's rows are what a view shows next
        return rows

    def _caches(self, full: bool) -> tuple[RowCache, ...]:
        return (self.row_cache, self.detail_cache) if full else (self.row_cache,)

    def rows_ready(self, rows: Iterable[int], *, full: bool = False) -> bool:
        wanted = [int(row) for row in rows]
        return all(cache.ready(row) for cache in self._caches(full) for row in wanted)

    def request_rows(
        self,
        rows: Iterable[int],
        on_ready: Callable[[list[int]], None],
        *,
        full: bool = False,
    ) -> None:
        wanted = [int(row) for row in rows]
        caches = self._caches(full)

        def all_fetched() -> None:
            on_ready([row for row in wanted if self.rows_ready((row,), full=full)])

        # Each cache fetches on its own thread: the two run side by side.
        done = after_all(len(caches), all_fetched)
        for cache in caches:
            cache.request(wanted, lambda _: done())

    def warm_up(self) -> None:
        super().warm_up()
        self.all_rows()  # kept: every unfiltered view asks for it
        if len(self):  # the first screen's rows and event: it opens on them, not placeholders
            self.row_cache.get(0)
            self.detail_cache.get(0)

    def showing(self, rows: Rows) -> None:
        # A page's rows (an actor's, a country's) are no query result: hinted here, a window
        # of them is one fetch rather than one per block of the file it touches.
        self.row_cache.hint(rows)
        self.detail_cache.hint(rows)

    def _rows_where(self, kind: str, condition: str, value: str) -> Rows:
        key = (kind, value)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self.database.row_numbers(condition, [value])
        return found

    def rows_for_country(self, code: str) -> Rows:
        # country_codes is " JPN NZL ": a substring test, faster than a list lookup.
        return self._rows_where("country", "contains(country_codes, ?)", f" {code} ")

    def rows_for_actor(self, actor_id: str) -> Rows:
        return self._rows_where("actor", "list_contains(actors, ?)", actor_id)

    def rows_for_concern(self, concern_id: str) -> Rows:
        return self._rows_where("concern", "list_contains(concerns, ?)", concern_id)

    def row_of(self, event_id: str) -> int | None:
        found = self.database.row_numbers("id = ?", [event_id])
        return int(found[0]) if len(found) else None

    def rows_of_ids(self, event_ids: Iterable[str]) -> Rows:
        wanted = sorted(set(event_ids))
        if not wanted:
            return np.empty(0, dtype=np.int64)
        return np.unique(self.database.row_numbers("list_contains(?, id)", [wanted]))

    def id_sample(self, size: int) -> list[str]:
        rows = spread_rows(len(self), size)
        if not rows:
            return []
        # The range lets DuckDB skip the row groups outside it; one query for every row.
        listed = ", ".join(map(str, rows))
        found = dict(
            self.database.fetch(
                f"SELECT {ROW}, id FROM events WHERE {ROW} BETWEEN {rows[0]} AND {rows[-1]} "
                f"AND {ROW} IN ({listed})"
            )
        )
        return [str(found[row]) for row in rows if row in found]

    def present_ids(self, event_ids: Collection[str]) -> set[str]:
        wanted = sorted(set(event_ids))
        if not wanted:
            return set()
        found = self.database.fetch(
            "SELECT e.id FROM events AS e SEMI JOIN (SELECT unnest(?) AS id) AS w ON e.id = w.id",
            [wanted],
        )
        return {str(event_id) for (event_id,) in found}

    def countries_present(self) -> list[str]:
        found = self.database.fetch(
            "SELECT DISTINCT unnest(countries) AS code FROM events ORDER BY code"
        )
        return [str(code) for (code,) in found]

    def actor_name(self, actor_id: str) -> str:
        # The table first: an id not yet seen in a fetched row would cost a scan for its name.
        actor = self.actors.get(actor_id)
        if actor is not None:
            return actor.name
        return self.actor_names.name(actor_id) or actor_id

    def concern_label(self, concern_id: str) -> str:
        return self.concern_labels.name(concern_id) or concern_id

    # -- the density strip: 10M rows counted per month without 80 MB temporaries ---------------

    def all_rows(self) -> Rows:
        # Asked on every unfiltered view; one shared array (read-only: nobody may change it).
        if self._every_row is None:
            self._every_row = np.arange(len(self), dtype=np.int64)
            self._every_row.flags.writeable = False
        return self._every_row

    # -- one event in full, for the detail pane and the exports ---------------------------------

    def _event(self, row: int) -> Event:
        event_id, title, kind, _countries, actors, _names, concerns, _labels = self.row_cache.get(
            row
        )
        summary, places, source_titles, source_urls, quotes = self.detail_cache.get(row)
        citations = []
        for number, (source_title, url, quote) in enumerate(
            zip(source_titles or (), source_urls or (), quotes or (), strict=False), start=1
        ):
            source_id = f"{event_id}.source-{number}"
            self._recent_sources[source_id] = Source.model_construct(
                id=source_id, title=str(source_title), url=str(url) or None
            )
            citations.append(Citation.model_construct(source=source_id, quote=str(quote or "")))
        start_key, end_key = int(self.columns.start_keys[row]), int(self.columns.end_keys[row])
        # Built without validation: the values were checked when written, and a row shown is
        # shown as it is stored.
        return Event.model_construct(
            id=str(event_id),
            title=str(title),
            summary=str(summary or ""),
            start=PartialDate.from_key(start_key),
            end=PartialDate.from_key(end_key) if end_key else None,
            approximate=bool(self.columns.approximate[row]),
            kind=EventKind(kind),
            actors=[Participant.model_construct(actor=str(a)) for a in actors or ()],
            concerns=[str(c) for c in concerns or ()],
            places=[Place.model_construct(name=str(p)) for p in places or ()],
            citations=citations,
        )


class _Concerns(dict[str, Concern]):
    """Concerns by id, their labels read from the file on first use (never at open)."""

    def __init__(self, labels: NamesSeen) -> None:
        super().__init__()
        self._labels = labels
        self._loaded = False

    def _load(self) -> None:
        if not self._loaded:
            for key, label in self._labels.all().items():
                super().__setitem__(key, Concern.model_construct(id=key, label=label))
            self._loaded = True

    def __getitem__(self, key: str) -> Concern:
        self._load()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._load()
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._load()
        return super().__contains__(key)

    def __iter__(self) -> Any:
        self._load()
        return super().__iter__()

    def __len__(self) -> int:
        self._load()
        return super().__len__()

    def values(self) -> Any:
        self._load()
        return super().values()

    def items(self) -> Any:
        self._load()
        return super().items()


def open_parquet_store(path: Path) -> ParquetStore:
    """The events of a Parquet file or directory written by ``convert``; LoadError (every
    problem, naming the file) when it cannot be read, lacks our columns or is not in order."""
    import duckdb

    files = parquet_files(path)
    # One file: rows numbered by position. Several: by seq (checked below to be the same).
    row_number = "file_row_number" if len(files) == 1 else "seq"
    connection, files = checked_connection(path, extra=f"{row_number} AS {ROW}")
    try:
        return _store(path, connection, files)
    except (duckdb.Error, OSError) as error:
        connection.close()
        first = next(iter(str(error).strip().splitlines()), "") or type(error).__name__
        raise LoadError([Problem(path, f"cannot read as Parquet: {first}"[:300])]) from None
    except LoadError:
        connection.close()
        raise


def _store(path: Path, connection: duckdb.DuckDBPyConnection, files: Sequence[str]) -> ParquetStore:
    database = Database(connection)
    _, ordered = layout(connection, list(files))
    actors = read_actor_tables(connection, files)  # from the footers: no row read
    # DuckDB reads them without holding the interpreter: the interface starts meanwhile.
    keys = database.numbers("SELECT start_key, end_key, approximate FROM events")
    start_keys = np.asarray(keys["start_key"], dtype=np.int32)
    rows = len(start_keys)
    # A file written by write_parquet says it is in seq order; others are checked (one scan).
    if rows and not ordered:
        seq = database.numbers("SELECT seq FROM events")["seq"]
        if not np.array_equal(seq, np.arange(rows)):
            why = (
                "rows are not stored in time order with seq numbering them 0..n-1 "
                "(write them with: timeline-explorer convert INPUT -o FILE.parquet)"
            )
            raise LoadError([Problem(path, why, field="seq")])
    if rows and not bool((start_keys[1:] >= start_keys[:-1]).all()):
        raise LoadError([Problem(path, "rows are not in order of start_key", field="start_key")])
    kinds = {str(k) for (k,) in database.fetch("SELECT DISTINCT kind FROM events")}
    unknown = sorted(k for k in kinds if k not in EventKind._value2member_map_)
    if unknown:
        allowed = ", ".join(k.value for k in EventKind)
        shown = ", ".join(repr(k) for k in unknown[:5])
        raise LoadError([Problem(path, f"unknown kinds {shown} (one of: {allowed})", field="kind")])

    def unreadable_row(message: str) -> tuple[Any, ...]:
        return ("", f"(cannot read this row of {path.name}: {message})", "other", *[()] * 5)

    def unreadable_detail(message: str) -> tuple[Any, ...]:
        return (f"(cannot read this row of {path.name}: {message})", (), (), (), ())

    row_cache = RowCache(
        database, ROW_COLUMNS, rows, span=ROW_SPAN, capacity=ROW_CAPACITY, unreadable=unreadable_row
    )
    detail_cache = RowCache(
        database,
        DETAIL_COLUMNS,
        rows,
        span=DETAIL_SPAN,
        capacity=DETAIL_CAPACITY,
        unreadable=unreadable_detail,
    )
    columns = EventColumns(
        ids=CachedColumn(rows, row_cache, "id", database),
        titles=CachedColumn(rows, row_cache, "title", database),
        kinds=CachedKinds(rows, row_cache, database),
        start_keys=start_keys,
        end_keys=np.asarray(keys["end_key"], dtype=np.int32),
        approximate=np.asarray(keys["approximate"], dtype=np.bool_),
        countries=CachedRagged(rows, row_cache, "countries", database),
        actors=CachedRagged(rows, row_cache, "actors", database),
        concerns=CachedRagged(rows, row_cache, "concerns", database),
        text_index=DuckText(database, rows),
    )
    return ParquetStore(path.name, columns, database, (row_cache, detail_cache), actors)
