"""Resolve what a user types to a country: names, ISO codes, demonyms and common aliases.

ISO names and codes come from pycountry. What pycountry lacks (short everyday names such as
"North Korea", demonyms such as "Japanese", aliases such as "DPRK" or "Britain") is the small
table below; a dataset can add its own (a state actor's name and aliases) when it builds a
resolver.
"""

from __future__ import annotations

import difflib
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

# Aliases and demonyms, as people write them (shown so in suggestions: "DPRK", "U.S.").
# Not exhaustive: the countries that dominate event data.
_ALIASES: dict[str, str] = {
    "DPRK": "PRK",
    "North Korean": "PRK",
    "N. Korea": "PRK",
    "NK": "PRK",
    "ROK": "KOR",
    "South Korean": "KOR",
    "S. Korea": "KOR",
    "Republic of Korea": "KOR",
    "Russian": "RUS",
    "UK": "GBR",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "British": "GBR",
    "England": "GBR",
    "US": "USA",
    "U.S.": "USA",
    "America": "USA",
    "American": "USA",
    "United States of America": "USA",
    "U.S.A.": "USA",
    "Japanese": "JPN",
    "Chinese": "CHN",
    "PRC": "CHN",
    "New Zealander": "NZL",
    "Kiwi": "NZL",
    "Aotearoa": "NZL",
    "Ukrainian": "UKR",
    "Australian": "AUS",
    "Indian": "IND",
    "Canadian": "CAN",
    "French": "FRA",
    "Italian": "ITA",
    "German": "DEU",
    "Spanish": "ESP",
    "Dutch": "NLD",
    "Holland": "NLD",
    "Polish": "POL",
    "Swedish": "SWE",
    "Norwegian": "NOR",
    "Finnish": "FIN",
    "Danish": "DNK",
    "Belgian": "BEL",
    "Swiss": "CHE",
    "Austrian": "AUT",
    "Greek": "GRC",
    "Turkish": "TUR",
    "Turkey": "TUR",
    "Iranian": "IRN",
    "Persia": "IRN",
    "Iraqi": "IRQ",
    "Syrian": "SYR",
    "Israeli": "ISR",
    "Palestinian": "PSE",
    "Lebanese": "LBN",
    "Saudi": "SAU",
    "Saudi Arabian": "SAU",
    "Egyptian": "EGY",
    "Yemeni": "YEM",
    "Afghan": "AFG",
    "Pakistani": "PAK",
    "Bangladeshi": "BGD",
    "Burma": "MMR",
    "Burmese": "MMR",
    "Myanmar": "MMR",
    "Thai": "THA",
    "Vietnamese": "VNM",
    "Filipino": "PHL",
    "Philippine": "PHL",
    "Indonesian": "IDN",
    "Malaysian": "MYS",
    "Singaporean": "SGP",
    "Taiwanese": "TWN",
    "Mongolian": "MNG",
    "Mexican": "MEX",
    "Brazilian": "BRA",
    "Argentine": "ARG",
    "Argentinian": "ARG",
    "Colombian": "COL",
    "Venezuelan": "VEN",
    "Chilean": "CHL",
    "Peruvian": "PER",
    "Cuban": "CUB",
    "Nigerian": "NGA",
    "Ethiopian": "ETH",
    "Kenyan": "KEN",
    "Somali": "SOM",
    "Sudanese": "SDN",
    "South African": "ZAF",
    "Malian": "MLI",
    "Congolese": "COD",
    "DRC": "COD",
    "Libyan": "LBY",
    "Moroccan": "MAR",
    "Algerian": "DZA",
    "Belarusian": "BLR",
    "Georgian": "GEO",
    "Armenian": "ARM",
    "Azerbaijani": "AZE",
    "Kazakh": "KAZ",
    "Uzbek": "UZB",
    "Moldovan": "MDA",
    "Romanian": "ROU",
    "Hungarian": "HUN",
    "Czech": "CZE",
    "Slovak": "SVK",
    "Serbian": "SRB",
    "Croatian": "HRV",
    "Bosnian": "BIH",
    "Ivory Coast": "CIV",
    # ACLED's and other datasets' spellings of country names.
    "Democratic Republic of Congo": "COD",
    "Democratic Republic of the Congo": "COD",
    "Republic of Congo": "COG",
    "Republic of the Congo": "COG",
    "Congo-Brazzaville": "COG",
    "Congo-Kinshasa": "COD",
    "Cape Verde": "CPV",
    "Czech Republic": "CZE",
    "East Timor": "TLS",
    "Swaziland": "SWZ",
    "Macedonia": "MKD",
    "Vatican City": "VAT",
    "The Gambia": "GMB",
    "Gambia, The": "GMB",
    "Bahamas, The": "BHS",
    "The Bahamas": "BHS",
    "Bosnia-Herzegovina": "BIH",
    "Myanmar (Burma)": "MMR",
}


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-3
    name: str


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
    if text.isascii():  # most names: NFC changes nothing, "`" is the one apostrophe to map
        return " ".join(text.replace("`", "'").split()).casefold()
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
        keys.append(_Key(fold(alias), code, len(alias) <= 3, alias))
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
        self._spelling_list: list[tuple[str, str, float]] | None = None

    def resolve(self, text: str) -> Country | None:
        """The country the text names exactly (case-insensitive), or None."""
        code = self._exact.get(fold(text))
        return country(code) if code else None

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """Countries whose names or aliases start with the text, then those with a word that
        does ("korea": North Korea); text of four letters or more may match inside a word.
        Shorter text matches only at word starts: "us" is not in "Russia"."""
        typed = fold(text)
        if not typed:
            return []
        ranked: dict[str, tuple[int, str]] = {}
        for key, code, is_code, shown in self._keys:
            if key == typed:
                rank = 0
            elif is_code:
                if len(typed) < 2 or not key.startswith(typed):
                    continue
                rank = 2
            else:
                how = name_match(typed, key)
                if how is None:
                    continue
                rank = (1, 3, 4)[how]
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

    def closest(self, text: str, limit: int = 3) -> list[Country]:
        """The countries whose names or aliases are spelt most like the text, for a typo
        ("Japn": Japan); best first. Codes are left out: one letter off, any code is close."""
        typed = fold(text)
        if len(typed) < 3:
            return []
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(typed)  # SequenceMatcher caches what it knows about its second text
        scores: dict[str, float] = {}
        for spelling, code, weight in self._spellings():
            matcher.set_seq1(spelling)
            if matcher.real_quick_ratio() < CLOSE_ENOUGH or matcher.quick_ratio() < CLOSE_ENOUGH:
                continue
            alike = matcher.ratio()
            if alike >= CLOSE_ENOUGH and alike * weight > scores.get(code, 0.0):
                scores[code] = alike * weight
        if not scores:
            return []
        # Only the near-best: "Zeeland" is New Zealand, and Greenland only at a stretch.
        best = max(scores.values())
        ordered = sorted(
            (code for code, score in scores.items() if score >= best - CLOSEST_MARGIN),
            key=lambda code: (-scores[code], country_name(code)),
        )
        return [found for code in ordered[:limit] if (found := country(code)) is not None]

    def _spellings(self) -> list[tuple[str, str, float]]:
        """Every name and alias (codes left out: one letter off, any code is close), and each
        from its second word on ("zealand"), ranked a little lower than a whole name so
        "chna" is China before Hong Kong ("... Region of China")."""
        if self._spelling_list is None:
            self._spelling_list = []
            for key, code, is_code, _ in self._keys:
                if is_code:
                    continue
                self._spelling_list.append((key, code, 1.0))
                self._spelling_list.extend(
                    (key[i + 1 :], code, PART_OF_NAME)
                    for i, ch in enumerate(key)
                    if ch == " " and key[i + 1 :]
                )
        return self._spelling_list

    def did_you_mean(self, text: str) -> str:
        """'did you mean Japan?' for a typo, naming the closest countries; "" when none is."""
        names = [found.name for found in self.closest(text)]
        if not names:
            return ""
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        return f"did you mean {listed}?"


def name_match(typed: str, name: str) -> int | None:
    """How a name matches what was typed (both folded): 0 it starts with it, 1 a later word
    does, 2 it holds it inside a word (only for four letters or more: "us" is a word start in
    "US Army", never the inside of "Russia"); None when it does not match."""
    if name.startswith(typed):
        return 0
    at = name.find(typed)
    while at > 0:
        if not name[at - 1].isalnum():
            return 1
        at = name.find(typed, at + 1)
    return 2 if len(typed) >= 4 and typed in name else None


# How alike (difflib's ratio) a typo and a name must be to suggest it: "japn"/"japan" is 0.89,
# "frnace"/"france" 0.83; below 0.78 they stop looking like the word typed ("narnia"/"armenia").
CLOSE_ENOUGH = 0.78
CLOSEST_MARGIN = 0.05  # suggestions this much less alike than the best are left out
PART_OF_NAME = 0.9  # a match with a name's later words ("zealand") ranks a little lower
