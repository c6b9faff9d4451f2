"""Round trip through TimelineJS: ours → TimelineJS → ours keeps every event, date and precision.

The TimelineJS file is read back the way a user opens one (format detected from the content),
so the exporter and the importer are tested against each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tui.dates import PartialDate
from tui.exporters import export_rows
from tui.loader import Dataset
from tui.loading import open_store
from tui.model import Event, EventKind
from tui.store import EventStore, Query, Rows


def read_back(store: EventStore, rows: Rows | None, tmp_path: Path) -> EventStore:
    target = tmp_path / "timeline.json"
    export_rows(store, store.all_rows() if rows is None else rows, "timelinejs", target)
    opened = open_store([target])
    assert opened.format == "timelinejs"
    return opened.store


def dates_by_id(events: Iterable[Event]) -> dict[str, tuple[str, str | None]]:
    return {e.id: (str(e.start), str(e.end) if e.end else None) for e in events}


def test_bundled_data_round_trips_through_timelinejs(
    bundled_store: EventStore, tmp_path: Path
) -> None:
    back = read_back(bundled_store, None, tmp_path)
    assert list(back.columns.ids) == list(bundled_store.columns.ids)  # same events, same order
    assert dates_by_id(back.events) == dates_by_id(bundled_store.events)
    for before, after in zip(bundled_store.events, back.events, strict=True):
        assert after.start.precision == before.start.precision
        assert (after.end.precision if after.end else None) == (
            before.end.precision if before.end else None
        )
        assert after.title == before.title


def test_a_filtered_view_round_trips(bundled_store: EventStore, tmp_path: Path) -> None:
    rows = bundled_store.query(Query(countries=frozenset({"PRK"})))
    back = read_back(bundled_store, rows, tmp_path)
    expected = [bundled_store.events[int(r)] for r in rows]
    assert dates_by_id(back.events) == dates_by_id(expected)


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
