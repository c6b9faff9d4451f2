"""The country an actor's name says it belongs to: the one place these rules are written.

ACLED names actors by fixed patterns (ACLED codebook, "Actor names"):

- State actors: "Military Forces of X (YYYY-)", "Police Forces of X (YYYY-YYYY)",
  "Government of X (YYYY-)", optionally followed by a unit ("Police Forces of Ethiopia (2018-)
  Somali Regional State Police"); X may be written with "the" ("the United States"). These are
  state actors of X, wherever the event happened (foreign forces abroad are named so too).
  The same words later in a name ("Mutiny of Military Forces of X") still give the country X,
  but not the kind: such an actor is not the state.
- Everything else that ends in a parenthesised place: "Rioters (X)", "Protesters (X)",
  "Civilians (X)", "Berber Ethnic Group (X)"… gets X, when X is a country the resolver knows.
  A parenthesised period ("(1999-)") or anything else ("(International)") gives none.

The resolver is asked once per distinct name (a file has a few thousand), never per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.countries import CountryResolver

# "Forces of X" / "Government of X", X ending at the period in parentheses or the name's end.
_OF_STATE = re.compile(
    r"\b(?:Forces|Government) of (?:the )?(?P<country>[^()]+?)\s*(?:\(\d{4}-\d{0,4}\)|$)"
)
_STATE_PREFIX = re.compile(r"^(?:Military Forces|Police Forces|Government) of ")
_TRAILING_PLACE = re.compile(r"\((?P<place>[^()]*[^()\d\s-][^()]*)\)\s*$")


@dataclass(frozen=True, slots=True)
class ActorCountry:
    country: str | None  # ISO 3166-1 alpha-3, or None when the name says no known country
    is_state: bool  # the name is a state's own forces or government


def actor_country(name: str, resolver: CountryResolver) -> ActorCountry:
    """The country an ACLED actor name names, and whether the actor is that state."""
    state = _OF_STATE.search(name)
    if state is not None:
        found = resolver.resolve(state.group("country"))
        if found is not None:
            return ActorCountry(found.code, bool(_STATE_PREFIX.match(name)))
    place = _TRAILING_PLACE.search(name)
    if place is not None:
        found = resolver.resolve(place.group("place"))
        if found is not None:
            return ActorCountry(found.code, False)
    return ActorCountry(None, False)
