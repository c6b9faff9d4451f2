"""TimelineJS dates as PartialDates: TimelineJS 3 date objects and TimelineJS 2 date strings.

Both keep the precision given (a year, a month, a day, and an hour, minute, second or
millisecond of that day). Years may be BCE (-5410) or deep time (-13800000000), as strings or
numbers; there is no year 0 (see tui.core.dates). Whatever cannot be read with certainty raises
ValueError saying why: the importer reports it as a bad event, never guesses.
"""

from __future__ import annotations

import re

from tui.core.dates import PartialDate

# Longer than any year PartialDate holds (its MIN_YEAR has 14 digits); checked before int() so
# that a number of thousands of digits is refused by its length, not by Python's int limit.
_WHOLE_NUMBER = re.compile(r"^[+-]?\d{1,15}$")
_PARTS = ("year", "month", "day", "hour", "minute", "second", "millisecond")


def _number(name: str, raw: object) -> int | None:
    """A part of a date: an integer as a JSON number or a string; None when left empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(f"{name} {str(raw).lower()} is not a number")
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return int(raw)
    text = raw.strip() if isinstance(raw, str) else str(raw) if isinstance(raw, int) else None
    if text is None or not _WHOLE_NUMBER.match(text):
        shown = repr(raw) if not isinstance(raw, str) else repr(raw[:24] + "…" * (len(raw) > 24))
        if text is not None and text.lstrip("+-").isdigit():
            raise ValueError(f"{name} {shown} has too many digits")
        raise ValueError(f"{name} {shown} is not a whole number")
    return int(text)


def _partial(parts: list[int | None]) -> PartialDate:
    year, month, day, *time = parts + [None] * (len(_PARTS) - len(parts))
    if year is None:
        raise ValueError("a date needs a year")
    if day is not None and month is None:
        day = None  # a day without a month says nothing more than the year
    return PartialDate(year, month, day, *time)


def tl3_date(value: object) -> PartialDate | None:
    """A TimelineJS 3 date object ({"year": "-5410", "month": "6", "hour": "14", …})."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("a date must be an object with year, month and day")
    return _partial([_number(name, value.get(name)) for name in _PARTS])


def tl2_date(value: object) -> PartialDate | None:
    """A TimelineJS 2 date: "1963,8,9" (year,month,day[,hour,minute,second,millisecond]),
    a year alone ("-4000", 1869) or ISO "1963-08-09[T14:30]". TimelineJS 2 also took
    "8/9/1963", but which part is the month it does not say in the file: refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _partial([_number("year", value)])
    if not isinstance(value, str):
        raise ValueError(f"a date must be a string like 1963,8,9, not {type(value).__name__}")
    text = value.strip()
    if "," in text:
        parts = [part.strip() for part in text.split(",")]
        while parts and not parts[-1]:
            parts.pop()  # "2012,1," is 2012-01
        if len(parts) > len(_PARTS):
            raise ValueError(f"{text!r} has more parts than year,month,day,hour,minute,second,ms")
        return _partial([_number(name, part) for name, part in zip(_PARTS, parts, strict=False)])
    if "/" in text:
        raise ValueError(f"{text!r} could be month/day or day/month: write it as year,month,day")
    if _WHOLE_NUMBER.match(text) or text.lstrip("+-").isdigit():
        return _partial([_number("year", text)])
    return PartialDate.parse(text)
