"""A slice's rows checked and made compact: good rows as codes and keys, bad rows as record
numbers with what is wrong with them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from tui.core.importers.acled.dates import STYLES, read_dates
from tui.core.importers.acled.layout import CATEGORICAL, OPTIONAL

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")


@dataclass
class Part:
    """Good rows of one slice (or all of them), in file order, as compact columns."""

    ids: pl.Series
    notes: pl.Series
    record: npt.NDArray[np.int64]
    columns: dict[str, npt.NDArray[Any]]  # one value per row
    assoc: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]]  # lengths, flat values

    @classmethod
    def of(cls, frame: pl.DataFrame) -> Part:
        columns = {
            name: frame[name].to_numpy()
            for name in ("start_key", "year", "approximate", "fatalities", *CATEGORICAL)
        }
        # The month/day reading of ambiguous dates (-1: none); most slices have no such row.
        columns["alternative_key"] = (
            frame["alternative_key"].to_numpy()
            if "alternative_key" in frame.columns
            else np.full(len(frame), -1, dtype=np.int32)
        )
        assoc = []
        for name in ("assoc_actor_1", "assoc_actor_2"):
            lists = frame[name]
            lengths = lists.list.len().fill_null(0).to_numpy().astype(np.int64)
            flat = lists.explode().drop_nulls().to_numpy().astype(np.int32)
            assoc.append((lengths, flat))
        return cls(frame["id"], frame["notes"], frame["record"].to_numpy(), columns, assoc)

    @classmethod
    def join(cls, parts: list[Part]) -> Part:
        if not parts:
            empty = pl.DataFrame(
                schema={
                    "id": pl.String,
                    "notes": pl.String,
                    "record": pl.Int64,
                    "start_key": pl.Int32,
                    "year": pl.Int32,
                    "alternative_key": pl.Int32,
                    "approximate": pl.Boolean,
                    "fatalities": pl.Int32,
                    **{name: pl.Int32 for name in CATEGORICAL},
                    "assoc_actor_1": pl.List(pl.Int32),
                    "assoc_actor_2": pl.List(pl.Int32),
                }
            )
            return cls.of(empty)
        names = list(parts[0].columns)
        ids = pl.concat([p.ids for p in parts], rechunk=False)
        notes = pl.concat([p.notes for p in parts], rechunk=False)
        record = np.concatenate([p.record for p in parts])
        columns = {name: np.concatenate([p.columns.pop(name) for p in parts]) for name in names}
        assoc = [
            (
                np.concatenate([p.assoc[i][0] for p in parts]),
                np.concatenate([p.assoc[i][1] for p in parts]),
            )
            for i in range(2)
        ]
        parts.clear()
        return cls(ids, notes, record, columns, assoc)

    def keep(self, mask: npt.NDArray[np.bool_]) -> Part:
        return Part(
            self.ids.rechunk().filter(pl.Series(mask)),
            self.notes.rechunk().filter(pl.Series(mask)),
            self.record[mask],
            {name: values[mask] for name, values in self.columns.items()},
            [(lengths[mask], flat[np.repeat(mask, lengths)]) for lengths, flat in self.assoc],
        )


def clean(
    raw: pl.DataFrame, first_record: int
) -> tuple[pl.DataFrame, pl.DataFrame | None, tuple[int, int]]:
    """The good rows with dates as sort keys and labels as category ids, and the bad rows
    (if any) as record numbers with a message saying what is wrong, and how many rows only
    a day/month and only a month/day reading fits (the file's evidence, see dates)."""
    for name in OPTIONAL:
        if name not in raw.columns:
            dtype = pl.Categorical if name in CATEGORICAL else pl.String
            raw = raw.with_columns(pl.lit(None, dtype=dtype).alias(name))
    dates = read_dates(raw["event_date"], raw["year"])
    precision = pl.col("time_precision").fill_null("1")
    # Precision 3: the month is what is known (ACLED records a day in it).
    key = dates.key("date")  # checked against the year column once joined (reading)
    start_key = pl.when(precision == "3").then(key // 100 * 100).otherwise(key)
    alternative = pl.col("alternative")
    alternative_key = (
        pl.when(precision == "3").then(alternative // 100 * 100).otherwise(alternative)
    )
    event_id = pl.col("event_id_cnty")
    problem = (
        pl.when(event_id.is_null())
        .then(pl.lit("missing event_id_cnty"))
        .when(~event_id.str.contains(_ID.pattern))
        .then(pl.format("event_id_cnty {} is not a usable id", event_id))
        .when(pl.col("event_date").is_null())
        .then(pl.lit("missing event_date"))
        .when(pl.col("date").is_null())
        .then(pl.format(f"event_date {{}} is not a date we can read ({STYLES})", "event_date"))
        .when(~precision.is_in(["1", "2", "3"]))
        .then(pl.format("time_precision {} is not 1, 2 or 3", precision))
        .when(pl.col("event_type").is_null())
        .then(pl.lit("missing event_type"))
        .when(pl.col("actor1").is_null())
        .then(pl.lit("missing actor1"))
    )
    coded = {
        name: pl.col(name).cast(pl.Categorical).to_physical().cast(pl.Int32).fill_null(-1)
        for name in CATEGORICAL
    }
    assoc = {
        name: pl.col(name)
        .str.split(";")
        .list.eval(
            pl.element()
            .str.strip_chars()
            .replace("", None)
            .drop_nulls()
            .cast(pl.Categorical)
            .to_physical()
            .cast(pl.Int32)
        )
        for name in ("assoc_actor_1", "assoc_actor_2")
    }
    usable = (
        event_id.str.contains(_ID.pattern)  # null when missing
        & pl.col("date").is_not_null()
        & precision.is_in(["1", "2", "3"])
        & pl.col("event_type").is_not_null()
        & pl.col("actor1").is_not_null()
    ).fill_null(False)
    record = pl.int_range(first_record, first_record + len(raw), dtype=pl.Int64)
    frame = raw.with_columns(date=dates.dates)
    if dates.alternative is not None:
        frame = frame.with_columns(alternative=dates.alternative)
    # One query for every output column, so polars computes them side by side.
    good = frame.select(
        record=record,
        usable=usable,
        id=event_id,
        start_key=start_key.cast(pl.Int32).fill_null(0),
        **(
            {"alternative_key": alternative_key.cast(pl.Int32).fill_null(-1)}
            if dates.alternative is not None
            else {}
        ),
        approximate=precision != "1",
        year=pl.col("year").cast(pl.Int32, strict=False).fill_null(-1),
        notes=pl.col("notes").fill_null(""),
        fatalities=pl.col("fatalities").cast(pl.Int32, strict=False).fill_null(-1),
        **coded,
        **assoc,
    )
    bad = None
    if not good["usable"].all():  # say what is wrong only with the rows that are wrong
        wrong = good["usable"].not_()
        bad = frame.filter(wrong).select(record=good["record"].filter(wrong), problem=problem)
        good = good.filter(good["usable"])
    good = good.drop("usable")
    return good, bad, (dates.day_first, dates.month_first)
