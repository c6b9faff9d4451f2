"""Every country an ACLED event involves: its own and the one in each actor's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.actor_countries import ActorCountry, actor_country
from tui.core.countries import CountryResolver
from tui.core.loading import open_store


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Military Forces of the United States (2025-)", ActorCountry("USA", True)),
        ("Military Forces of France (2017-)", ActorCountry("FRA", True)),
        (
            "Police Forces of Ethiopia (2018-) Somali Regional State Police",
            ActorCountry("ETH", True),
        ),
        ("Government of Eritrea (1993-)", ActorCountry("ERI", True)),
        ("Military Forces of Djibouti (1977-1999)", ActorCountry("DJI", True)),
        ("Military Forces of Somalia", ActorCountry("SOM", True)),
        (
            "Military Forces of the Democratic Republic of Congo (2019-)",
            ActorCountry("COD", True),
        ),
        ("Mutiny of Military Forces of Sudan (2019-)", ActorCountry("SDN", False)),
        ("Rioters (Algeria)", ActorCountry("DZA", False)),
        ("Protesters (Ethiopia)", ActorCountry("ETH", False)),
        ("Civilians (Ivory Coast)", ActorCountry("CIV", False)),
        ("Refugees/IDPs (Burundi)", ActorCountry("BDI", False)),
        ("Protesters (International)", ActorCountry(None, False)),
        ("Mayi Mayi Militia (Nyatura)", ActorCountry(None, False)),
        (
            "MONUSCO: United Nations Organization Stabilization Mission in Democratic Republic "
            "of Congo (2010-)",
            ActorCountry(None, False),
        ),
        ("Al Shabaab", ActorCountry(None, False)),
    ],
)
def test_acled_naming_rules(name: str, expected: ActorCountry) -> None:
    assert actor_country(name, CountryResolver()) == expected


HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,iso,country"
)


def test_country_filter_finds_foreign_forces_in_a_somalia_file(tmp_path: Path) -> None:
    """The reported case: --country "United States" found 0 of the events with US forces."""
    rows = [
        "SOM1,2025-03-01,2025,1,Explosions/Remote violence,Air/drone strike,"
        "Military Forces of the United States (2025-),,External/Other forces,"
        "Al Shabaab,,Rebel group,706,Somalia",
        "SOM2,2025-03-02,2025,1,Battles,Armed clash,Military Forces of Somalia (2022-),"
        "Military Forces of the United States (2025-); Military Forces of France (2017-),"
        "State forces,Al Shabaab,,Rebel group,706,Somalia",
        "SOM3,2025-03-03,2025,1,Battles,Armed clash,"
        "Police Forces of Ethiopia (2018-) Somali Regional State Police,,"
        "External/Other forces,Al Shabaab,,Rebel group,706,Somalia",
        "SOM4,2025-03-04,2025,1,Battles,Armed clash,Al Shabaab,,Rebel group,,,,706,Somalia",
    ]
    path = tmp_path / "somalia.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")
    store = open_store([path], format="acled").store
    united_states = CountryResolver().resolve("United States")
    assert united_states is not None

    def ids(code: str) -> list[str]:
        return [store.events[r].id for r in store.rows_for_country(code)]

    assert ids(united_states.code) == ["SOM1", "SOM2"]  # actor 1, and an associated actor
    assert ids("FRA") == ["SOM2"]
    assert ids("ETH") == ["SOM3"]
    assert len(ids("SOM")) == 4
    assert store.columns.countries[store.row_of("SOM2") or 0] == ("SOM", "USA", "FRA")
    us_forces = store.actors["acled:military-forces-of-the-united-states-2025"]
    assert us_forces.country == "USA" and us_forces.kind.value == "state"
