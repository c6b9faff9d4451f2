"""TimelineJS as published (3, wrapped, slides, 2), zero events, media-only slides, and the
malformed shapes of issue 9: every one a `file:line: message`, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.dates import PartialDate
from tui.core.importers import timelinejs
from tui.core.loading import open_store
from tui.core.problems import LoadError

EVENT = {"start_date": {"year": "2024", "month": "6"}, "text": {"headline": "One"}}


def _write(tmp_path: Path, document: object, name: str = "t.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def _problems(path: Path, *, skip_bad: bool = False) -> list[tuple[int | None, str]]:
    with pytest.raises(LoadError) as caught:
        timelinejs.load(path, skip_bad=skip_bad)
    return [(p.line, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("key", ["events", "slides"])
def test_the_timeline_wrapper_with_events_or_slides(tmp_path: Path, key: str) -> None:
    title = {"text": {"headline": "Wrapped", "text": "<p>What it is <b>about</b></p>"}}
    path = _write(tmp_path, {"timeline": {"title": title, key: [EVENT]}})
    dataset, skipped, _ = timelinejs.load(path)
    assert (dataset.name, dataset.description, skipped) == ("Wrapped", "What it is about", 0)
    assert [(e.title, e.start) for e in dataset.events] == [("One", PartialDate(2024, 6))]


def test_timelinejs_2_opens_through_detection(tmp_path: Path) -> None:
    document = {
        "timeline": {
            "headline": "March",
            "text": "<p>The 1963 march</p>",
            "date": [
                {"startDate": "1963,8,28", "headline": "March on Washington", "text": "<p>x</p>"},
                {"startDate": "-44,3,15", "endDate": "-44,3,16", "headline": "Ides"},
            ],
        }
    }
    result = open_store([_write(tmp_path, document)])
    assert result.format == "timelinejs"
    store = result.store
    assert store.name == "March"
    assert [store.compact_date_label(r) for r in range(len(store))] == [
        "44-03-15 BCE → 44-03-16 BCE",
        "1963-08-28",
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"events": []}, 'no events: the "events" list is empty or missing'),
        ({"title": {"text": {"headline": "Only a title"}}}, 'no events: the "events" list'),
        ({"timeline": {"headline": "T", "date": []}}, 'no events: the "date" list'),
    ],
)
def test_zero_events_is_an_error_even_when_skipping(
    tmp_path: Path, document: object, message: str
) -> None:
    path = _write(tmp_path, document)
    for skip_bad in (False, True):
        [(_, text)] = _problems(path, skip_bad=skip_bad)
        assert text.startswith(message)


def test_no_readable_event_is_an_error_even_when_skipping(tmp_path: Path) -> None:
    path = _write(tmp_path, {"events": [{"start_date": {"year": "0"}}, {"text": {}}]})
    assert _problems(path, skip_bad=True) == [
        (3, "event 1: there is no year 0: use -1 for 1 BCE or 1 for 1 CE"),
        (8, "event 2: missing start_date"),
        (None, "no events could be read (2 problems above)"),
    ]


def test_media_only_events_are_titled_from_caption_or_credit(tmp_path: Path) -> None:
    events = [
        {"start_date": {"year": 2020}, "media": {"url": "a.jpg", "caption": "<b>Dam</b> opens"}},
        {"start_date": {"year": 2021}, "media": {"url": "b.jpg", "credit": "AP Photo"}},
        {"start_date": {"year": 2022}, "media": {"url": "c.jpg"}},
    ]
    dataset, _, _ = timelinejs.load(_write(tmp_path, {"events": events}))
    assert [e.title for e in dataset.events] == ["Dam opens", "AP Photo", "Untitled event"]
    tl2 = {"timeline": {"date": [{"startDate": "2012", "asset": {"caption": "Caption two"}}]}}
    dataset, _, _ = timelinejs.load(_write(tmp_path, tl2, "tl2.json"))
    assert [e.title for e in dataset.events] == ["Caption two"]


def test_wrong_types_are_problems_at_their_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, {"title": "text", "eras": 5, "events": [EVENT]})
    assert _problems(path) == [
        (2, '"title" must be an object, not a string'),
        (3, '"eras" must be a list, not a number'),
    ]
    dataset, skipped, _ = timelinejs.load(path, skip_bad=True)
    assert (len(dataset.events), skipped) == (1, 2)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("[1, 2]", "not a TimelineJS file: the top level is a list"),
        ('{"timeline": 5}', 'not a TimelineJS file: "timeline" is a number, not an object'),
        ('{"events": 5}', '"events" must be a list, not a number'),
        ('{"timeline": {"date": {"a": 1}}}', '"date" must be a list, not an object'),
    ],
)
def test_malformed_shapes_are_refused_with_a_line(
    tmp_path: Path, document: str, message: str
) -> None:
    path = tmp_path / "t.json"
    path.write_text(document, encoding="utf-8")
    line, text = _problems(path, skip_bad=True)[0]
    assert (line, text) == (1, message)


def test_a_number_of_4301_digits_is_a_problem_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"events": [\n {"start_date": {"year": ' + "1" * 4301 + "}}]}")
    assert _problems(path) == [(2, "a number of 4,301 digits is too long")]


def test_a_year_string_of_thousands_of_digits_is_a_bad_event(tmp_path: Path) -> None:
    path = _write(tmp_path, {"events": [{"start_date": {"year": "-" + "9" * 5000}}, EVENT]})
    [(line, message)] = _problems(path)
    assert (
        line == 3 and message.startswith("event 1: year '-99999") and "too many digits" in message
    )


def test_2000_levels_of_nesting_is_a_problem_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    nested = "[" * 2000 + "]" * 2000
    path.write_text('{"events": [\n' + json.dumps(EVENT) + ',\n {"text": ' + nested + "}]}")
    [(line, message)] = _problems(path)
    assert line == 3 and message.startswith("nested too deeply to read")


def test_looks_like() -> None:
    assert timelinejs.looks_like('{"timeline": {"headline": "x", "date": [', None)
    assert not timelinejs.looks_like('{"name": "ours", "actors": []}', None)
    assert timelinejs.looks_like("", {"timeline": {"date": []}})
    assert timelinejs.looks_like("", {"events": [{"start_date": {"year": 1}}]})
    assert not timelinejs.looks_like("", {"events": [{"id": "e", "start": "2024"}]})
    assert not timelinejs.looks_like("", [1])


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"title": "text", "events": []}', 1, '"title" must be an object, not a string'),
        ('{"eras": 5, "events": [\n{}]}', 1, '"eras" must be a list, not a number'),
        ('{"events": [\n{"start_date": {"year": ' + "7" * 4400 + "}}]}", 2, "a number of 4,400"),
        ('{"events": [\n' + "[" * 2000 + "]" * 2000 + "]}", 2, "nested too deeply to read"),
    ],
)
def test_hostile_files_through_the_front_door(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        open_store([path], format="timelinejs")
    first = caught.value.problems[0]
    assert (first.path, first.line) == (path, line) and first.message.startswith(message)


def test_an_event_of_the_wrong_shape_is_a_bad_event_not_an_untitled_one(tmp_path: Path) -> None:
    events = [{"start_date": {"year": 2020}, "text": "a string", "media": 3}, EVENT]
    path = _write(tmp_path, {"events": events, "eras": [{"start_date": {"year": 1}, "text": 2}]})
    assert _problems(path) == [
        (25, 'era 1: "text" must be an object, not a number'),
        (7, 'event 1: "text" must be an object, not a string'),
        (8, 'event 1: "media" must be an object, not a number'),
    ]
    dataset, skipped, _ = timelinejs.load(path, skip_bad=True)
    assert [e.title for e in dataset.events] == ["One"] and skipped == 3
