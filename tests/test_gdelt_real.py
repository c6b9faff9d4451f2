"""Real GDELT 2.0 exports from public repositories (tests/data/real/gdelt/README.md), read
through the importer: counts, and rows checked by hand against the files' own fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TEST_DATA
from tui.core.dates import PartialDate
from tui.core.importers import gdelt
from tui.core.model import ActorKind, Event
from tui.core.store import EventStore, Query

REAL = TEST_DATA / "real" / "gdelt"


def open_real(name: str) -> EventStore:
    return gdelt.build(gdelt.prepare(REAL / name))


def event(store: EventStore, event_id: str) -> Event:
    row = store.row_of(event_id)
    assert row is not None, event_id
    return store.events[row]


def countries(store: EventStore, event_id: str) -> set[str]:
    row = store.row_of(event_id)
    assert row is not None
    return set(store.columns.countries[row])


@pytest.mark.parametrize(
    ("name", "rows"),
    [("20191024143000.export.CSV", 15), ("20180326044500.export.CSV", 12), ("events.csv", 8)],
)
def test_every_real_row_opens(name: str, rows: int) -> None:
    assert gdelt.looks_like((REAL / name).read_text("utf-8").split("\n", 1)[0])
    prepared = gdelt.prepare(REAL / name)
    assert prepared.skipped == 0 and len(open_real(name)) == rows


def test_the_eu_in_minsk() -> None:
    # 881990833: 20181024, Actor2 IGOEUREEC "THE EU" (CAMEO country EUR, a region),
    # EventCode 040, ActionGeo "Minsk, Belarus (general), Belarus" with FIPS BO (Belarus; ISO's
    # BO is Bolivia), SOURCEURL https://belsat.eu/en/news/10-years-of-belarus-…
    store = open_real("20191024143000.export.CSV")
    consult = event(store, "881990833")
    assert consult.start == PartialDate(2018, 10, 24)
    assert consult.title == "Consult: EU"
    eu = store.actors[consult.actors[0].actor]
    assert eu.name == "EU" and eu.kind is ActorKind.GROUP and eu.country is None
    assert "region: Europe" in consult.tags
    [place] = consult.places
    assert (place.name, place.country) == ("Minsk, Belarus (general)", "BLR")
    assert countries(store, "881990833") == {"BLR"}
    [citation] = consult.citations
    source = store.sources[citation.source]
    url = "https://belsat.eu/en/news/10-years-of-belarus-participating-in-eastern-partnership-what-is-to-come/"
    assert str(source.url) == url and source.title == "belsat.eu"  # the URL once


def test_vancouver_once_and_a_country_named_by_a_city() -> None:
    # 881990836: CAN "CANADA" and AUS "VICTORIA" (coded AUS: Australia), EventCode 139,
    # ActionGeo "Vancouver, British Columbia, Canada", FIPS CA.
    store = open_real("20191024143000.export.CSV")
    ultimatum = event(store, "881990836")
    assert ultimatum.title == "Give ultimatum: Canada – Australia"
    assert [store.actors[p.actor].kind for p in ultimatum.actors] == [ActorKind.STATE] * 2
    [place] = ultimatum.places
    assert (place.name, place.country) == ("Vancouver, British Columbia", "CAN")
    assert countries(store, "881990836") == {"CAN", "AUS"}
    # Edinburgh's "City of" part is GDELT's ADM1 name and stays.
    [edinburgh] = event(store, "881990845").places
    assert (edinburgh.name, edinburgh.country) == ("Edinburgh, Edinburgh, City of", "GBR")


def test_country_level_places_and_fips_codes_unlike_iso() -> None:
    store = open_real("20180326044500.export.CSV")
    # 741917023: Actor1 CAN only, ActionGeo "South Africa", FIPS SF (ISO's SF is nothing).
    appeal = event(store, "741917023")
    assert appeal.start == PartialDate(2017, 3, 26)
    assert [(p.name, p.country) for p in appeal.places] == [(None, "ZAF")]
    assert countries(store, "741917023") == {"ZAF", "CAN"}
    # 741917030: "Stanwell, Queensland, Australia", FIPS AS: Australia (ISO's AS is American
    # Samoa), actors MED "SPOKESMAN" and GOV "GOVERNMENT" with no country.
    accuse = event(store, "741917030")
    assert accuse.title == "Accuse: Spokesman – Government"
    assert [(p.name, p.country) for p in accuse.places] == [("Stanwell, Queensland", "AUS")]
    # 741917022: MNCUSA "MICROSOFT" is a company in the United States, not the state.
    microsoft = store.actors[event(store, "741917022").actors[1].actor]
    assert (microsoft.name, microsoft.kind, microsoft.country) == (
        "Microsoft",
        ActorKind.GROUP,
        "USA",
    )
    assert countries(store, "741917022") == {"IND", "USA"}
    # 741917032: Pakistan, place China (FIPS CH; ISO's CH is Switzerland).
    assert countries(store, "741917032") == {"CHN", "PAK"}


def test_country_filter_finds_actors_and_places() -> None:
    store = open_real("events.csv")
    india = store.query(Query(countries=frozenset({"IND"})))
    # 479491243 (Actor2 IND, place Canberra) and 479491244 (place New Delhi).
    assert sorted(store.events[int(r)].id for r in india) == ["479491243", "479491244"]
    usa = store.query(Query(countries=frozenset({"USA"})))
    assert sorted(store.events[int(r)].id for r in usa) == ["479491239", "479491240", "479491241"]
    oregon = event(store, "479491240")
    assert [(p.name, p.country) for p in oregon.places] == [("Oregon", "USA")]


def test_real_zip_opens_like_the_plain_file(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "20191024143000.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(REAL / "20191024143000.export.CSV", "20191024143000.export.CSV")
    store = gdelt.build(gdelt.prepare(archive))
    assert len(store) == 15 and event(store, "881990833").title == "Consult: EU"


def test_a_real_gdelt1_daily_file() -> None:
    # 1199516025: 20140924, GOV "PRESIDENT" and TURMIL "TURKEY" (TUR), EventCode 161, action
    # place "Adalet, Hatay, Turkey", FIPS TU (no ISO code TU exists).
    store = open_real("20240921.small.CSV")
    assert len(store) == 10
    reduce = event(store, "1199516025")
    assert reduce.start == PartialDate(2014, 9, 24)
    assert reduce.title == "Reduce or break diplomatic relations: President – Türkiye (Military)"
    military = store.actors[reduce.actors[1].actor]
    assert (military.name, military.kind, military.country) == (
        "Türkiye (Military)",
        ActorKind.GROUP,
        "TUR",
    )
    assert [(p.name, p.country) for p in reduce.places] == [("Adalet, Hatay", "TUR")]
    # 1199516026: the action place is "Israel", FIPS IS: Israel, not ISO's IS (Iceland).
    assert [(p.name, p.country) for p in event(store, "1199516026").places] == [(None, "ISR")]
    assert countries(store, "1199516026") == {"ISR"}
    [citation] = event(store, "1199516033").citations
    source = store.sources[citation.source]
    assert source.title == "pantagraph.com" and str(source.url).startswith(
        "https://pantagraph.com/news/state-regional/inclusive-dental-clinic"
    )


def test_real_gdelt1_rows_of_both_widths_in_one_file(tmp_path: Path) -> None:
    """The real 58-column rows, and the same rows as the 57-column layout wrote them (no
    SOURCEURL; other ids), concatenated as daily files across April 2013 would be."""
    rows = (REAL / "20240921.small.CSV").read_text("utf-8").splitlines()
    old = ["9" + row.rsplit("\t", 1)[0] for row in rows]
    path = tmp_path / "concatenated.CSV"
    path.write_text("\n".join([*old[:5], *rows, *old[5:]]) + "\n", "utf-8")
    store = gdelt.build(gdelt.prepare(path))
    assert len(store) == 20
    assert event(store, "1199516025").citations and not event(store, "91199516025").citations
    assert event(store, "91199516025").places == event(store, "1199516025").places
