"""One slice of GDELT rows to a frame of the columns the importer keeps, bad rows named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from tui.core.importers.csv_reading import ragged_suspects, scan_fields
from tui.core.importers.gdelt_layouts import WANTED, Family
from tui.core.importers.gdelt_reading import Rows, refuse


def read_slice(rows: Rows, family: Family, first_width: int, path: Path) -> pl.DataFrame:
    """The slice's rows: ``line``, ``problem`` (null for a good row) and the kept columns."""
    layout = family.columns
    wanted = [name for name in WANTED if name in layout]
    # Polars pads a short row with nulls and cuts a long one silently, so ragged rows show
    # only as a missing field at the narrowest width or a field past the widest layout's
    # last (read for that alone); only those rows are counted again.
    last, beyond = layout[min(family.widths) - 1], "_beyond"
    checks = [name for name in (last, beyond) if name not in wanted]
    schema = {**{name: pl.String() for name in layout}, beyond: pl.String()}
    try:
        raw = scan_fields(rows.data, schema, [*wanted, *checks], tab=True)
    except pl.exceptions.PolarsError as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        raise refuse(path, f"cannot read: {message}", rows.first_line) from None
    suspect = ragged_suspects(raw, last, beyond)
    ragged = None if suspect is None else _ragged(rows.data, suspect, family, first_width)
    raw = raw.select(wanted)
    if "SOURCEURL" not in raw.columns:
        raw = raw.with_columns(SOURCEURL=pl.lit(None, dtype=pl.String))
    # Unquoted, every row is one line; blank lines were taken out with their lines noted.
    if rows.lines is None:
        line = pl.int_range(rows.first_line, rows.first_line + len(raw), dtype=pl.Int64)
        raw = raw.with_columns(line=line)
    else:
        raw = raw.with_columns(line=pl.Series(rows.lines, dtype=pl.Int64))
    # chrono would read "2024061" as a date, so insist on all eight digits first.
    date = (
        pl.when(pl.col("SQLDATE").str.contains(r"^\d{8}$"))
        .then(pl.col("SQLDATE").str.to_date("%Y%m%d", strict=False))
        .otherwise(None)
    )
    problem: pl.Expr = (
        pl.when(~pl.col("GLOBALEVENTID").str.contains(r"^\d+$").fill_null(False))
        .then(pl.format("GLOBALEVENTID {} is not a number", pl.col("GLOBALEVENTID").fill_null("")))
        .when(date.is_null())
        .then(pl.format("SQLDATE {} is not a date (YYYYMMDD)", pl.col("SQLDATE").fill_null("")))
        .when(~pl.col("EventCode").str.contains(r"^\d{2,4}$").fill_null(False))
        .then(pl.format("EventCode {} is not a CAMEO code", pl.col("EventCode").fill_null("")))
    )
    if ragged is not None:  # reported as ragged only, whatever else is wrong with them
        problem = pl.coalesce(pl.lit(ragged), problem)

    def actor_key(who: str) -> pl.Expr:
        # name, CAMEO country code and actor code: the code says whether the actor is the
        # country itself ("USA" named "WASHINGTON") or something in it ("USAGOV").
        return pl.concat_str(
            [
                pl.col(f"{who}Name").fill_null(""),
                pl.col(f"{who}CountryCode").fill_null(""),
                pl.col(f"{who}Code").fill_null(""),
            ],
            separator="\t",
        )

    return raw.select(
        "line",
        problem=problem,
        id=pl.col("GLOBALEVENTID"),
        start_key=(
            date.dt.year().cast(pl.Int32) * 10000
            + date.dt.month().cast(pl.Int32) * 100
            + date.dt.day().cast(pl.Int32)
        ),
        actor1=pl.when(pl.col("Actor1Name").is_not_null()).then(actor_key("Actor1")),
        actor2=pl.when(pl.col("Actor2Name").is_not_null()).then(actor_key("Actor2")),
        code=pl.col("EventCode").cast(pl.Categorical),
        quad=pl.col("QuadClass").cast(pl.Categorical),
        place=pl.when(pl.col("ActionGeo_FullName").is_not_null()).then(
            pl.concat_str(
                [
                    pl.col("ActionGeo_FullName"),
                    pl.col("ActionGeo_CountryCode").fill_null(""),
                ],
                separator="\t",
            )
        ),
        url=pl.col("SOURCEURL"),
    )


def _ragged(data: bytes, suspect: pl.Series, family: Family, first: int) -> pl.Series | None:
    """For each row, what is wrong with its field count (null if nothing), or None if no
    suspect row is ragged. Row i is line i of the slice (no blank lines are left in it)."""
    lines = data.split(b"\n")
    messages: list[str | None] = [None] * len(suspect)
    for index in np.flatnonzero(suspect.to_numpy()):
        line = lines[index].rstrip(b"\r")
        count = line.count(b"\t") + 1
        if count not in family.widths:
            messages[index] = family.wrong_width(count, first)
    if not any(messages):
        return None
    return pl.Series("ragged", messages, dtype=pl.String)
