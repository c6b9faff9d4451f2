"""Periods of time: what a user types ("2024-06", "June 2024") and the buckets of the time axis.

A period is a range of sort keys (see tui.core.dates: YYYYMMDD with 00 for an unknown month or
day). It keeps the events whose date lies within it *at the date's own precision*: "2024-06"
keeps an event dated 2024-06 and one dated 2024-06-19, not one dated only 2024 (that one may
be in any month of 2024); "2024" keeps all three. So an event dated 2024-06 is inside
2024-06-01..2024-06-30 and no coarse date is ever placed on a day it was not given. One
exception, as a period is one range of sort keys: a week holding the 1st of a month also keeps
the dates known only to that month (they sort on the 1st); the axis shows them beside the week.

Buckets of the axis are numbered by a serial that counts them (year 2024 → 2024, month → year *
12 + month - 1, day → proleptic Gregorian ordinal, week → ordinal of its Monday // 7), so a
range of buckets, empty ones included, is a range of integers.

A range "2024-06-19..2024-09" (or open: "2024-06..", "..2024") is what --since/--until make:
from the first day of one period to the last day of the other. Its lower bound is exact: it
keeps a date whose whole extent starts on or after that day, so "2024-06-01..2024-06-30" keeps
an event dated 2024-06 and "2024-06-02.." does not. Its upper bound is a sort key, and a coarse
date sorts on its first day: "..2024-06-19" also keeps an event dated only 2024-06, and
"..2024-06" one dated only 2024 (the query is one range of sort keys; bounding a date's last day
would need the backends to compare ends).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from tui.core.dates import PartialDate

__all__ = [
    "ZOOMS",
    "Period",
    "Zoom",
    "parse_period",
    "period_between",
    "period_of",
    "serial_of_date",
    "serials",
]


class Zoom(StrEnum):
    """A unit of the time axis, coarsest first. Weeks start on Monday (ISO 8601)."""

    DECADE = "decade"
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"


ZOOMS: tuple[Zoom, ...] = tuple(Zoom)

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_OF = {name: i + 1 for i, name in enumerate(_MONTHS)} | {
    name[:3]: i + 1 for i, name in enumerate(_MONTHS)
}
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?,?\s+(-?\d{1,5})$")
_DECADE = re.compile(r"^(\d{3}0)s$")
_QUARTER = re.compile(r"^(\d{4})-q([1-4])$")
_WEEK = re.compile(r"^(\d{4})-w(\d{2})$")
# The bounds of an open range: every sort key an event can have (they are int32).
EARLIEST_KEY, LATEST_KEY = -(2**31), 2**31 - 1
_FORMS = "2024, 2024-06, 2024-06-19, June 2024, 19 June 2024, 2020s, 2024-Q2 or 2024-W25"


@dataclass(frozen=True, slots=True)
class Period:
    """A period at one zoom: its label (what the chip shows and parse_period reads back) and
    the inclusive range of sort keys it keeps."""

    zoom: Zoom
    label: str
    start_key: int
    end_key: int


def parse_period(text: str) -> Period:
    """The period a user typed; ValueError saying what is readable when it is not a date."""
    cleaned = " ".join(text.split()).casefold()
    if ".." in cleaned:
        since, _, until = text.partition("..")
        return period_between(since.strip() or None, until.strip() or None)
    if not cleaned:
        raise ValueError(f"no date given: type {_FORMS}")
    if match := _DECADE.match(cleaned):
        return period_of(int(match[1]) // 10, Zoom.DECADE)
    if match := _QUARTER.match(cleaned):
        return period_of(int(match[1]) * 4 + int(match[2]) - 1, Zoom.QUARTER)
    if match := _WEEK.match(cleaned):
        try:
            monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise ValueError(f"{text.strip()!r}: {match[1]} has no week {match[2]}") from None
        return period_of(monday.toordinal() // 7, Zoom.WEEK)
    if match := _WORDS.match(cleaned):
        day, name, year = match.groups()
        month = _MONTH_OF.get(name)
        if month is None:
            raise ValueError(f"{text.strip()!r}: {name!r} is not a month name")
        iso = f"{int(year):04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        return _from_partial(text, iso)
    return _from_partial(text, " ".join(text.split()))


def period_between(since: str | None, until: str | None) -> Period:
    """The range from the first day of ``since`` to the last day of ``until`` (either may be
    open); ValueError when a bound is not a date or the range ends before it starts."""
    if since is None and until is None:
        raise ValueError(f"no date given: type {_FORMS}")
    first = parse_period(since) if since is not None else None
    last = parse_period(until) if until is not None else None
    start_key = _lowest_key(first.start_key) if first else EARLIEST_KEY
    end_key = last.end_key if last else LATEST_KEY
    if start_key > end_key:
        assert first is not None and last is not None
        raise ValueError(f"{last.label!r} ends the period before {first.label!r} starts it")
    label = f"{first.label if first else ''}..{last.label if last else ''}"
    zoom = (last or first or Period(Zoom.DAY, "", 0, 0)).zoom
    return Period(zoom, label, start_key, end_key)


def _lowest_key(key: int) -> int:
    """The lowest sort key on a period's first day: a date known only to the month (YYYYMM00)
    or year (YYYY0000) that day starts is as late as that day."""
    if key % 100 == 1:
        key -= 1
    if key % 10000 == 100:
        key -= 100
    return key


def _from_partial(text: str, iso: str) -> Period:
    try:
        date = PartialDate.parse(iso)
    except ValueError as error:
        if "is not a date" in str(error):  # not of the YYYY[-MM[-DD]] shape at all
            raise ValueError(f"{text.strip()!r} is not a date: type {_FORMS}") from None
        raise ValueError(f"{text.strip()!r}: {error}") from None
    if date.hour is not None:
        raise ValueError(f"{text.strip()!r}: a period is a day at the finest, not a time")
    if date.day is not None:
        return period_of(dt.date(date.year, date.month or 1, date.day).toordinal(), Zoom.DAY)
    if date.month is not None:
        return period_of(date.year * 12 + date.month - 1, Zoom.MONTH)
    return period_of(date.year, Zoom.YEAR)


def period_of(serial: int, zoom: Zoom) -> Period:
    """The period a bucket serial names (see the module docstring)."""
    if zoom is Zoom.DECADE:
        first = serial * 10
        return Period(zoom, f"{first}s", first * 10000, (first + 9) * 10000 + 9999)
    if zoom is Zoom.YEAR:
        return Period(zoom, str(serial), serial * 10000, serial * 10000 + 9999)
    if zoom is Zoom.QUARTER:
        year, quarter = divmod(serial, 4)
        first = year * 10000 + (quarter * 3 + 1) * 100
        return Period(zoom, f"{year}-Q{quarter + 1}", first, first + 299)
    if zoom is Zoom.MONTH:
        year, month = divmod(serial, 12)
        first = year * 10000 + (month + 1) * 100
        return Period(zoom, f"{year}-{month + 1:02d}", first, first + 99)
    if zoom is Zoom.WEEK:
        monday = dt.date.fromordinal(serial * 7 + 1)
        iso_year, week, _ = monday.isocalendar()
        sunday = monday + dt.timedelta(days=6)
        return Period(zoom, f"{iso_year}-W{week:02d}", _key(monday), _key(sunday))
    day = dt.date.fromordinal(serial)
    return Period(zoom, day.isoformat(), _key(day), _key(day))


def _key(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def serial_of_date(day: dt.date, zoom: Zoom) -> int:
    """The serial of the bucket holding a day."""
    if zoom is Zoom.DECADE:
        return day.year // 10
    if zoom is Zoom.YEAR:
        return day.year
    if zoom is Zoom.QUARTER:
        return day.year * 4 + (day.month - 1) // 3
    if zoom is Zoom.MONTH:
        return day.year * 12 + day.month - 1
    ordinal = day.toordinal()
    return (ordinal - 1) // 7 if zoom is Zoom.WEEK else ordinal


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def serials(keys: npt.NDArray[np.integer], zoom: Zoom) -> npt.NDArray[np.int64]:
    """The bucket serial of each sort key; a coarse date counts where it sorts (its first day),
    as the backends' buckets do."""
    key: npt.NDArray[np.int64] = np.asarray(keys, dtype=np.int64)
    year = key // 10000
    month: npt.NDArray[np.int64] = np.maximum((key // 100) % 100, 1)
    if zoom is Zoom.DECADE:
        return year // 10
    if zoom is Zoom.YEAR:
        return year
    if zoom is Zoom.QUARTER:
        return year * 4 + (month - 1) // 3
    if zoom is Zoom.MONTH:
        return year * 12 + month - 1
    day = np.maximum(key % 100, 1)
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    ordinal = months.astype("datetime64[D]").astype(np.int64) + day - 1 + _EPOCH_ORDINAL
    return (ordinal - 1) // 7 if zoom is Zoom.WEEK else ordinal
