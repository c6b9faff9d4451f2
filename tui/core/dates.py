"""Partial dates that keep their precision: 2024, 2024-06 or 2024-06-19, never padded.

Ordering rule (used everywhere: the store, the timeline, exports): a date sorts by its first
day, and a coarser date sorts *before* the finer dates it contains. So

    2024  <  2024-01-05  <  2024-06  <  2024-06-01  <  2024-06-19  <  2024-07

The sort key is the integer YYYYMMDD with unknown parts as 00 (2024 -> 20240000,
2024-06 -> 20240600), which makes the rule a plain integer comparison and lets large stores
keep dates in a numpy array. It is ``year * 10000 + MMDD`` for every year, so BCE and deep-time
years order the same way and decode with floor division; down to MIN_YEAR it fits an int64.

Years count as TimelineJS counts them: -5410 is 5410 BCE and there is no year 0 (a 0 cannot
be read with certainty: 1 BCE to a historian, 1 BCE + 1 to an astronomer). Leap years follow
the proleptic Gregorian rule on the number as given, as TimelineJS's JavaScript dates do.

A day may also know its time: an hour, a minute, a second or a millisecond. The time never
changes the day's sort key; it orders events within their day through ``time_key`` (0 for no
time), which follows the same rule: 14h < 14:00 < 14:00:00 < 14:00:00.000 < 14:01.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic is imported only when a model that holds a date is built
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema

MIN_YEAR = -(10**13)  # older than the universe by far; year * 10000 stays inside an int64
MAX_YEAR = 9999
# From here back a year is shown as "N million years ago", as TimelineJS shows big years.
DEEP_TIME_YEARS = 1_000_000

_PATTERN = re.compile(
    r"^(-[1-9]\d*|\d{4})(?:-(\d{2})(?:-(\d{2})"
    r"(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?)?)?)?)?$"
)
_PATTERN_TEXT = (
    r"^(-[1-9][0-9]*|[0-9]{4})(-[0-9]{2}(-[0-9]{2}"
    r"(T[0-9]{2}(:[0-9]{2}(:[0-9]{2}(\.[0-9]{3})?)?)?)?)?)?$"
)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MS_PER_HOUR = 3_600_000


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3
    HOUR = 4
    MINUTE = 5
    SECOND = 6
    MILLISECOND = 7


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and is_leap(year) else _DAYS[month - 1]


def _check_time(hour: int | None, minute: int | None, second: int | None, ms: int | None) -> None:
    chain = (
        ("hour", hour, 23),
        ("minute", minute, 59),
        ("second", second, 59),
        ("millisecond", ms, 999),
    )
    for (name, value, _), (finer, finer_value, _) in itertools.pairwise(chain):
        if value is None and finer_value is not None:
            raise ValueError(f"{finer} {finer_value} needs the {name}")
    for name, value, top in chain:
        if value is not None and not 0 <= value <= top:
            raise ValueError(f"{name} {value} does not exist (0–{top})")


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A calendar date known to the year, the month or the day, and maybe a time of day."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    millisecond: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= MAX_YEAR:  # the common case first: big imports build many
            if not MIN_YEAR <= self.year <= MAX_YEAR:
                raise ValueError(f"year {self.year} is outside {MIN_YEAR}–{MAX_YEAR}")
            if self.year == 0:
                raise ValueError("there is no year 0: use -1 for 1 BCE or 1 for 1 CE")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month:02d} does not exist")
        if self.day is not None and self.month is not None:
            last = days_in_month(self.year, self.month)
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"{_year_text(self.year)}-{self.month:02d} has no day {self.day:02d} "
                    f"(it has {last} days)"
                )
        time = (self.hour, self.minute, self.second, self.millisecond)
        if time == (None, None, None, None):
            return  # no time of day: nothing more to check
        if self.hour is not None and self.day is None:
            raise ValueError("a time of day needs a day")
        _check_time(self.hour, self.minute, self.second, self.millisecond)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse YYYY, YYYY-MM, YYYY-MM-DD (a negative year is BCE), optionally followed by
        a time THH, THH:MM, THH:MM:SS or THH:MM:SS.mmm; raise ValueError saying what is wrong."""
        match = _PATTERN.match(text.strip())
        if match is None:
            raise ValueError(
                f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD "
                "(-YYYY for BCE; THH:MM[:SS[.mmm]] may follow a day)"
            )
        year, *rest = match.groups()
        parts = [int(part) if part else None for part in rest]
        return cls(int(year), *parts)

    @classmethod
    def from_key(cls, key: int, time_key: int = 0) -> PartialDate:
        year, rest = divmod(key, 10000)  # floor division: right for negative years too
        month, day = divmod(rest, 100)
        if not time_key:
            return cls(year, month or None, day or None)
        position, level = divmod(time_key - 1, 4)
        hour, rest_ms = divmod(position, _MS_PER_HOUR)
        minute, rest_ms = divmod(rest_ms, 60_000)
        second, millisecond = divmod(rest_ms, 1000)
        return cls(
            year,
            month or None,
            day or None,
            hour,
            minute if level >= 1 else None,
            second if level >= 2 else None,
            millisecond if level >= 3 else None,
        )

    @property
    def precision(self) -> Precision:
        for precision, part in (
            (Precision.MILLISECOND, self.millisecond),
            (Precision.SECOND, self.second),
            (Precision.MINUTE, self.minute),
            (Precision.HOUR, self.hour),
            (Precision.DAY, self.day),
            (Precision.MONTH, self.month),
        ):
            if part is not None:
                return precision
        return Precision.YEAR

    @property
    def sort_key(self) -> int:
        return self.year * 10000 + (self.month or 0) * 100 + (self.day or 0)

    @property
    def time_key(self) -> int:
        """0 without a time; else 1 + 4 * milliseconds into the day + how fine the time is,
        so a coarser time sorts before the finer times it contains. Fits an int32."""
        if self.hour is None:
            return 0
        position = (
            self.hour * _MS_PER_HOUR
            + (self.minute or 0) * 60_000
            + (self.second or 0) * 1000
            + (self.millisecond or 0)
        )
        return 1 + 4 * position + (self.precision - Precision.HOUR)

    @property
    def first_day(self) -> PartialDate:
        """The first day the date covers (day precision; any year, unlike datetime.date)."""
        return PartialDate(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> PartialDate:
        month = self.month or 12
        return PartialDate(self.year, month, self.day or days_in_month(self.year, month))

    @property
    def label(self) -> str:
        """What a reader sees: 2024-06-19, 2024-06-19 14:30, 5410 BCE, 13.8 billion years ago.
        A CE date without a time reads exactly as its ISO text."""
        if self.year <= -DEEP_TIME_YEARS:
            return years_ago(-self.year)
        text = str(abs(self.year)) if self.year < 0 else f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += " " + self.time_label
        return f"{text} BCE" if self.year < 0 else text

    @property
    def time_label(self) -> str:
        """The time of day as a reader sees it (14h, 14:30, 14:30:05.250); "" without one."""
        return "" if self.hour is None else self._time_text(hour_only=f"{self.hour:02d}h")

    def _time_text(self, hour_only: str) -> str:
        if self.minute is None:
            return hour_only
        text = f"{self.hour:02d}:{self.minute:02d}"
        if self.second is not None:
            text += f":{self.second:02d}"
        if self.millisecond is not None:
            text += f".{self.millisecond:03d}"
        return text

    def __str__(self) -> str:
        """The machine form, which parse reads back: -5410-06-12, 2024-06-19T14:30."""
        text = _year_text(self.year)
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += "T" + self._time_text(hour_only=f"{self.hour:02d}")
        return text

    def _order(self) -> tuple[int, int]:
        return self.sort_key, self.time_key

    def __lt__(self, other: PartialDate) -> bool:
        return self._order() < other._order()

    def __le__(self, other: PartialDate) -> bool:
        return self._order() <= other._order()

    def __gt__(self, other: PartialDate) -> bool:
        return self._order() > other._order()

    def __ge__(self, other: PartialDate) -> bool:
        return self._order() >= other._order()

    # pydantic integration: validated from and serialised to the ISO-like string form.
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        def coerce(value: object) -> PartialDate:
            if isinstance(value, PartialDate):
                return value
            if not isinstance(value, str):
                raise ValueError(
                    f"a date must be a string YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}"
                )
            return cls.parse(value)

        return core_schema.no_info_plain_validator_function(
            coerce, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": _PATTERN_TEXT,
            "description": (
                "A date at its known precision: YYYY, YYYY-MM or YYYY-MM-DD, optionally with a "
                "time THH, THH:MM, THH:MM:SS or THH:MM:SS.mmm. A negative year is BCE "
                "(-5410 is 5410 BCE); there is no year 0."
            ),
            "examples": ["2024", "2024-06", "2024-06-19", "2024-06-19T14:30", "-5410"],
        }


def _year_text(year: int) -> str:
    return f"-{-year}" if year < 0 else f"{year:04d}"


def years_ago(years: int) -> str:
    """13800000000 -> "13.8 billion years ago", as TimelineJS writes deep time; every digit
    the file gave is kept (13.79793 billion), so distinct years never read the same."""
    for size, word in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if years >= size:
            whole, rest = divmod(years, size)
            decimals = f"{rest:0{len(str(size)) - 1}d}".rstrip("0")
            amount = f"{whole:,}.{decimals}" if decimals else f"{whole:,}"
            return f"{amount} {word} years ago"
    return f"{years} years ago"


def year_label(year: int) -> str:
    """A year as a reader sees it: 2024, 5410 BCE, 66 million years ago."""
    return PartialDate(year).label


def range_label(start: PartialDate, end: PartialDate) -> str:
    """Both ends in full; deep time says its unit once: 13.648–12.798 billion years ago."""
    first, last = start.label, end.label
    for word in ("billion", "million", "thousand"):
        unit = f" {word} years ago"
        if first.endswith(unit) and last.endswith(unit):
            return f"{first.removesuffix(unit)}–{last}"
    return f"{first}–{last}"


def format_range(start: PartialDate, end: PartialDate | None, approximate: bool = False) -> str:
    """The label a user reads: 2024-06-18–2024-06-19, with ~ in front when approximate."""
    text = start.label if end is None or end == start else range_label(start, end)
    return f"~{text}" if approximate else text


def compact_date_label(
    start_key: int, end_key: int, approximate: bool, start_time: int = 0, end_time: int = 0
) -> str:
    """A date for a narrow column: 2024-06-19, 2024-06, 2016, ~2024-06 (approximate).

    A range leaves out what its start already says: 2024-06-18 → 19, 2024-06-18 → 07-02,
    2023-12-30 → 01-02 (an end without its year is the first such day after the start, so
    only ends less than a year on are shortened), 2024-06-19 14:30 → 16:00; other ranges
    in full (2022 → 2024, 2023-06-01 → 2024-07-01). Deep time says its unit once."""
    start = PartialDate.from_key(start_key, start_time)
    label = start.label
    if end_key and (end_key, end_time) != (start_key, start_time):
        end = PartialDate.from_key(end_key, end_time)
        if start.year <= -DEEP_TIME_YEARS and end.year <= -DEEP_TIME_YEARS:
            label = range_label(start, end)
        else:
            label = f"{label} → {_short_end(start, end)}"
    return f"~{label}" if approximate else label


def _short_end(start: PartialDate, end: PartialDate) -> str:
    """The end of a range without the parts a reader takes from its start."""
    if start.year < 1 or start.precision != end.precision:
        return end.label
    if start.hour is not None:
        same_day = start.sort_key == end.sort_key
        return end.time_label if same_day else end.label
    next_year = end.year == start.year + 1
    if start.precision is Precision.DAY and end.month is not None and end.day is not None:
        if (end.year, end.month) == (start.year, start.month):
            return f"{end.day:02d}"
        within_a_year = end.year == start.year or (
            next_year and (end.month, end.day) < (start.month or 1, start.day or 1)
        )
        return f"{end.month:02d}-{end.day:02d}" if within_a_year else end.label
    if start.precision is Precision.MONTH and end.month is not None:
        within_a_year = end.year == start.year or (next_year and end.month < (start.month or 1))
        return f"{end.month:02d}" if within_a_year else end.label
    return end.label
