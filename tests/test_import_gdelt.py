"""GDELT event files: 2.0 plain and zipped, 1.0 daily with 57 and 58 columns."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import TEST_DATA
from tui.core.dates import PartialDate
from tui.core.importers.gdelt import cameo_countries, describe_code
from tui.core.loading import open_store
from tui.core.model import ActorKind, EventKind
from tui.core.problems import LoadError
from tui.core.store import EventStore, Query

IMPORTS = TEST_DATA / "imports"


def row_of(store: EventStore, event_id: str) -> int:
    row = store.row_of(event_id)
    assert row is not None, event_id
    return row


def check_visit(store: EventStore) -> None:
    visit = store.events[row_of(store, "1185036513")]
    assert visit.start == PartialDate(2024, 6, 19)
    assert visit.kind is EventKind.VISIT
    assert visit.title == "Make a visit: Russia – North Korea"
    assert visit.places[0].name == "Pyongyang, P'yongyang-si"  # the country is shown beside it
    assert visit.places[0].country == "PRK"
    russia = store.actors[visit.actors[0].actor]
    assert russia.kind is ActorKind.STATE and russia.country == "RUS"
    assert set(store.columns.countries[row_of(store, "1185036513")]) == {"PRK", "RUS"}


def test_gdelt2_export() -> None:
    result = open_store([IMPORTS / "gdelt2.export.CSV"])
    store = result.store
    assert result.format == "gdelt" and len(store) == 6
    check_visit(store)
    visit = store.events[row_of(store, "1185036513")]
    source = store.sources[visit.citations[0].source]
    assert str(source.url) == "https://www.example.org/world/asia/putin-arrives-pyongyang"
    agreement = store.events[row_of(store, "1185036514")]
    assert agreement.kind is EventKind.AGREEMENT and agreement.concerns
    assert store.concerns[agreement.concerns[0]].label == "Material cooperation"


def test_legacy_and_regional_cameo_codes() -> None:
    store = open_store([IMPORTS / "gdelt2.export.CSV"]).store
    talks = store.events[row_of(store, "1185036516")]  # AFR (a region) and ROM (Romania)
    africa, romania = (store.actors[p.actor] for p in talks.actors)
    assert africa.country is None and romania.country == "ROU"
    assert "region: Africa" in talks.tags
    assert store.columns.countries[row_of(store, "1185036516")] == ("ROU",)
    timor = store.events[row_of(store, "1185036518")]  # TMP (East Timor) and WST (the West)
    assert store.actors[timor.actors[0].actor].country == "TLS"
    assert timor.title.startswith("Appeal for aid")  # 0231 falls back to its base code 023
    # The TMP actor's event, and the protest in "Dili, Dili, East Timor": its place's FIPS
    # code TT is Timor-Leste, although the name's "East Timor" resolves to no country.
    timor_rows = store.query(Query(countries=frozenset({"TLS"})))
    assert sorted(store.events[int(r)].id for r in timor_rows) == ["1185036517", "1185036518"]
    no_actors = store.events[row_of(store, "1185036517")]
    assert no_actors.actors == [] and no_actors.kind is EventKind.PROTEST


def test_cameo_tables() -> None:
    countries, regions = cameo_countries()
    assert countries["ROM"] == "ROU" and countries["TMP"] == "TLS" and countries["ZAR"] == "COD"
    assert regions["WST"] == "The West" and "AFR" not in countries and "SAM" not in countries
    assert describe_code("042") == "Make a visit"
    assert describe_code("1823") == "Physically assault"  # unlisted: its base code
    assert describe_code("19") == "Fight"


def test_gdelt2_zipped(tmp_path: Path) -> None:
    archive = tmp_path / "20240619103000.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(IMPORTS / "gdelt2.export.CSV", "20240619103000.export.CSV")
    result = open_store([archive])
    assert result.format == "gdelt" and len(result.store) == 6
    check_visit(result.store)


@pytest.mark.parametrize(
    ("name", "rows", "has_url"), [("gdelt1_58.CSV", 4, True), ("gdelt1_57.CSV", 3, False)]
)
def test_gdelt1_daily(name: str, rows: int, has_url: bool) -> None:
    store = open_store([IMPORTS / name]).store
    assert len(store) == rows
    check_visit(store)
    assert bool(store.events[row_of(store, "1185036513")].citations) is has_url


def test_bad_gdelt_rows(tmp_path: Path) -> None:
    lines = (IMPORTS / "gdelt2.export.CSV").read_text("utf-8").splitlines()
    fields = lines[1].split("\t")
    fields[1] = "2024061"
    lines[1] = "\t".join(fields)
    path = tmp_path / "bad.export.CSV"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(LoadError) as caught:
        open_store([path])
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (2, "SQLDATE 2024061 is not a date (YYYYMMDD)")
    ]
    assert len(open_store([path], skip_bad=True).store) == 5


def test_ragged_gdelt_rows_are_named_and_skipped(tmp_path: Path) -> None:
    lines = (IMPORTS / "gdelt2.export.CSV").read_text("utf-8").splitlines()
    lines[1] = lines[1].rsplit("\t", 2)[0]  # no DATEADDED, no SOURCEURL
    lines[3] += "\textra"
    path = tmp_path / "ragged.export.CSV"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    expected = [
        (2, "59 tab-separated fields, the first row has 61"),
        (4, "62 tab-separated fields, the first row has 61"),
    ]
    with pytest.raises(LoadError) as caught:
        open_store([path])
    assert [(p.line, p.message) for p in caught.value.problems] == expected
    result = open_store([path], skip_bad=True)
    assert len(result.store) == 4 and result.skipped_rows == 2
    assert [(p.line, p.message) for p in result.skipped_problems] == expected


def test_an_empty_source_url_is_not_a_ragged_gdelt_row(tmp_path: Path) -> None:
    lines = (IMPORTS / "gdelt2.export.CSV").read_text("utf-8").splitlines()
    lines[1] = lines[1].rsplit("\t", 1)[0] + "\t"
    path = tmp_path / "no-url.export.CSV"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert len(open_store([path]).store) == 6
