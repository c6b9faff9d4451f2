"""The column layouts of GDELT event files, and which layouts may share a file.

GDELT 2.0 exports have 61 tab-separated columns. GDELT 1.0 daily files have 57 columns before
April 2013 and 58 after (SOURCEURL was appended); the first 57 are the same, so a file of daily
files concatenated across the change holds rows of both, and each row's field count says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_GEO1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_EVENT = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)


def _columns(geo: Sequence[str], tail: Sequence[str]) -> list[str]:
    return [
        "GLOBALEVENTID",
        "SQLDATE",
        "MonthYear",
        "Year",
        "FractionDate",
        *(f"Actor1{c}" for c in _ACTOR),
        *(f"Actor2{c}" for c in _ACTOR),
        *_EVENT,
        *(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo),
        *tail,
    ]


LAYOUTS: dict[int, list[str]] = {
    61: _columns(_GEO2, ("DATEADDED", "SOURCEURL")),  # GDELT 2.0
    58: _columns(_GEO1, ("DATEADDED", "SOURCEURL")),  # GDELT 1.0 daily, April 2013 on
    57: _columns(_GEO1, ("DATEADDED",)),  # GDELT 1.0 daily, before SOURCEURL was added
}
# The columns the importer keeps, and the ones the GDELT SQL backend selects for a row.
WANTED = (
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "EventCode",
    "QuadClass",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "SOURCEURL",
)


@dataclass(frozen=True)
class Family:
    """The layouts one file may mix: rows are read with the widest, and a row whose field
    count is not one of ``widths`` is bad."""

    name: str
    widths: frozenset[int]
    columns: list[str]  # the widest layout

    def wrong_width(self, count: int, first: int) -> str:
        if len(self.widths) == 1:
            return f"{count} tab-separated fields, the first row has {first}"
        listed = " or ".join(str(w) for w in sorted(self.widths))
        return f"{count} tab-separated fields; {self.name} rows have {listed}"


GDELT2 = Family("GDELT 2.0", frozenset({61}), LAYOUTS[61])
GDELT1 = Family("GDELT 1.0", frozenset({57, 58}), LAYOUTS[58])


def family_of(width: int) -> Family | None:
    """The family a first row of this many fields starts, or None if no GDELT layout has it."""
    if width in GDELT2.widths:
        return GDELT2
    if width in GDELT1.widths:
        return GDELT1
    return None
