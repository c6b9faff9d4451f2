"""Streamed JSON items are laid out exactly as the standard library's ``json.dumps(value,
ensure_ascii=False, indent=2)`` lays them out inside a document (orjson makes them, for speed):
any text, any nesting, and what orjson refuses (a lone surrogate) too."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.exporters._common import dumps_json
from tui.core.exporters._stream import JsonList

VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.text(alphabet=st.characters(codec="utf-8")),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet=st.characters(codec="utf-8")), children, max_size=4)
    ),
    max_leaves=12,
)


def _streamed(values: list[Any]) -> str:
    head, tail = JsonList.split({"name": "x", "events": []}, "events")
    return head + JsonList().items(values) + tail


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=3))
def test_items_are_what_the_whole_document_render_gives(values: list[Any]) -> None:
    assert _streamed(values) == dumps_json({"name": "x", "events": values})


def test_a_lone_surrogate_is_laid_out_as_json_lays_it_out() -> None:
    value = {"title": "broken \ud800 half", "tags": ["\udfff"]}
    assert _streamed([value]) == dumps_json({"name": "x", "events": [value]})
    assert "\ud800" in json.dumps(value, ensure_ascii=False)  # the case orjson refuses
