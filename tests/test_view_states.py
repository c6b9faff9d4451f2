"""The main screen's filters and view as a stored ViewState (saved views, the session) and back:
tui/core/view_states.py. Expected dicts are written by hand from the module's rules."""

from __future__ import annotations

from typing import Any

import pytest

from tui.core.annotations import ViewError, ViewState
from tui.core.filters import Filter
from tui.core.pages import LinkTarget
from tui.core.view_states import ScreenView, from_view_state, to_view_state, view_name_problem

EVERY_FILTER = (
    Filter("country", "JPN"),
    Filter("country", "NZL"),
    Filter("text", "intelligence"),
    Filter("period", "2024-06..2024-09"),
    Filter("starred"),
    Filter("noted"),
    Filter("tag", "follow up"),
    Filter("tag", "pact"),
)


def stored(shown: ScreenView) -> dict[str, Any]:
    return to_view_state(shown).model_dump(mode="json")


def test_every_filter_is_stored_by_kind() -> None:
    shown = ScreenView(EVERY_FILTER, cursor="kishida-luxon-tokyo-summit")
    assert stored(shown) == {
        "version": 1,
        "kind": "timeline",
        "subject": None,
        "filters": {
            "countries": ["JPN", "NZL"],
            "text": "intelligence",
            "starred": True,
            "noted": True,
            "tags": ["follow up", "pact"],
        },
        "period": {"start": "2024-06", "end": "2024-09"},
        "lanes": [],
        "cursor": "kishida-luxon-tokyo-summit",
    }


def test_no_filter_is_an_empty_dict() -> None:
    assert stored(ScreenView()) == {
        "version": 1,
        "kind": "timeline",
        "subject": None,
        "filters": {},
        "period": None,
        "lanes": [],
        "cursor": None,
    }


def test_every_filter_reads_back_in_the_command_line_order() -> None:
    shown = ScreenView(EVERY_FILTER, cursor="kishida-luxon-tokyo-summit")
    assert from_view_state(stored(shown)) == shown


def test_chips_come_back_in_the_canonical_order() -> None:
    # Added as the user did: a tag, then a country, then starred, then a period.
    added = (
        Filter("tag", "pact"),
        Filter("country", "RUS"),
        Filter("starred"),
        Filter("period", "2024"),
    )
    restored = from_view_state(stored(ScreenView(added)))
    assert restored.filters == (
        Filter("country", "RUS"),
        Filter("period", "2024"),
        Filter("starred"),
        Filter("tag", "pact"),
    )


@pytest.mark.parametrize(
    ("label", "bounds"),
    [
        ("2024-06..2024-09", {"start": "2024-06", "end": "2024-09"}),
        ("2024-06..", {"start": "2024-06", "end": None}),
        ("..2016", {"start": None, "end": "2016"}),
        ("2024-06-19", {"start": "2024-06-19", "end": "2024-06-19"}),
        ("2024-Q2", {"start": "2024-Q2", "end": "2024-Q2"}),  # a chip from the axis's zoom
        ("2020s", {"start": "2020s", "end": "2020s"}),
        ("2024-W25", {"start": "2024-W25", "end": "2024-W25"}),
    ],
)
def test_a_period_chip_is_kept_as_its_bounds(label: str, bounds: dict[str, str | None]) -> None:
    shown = ScreenView((Filter("period", label),))
    assert stored(shown)["period"] == bounds
    assert from_view_state(stored(shown)) == shown


def test_views_and_their_lanes() -> None:
    lanes = (
        LinkTarget("country", "JPN"),
        LinkTarget("actor", "vladimir-putin"),
        LinkTarget("concern", "intelligence-sharing"),
    )
    shown = ScreenView(kind="lanes", lanes=lanes, cursor="putin-visits-pyongyang")
    state = stored(shown)
    assert (state["kind"], state["lanes"]) == (
        "lanes",
        ["JPN", "actor:vladimir-putin", "concern:intelligence-sharing"],
    )
    assert from_view_state(state) == shown
    for page in (
        ScreenView(kind="actor", subject="vladimir-putin"),
        ScreenView(kind="country", subject="NZL"),
        ScreenView(kind="axis"),
    ):
        assert from_view_state(stored(page)) == page


def test_a_state_written_by_hand_reads_back() -> None:
    # As tests/test_annotations_store.py and the JSON file format write one.
    view = from_view_state({"filters": {"countries": ["JPN", "NZL"], "starred": True}})
    assert view == ScreenView(
        (Filter("country", "JPN"), Filter("country", "NZL"), Filter("starred"))
    )
    assert from_view_state(ViewState(cursor="x")).cursor == "x"


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(ViewError) as raised:
        from_view_state(
            {
                "kind": "grid",
                "filters": {
                    "countries": ["JPN", "XXX", "jpn"],
                    "text": 5,
                    "starred": "yes",
                    "tags": ["ok", "  "],
                    "colour": "red",
                },
                "period": {"start": "June 2O24", "end": None},
                "lanes": ["NZL", "person:kim", "ZZ"],
            }
        )
    message = str(raised.value)
    for problem in (
        "kind: 'grid' is not a view",
        "filters.colour: not a filter",
        "filters.countries.1: 'XXX' is not a country code",
        "filters.countries.2: 'jpn' is not a country code",
        "filters.text: not a text to search for",
        "filters.starred: not true or false",
        "filters.tags.1: a tag cannot be empty",
        "period: 'June 2O24'",
        "lanes.1: 'person:kim'",
        "lanes.2: 'ZZ'",
    ):
        assert problem in message, problem


def test_a_state_the_model_refuses_is_a_view_error() -> None:
    with pytest.raises(ViewError, match="version"):
        from_view_state({"version": 2})
    with pytest.raises(ViewError, match="subject: missing: the actor the page is about"):
        from_view_state({"kind": "actor"})


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "a view needs a name"),
        ("list", "'list' is --view's own"),
        ("Axis", "'Axis' is --view's own"),
        ("LANES", "'LANES' is --view's own"),
        ("lanes by month", None),
        ("Japan and NZ", None),
    ],
)
def test_view_names(name: str, problem: str | None) -> None:
    found = view_name_problem(name)
    assert found == problem if problem is None else (found or "").startswith(problem)
