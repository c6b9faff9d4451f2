"""Resolve what a user types to a country: names, ISO codes, demonyms and common aliases.

ISO names and codes come from pycountry. What pycountry lacks (short everyday names such as
"North Korea", demonyms such as "Japanese", aliases such as "DPRK" or "Britain") is the small
table below; a dataset can add its own (a state actor's name and aliases) when it builds a
resolver.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import pycountry

# Everyday names where ISO's differs from what people write ("Korea, Republic of").
_SHORT_NAMES: dict[str, str] = {
    "PRK": "North Korea",
    "KOR": "South Korea",
    "RUS": "Russia",
    "GBR": "United Kingdom",
    "USA": "United States",
    "IRN": "Iran",
    "SYR": "Syria",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "MDA": "Moldova",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "TWN": "Taiwan",
    "COD": "DR Congo",
    "COG": "Congo",
    "PSE": "Palestine",
    "FSM": "Micronesia",
    "CZE": "Czechia",
    "TUR": "Türkiye",
    "CIV": "Côte d'Ivoire",
    "BRN": "Brunei",
    "CPV": "Cabo Verde",
}

# Aliases and demonyms, lower-case. Not exhaustive: the countries that dominate event data.
_ALIASES: dict[str, str] = {
    "dprk": "PRK",
    "north korean": "PRK",
    "n. korea": "PRK",
    "nk": "PRK",
    "rok": "KOR",
    "south korean": "KOR",
    "s. korea": "KOR",
    "republic of korea": "KOR",
    "russian": "RUS",
    "uk": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "british": "GBR",
    "england": "GBR",
    "us": "USA",
    "u.s.": "USA",
    "america": "USA",
    "american": "USA",
    "united states of america": "USA",
    "u.s.a.": "USA",
    "japanese": "JPN",
    "chinese": "CHN",
    "prc": "CHN",
    "new zealander": "NZL",
    "kiwi": "NZL",
    "aotearoa": "NZL",
    "ukrainian": "UKR",
    "australian": "AUS",
    "indian": "IND",
    "canadian": "CAN",
    "french": "FRA",
    "italian": "ITA",
    "german": "DEU",
    "spanish": "ESP",
    "dutch": "NLD",
    "holland": "NLD",
    "polish": "POL",
    "swedish": "SWE",
    "norwegian": "NOR",
    "finnish": "FIN",
    "danish": "DNK",
    "belgian": "BEL",
    "swiss": "CHE",
    "austrian": "AUT",
    "greek": "GRC",
    "turkish": "TUR",
    "turkey": "TUR",
    "iranian": "IRN",
    "persia": "IRN",
    "iraqi": "IRQ",
    "syrian": "SYR",
    "israeli": "ISR",
    "palestinian": "PSE",
    "lebanese": "LBN",
    "saudi": "SAU",
    "saudi arabian": "SAU",
    "egyptian": "EGY",
    "yemeni": "YEM",
    "afghan": "AFG",
    "pakistani": "PAK",
    "bangladeshi": "BGD",
    "burma": "MMR",
    "burmese": "MMR",
    "myanmar": "MMR",
    "thai": "THA",
    "vietnamese": "VNM",
    "filipino": "PHL",
    "philippine": "PHL",
    "indonesian": "IDN",
    "malaysian": "MYS",
    "singaporean": "SGP",
    "taiwanese": "TWN",
    "mongolian": "MNG",
    "mexican": "MEX",
    "brazilian": "BRA",
    "argentine": "ARG",
    "argentinian": "ARG",
    "colombian": "COL",
    "venezuelan": "VEN",
    "chilean": "CHL",
    "peruvian": "PER",
    "cuban": "CUB",
    "nigerian": "NGA",
    "ethiopian": "ETH",
    "kenyan": "KEN",
    "somali": "SOM",
    "sudanese": "SDN",
    "south african": "ZAF",
    "malian": "MLI",
    "congolese": "COD",
    "drc": "COD",
    "libyan": "LBY",
    "moroccan": "MAR",
    "algerian": "DZA",
    "belarusian": "BLR",
    "georgian": "GEO",
    "armenian": "ARM",
    "azerbaijani": "AZE",
    "kazakh": "KAZ",
    "uzbek": "UZB",
    "moldovan": "MDA",
    "romanian": "ROU",
    "hungarian": "HUN",
    "czech": "CZE",
    "slovak": "SVK",
    "serbian": "SRB",
    "croatian": "HRV",
    "bosnian": "BIH",
    "kosovar": "XKX",
    "ivory coast": "CIV",
    # ACLED's and other datasets' spellings of country names.
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "republic of congo": "COG",
    "republic of the congo": "COG",
    "congo-brazzaville": "COG",
    "congo-kinshasa": "COD",
    "cape verde": "CPV",
    "czech republic": "CZE",
    "east timor": "TLS",
    "swaziland": "SWZ",
    "macedonia": "MKD",
    "vatican city": "VAT",
    "the gambia": "GMB",
    "gambia, the": "GMB",
    "bahamas, the": "BHS",
    "the bahamas": "BHS",
    "bosnia-herzegovina": "BIH",
    "myanmar (burma)": "MMR",
}


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-3
    name: str

    @property
    def alpha_2(self) -> str:
        record = pycountry.countries.get(alpha_3=self.code)
        return str(record.alpha_2) if record is not None else ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    country: Country
    matched: str  # the name or alias the typed text matched, for showing why


@cache
def country(code: str) -> Country | None:
    """The country for an alpha-3 code, with its everyday name."""
    record = pycountry.countries.get(alpha_3=code.upper())
    if record is None:
        return None
    name = _SHORT_NAMES.get(record.alpha_3) or getattr(record, "common_name", None) or record.name
    return Country(record.alpha_3, str(name))


def country_name(code: str) -> str:
    found = country(code)
    return found.name if found is not None else code


# Apostrophes and quotation marks people and spreadsheets type for "'" (Côte d'Ivoire).
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2018\u2019\u02bc\u02b9\u0060\u00b4\u2032"})


def fold(text: str) -> str:
    """The form names are compared in: NFC, apostrophes as "'", spaces collapsed, case-folded."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return " ".join(text.split()).casefold()


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _Key(NamedTuple):
    key: str  # case-folded, what typed text is compared with
    code: str  # alpha-3
    is_code: bool  # an ISO code or a short alias such as "UK": ranked after names
    shown: str  # as a user would write it, to say why a country was suggested


@cache
def _iso_keys() -> tuple[_Key, ...]:
    """Every ISO name and code, and the built-in aliases."""
    keys: list[_Key] = []
    for record in pycountry.countries:
        code = str(record.alpha_3)
        keys.append(_Key(code.casefold(), code, True, code))
        keys.append(_Key(str(record.alpha_2).casefold(), code, True, str(record.alpha_2)))
        names = {str(record.name), _SHORT_NAMES.get(code, "")}
        for attr in ("official_name", "common_name"):
            names.add(str(getattr(record, attr, "") or ""))
        keys.extend(_Key(fold(n), code, False, n) for n in names if n)
        # "Cote d'Ivoire", "Curacao": the same names typed without their accents.
        keys.extend(
            _Key(fold(_without_accents(n)), code, False, n)
            for n in names
            if n and _without_accents(n) != n
        )
    for alias, code in _ALIASES.items():
        short = len(alias) <= 3
        keys.append(_Key(alias, code, short, alias.upper() if short else alias.title()))
    return tuple(keys)


class CountryResolver:
    """Turns typed text into countries; exact matches resolve, prefixes suggest."""

    def __init__(self, extra_aliases: Mapping[str, str] | None = None) -> None:
        keys = list(_iso_keys())
        for alias, code in (extra_aliases or {}).items():
            if country(code) is not None:
                keys.append(_Key(fold(alias), code.upper(), False, alias))
        self._keys = keys
        self._exact: dict[str, str] = {}
        for entry in keys:
            self._exact.setdefault(entry.key, entry.code)

    def resolve(self, text: str) -> Country | None:
        """The country the text names exactly (case-insensitive), or None."""
        code = self._exact.get(fold(text))
        return country(code) if code else None

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """Countries whose names or aliases start with (then contain) the text."""
        typed = fold(text)
        if not typed:
            return []
        ranked: dict[str, tuple[int, str]] = {}
        for key, code, is_code, shown in self._keys:
            if key == typed:
                rank = 0
            elif key.startswith(typed) and not (is_code and len(typed) < 2):
                rank = 1 if not is_code else 2
            elif len(typed) >= 3 and typed in key and not is_code:
                rank = 3
            else:
                continue
            best = ranked.get(code)
            if best is None or rank < best[0]:
                ranked[code] = (rank, shown)
        # Within a rank, the closest match first: "brit" is Britain before British Indian Ocean
        # Territory.
        ordered = sorted(
            ranked.items(),
            key=lambda item: (item[1][0], len(item[1][1]), country_name(item[0])),
        )
        suggestions: list[Suggestion] = []
        for code, (_, shown) in ordered[:limit]:
            found = country(code)
            if found is not None:
                suggestions.append(Suggestion(found, shown))
        return suggestions
