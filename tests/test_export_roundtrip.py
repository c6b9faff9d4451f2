"""Round trip through TimelineJS: ours → TimelineJS → ours gives the same events, exactly.

The TimelineJS file is read back the way a user opens one (format detected from the content),
so the exporter and the importer are tested against each other. The exporter's own-format
block makes the trip exact; without it (or with it spoilt) the slides are read as plain
TimelineJS, which still keeps every event, date and precision.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from tui.core.columns import Rows
from tui.core.dates import PartialDate
from tui.core.exporters import export_rows
from tui.core.exporters._common import Referenced, referenced
from tui.core.exporters.timelinejs import EXTENSION_KEY
from tui.core.loading import open_store
from tui.core.model import (
    Actor,
    ActorKind,
    Citation,
    Concern,
    Dataset,
    Event,
    EventKind,
    Participant,
    Place,
    Source,
)
from tui.core.store import EventStore, Query


def read_back(store: EventStore, rows: Rows | None, tmp_path: Path) -> EventStore:
    target = tmp_path / "timeline.json"
    export_rows(store, store.all_rows() if rows is None else rows, "timelinejs", target)
    opened = open_store([target])
    assert opened.format == "timelinejs"
    return opened.store


def refs(store: EventStore, events: Iterable[Event]) -> Referenced:
    return referenced(store, events)


def test_bundled_data_round_trips_exactly(bundled_store: EventStore, tmp_path: Path) -> None:
    back = read_back(bundled_store, None, tmp_path)
    assert list(back.events) == list(bundled_store.events)  # model-equal, in the same order
    assert refs(back, back.events) == refs(bundled_store, bundled_store.events)
    assert back.name == bundled_store.name
    assert any(e.actors for e in back.events) and any(e.citations for e in back.events)


def test_a_filtered_view_round_trips_exactly(bundled_store: EventStore, tmp_path: Path) -> None:
    rows = bundled_store.query(Query(countries=frozenset({"PRK"})))
    expected = [bundled_store.events[int(r)] for r in rows]
    back = read_back(bundled_store, rows, tmp_path)
    assert list(back.events) == expected
    assert refs(back, back.events) == refs(bundled_store, expected)


def test_every_field_round_trips(tmp_path: Path) -> None:
    dataset = Dataset(name="Everything <b>&amp;</b>")
    dataset.actors["kishida"] = Actor(
        id="kishida",
        name="Kishida Fumio",
        kind=ActorKind.PERSON,
        country="JPN",
        role="Prime Minister",
    )
    dataset.concerns["security"] = Concern(id="security", label="Security", description="x")
    dataset.sources["mofa"] = Source.model_validate(
        {
            "id": "mofa",
            "title": "MOFA <release>",
            "url": "https://mofa.go.jp/a",
            "published": "2024-06",
        }
    )
    dataset.events.append(
        Event(
            id="summit",
            title="Summit & <talks>",
            summary="Line one\n\nActors: not a heading",
            start=PartialDate.parse("2024-06"),
            end=PartialDate.parse("2024-07-02"),
            approximate=True,
            kind=EventKind.MEETING,
            actors=[Participant(actor="kishida", role="host")],
            concerns=["security"],
            places=[Place(country="JPN", name="Tokyo")],
            citations=[Citation(source="mofa", quote="They met.")],
            tags=["summit"],
        )
    )
    store = EventStore.from_dataset(dataset)
    back = read_back(store, None, tmp_path)
    assert list(back.events) == list(store.events)
    assert (back.actors, back.concerns, back.sources) == (
        store.actors,
        store.concerns,
        store.sources,
    )
    assert back.name == store.name


def _spoil_first_slide(document: dict[str, Any]) -> None:
    document["events"][0][EXTENSION_KEY]["kind"] = "no such kind"


def _spoil_references(document: dict[str, Any]) -> None:
    document[EXTENSION_KEY]["actors"] = "not a list"


def _drop_the_blocks(document: dict[str, Any]) -> None:
    del document[EXTENSION_KEY]
    for slide in document["events"]:
        del slide[EXTENSION_KEY]


@pytest.mark.parametrize("spoil", [_spoil_first_slide, _spoil_references, _drop_the_blocks])
def test_a_spoilt_or_missing_block_falls_back_to_the_slide(
    bundled_store: EventStore, tmp_path: Path, spoil: Callable[[dict[str, Any]], None]
) -> None:
    target = tmp_path / "timeline.json"
    export_rows(bundled_store, bundled_store.all_rows(), "timelinejs", target)
    document = json.loads(target.read_text("utf-8"))
    spoil(document)
    target.write_text(json.dumps(document), "utf-8")
    opened = open_store([target])  # no error: the block is ours, the slides are still good
    assert opened.format == "timelinejs" and not opened.skipped_rows
    back = opened.store
    assert dates_by_id(back.events) == dates_by_id(bundled_store.events)
    plain = [e for e in back.events if e != bundled_store.events[bundled_store.row_of(e.id) or 0]]
    assert plain and all(e.kind is EventKind.OTHER and not e.actors for e in plain)
    if spoil is _spoil_first_slide:
        assert len(plain) == 1  # only that slide is read as plain TimelineJS


def dates_by_id(events: Iterable[Event]) -> dict[str, tuple[str, str | None]]:
    return {e.id: (str(e.start), str(e.end) if e.end else None) for e in events}


def test_every_precision_and_mixed_ranges_round_trip(tmp_path: Path) -> None:
    cases = [
        ("year", "1991", None),
        ("month", "1991-12", None),
        ("day", "1991-12-25", None),
        ("year-range", "1939", "1945"),
        ("month-range", "2020-02", "2021-11"),
        ("year-to-day", "2023", "2024-06-19"),
        ("day-to-month", "2024-01-31", "2024-02"),
        ("leap-day", "2024-02-29", None),
        ("ancient", "0001", None),
    ]
    dataset = Dataset(name="Precision")
    for event_id, start, end in cases:
        dataset.events.append(
            Event(
                id=event_id,
                title=f"Event {event_id}",
                start=PartialDate.parse(start),
                end=PartialDate.parse(end) if end else None,
                kind=EventKind.OTHER,
            )
        )
    store = EventStore.from_dataset(dataset)
    back = read_back(store, None, tmp_path)
    assert dates_by_id(back.events) == {e: (s, t) for e, s, t in cases}
