"""Saved views and the session: what the screen showed, as a plain JSON-able dict.

A view is the filters, the period, the lanes, the event under the cursor and the kind of view
(the timeline, or an actor, concern or country page). It is stored and returned as a plain dict
(``ViewState.model_dump``) with a ``version``, so the UI can keep it in whatever form it likes
and a later version can read old ones. ``filters`` is open-ended (names to JSON values) because
the UI's filters grow; the rest is checked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

VIEW_VERSION = 1


# A period's bound is a date at its own precision or a period the time axis names (its chip's
# label); start and end the same: that one period (tui/core/view_states.py).
BOUND = "YYYY, YYYY-MM, YYYY-MM-DD, or a period: 2020s, 2024-Q2, 2024-W25; inclusive"


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: str | None = Field(default=None, description=BOUND)
    end: str | None = Field(default=None, description=BOUND)


class ViewState(BaseModel):
    """What a saved view or a session restores."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    kind: str = Field(
        default="timeline", description="timeline, or the page shown: actor, concern…"
    )
    subject: str | None = Field(default=None, description="the page's actor, concern or country id")
    filters: dict[str, JsonValue] = Field(
        default_factory=dict, description="filter name to value, e.g. countries: [JPN, NZL]"
    )
    period: Period | None = None
    lanes: list[str] = Field(default_factory=list)
    cursor: str | None = Field(default=None, description="the event id under the cursor")


class ViewError(ValueError):
    """A view that is not a valid ViewState: every problem, in one message."""


def checked_view(state: Mapping[str, Any] | ViewState) -> dict[str, Any]:
    """The view as the plain dict stored, or ViewError naming every problem."""
    if isinstance(state, ViewState):
        return state.model_dump(mode="json")
    try:
        return ViewState.model_validate(dict(state)).model_dump(mode="json")
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(part) for part in detail['loc']) or 'view'}: {detail['msg']}"
            for detail in error.errors()
        ]
        raise ViewError("; ".join(problems)) from None


def view_json(state: Mapping[str, Any] | ViewState) -> str:
    return json.dumps(checked_view(state), ensure_ascii=False, sort_keys=True)


def view_from_json(text: str) -> dict[str, Any]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ViewError("a stored view is not an object")
    return value
