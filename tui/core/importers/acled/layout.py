"""ACLED's column layouts: which header is ACLED's, and the names its columns have had.

Layouts read: the current one (31 columns), the pre-2023 one (numeric inter codes), and the
older ones: the 2015 Asia files (UPPERCASE names, ALLY_ACTOR_1/2, GWNO) and the 2016 Africa
files (lower-case, ally_actor_1/2, gwno, no sub_event_type, often saved by pandas with its
index as a first, unnamed column). Names are compared lower-cased; ALLY_ACTOR_n is read as
assoc_actor_n. A header that is ACLED's but lacks a column we need is refused by naming the
columns expected.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.problems import LoadError, Problem

if TYPE_CHECKING:
    import polars as pl

# Detection (looks_like) runs on every open, a cache hit included: this module imports no
# polars and no CSV reader at its top, so that telling ACLED's header costs nothing.

FORMAT = "acled"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1", "country")
OPTIONAL = (
    "sub_event_type",
    "year",
    "time_precision",
    "disorder_type",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "iso",
    "admin1",
    "location",
    "source",
    "notes",
    "fatalities",
)
CODED = (
    "event_type",
    "sub_event_type",
    "disorder_type",
    "actor1",
    "actor2",
    "inter1",
    "country",
    "admin1",
    "location",
    "source",
)
# Parsed straight into polars categories (the rest are strings, dates or numbers).
CATEGORICAL = (*CODED, "inter2", "iso")
# The part each actor column plays in an event, in the order the import codes them.
ROLES = ("actor 1", "associated with actor 1", "actor 2", "associated with actor 2")
# Earlier names of today's columns.
RENAMED = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}


def canonical(name: str) -> str:
    """A header name as today's layout spells it ("ALLY_ACTOR_1" is "assoc_actor_1")."""
    lowered = name.strip().lower()
    return RENAMED.get(lowered, lowered)


def looks_like(header: Sequence[str]) -> bool:
    """An ACLED header in any layout: every one has event_id_cnty and event_date."""
    names = {canonical(name) for name in header}
    return "event_id_cnty" in names and "event_date" in names


def read_header(path: Path) -> list[str]:
    from tui.core.importers.csv_reading import read_first_line

    line, _ = read_first_line(path)
    return next(csv.reader([line.decode("utf-8-sig", errors="replace")]), [])


def schema_of(path: Path, header: Sequence[str]) -> tuple[dict[str, pl.DataType], list[str]]:
    """The parse schema (a key per column, in file order) and the columns to read, or a
    LoadError saying which layout this is not and what it lacks."""
    import polars as pl

    names = [canonical(name) for name in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        expected = ", ".join(REQUIRED)
        which = "an ACLED layout we cannot read" if looks_like(header) else "not an ACLED file"
        message = f"{which}: no column {', '.join(missing)} (expected {expected})"
        raise LoadError([Problem(path, message, 1)])
    wanted = [name for name in (*REQUIRED, *OPTIONAL) if name in names]
    doubled = [name for name, count in Counter(names).items() if name in wanted and count > 1]
    if doubled:  # which of the two columns is meant cannot be known
        quoted = ", ".join(f'"{name}"' for name in doubled)
        which = "column" if len(doubled) == 1 else "columns"
        raise LoadError([Problem(path, f"{which} {quoted} named more than once in the header", 1)])
    schema: dict[str, pl.DataType] = {}
    for index, name in enumerate(names):
        # Columns we do not read (a pandas index, unnamed ones) still need distinct keys.
        key = name if name in wanted else f"_extra{index}"
        # Every column is parsed as text: label columns become polars' (global) categories
        # when the slice is checked (rows.clean), on the reading thread, while the next
        # slice is parsed. Parsed straight into categories, they made the parse (the slow
        # step, which shares one lock on the categories) take half as long again.
        schema[key] = pl.String()
    return schema, wanted
