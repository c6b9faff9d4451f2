"""The bundled dataset in data/: it loads cleanly and agrees with the public record.

The expected values below are the public record as a fact check found it (December 2026),
written out here in full: the tables are the reference, nothing outside the repository is read.
The article the dataset is drawn from is kept, byte-identical, in tests/data/article.txt; every
quote that cites it must appear there verbatim.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.dates import Precision
from tui.core.importers.ours import load_paths
from tui.core.model import DataFile, Dataset, EventKind
from tui.core.problems import LoadError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ARTICLE_TEXT = Path(__file__).resolve().parent / "data" / "article.txt"
ARTICLE_SOURCE = "article"
LATER_TAG = "later-development"
DATASET_NAME = "Japan, New Zealand and the Russia–North Korea pact (June 2024)"

DAY, MONTH = Precision.DAY, Precision.MONTH

# event id -> (start, end or None, precision of start and end), from the public record.
ARTICLE_EVENTS: dict[str, tuple[str, str | None, Precision]] = {
    "japan-adopts-national-security-strategy": ("2022-12-16", None, DAY),
    "japan-canada-open-information-security-talks": ("2022-10-11", None, DAY),
    "japan-new-zealand-speed-up-information-security-talks": ("2023-02-27", None, DAY),
    "russia-fires-north-korean-missiles-at-ukraine": ("2023-12-30", "2024-01-02", DAY),
    "us-says-russia-used-north-korean-missiles": ("2024-01-04", None, DAY),
    "ukraine-identifies-north-korean-kn-23": ("2024-01", None, MONTH),
    "japan-ukraine-intend-information-security-agreement": ("2024-06", None, MONTH),
    "putin-visits-pyongyang": ("2024-06-18", "2024-06-19", DAY),
    "putin-kim-sign-partnership-treaty": ("2024-06-19", None, DAY),
    "kishida-luxon-tokyo-summit": ("2024-06-19", None, DAY),
}
AGREEMENT_EVENTS: dict[str, tuple[str, str | None, Precision]] = {
    "japan-united-states-gsomia": ("2007-08", None, MONTH),
    "japan-nato-information-security-agreement": ("2010-06", None, MONTH),
    "japan-france-information-security-agreement": ("2011-10", None, MONTH),
    "japan-australia-information-security-agreement": ("2012-05-17", None, DAY),
    "japan-united-kingdom-information-security-agreement": ("2013-07", None, MONTH),
    "japan-india-information-security-agreement": ("2015-12", None, MONTH),
    "japan-italy-information-security-agreement": ("2016-03-19", None, DAY),
    "japan-south-korea-gsomia": ("2016-11-23", None, DAY),
    "japan-germany-information-security-agreement": ("2021-03-22", None, DAY),
}
LATER_EVENTS: dict[str, tuple[str, str | None, Precision]] = {
    "japan-ukraine-information-security-agreement-in-principle": ("2024-09-23", None, DAY),
    "russia-duma-ratifies-north-korea-treaty": ("2024-10-24", None, DAY),
    "japan-ukraine-sign-information-security-agreement": ("2024-11-16", None, DAY),
    "russia-north-korea-treaty-enters-into-force": ("2024-12-04", None, DAY),
    "japan-canada-sign-information-security-agreement": ("2025-07-08", None, DAY),
    "japan-new-zealand-sign-information-security-agreement-and-acsa": ("2025-12-19", None, DAY),
}
EXPECTED_EVENTS = {**ARTICLE_EVENTS, **AGREEMENT_EVENTS, **LATER_EVENTS}

# Which file holds which events.
FILE_EVENTS: dict[str, set[str]] = {
    "article.json": set(ARTICLE_EVENTS),
    "japan-information-security-agreements.json": set(AGREEMENT_EVENTS),
    "later-developments.json": set(LATER_EVENTS),
}
# Japan's partners in the nine agreements, by event id.
AGREEMENT_PARTNERS: dict[str, str] = {
    "japan-united-states-gsomia": "united-states",
    "japan-nato-information-security-agreement": "nato",
    "japan-france-information-security-agreement": "france",
    "japan-australia-information-security-agreement": "australia",
    "japan-united-kingdom-information-security-agreement": "united-kingdom",
    "japan-india-information-security-agreement": "india",
    "japan-italy-information-security-agreement": "italy",
    "japan-south-korea-gsomia": "south-korea",
    "japan-germany-information-security-agreement": "germany",
}

# The fact check: the 2023 Hayashi–Mahuta meeting is not reported by the article.
NOT_IN_THE_ARTICLE = {"japan-new-zealand-speed-up-information-security-talks"}

# Sources whose address or date the record gives: id -> (url or None, published).
# Every URL in data/ must be one of these: an address the record shows, not one built from an id.
FACT_SHEET_SOURCES: dict[str, tuple[str | None, str | None]] = {
    "nippon-yjj2022121600931": (
        "https://www.nippon.com/en/news/yjj2022121600931/"
        "japan-decides-to-possess-counterstrike-capabilities.html",
        "2022-12-16",
    ),
    "nippon-yjj2022101100673": (
        "https://www.nippon.com/en/news/yjj2022101100673/"
        "japan-canada-adopt-action-plan-on-free-open-indo-pacific.html",
        "2022-10-12",
    ),
    "nippon-yjj2025070800863": (
        "https://www.nippon.com/en/news/yjj2025070800863/"
        "japan-canada-sign-information-security-agreement.html",
        "2025-07-09",
    ),
    "asahi-ajw-14794341": ("https://www.asahi.com/ajw/articles/14794341", None),
    "tass-politics-1805063": ("https://tass.com/politics/1805063", "2024-06-18"),
    "tass-politics-1862721": ("https://tass.com/politics/1862721", "2024-10-26"),
    "korea-herald-20240620050298": (
        "https://www.koreaherald.com/view.php?ud=20240620050298",
        "2024-06-20",
    ),
    "white-house-kirby-2024-01-04": (None, "2024-01-04"),
    "kyodo-kn-23-2024-01-12": (None, "2024-01-12"),
    "ap-japan-new-zealand-2023-02-27": (None, "2023-02-27"),
    "ap-citynews-2024-06-19": (None, "2024-06-19"),
    "yomiuri-20240620-193389": (None, "2024-06-20"),
    "yomiuri-20240924-213025": (None, "2024-09-24"),
    "mofa-announce-2012-05-17": (None, "2012-05-17"),
    "article": (None, None),  # the rewrite carries no date of its own
}
# event id -> sources it must cite, and sources it must not (the fact check).
CITED_FOR: dict[str, tuple[set[str], set[str]]] = {
    "putin-visits-pyongyang": ({"tass-politics-1805063"}, set()),
    "putin-kim-sign-partnership-treaty": (set(), {"tass-politics-1862721"}),
    "russia-duma-ratifies-north-korea-treaty": ({"tass-politics-1862721"}, set()),
    "russia-north-korea-treaty-enters-into-force": ({"tass-politics-1862721"}, set()),
    "japan-new-zealand-speed-up-information-security-talks": (
        {"ap-japan-new-zealand-2023-02-27"},
        {ARTICLE_SOURCE},
    ),
}
WAKE_SENTENCE = "The agreement comes in the wake of growing ties between Russia and North Korea"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    try:
        return load_paths([DATA])
    except LoadError as error:  # pragma: no cover - shown only when the data is broken
        pytest.fail(f"data/ does not load:\n{error.report()}")


@pytest.fixture(scope="module")
def article_text() -> str:
    return ARTICLE_TEXT.read_text(encoding="utf-8")


def test_data_directory_loads_without_problems() -> None:
    files = sorted(p.name for p in DATA.glob("*.json") if p.name != "timeline-explorer.schema.json")
    assert files == sorted(FILE_EVENTS)
    load_paths([DATA])  # raises LoadError listing every problem


def test_dataset_name(dataset: Dataset) -> None:
    assert dataset.name == DATASET_NAME


def test_event_ids_are_exactly_the_fact_sheet_events(dataset: Dataset) -> None:
    ids = [event.id for event in dataset.events]
    assert len(ids) == len(set(ids)) == 25
    assert set(ids) == set(EXPECTED_EVENTS)


@pytest.mark.parametrize("event_id", sorted(EXPECTED_EVENTS))
def test_event_dates_match_fact_sheet(dataset: Dataset, event_id: str) -> None:
    event = next(e for e in dataset.events if e.id == event_id)
    start, end, precision = EXPECTED_EVENTS[event_id]
    assert str(event.start) == start
    assert event.start.precision is precision
    if end is None:
        assert event.end is None
    else:
        assert event.end is not None
        assert str(event.end) == end
        assert event.end.precision is precision
    assert not event.approximate


def test_dates_are_written_at_their_precision_in_the_files() -> None:
    """The files themselves carry the dates as the record gives them, never padded."""
    for name, expected_ids in FILE_EVENTS.items():
        document = json.loads((DATA / name).read_text(encoding="utf-8"))
        written = {e["id"]: (e["start"], e.get("end")) for e in document["events"]}
        assert set(written) == expected_ids, name
        for event_id, (start, end) in written.items():
            assert (start, end) == EXPECTED_EVENTS[event_id][:2], event_id


def test_each_file_holds_its_own_events() -> None:
    for name, expected_ids in FILE_EVENTS.items():
        data = DataFile.model_validate_json((DATA / name).read_bytes())
        assert {event.id for event in data.events} == expected_ids, name
    article = DataFile.model_validate_json((DATA / "article.json").read_bytes())
    assert article.name == DATASET_NAME


def test_article_text_is_the_article(article_text: str) -> None:
    assert article_text.startswith("Japan and New Zealand have reached an agreement in principle")
    assert article_text.endswith("talks have been initiated with Ukraine.")


def test_article_quotes_are_verbatim(dataset: Dataset, article_text: str) -> None:
    checked = 0
    for event in dataset.events:
        for citation in event.citations:
            if citation.source != ARTICLE_SOURCE:
                continue
            assert citation.quote, f"{event.id}: empty quote from the article"
            assert citation.quote in article_text, f"{event.id}: not verbatim: {citation.quote!r}"
            checked += 1
    assert checked >= len(ARTICLE_EVENTS) + len(AGREEMENT_EVENTS)


def test_article_and_agreement_events_cite_the_article_and_an_outside_source(
    dataset: Dataset,
) -> None:
    for event in dataset.events:
        if event.id in LATER_EVENTS:
            continue
        cited = {citation.source for citation in event.citations}
        if event.id in NOT_IN_THE_ARTICLE:
            assert ARTICLE_SOURCE not in cited, event.id
        else:
            assert ARTICLE_SOURCE in cited, event.id
        assert cited - {ARTICLE_SOURCE}, f"{event.id}: no outside source for its date"


def test_later_developments_are_tagged_and_cite_outside_sources_only(dataset: Dataset) -> None:
    tagged = {event.id for event in dataset.events if LATER_TAG in event.tags}
    assert tagged == set(LATER_EVENTS)
    for event in dataset.events:
        if event.id in LATER_EVENTS:
            sources = [citation.source for citation in event.citations]
            assert sources, event.id
            assert ARTICLE_SOURCE not in sources, event.id


def test_agreements_are_japan_and_one_partner(dataset: Dataset) -> None:
    for event in dataset.events:
        if event.id not in AGREEMENT_EVENTS:
            continue
        assert event.kind is EventKind.AGREEMENT, event.id
        actors = {participant.actor for participant in event.actors}
        assert actors == {"japan", AGREEMENT_PARTNERS[event.id]}, event.id


def test_every_actor_and_concern_is_used(dataset: Dataset) -> None:
    used_actors = {p.actor for event in dataset.events for p in event.actors}
    used_concerns = {c for event in dataset.events for c in event.concerns}
    assert set(dataset.actors) - used_actors == set()
    assert set(dataset.concerns) - used_concerns == set()
    assert len(dataset.concerns) == 8


def test_every_source_is_cited(dataset: Dataset) -> None:
    cited = {c.source for event in dataset.events for c in event.citations}
    assert set(dataset.sources) - cited == set()


@pytest.mark.parametrize("source_id", sorted(FACT_SHEET_SOURCES))
def test_source_address_and_date_follow_the_fact_sheet(dataset: Dataset, source_id: str) -> None:
    source = dataset.sources[source_id]
    url, published = FACT_SHEET_SOURCES[source_id]
    assert (str(source.url) if source.url else None) == url
    assert (str(source.published) if source.published else None) == published


def test_every_url_is_one_the_fact_sheet_gives(dataset: Dataset) -> None:
    urls = {s.id: s.url for s in dataset.sources.values() if s.url}
    assert set(urls) <= set(FACT_SHEET_SOURCES), set(urls) - set(FACT_SHEET_SOURCES)


def test_sources_are_described_as_the_record_has_them(dataset: Dataset) -> None:
    article = dataset.sources[ARTICLE_SOURCE]
    assert "Japan, New Zealand agree on intel sharing pact amid growing regional security" in (
        article.title
    )
    assert "AP" in article.title
    assert "Jiji Press" in (dataset.sources["yomiuri-20240620-193389"].publisher or "")
    assert "tass-world-1866905" not in dataset.sources


@pytest.mark.parametrize("event_id", sorted(CITED_FOR))
def test_events_cite_what_supports_them(dataset: Dataset, event_id: str) -> None:
    event = next(e for e in dataset.events if e.id == event_id)
    cited = {citation.source for citation in event.citations}
    must, must_not = CITED_FOR[event_id]
    assert must <= cited
    assert not must_not & cited


def test_the_wake_sentence_is_cited_for_the_japan_new_zealand_agreement(dataset: Dataset) -> None:
    citing = {
        event.id
        for event in dataset.events
        for citation in event.citations
        if WAKE_SENTENCE in citation.quote
    }
    assert citing == {"kishida-luxon-tokyo-summit"}
