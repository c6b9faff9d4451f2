"""Partial dates that keep their precision: 2024, 2024-06 or 2024-06-19, never padded.

Ordering rule (used everywhere: the store, the timeline, exports): a date sorts by its first
day, and a coarser date sorts *before* the finer dates it contains. So

    2024  <  2024-01-05  <  2024-06  <  2024-06-01  <  2024-06-19  <  2024-07

The sort key is the integer YYYYMMDD with unknown parts as 00 (2024 -> 20240000,
2024-06 -> 20240600), which makes the rule a plain integer comparison and lets large stores
keep dates in a numpy array.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PATTERN_TEXT = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is outside 0001–9999")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month:02d} does not exist")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"{self.year:04d}-{self.month:02d} has no day {self.day:02d} "
                    f"(it has {last} days)"
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError saying what is wrong."""
        match = _PATTERN.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_key(cls, key: int) -> PartialDate:
        year, rest = divmod(key, 10000)
        month, day = divmod(rest, 100)
        return cls(year, month or None, day or None)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def sort_key(self) -> int:
        return self.year * 10000 + (self.month or 0) * 100 + (self.day or 0)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key >= other.sort_key

    # pydantic integration: validated from and serialised to the ISO-like string form.
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
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
            "description": "A date at its known precision: YYYY, YYYY-MM or YYYY-MM-DD.",
            "examples": ["2024", "2024-06", "2024-06-19"],
        }


def format_range(start: PartialDate, end: PartialDate | None, approximate: bool = False) -> str:
    """The label a user reads: 2024-06-18–2024-06-19, with ~ in front when approximate."""
    text = str(start) if end is None or end == start else f"{start}–{end}"
    return f"~{text}" if approximate else text
