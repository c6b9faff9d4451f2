from __future__ import annotations

import pytest

from tui.core.countries import CountryResolver

CASES = {
    "Japan": "JPN",
    "JP": "JPN",
    "JPN": "JPN",
    "Japanese": "JPN",
    "japan": "JPN",
    "New Zealand": "NZL",
    "NZ": "NZL",
    "North Korea": "PRK",
    "DPRK": "PRK",
    "north korean": "PRK",
    "Russia": "RUS",
    "Russian Federation": "RUS",
    "Britain": "GBR",
    "UK": "GBR",
    "United Kingdom": "GBR",
    "British": "GBR",
    "United States": "USA",
    "US": "USA",
    "USA": "USA",
    "South Korea": "KOR",
    "ROK": "KOR",
    "Ukraine": "UKR",
    "  new   zealand ": "NZL",
}


@pytest.mark.parametrize(("typed", "code"), sorted(CASES.items()))
def test_names_codes_demonyms_and_aliases_resolve(typed: str, code: str) -> None:
    found = CountryResolver().resolve(typed)
    assert found is not None and found.code == code


def test_unknown_country_resolves_to_nothing() -> None:
    assert CountryResolver().resolve("Narnia") is None
    assert CountryResolver().suggest("Narnia") == []


def test_dataset_aliases_extend_the_resolver() -> None:
    resolver = CountryResolver({"Pyongyang": "PRK", "Nowhere": "ZZZ"})
    found = resolver.resolve("pyongyang")
    assert found is not None and found.code == "PRK"
    assert resolver.resolve("Nowhere") is None  # aliases to unknown codes are ignored


def test_suggestions_rank_prefixes_first() -> None:
    names = [s.country.name for s in CountryResolver().suggest("new")]
    assert names == ["New Zealand", "New Caledonia", "Papua New Guinea"]  # closest first
    assert CountryResolver().suggest("brit")[0].country.code == "GBR"
    # an exact code beats a longer name that starts with it
    assert [s.country.code for s in CountryResolver().suggest("uk")] == ["GBR", "UKR"]


def test_korea_suggests_both_koreas() -> None:
    codes = {s.country.code for s in CountryResolver().suggest("korea")}
    assert {"PRK", "KOR"} <= codes


def test_everyday_names_are_shown() -> None:
    found = CountryResolver().resolve("DPRK")
    assert found is not None and found.name == "North Korea"


@pytest.mark.parametrize(
    "typed",
    [
        "Côte d'Ivoire",
        "Co\u0302te d'Ivoire",  # NFD: o + combining circumflex
        "Cote d'Ivoire",
        "Côte d\u2019Ivoire",  # a typographic apostrophe
        "Cote d\u2018ivoire",
        "COTE D'IVOIRE",
        "Ivory Coast",
    ],
)
def test_normalised_and_apostrophe_folded_names_resolve(typed: str) -> None:
    found = CountryResolver().resolve(typed)
    assert found is not None and found.code == "CIV"


def test_acled_spellings_resolve() -> None:
    resolver = CountryResolver()
    for typed, code in {
        "Democratic Republic of Congo": "COD",
        "Republic of Congo": "COG",
        "Curacao": "CUW",
        "Cape Verde": "CPV",
    }.items():
        found = resolver.resolve(typed)
        assert found is not None and found.code == code, typed
