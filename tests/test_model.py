from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from tui.core.model import Actor, ActorKind, Event


def _event(**fields: Any) -> Event:
    base: dict[str, Any] = {"id": "e", "title": "T", "start": "2024-06-19", "kind": "meeting"}
    return Event.model_validate(base | fields)


def test_countries_are_derived_from_actors_and_places_without_repeats() -> None:
    actors = {
        "kishida": Actor(id="kishida", name="Fumio Kishida", kind=ActorKind.PERSON, country="JPN"),
        "japan": Actor(id="japan", name="Japan", kind=ActorKind.STATE, country="JPN"),
        "nato": Actor(id="nato", name="NATO", kind=ActorKind.ORGANISATION),
        "luxon": Actor(id="luxon", name="Christopher Luxon", kind=ActorKind.PERSON, country="NZL"),
    }
    event = _event(
        actors=[{"actor": "kishida"}, {"actor": "japan"}, {"actor": "nato"}, {"actor": "luxon"}],
        places=[{"country": "JPN", "name": "Tokyo"}, {"country": "UKR"}],
    )
    assert event.countries(actors) == ("JPN", "NZL", "UKR")


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValidationError, match="end 2024-06-18 is before start 2024-06-19"):
        _event(end="2024-06-18")


def test_end_within_a_coarser_start_is_accepted() -> None:
    assert _event(start="2024-06", end="2024-06-02").end is not None


def test_state_needs_its_own_country() -> None:
    with pytest.raises(ValidationError, match="needs its own country"):
        Actor(id="x", name="X", kind=ActorKind.STATE)


@pytest.mark.parametrize("code", ["NAR", "jpn", "JP", "XXXX"])
def test_unknown_country_codes_are_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="not an ISO 3166-1 alpha-3"):
        Actor(id="x", name="X", kind=ActorKind.PERSON, country=code)


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        _event(sumary="typo")
