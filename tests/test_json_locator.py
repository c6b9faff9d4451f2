"""Where a JSON pointer sits in a file: the line and column a problem report names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.importers.ours import load_paths
from tui.core.jsonfile import JsonLocator
from tui.core.problems import LoadError

DOCUMENT = """{
  "name": "x",
  "title": {"text": {"headline": "A"},
            "media": {"url": "u"}},
  "events": [
    {"id": "a", "start": "2024"},
    {
      "id": "b",
      "actors": [{"actor": "p"}, {"actor": "q"}]
    }
  ],
  "a/b": 1
}
"""


def test_top_level_keys_are_found_at_their_key() -> None:
    locator = JsonLocator(DOCUMENT)
    assert locator.locate("/name") == (2, 3)
    assert locator.locate("/a~1b") == (12, 3)


def test_pointers_into_array_elements() -> None:
    locator = JsonLocator(DOCUMENT)
    assert locator.locate("/events/0") == (6, 5)
    assert locator.locate("/events/0/start") == (6, 17)
    assert locator.locate("/events/1/id") == (8, 7)
    assert locator.locate("/events/1/actors/1/actor") == (9, 35)


def test_pointers_into_a_top_level_object() -> None:
    locator = JsonLocator(DOCUMENT)
    assert locator.locate("/title/text/headline") == (3, 22)
    assert locator.locate("/title/media/url") == (4, 23)


def test_a_missing_place_falls_back_to_its_nearest_parent() -> None:
    locator = JsonLocator(DOCUMENT)
    assert locator.locate("/events/1/actors/5/actor") == (9, 7)
    assert locator.locate("/events/9/id") == (5, 3)
    assert locator.locate("/nowhere") == (None, None)


def test_text_that_is_not_an_object_locates_nothing() -> None:
    assert JsonLocator("[1, 2]").locate("/events/0") == (None, None)


def test_duplicate_ids_name_both_places_and_all_are_counted(tmp_path: Path) -> None:
    event = '{"id": "same", "title": "t", "start": "2024-01-01", "kind": "policy"}'
    body = ",\n".join([event] * 300)  # line 3 holds the first event, line 4 the second, …
    path = tmp_path / "dups.json"
    path.write_text(f'{{"name": "d",\n"events": [\n{body}\n]}}\n', encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        load_paths([path])
    problems = raised.value.problems
    assert len(problems) == 51  # 50 listed, then one line counting the rest
    assert problems[0].line == 4
    assert f"first defined at {path}:3" in problems[0].message
    assert problems[49].line == 53
    assert problems[-1].line is None  # past the listed ones, counted without a lookup
    assert problems[-1].message == "… and 249 more duplicate ids, not listed"
    assert sum(problem.covers for problem in problems) == 299
