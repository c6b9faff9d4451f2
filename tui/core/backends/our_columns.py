"""Our Parquet columns, named with the types DuckDB reads them as: the one place they are
defined (the writer in tui.core.backends.schema makes its polars schema from them).

Kept free of polars and of the model, so that opening a Parquet file imports neither for its
column check.
"""

from __future__ import annotations

LIST = "VARCHAR[]"
COLUMNS: dict[str, str] = {
    "seq": "BIGINT",
    "id": "VARCHAR",
    "start_key": "INTEGER",
    "end_key": "INTEGER",  # 0: no end
    "precision": "TINYINT",  # 1 year, 2 month, 3 day (tui.core.dates.Precision), of the start
    "approximate": "BOOLEAN",
    "title": "VARCHAR",
    "summary": "VARCHAR",
    "kind": "VARCHAR",
    "countries": LIST,  # ISO alpha-3
    "country_codes": "VARCHAR",  # the same, as " JPN NZL ": a country filter is a substring
    "actors": LIST,  # actor ids
    "actor_names": LIST,  # parallel to actors
    "concerns": LIST,  # concern ids
    "concern_labels": LIST,  # parallel to concerns
    "places": LIST,
    "source_titles": LIST,
    "source_urls": LIST,  # parallel to source_titles ("" when none)
    "quotes": LIST,  # parallel to source_titles
    "search_text": "VARCHAR",
}
ROW_GROUP_ROWS = 122_880  # DuckDB's own default: row groups it can prune by start_key
# Key/value metadata of a file written by write_parquet: its rows are stored in seq order,
# seq running 0..n-1, so a window needs no sort (see tui.core.backends.parquet).
ORDERED_KEY, ORDERED_VALUE = "timeline-explorer", "seq-ordered"
# Key/value metadata too: the actors the rows name (kind, country, role, aliases), as one JSON
# array of actors (tui.core.backends.actor_table). Absent past its cap, or from other writers.
ACTORS_KEY = "timeline-explorer-actors"
