"""Where a GDELT event happened: the action place's country from its FIPS 10-4 code.

GDELT gives each place a full name ("Vancouver, British Columbia, Canada") and a FIPS 10-4
country code ("CA"). The country is taken from the code, through the table in
tui/core/importers/data/fips_countries.tsv (every FIPS code with its ISO alpha-3 code, historical
ones included; where it came from is written at its head), never from the name: GDELT writes
"Bahamas, The", "Bosnia-Herzegovina", "Vietnam, Republic Of", which no name list resolves. A
code with no ISO country (Kosovo, the oceans, the Spratly Islands) leaves the place without one.

The shown name drops its last part when that part names the same country, since the country is
shown beside it: "Vancouver, British Columbia" in Canada, not "…, Canada, Canada".
"""

from __future__ import annotations

from functools import cache

from tui.core.countries import CountryResolver
from tui.core.importers.gdelt_cameo import table

# What follows a comma in an inverted country name ("Bahamas, The", "Korea, South").
_QUALIFIERS = frozenset(
    {"the", "south", "north", "republic of", "republic of the", "democratic republic of the"}
    | {"islamic republic of", "federated states of", "people's republic of"}
)


@cache
def fips_countries() -> dict[str, tuple[str, tuple[str, ...]]]:
    """FIPS code → (ISO alpha-3 or "", the names GDELT may end a place's name with)."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for row in table("fips_countries.tsv"):
        fips, iso, name = row[0], row[1], row[2]
        spellings = tuple(s for s in (row[4] if len(row) > 4 else "").split("|") if s)
        found[fips] = ("" if iso == "-" else iso, (name, *spellings))
    return found


def place_of(full_name: str, fips: str, resolver: CountryResolver) -> tuple[str, str]:
    """(ISO alpha-3 or "", the place's name without a trailing country part) for a GDELT
    ActionGeo_FullName and ActionGeo_CountryCode."""
    iso, names = fips_countries().get(fips.strip().upper(), ("", ()))
    if not iso:
        return "", full_name
    parts = [part.strip() for part in full_name.split(",")]
    for size in (2, 1):  # "Bahamas, The" before "The"
        if len(parts) < size:
            continue
        tail = ", ".join(parts[-size:])
        if _names_country(tail, iso, names, resolver):
            return iso, ", ".join(parts[:-size])
    return iso, full_name


def _names_country(text: str, iso: str, names: tuple[str, ...], resolver: CountryResolver) -> bool:
    folded = text.casefold()
    if any(folded == name.casefold() for name in names):
        return True
    candidates = [text]
    head, _, tail = text.partition(", ")
    if tail.casefold() in _QUALIFIERS:  # "Korea, South" → "South Korea"; "Vietnam, Republic Of"
        candidates += [f"{tail} {head}", head]
    for candidate in candidates:
        found = resolver.resolve(candidate)
        if found is not None and found.code == iso:
            return True
    return False
