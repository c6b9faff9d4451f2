"""ACLED event dates in every style its exports and spreadsheets write them, never guessed.

Styles read: ISO ``2024-06-19`` (and ``2024/06/19``), ``19 June 2024``, ``19-June-2024``,
``01-January-2015``, ``9-May-20``, ``19-Jun-2024``, and numeric ``31-12-19``, ``31/12/2019``,
``6/19/2024``. A row's date must agree with its ``year`` column where the file has one (a
numeric year; checked in reading); a two-digit year takes its century from that column
(without one, 70–99 are 19xx, 00–69 20xx: ACLED's data start in 1997).

Numeric dates are either day/month or month/day. A file is one or the other, so the whole
file settles it: a first part over 12 means day/month, a second part over 12 month/day. A row
such as ``05/06/2019`` in a file that never says which (or says both) cannot be read with
certainty and is a bad row. The ISO path (every current export) is one vectorised parse;
the others are vectorised too, on the slices that need them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_PARTS = r"^(\d{1,4})[-/. ]([A-Za-z]+|\d{1,2})[-/. ](\d{1,4})$"
STYLES = "2024-06-19, 19 June 2024, 19-Jun-24, 19/06/2024"


@dataclass
class SliceDates:
    """Dates of a slice's rows (null where unreadable), with the other reading of
    day/month-ambiguous rows. Whether each is in its row's year is checked once the slices
    are joined (tui.core.importers.acled.reading)."""

    dates: pl.Series  # Date (every row ISO), else Int32 YYYYMMDD keys
    alternative: pl.Series | None  # Int32, month/day reading where ambiguous, else null
    day_first: int  # rows only a day/month reading fits
    month_first: int  # rows only a month/day reading fits

    def key(self, column: str) -> pl.Expr:
        """The YYYYMMDD key of ``column`` (where the dates were put): null where unreadable."""
        day = pl.col(column)
        if self.dates.dtype != pl.Date:
            return day
        # Computed in the caller's query, side by side with its other columns.
        return day.dt.year() * 10000 + day.dt.month().cast(pl.Int32) * 100 + day.dt.day()


def read_dates(text: pl.Series, year: pl.Series) -> SliceDates:
    iso = text.str.to_date("%Y-%m-%d", strict=False)
    # %Y also takes "14" from a spreadsheet's 14-11-19: a year before 1000 is not ISO here.
    earliest = iso.min()
    all_iso = (
        iso.null_count() == text.null_count()
        and isinstance(earliest, date)
        and earliest >= date(1000, 1, 1)
    )
    if all_iso:  # every current export: one parse
        return SliceDates(iso, None, 0, 0)
    year_number = year.str.strip_chars().cast(pl.Int32, strict=False)
    frame = pl.DataFrame({"text": text.str.strip_chars(), "year": year_number})
    parts = frame.select(
        pl.col("text").str.extract_groups(_PARTS).struct.unnest(),
        pl.col("year"),
    ).rename({"1": "a", "2": "b", "3": "c"})
    a, b, c = pl.col("a"), pl.col("b"), pl.col("c")
    a_number = a.cast(pl.Int32, strict=False)
    b_number = b.cast(pl.Int32, strict=False)
    month_name = b.str.to_lowercase().replace_strict(_MONTHS, default=None, return_dtype=pl.Int32)
    year_first = a.str.len_chars() == 4
    last_year = _full_year(c, pl.col("year"))
    out = parts.select(
        # 2024-06-19 or 2024/06/19
        ymd=pl.when(year_first).then(_key(a_number, b_number, c.cast(pl.Int32, strict=False))),
        # 19 June 2024, 9-May-20
        named=pl.when(~year_first).then(_key(last_year, month_name, a_number)),
        # 31/12/2019 read as day/month and as month/day
        day_first=pl.when(~year_first & b_number.is_not_null()).then(
            _key(last_year, b_number, a_number)
        ),
        month_first=pl.when(~year_first & b_number.is_not_null()).then(
            _key(last_year, a_number, b_number)
        ),
    )
    day_first, month_first = out["day_first"], out["month_first"]
    only_day_first = int((day_first.is_not_null() & month_first.is_null()).sum())
    only_month_first = int((month_first.is_not_null() & day_first.is_null()).sum())
    key = out["ymd"].fill_null(out["named"]).fill_null(day_first).fill_null(month_first)
    ambiguous = day_first.is_not_null() & month_first.is_not_null() & (day_first != month_first)
    alternative = pl.select(pl.when(ambiguous).then(month_first)).to_series()
    return SliceDates(key, alternative, only_day_first, only_month_first)


def _full_year(text: pl.Expr, year: pl.Expr) -> pl.Expr:
    """A year written with 4 digits, or 2 given their century by the year column."""
    number = text.cast(pl.Int32, strict=False)
    conventional = pl.when(number < 70).then(number + 2000).otherwise(number + 1900)
    # Where the column disagrees, the conventional reading is checked against it (and fails).
    century = pl.when(year % 100 == number).then(year).otherwise(conventional)
    return (
        pl.when(text.str.len_chars() == 4)
        .then(number)
        .when(text.str.len_chars() == 2)
        .then(century)
    )


def _key(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """YYYYMMDD where year, month and day make a real date, else null."""
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days = (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    valid = (month >= 1) & (month <= 12) & (day >= 1) & (day <= days) & (year >= 1)
    return pl.when(valid).then(year * 10000 + month * 100 + day).cast(pl.Int32)
