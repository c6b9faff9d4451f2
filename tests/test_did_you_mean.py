"""A country typo gets the closest names ("did you mean Japan?"), in the search box and as a
sentence the command line can reuse; short text matches names only at word starts."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.shown import toasts
from tui.core.countries import CountryResolver
from tui.core.store import EventStore
from tui.core.suggest import EntitySearch
from tui.ui.app import TimelineApp
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import Chip

SIZE = (120, 40)


def offered(app: TimelineApp) -> list[str]:
    """The search box's suggestions as they read on screen."""
    suggestions = app.screen.query_one("#search-suggestions", OptionList)
    return [str(suggestions.get_option_at_index(i).prompt) for i in range(suggestions.option_count)]


def highlighted(app: TimelineApp) -> str:
    suggestions = app.screen.query_one("#search-suggestions", OptionList)
    assert suggestions.highlighted is not None
    return str(suggestions.get_option_at_index(suggestions.highlighted).prompt)


async def type_in_search(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash", *text)
    await pilot.pause()


async def test_a_typo_offers_the_closest_country_to_choose(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await type_in_search(pilot, "Japn")
        shown = offered(app)
        assert shown[0] == "no country matches 'Japn' — did you mean:"
        assert shown[1] == "Country  Japan (JPN)"
        # Enter still searches the text as typed; the guess is one key up.
        assert highlighted(app) == "Text     “Japn”"
        await pilot.press("up", "enter")
        await pilot.pause()
        assert [chip.chip_filter.value for chip in app.screen.query(Chip)] == ["JPN"]
        assert len(app.screen.query_one(TimelineView).rows) == 18  # Japan's events (data/)


async def test_enter_on_a_typo_says_what_it_may_mean(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await type_in_search(pilot, "Japn")
        await pilot.press("enter")
        await pilot.pause()
        [notice] = toasts(app)
        assert "no country matches 'Japn', and no event mentions it; did you mean Japan?" in (
            notice.replace("\n", " ")
        )
        assert not app.screen.query(Chip)


async def test_us_offers_the_united_states_not_russia_or_australia(
    bundled_store: EventStore,
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await type_in_search(pilot, "US")
        shown = offered(app)
        assert shown[0] == "Country  United States (USA)  “US”"
        assert "Actor    United States" in shown
        assert not [line for line in shown if "Russia" in line or "Australia" in line]


async def test_an_alias_is_shown_as_written(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await type_in_search(pilot, "dpr")
        assert offered(app)[0] == "Country  North Korea (PRK)  “DPRK”"


def test_closest_names_for_typos() -> None:
    resolver = CountryResolver()
    assert [c.name for c in resolver.closest("Japn")] == ["Japan"]
    assert [c.name for c in resolver.closest("Germny")] == ["Germany"]
    assert [c.name for c in resolver.closest("Phillipines")] == ["Philippines"]
    assert [c.name for c in resolver.closest("Nth Korea")] == ["North Korea"]  # South: 0.8
    assert [c.name for c in resolver.closest("Koria")] == ["North Korea", "South Korea"]
    assert resolver.closest("xyzzy") == []
    assert resolver.closest("Ja") == []  # two letters: a code or a prefix, not a typo


def test_did_you_mean_is_a_sentence_to_reuse() -> None:
    resolver = CountryResolver()
    assert resolver.did_you_mean("Japn") == "did you mean Japan?"
    assert resolver.did_you_mean("Austrlia") == "did you mean Australia or Austria?"
    assert resolver.did_you_mean("Narnia") == ""  # Armenia is 0.77 alike: too far


def test_short_text_matches_names_at_word_starts() -> None:
    resolver = CountryResolver()
    assert [s.country.code for s in resolver.suggest("us")] == ["USA"]
    assert "RUS" not in [s.country.code for s in resolver.suggest("ssi")]
    assert [s.country.code for s in resolver.suggest("ussia")] == ["RUS"]  # four letters
    assert "NZL" in [s.country.code for s in resolver.suggest("zeal")]  # New Zealand's 2nd word


def test_actors_and_concerns_match_at_word_starts(bundled_store: EventStore) -> None:
    search = EntitySearch(bundled_store)
    assert [(m.kind, m.key) for m in search.matches("us")] == [("actor", "united-states")]
    assert [(m.kind, m.key) for m in search.matches("shar")] == [
        ("concern", "intelligence-sharing"),
        ("concern", "logistics-sharing"),
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Cote d`Ivoire", "CIV"), ("  cote   d'ivoire ", "CIV"), ("Côte d\u2019Ivoire", "CIV")],
)
def test_names_fold_alike_typed_in_ascii_or_not(typed: str, code: str) -> None:
    # The ASCII shortcut in fold() must map what the full path maps: "`", runs of spaces.
    found = CountryResolver().resolve(typed)
    assert found is not None and found.code == code
