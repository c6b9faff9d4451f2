"""CAMEO, as GDELT uses it: event code labels and kinds, actor country codes, actor names.

CAMEO country codes are ISO alpha-3 codes except for a few legacy ones (ROM → ROU, TMP → TLS,
ZAR → COD, …) and regional codes (AFR, EUR, WST, …), which name a region, not a country
(tui/core/importers/data/cameo_countries.tsv). An actor whose code is a bare country code ("USA",
whatever GDELT's name for it: "UNITED STATES", "WASHINGTON") is that country, shown by the
country's name; any other actor keeps GDELT's name, written as GDELT means it: acronyms stay
acronyms ("THE EU" → "EU", "NATO", "US"), the rest in title case ("Bank of England"); a part
of a country named by the country ("TURMIL" named "TURKEY") is shown with CAMEO's label for its
role ("Türkiye (Military)", tui/core/importers/data/cameo_types.tsv), except its government, which
is the state acting ("RUSGOV" named "RUSSIA" is Russia).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pycountry

from tui.core.countries import CountryResolver, country_name
from tui.core.model import EventKind

QUADS = {
    "1": "Verbal cooperation",
    "2": "Material cooperation",
    "3": "Verbal conflict",
    "4": "Material conflict",
}
ROOT_KINDS: dict[str, EventKind] = {
    "01": EventKind.STATEMENT,
    "02": EventKind.STATEMENT,
    "03": EventKind.STATEMENT,
    "04": EventKind.MEETING,
    "05": EventKind.AGREEMENT,
    "06": EventKind.OTHER,
    "07": EventKind.OTHER,
    "08": EventKind.OTHER,
    "09": EventKind.REPORT,
    "10": EventKind.STATEMENT,
    "11": EventKind.STATEMENT,
    "12": EventKind.STATEMENT,
    "13": EventKind.STATEMENT,
    "14": EventKind.PROTEST,
    "15": EventKind.MILITARY_ACTION,
    "16": EventKind.POLICY,
    "17": EventKind.VIOLENCE,
    "18": EventKind.VIOLENCE,
    "19": EventKind.MILITARY_ACTION,
    "20": EventKind.VIOLENCE,
}
# Finer codes whose kind differs from their root's.
CODE_KINDS: dict[str, EventKind] = {
    "042": EventKind.VISIT,
    "043": EventKind.VISIT,
    "045": EventKind.NEGOTIATION,
    "046": EventKind.NEGOTIATION,
    "050": EventKind.MEETING,
    "051": EventKind.STATEMENT,
    "052": EventKind.STATEMENT,
    "057": EventKind.AGREEMENT,
    "141": EventKind.PROTEST,
    "145": EventKind.PROTEST,
}


def kind_of_code(code: str) -> EventKind:
    return CODE_KINDS.get(code[:3], ROOT_KINDS.get(code[:2], EventKind.OTHER))


def table(name: str) -> list[list[str]]:
    """A tab-separated table from tui/core/importers/data (``#`` lines are comments)."""
    text = resources.files("tui.core.importers").joinpath("data", name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@cache
def cameo_events() -> dict[str, str]:
    """CAMEO event code → description."""
    return {row[0]: row[1] for row in table("cameo_events.tsv")}


def describe_code(code: str) -> str:
    labels = cameo_events()
    for candidate in (code, code[:3], code[:2]):
        if candidate in labels:
            return labels[candidate]
    return f"CAMEO {code}" if code else "Event"


@cache
def cameo_countries() -> tuple[dict[str, str], dict[str, str]]:
    """(CAMEO country code → ISO alpha-3, regional code → region name)."""
    countries = {str(c.alpha_3): str(c.alpha_3) for c in pycountry.countries}
    regions: dict[str, str] = {}
    for row in table("cameo_countries.tsv"):
        if row[1] == "region":
            regions[row[0]] = row[2]
            countries.pop(row[0], None)  # a region code that is also an ISO code is a region
        elif row[1] == "-":
            countries.pop(row[0], None)
        elif pycountry.countries.get(alpha_3=row[1]) is not None:
            countries[row[0]] = row[1]
    return countries, regions


# Acronyms GDELT writes in actor names; any word without a vowel is taken as one too (BBC).
ACRONYMS = frozenset(
    {
        "EU",
        "UN",
        "US",
        "UK",
        "USA",
        "UAE",
        "NATO",
        "OPEC",
        "ASEAN",
        "UNICEF",
        "UNESCO",
        "UNHCR",
        "IMF",
        "WTO",
        "IAEA",
        "OSCE",
        "ECOWAS",
        "AU",
        "ICC",
        "ICJ",
        "NGO",
        "FIFA",
        "IOC",
        "ISIS",
        "ISIL",
        "PLO",
        "PKK",
        "IRA",
        "ANC",
        "KGB",
        "FSB",
        "CIA",
        "FBI",
        "NASA",
        "OECD",
        "BRICS",
        "G7",
        "G20",
        "WHO",
        "WFP",
        "UNSC",
        "EEC",
        "SADC",
        "IGAD",
        "OAS",
        "APEC",
        "NAFTA",
        "DPRK",
        "ROK",
        "PRC",
        "",
    }
)
_NOT_ACRONYMS = frozenset({"MR", "MRS", "DR", "ST", "MT", "JR", "SR", "LTD", "CPL", "SGT"})
_SMALL_WORDS = frozenset({"OF", "AND", "THE", "FOR", "IN", "ON", "AT", "TO", "DE", "DU", "LA"})
_WORD = re.compile(r"[A-Z0-9]+(?:'[A-Z]+)?")


def readable_name(name: str) -> str:
    """GDELT's upper-case actor name as it is meant: "THE EU" → "EU", "BANK OF ENGLAND" →
    "Bank of England", "O'NEILL" → "O'Neill". A name that is not all capitals is kept."""
    if not name.isupper():
        return name
    words = name.split()
    if len(words) == 2 and words[0] == "THE" and _is_acronym(words[1]):
        return words[1]

    def word(match: re.Match[str]) -> str:
        text = match.group()
        if _is_acronym(text):
            return text
        if match.start() > 0 and text in _SMALL_WORDS:
            return text.lower()
        head, _, rest = text.partition("'")
        if rest and len(head) == 1:  # O'NEILL, D'ALEMA
            return f"{head}'{rest[:1]}{rest[1:].lower()}"
        return text[:1] + text[1:].lower()

    return _WORD.sub(word, name)


def _is_acronym(word: str) -> bool:
    letters = word.replace("'", "")
    return letters in ACRONYMS or (
        len(letters) >= 2
        and letters.isalpha()
        and letters not in _NOT_ACRONYMS
        and not set(letters) & set("AEIOUY")
    )


@cache
def cameo_types() -> dict[str, str]:
    """CAMEO actor type code → label (GOV → Government)."""
    return {row[0]: row[1] for row in table("cameo_types.tsv")}


@cache
def _resolver() -> CountryResolver:
    return CountryResolver()


def actor_label(name: str, cameo_country: str, code: str) -> tuple[str, str | None, str]:
    """(name to show, ISO alpha-3 or None, region name or "") for one GDELT actor.

    A bare country code is the country ("USA" named "WASHINGTON": United States), and so is
    its government named by the country ("RUSGOV" named "RUSSIA"). A country code with another
    role, named by the country ("TURMIL" named "TURKEY", "JPNBUS" named "JAPANESE"), is that
    part of the country, by CAMEO's label: "Türkiye (Military)". Anything else keeps GDELT's
    name, written as meant ("Microsoft", "EU", "Binyamin Ben Eliezer").
    """
    to_iso, regions = cameo_countries()
    iso = to_iso.get(cameo_country)
    region = regions.get(cameo_country, "")
    if code and code == cameo_country:  # the country (or region) itself
        if iso is not None:
            return country_name(iso), iso, region
        if region:
            return region, None, region
    shown = readable_name(name)
    role = cameo_types().get(code[len(cameo_country) : len(cameo_country) + 3])
    if iso is not None and cameo_country and code.startswith(cameo_country) and role:
        named = _resolver().resolve(shown)
        if named is not None and named.code == iso:
            # A government named by its country is the state acting ("RUSSIA" as RUSGOV).
            label = country_name(iso) if role == "Government" else f"{country_name(iso)} ({role})"
            return label, iso, region
    return shown, iso, region
