"""Names and countries as GDELT means them: CAMEO actors, FIPS 10-4 places, mixed layouts."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from tests.conftest import TEST_DATA
from tui.core.countries import CountryResolver
from tui.core.importers import gdelt
from tui.core.importers.gdelt_cameo import actor_label, readable_name
from tui.core.importers.gdelt_geo import fips_countries, place_of
from tui.core.problems import LoadError

IMPORTS = TEST_DATA / "imports"


@pytest.mark.parametrize(
    ("gdelt_name", "shown"),
    [
        ("THE EU", "EU"),
        ("THE US", "US"),
        ("THE UN", "UN"),
        ("NATO", "NATO"),
        ("BANK OF ENGLAND", "Bank of England"),
        ("BINYAMIN BEN ELIEZER", "Binyamin Ben Eliezer"),
        ("O'NEILL", "O'Neill"),
        ("BBC", "BBC"),
        ("ST PETERSBURG", "St Petersburg"),
        ("THE GOVERNMENT", "The Government"),
        ("Already Mixed", "Already Mixed"),
    ],
)
def test_readable_names(gdelt_name: str, shown: str) -> None:
    assert readable_name(gdelt_name) == shown


def test_actor_labels_follow_cameo_codes() -> None:
    # A bare country code is the country, whatever GDELT's name for it.
    assert actor_label("WASHINGTON", "USA", "USA") == ("United States", "USA", "")
    assert actor_label("THE US", "USA", "USA") == ("United States", "USA", "")
    assert actor_label("ROMANIA", "ROM", "ROM") == ("Romania", "ROU", "")  # legacy CAMEO code
    assert actor_label("AFRICA", "AFR", "AFR") == ("Africa", None, "Africa")  # a region
    # A government named by its country is the state; another role is named by CAMEO.
    assert actor_label("THE US", "USA", "USAGOV") == ("United States", "USA", "")
    assert actor_label("RUSSIA", "RUS", "RUSGOV") == ("Russia", "RUS", "")
    assert actor_label("TURKEY", "TUR", "TURMIL") == ("Türkiye (Military)", "TUR", "")
    assert actor_label("JAPANESE", "JPN", "JPNBUS") == ("Japan (Business)", "JPN", "")
    # Anything else keeps GDELT's name, with the country it belongs to.
    assert actor_label("MICROSOFT", "USA", "MNCUSA") == ("Microsoft", "USA", "")
    assert actor_label("MANCHESTER", "GBR", "GBREDU") == ("Manchester", "GBR", "")
    assert actor_label("NATO", "", "IGOWSTNAT") == ("NATO", None, "")
    assert actor_label("THE EU", "EUR", "IGOEUREEC") == ("EU", None, "Europe")


def test_fips_table_is_complete_and_sound() -> None:
    table = fips_countries()
    assert len(table) == 275
    isos = {iso for iso, _ in table.values() if iso}
    # Every ISO country has a FIPS code except the two FIPS 10-4 never gave one.
    missing = {str(c.alpha_3) for c in pycountry.countries} - isos
    assert missing == {"ALA", "BES"}
    assert all(pycountry.countries.get(alpha_3=iso) is not None for iso in isos)
    # Codes where FIPS and ISO alpha-2 differ, checked against the CIA appendix by hand.
    hand_checked = {
        "AS": "AUS",  # ISO AS is American Samoa
        "AU": "AUT",
        "BF": "BHS",
        "BK": "BIH",
        "BO": "BLR",
        "CH": "CHN",
        "EZ": "CZE",
        "GM": "DEU",
        "IZ": "IRQ",
        "KN": "PRK",
        "KS": "KOR",
        "MK": "MKD",
        "RS": "RUS",
        "RI": "SRB",
        "SF": "ZAF",
        "SP": "ESP",
        "TT": "TLS",
        "UK": "GBR",
        "UP": "UKR",
        "VM": "VNM",
        "WE": "PSE",
        "GZ": "PSE",
        "OD": "SSD",
        "RB": "SRB",  # historical
    }
    assert {fips: table[fips][0] for fips in hand_checked} == hand_checked
    # No ISO country: Kosovo, Serbia and Montenegro, the Netherlands Antilles, the oceans.
    assert [table[code][0] for code in ("KV", "YI", "NT", "OS", "PG")] == [""] * 5


@pytest.mark.parametrize(
    ("full_name", "fips", "expected"),
    [
        ("Bahamas, The", "BF", ("BHS", "")),
        ("Nassau, New Providence, Bahamas, The", "BF", ("BHS", "Nassau, New Providence")),
        (
            "Sarajevo, Federation of Bosnia and Herzegovina, Bosnia-Herzegovina",
            "BK",
            ("BIH", "Sarajevo, Federation of Bosnia and Herzegovina"),
        ),
        ("Skopje, Grad Skopje, Macedonia", "MK", ("MKD", "Skopje, Grad Skopje")),
        ("Hanoi, Ha Noi, Vietnam, Republic Of", "VM", ("VNM", "Hanoi, Ha Noi")),
        ("Seoul, Soul-t'ukpyolsi, South Korea", "KS", ("KOR", "Seoul, Soul-t'ukpyolsi")),
        ("Dili, Dili, East Timor", "TT", ("TLS", "Dili, Dili")),
        ("Atlanta, Georgia, United States", "US", ("USA", "Atlanta, Georgia")),
        ("Luxembourg, Luxembourg", "LU", ("LUX", "Luxembourg")),
        # The country is the code's, whatever the text says; an unknown tail stays.
        ("Somewhere, Atlantis", "US", ("USA", "Somewhere, Atlantis")),
        ("North Sea, Oceans (general), Oceans", "OS", ("", "North Sea, Oceans (general), Oceans")),
        ("Pristina, Kosovo", "KV", ("", "Pristina, Kosovo")),
        ("Paris, France", "", ("", "Paris, France")),  # no code: never from the name
    ],
)
def test_places(full_name: str, fips: str, expected: tuple[str, str]) -> None:
    assert place_of(full_name, fips, CountryResolver()) == expected


def _mixed_daily_file(tmp_path: Path) -> Path:
    """GDELT 1.0 daily rows of both layouts in one file, as `cat` of daily files makes."""
    rows_58 = (IMPORTS / "gdelt1_58.CSV").read_text("utf-8").splitlines()
    rows_57 = [
        "2" + line for line in (IMPORTS / "gdelt1_57.CSV").read_text("utf-8").splitlines()
    ]  # other GLOBALEVENTIDs
    path = tmp_path / "2013.daily.CSV"
    path.write_text("\n".join([*rows_57, *rows_58]) + "\n", "utf-8")
    return path


def test_gdelt1_files_mixing_57_and_58_columns_open_whole(tmp_path: Path) -> None:
    store = gdelt.build(gdelt.prepare(_mixed_daily_file(tmp_path)))
    assert len(store) == 7
    with_url = store.events[store.row_of("1185036513") or 0]
    without_url = store.events[store.row_of("21185036513") or 0]
    assert with_url.citations and not without_url.citations
    assert with_url.title == without_url.title == "Make a visit: Russia – North Korea"


def test_a_row_of_neither_gdelt1_width_is_named(tmp_path: Path) -> None:
    path = _mixed_daily_file(tmp_path)
    lines = path.read_text("utf-8").splitlines()
    lines[4] += "\textra\tmore"  # a 58-column row with 60 fields
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(LoadError) as caught:
        gdelt.prepare(path)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (5, "60 tab-separated fields; GDELT 1.0 rows have 57 or 58")
    ]
    assert gdelt.prepare(path, skip_bad=True).skipped == 1
