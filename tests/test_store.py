from __future__ import annotations

from tests.conftest import DATA
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore, Query

NZ = {
    "japan-new-zealand-speed-up-information-security-talks",
    "kishida-luxon-tokyo-summit",
    "japan-new-zealand-sign-information-security-agreement-and-acsa",
}


def ids(store: EventStore, query: Query) -> list[str]:
    return [store.columns.ids[int(r)] for r in store.query(query)]


def test_rows_are_in_time_order_across_precisions(bundled_store: EventStore) -> None:
    keys = list(bundled_store.columns.start_keys)
    assert keys == sorted(keys)
    # 2024-01 (month) sorts before 2024-01-04 (day) in the same month
    order = bundled_store.columns.ids
    assert order.index("ukraine-identifies-north-korean-kn-23") < order.index(
        "us-says-russia-used-north-korean-missiles"
    )


def test_country_filter_uses_derived_countries(bundled_store: EventStore) -> None:
    assert set(ids(bundled_store, Query(countries=frozenset({"NZL"})))) == NZ
    assert ids(bundled_store, Query(countries=frozenset({"GBR"}))) == [
        "japan-united-kingdom-information-security-agreement"
    ]


def test_countries_combine_as_all_of(bundled_store: EventStore) -> None:
    both = ids(bundled_store, Query(countries=frozenset({"JPN", "NZL"})))
    assert set(both) == NZ
    assert ids(bundled_store, Query(countries=frozenset({"NZL", "GBR"}))) == []


def test_text_search_is_case_insensitive_over_titles_summaries_actors_concerns(
    bundled_store: EventStore,
) -> None:
    assert ids(bundled_store, Query(text="PUTIN")) == [
        "putin-visits-pyongyang",
        "kishida-luxon-tokyo-summit",  # its quote: "Putin's recent visit to Pyongyang"
        "putin-kim-sign-partnership-treaty",
    ]
    # a concern label finds the events linked to it
    concern_rows = ids(bundled_store, Query(text="South China Sea"))
    assert "kishida-luxon-tokyo-summit" in concern_rows
    assert ids(bundled_store, Query(text="narnia")) == []


def test_text_search_never_matches_across_two_rows(bundled_store: EventStore) -> None:
    last_of_first = bundled_store.columns.search_text[0][-3:]
    first_of_second = bundled_store.columns.search_text[1][:3]
    assert ids(bundled_store, Query(text=last_of_first + first_of_second)) == []


def test_filters_combine(bundled_store: EventStore) -> None:
    query = Query(countries=frozenset({"JPN"}), text="ukraine", start_key=20240101)
    assert ids(bundled_store, query) == [
        "japan-ukraine-intend-information-security-agreement",
        "kishida-luxon-tokyo-summit",  # its concern "War in Ukraine" matches
        "japan-ukraine-information-security-agreement-in-principle",
        "japan-ukraine-sign-information-security-agreement",
    ]
    actor_and_concern = Query(
        actor="vladimir-putin", concern="russia-north-korea-military-cooperation"
    )
    assert ids(bundled_store, actor_and_concern) == [
        "putin-visits-pyongyang",
        "putin-kim-sign-partnership-treaty",
    ]
    nuclear = Query(actor="vladimir-putin", concern="north-korea-nuclear-missile-programme")
    assert ids(bundled_store, nuclear) == ["putin-kim-sign-partnership-treaty"]


def test_date_range_is_inclusive(bundled_store: EventStore) -> None:
    found = ids(bundled_store, Query(start_key=20240619, end_key=20240619))
    assert set(found) == {"kishida-luxon-tokyo-summit", "putin-kim-sign-partnership-treaty"}


def test_month_counts_cover_every_shown_row(bundled_store: EventStore) -> None:
    rows = bundled_store.all_rows()
    counts = bundled_store.month_counts(rows, 40)
    assert len(counts) == 40 and sum(counts) == len(rows)
    assert counts[0] >= 1 and counts[-1] >= 1  # first and last events at the ends
    assert bundled_store.bucket_of(0, 40) == 0
    assert bundled_store.bucket_of(len(bundled_store) - 1, 40) == 39


def test_co_actors_are_counted(bundled_store: EventStore) -> None:
    rows = bundled_store.rows_for_actor("vladimir-putin")
    co = dict(bundled_store.co_actors(rows, exclude="vladimir-putin"))
    assert co["kim-jong-un"] == 2 and "vladimir-putin" not in co


def test_store_from_directory_matches_events() -> None:
    dataset = load_paths([DATA])
    store = EventStore.from_dataset(dataset)
    assert len(store) == len(dataset.events) == 25
    assert store.events[0].id == store.columns.ids[0]


def test_an_inverted_index_answers_like_a_scan() -> None:
    import numpy as np

    from tui.core.columns import RaggedColumn, inverted_index

    rows = [("A", "B"), (), ("B",), ("C", "A", "A"), ("B", "C")]
    plain = RaggedColumn.from_tuples(rows)
    indexed = RaggedColumn(
        plain.offsets,
        plain.values,
        plain.labels,
        index=inverted_index(plain.offsets, plain.values, len(plain.labels)),
    )
    for codes in ([0], [1], [2], [0, 2], [], [0, 1, 2]):
        assert list(indexed.rows_with_codes(codes)) == list(plain.rows_with_codes(codes))
    assert list(indexed.rows_with("A")) == [0, 3]  # a row holding a label twice counts once
    assert indexed.present() == plain.present() == ["A", "B", "C"]
    assert plain.counts(np.asarray([0, 3, 4])) == {"A": 3, "B": 2, "C": 2}


def test_country_counts_match_the_rows() -> None:
    store = EventStore.from_dataset(load_paths([DATA]))
    rows = store.all_rows()
    expected: dict[str, int] = {}
    for row in rows:
        for code in store.columns.countries[int(row)]:
            expected[code] = expected.get(code, 0) + 1
    assert store.country_counts(rows) == expected


def test_text_search_reads_quotes_and_source_titles(bundled_store: EventStore) -> None:
    # The article's own words, which only the quotes carry (not titles or summaries).
    assert ids(bundled_store, Query(text="mutual aid")) == ["putin-kim-sign-partnership-treaty"]
    assert ids(bundled_store, Query(text="classified information sharing")) == [
        "kishida-luxon-tokyo-summit"
    ]
    # A source's title: the TASS report of the visit; the Jiji Press stories.
    assert ids(bundled_store, Query(text="arrives in pyongyang")) == ["putin-visits-pyongyang"]
    assert ids(bundled_store, Query(text="jiji press")) == [
        "japan-canada-open-information-security-talks",
        "japan-adopts-national-security-strategy",
        "kishida-luxon-tokyo-summit",
        "japan-canada-sign-information-security-agreement",
    ]
    # "pact" is in the quotes of two events and in the title of the article, which most
    # events cite: every event that cites it is found, the later developments are not.
    pact = ids(bundled_store, Query(text="pact"))
    assert "kishida-luxon-tokyo-summit" in pact and "putin-kim-sign-partnership-treaty" in pact
    assert "russia-duma-ratifies-north-korea-treaty" not in pact
