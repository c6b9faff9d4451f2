"""ACLED CSV exports, straight to columns: every layout ACLED has published since 2015.

Decisions (ACLED codebook terms):

- ``time_precision`` 1 (the source gives the day) → a day-precise date; 2 (the source gives
  only a week or a few days; ACLED records a day in that span) → the same day, marked
  approximate; 3 (the source gives only a month or longer; ACLED records a day in it) → the
  month, marked approximate, because the real span may be longer than that month.
- Dates in every style exports and spreadsheets write, checked against the ``year`` column;
  one that cannot be read with certainty is a bad row (see :mod:`.dates`).
- ``iso`` is the numeric ISO 3166 code; where it is missing or unknown the country name is
  resolved instead. Kosovo and other places without an ISO alpha-3 code keep only the name.
- Actors: actor1, assoc_actor_1, actor2 and assoc_actor_2 (the associated ones are "; "
  separated). The id is derived from the name, so one actor links all its events. An actor's
  country and whether it is a state come from its name (:mod:`tui.core.actor_countries`); an event
  involves its own country and every country its actors' names give.
- Kind from event_type/sub_event_type: battles and explosions/remote violence are military
  action, violence against civilians is violence, protests and riots are protest, and of the
  strategic developments an agreement is an agreement and the rest other.
- disorder_type is the concern; notes are the summary; source is a source; the location and
  admin1 name the place.

Modules: :mod:`.layout` (headers), :mod:`.dates`, :mod:`.rows` (checking a slice),
:mod:`.reading` (the file), :mod:`.encoding` (to columns), :mod:`.store` (the store).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.importers.acled.layout import FORMAT, looks_like, read_header
from tui.core.importers.ids import slug

if TYPE_CHECKING:
    from tui.core.importers.prepared import Prepared
    from tui.core.importers.registry import ProgressCallback
    from tui.core.store import EventStore

__all__ = ["FORMAT", "build", "looks_like", "prepare", "read_header", "slug"]

# Detection imports this package on every open (a cache hit too): reading and building, with
# polars, numpy and the model behind them, are imported only when a file is read or built.


def prepare(
    path: Path, *, skip_bad: bool = False, progress: ProgressCallback | None = None
) -> Prepared:
    """The file's good rows as prepared columns (see :func:`.reading.prepare`)."""
    from tui.core.importers.acled.reading import prepare as prepare_file
    from tui.core.loading import reader_started

    reader_started()  # polars is imported: its parse runs beside the app's import
    return prepare_file(path, skip_bad=skip_bad, progress=progress)


def build(prepared: Prepared) -> EventStore:
    """The store over prepared columns, fresh or from the cache (see :func:`.store.build`)."""
    from tui.core.importers.acled.store import build as build_store

    return build_store(prepared)
