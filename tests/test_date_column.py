"""The timeline's date column: sized for the common date, ranges shown compactly (issue 12
item 9), and worked out in the row text, not the store (issue 10). Expected values by hand."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.core.bundled import bundled_data_dir
from tui.core.dates import PartialDate
from tui.core.loading import open_store
from tui.core.model import Dataset, Event, EventKind
from tui.core.rowtext import compact_date_label, date_column_width, row_text
from tui.core.store import EventStore


def _label(start: str, end: str | None = None, approximate: bool = False) -> str:
    first = PartialDate.parse(start)
    last = PartialDate.parse(end) if end else None
    return compact_date_label(
        first.sort_key,
        last.sort_key if last else 0,
        approximate,
        first.time_key,
        last.time_key if last else 0,
    )


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2024-06-19", None, "2024-06-19"),
        ("2024-06-18", "2024-06-19", "2024-06-18 → 19"),  # same month: the day
        ("2024-06-18", "2024-07-02", "2024-06-18 → 07-02"),  # same year: month and day
        ("2023-12-30", "2024-01-02", "2023-12-30 → 01-02"),  # the next 01-02 after the start
        ("2023-06-01", "2024-05-31", "2023-06-01 → 05-31"),  # a day short of a year
        ("2023-06-01", "2024-06-01", "2023-06-01 → 2024-06-01"),  # a year on: in full
        ("2023-06-01", "2024-07-01", "2023-06-01 → 2024-07-01"),
        ("2024-06", "2024-08", "2024-06 → 08"),
        ("2024-11", "2025-02", "2024-11 → 02"),
        ("2024-06", "2025-06", "2024-06 → 2025-06"),
        ("2022", "2024", "2022 → 2024"),
        ("2024-06", "2024-06-19", "2024-06 → 2024-06-19"),  # precisions differ: in full
        ("2024-06-19T14:30", "2024-06-19T16:00", "2024-06-19 14:30 → 16:00"),
        ("2024-06-19T23:00", "2024-06-20T01:00", "2024-06-19 23:00 → 2024-06-20 01:00"),
        ("-44-03-15", "-44-03-16", "44-03-15 BCE → 44-03-16 BCE"),
        ("-13648000000", "-12798000000", "13.648–12.798 billion years ago"),
        ("2024-06-19", "2024-06-19", "2024-06-19"),  # an end that is the start: no range
    ],
)
def test_compact_labels(start: str, end: str | None, shown: str) -> None:
    assert _label(start, end) == shown


def test_approximate_ranges_keep_their_mark() -> None:
    assert _label("2023-12-30", "2024-01-02", approximate=True) == "~2023-12-30 → 01-02"


def _store(*dates: tuple[str, str | None, bool]) -> EventStore:
    events = [
        Event(
            id=f"e{number}",
            title=f"event {number}",
            start=PartialDate.parse(start),
            end=PartialDate.parse(end) if end else None,
            approximate=approximate,
            kind=EventKind.OTHER,
        )
        for number, (start, end, approximate) in enumerate(dates)
    ]
    return EventStore.from_dataset(Dataset(name="d", events=events))


def test_one_range_among_days_does_not_widen_the_column() -> None:
    days = [(f"2024-06-{day:02d}", None, False) for day in range(1, 20)]
    store = _store(*days, ("2023-12-30", "2024-01-02", False))
    assert date_column_width(store) == 10  # 19 of 20 rows are 10 wide: 95 % >= 90 %


def test_the_column_fits_nine_rows_in_ten() -> None:
    days = [(f"2024-06-{day:02d}", None, False) for day in range(1, 10)]
    # 9 of 10 are 10 wide, one is "~2024-07-01" (11): 90 %, so 10.
    assert date_column_width(_store(*days, ("2024-07-01", None, True))) == 10
    # 8 of 10 are 10 wide, 2 are 11: 80 % < 90 %, so 11.
    approximate = [("2024-07-01", None, True), ("2024-07-02", None, True)]
    assert date_column_width(_store(*days[:8], *approximate)) == 11
    # Ranges count too when they are common: 3 of 10 are "2024-06-18 → 19" (15).
    ranges = [("2024-06-18", "2024-06-19", False)] * 3
    assert date_column_width(_store(*days[:7], *ranges)) == 15


def test_widths_follow_the_precision_and_the_time_of_day() -> None:
    assert date_column_width(_store(("2016", None, False), ("2017", None, False))) == 4
    assert date_column_width(_store(("2016-05", None, False))) == 7
    assert date_column_width(_store(("2024-06-19T14:30", None, False))) == 16
    assert date_column_width(_store(("2024-06-19T14", None, False))) == 14  # 2024-06-19 14h
    assert date_column_width(_store(("-753", None, False))) == len("753 BCE")
    assert date_column_width(EventStore.from_dataset(Dataset(name="d", events=[]))) == 10


def test_the_bundled_dataset_has_a_ten_cell_column() -> None:
    store = open_store([bundled_data_dir()]).store
    labels = [store.compact_date_label(row) for row in range(len(store))]
    assert "2023-12-30 → 01-02" in labels  # the missile attacks of 30 Dec – 2 Jan
    assert "2024-06-18 → 19" in labels  # Putin's visit to Pyongyang
    assert date_column_width(store) == 10  # was 21: one range widened every row


def _row(date_label: str, title: str) -> str:
    return row_text(
        date_label=date_label,
        date_width=10,
        kind="violence",
        title=title,
        countries=("RUS", "UKR"),
        width=60,
    ).plain


def test_a_range_takes_its_room_from_its_own_title() -> None:
    plain = _row("2024-01-04", "A plain day")
    ranged = _row("2023-12-30 → 01-02", "Missiles hit Kharkiv")
    cut_short = _row("2023-12-30 → 01-02", "Russia fires missiles at Ukraine")
    # 1 + 10 + 3 cells before a plain title; the range's 18 cells take 8 of its own title's.
    assert plain == " 2024-01-04 ✖ A plain day" + " " * 27 + "RUS UKR "
    assert ranged == " 2023-12-30 → 01-02 ✖ Missiles hit Kharkiv" + " " * 10 + "RUS UKR "
    # 60 - 22 - 9 leaves 29 cells for the title: 28 of its characters and an ellipsis.
    assert cut_short == " 2023-12-30 → 01-02 ✖ Russia fires missiles at Ukr… RUS UKR "
    assert cell_len(plain) == cell_len(ranged) == cell_len(cut_short) == 60


def test_a_short_date_is_padded_to_the_column() -> None:
    text = row_text(
        date_label="2024-06", date_width=10, kind="other", title="T", countries=(), width=20
    ).plain
    assert text == " 2024-06    • T" + " " * 5


def test_a_very_long_date_keeps_the_row_within_its_width() -> None:
    label = "13.648 billion years ago → 2024-06-19 14:30:05.250"
    text = row_text(
        date_label=label, date_width=10, kind="other", title="Title", countries=(), width=45
    ).plain
    assert cell_len(text) == 45
    assert text.startswith(" 13.648 billion")  # cut to a third of the row, with an ellipsis
    assert text[1:16].endswith("…")


async def test_the_timeline_shows_ranges_compactly_and_aligns_the_rest() -> None:
    from tui.ui.app import TimelineApp
    from tui.ui.widgets.timeline import TimelineView

    store = open_store([bundled_data_dir()]).store
    app = TimelineApp(store, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(TimelineView)
        lines = [view.render_line(y).text for y in range(view.scrollable_content_region.height)]
    missiles = next(line for line in lines if "Russia fires" in line)
    visit = next(line for line in lines if "Putin visits" in line)
    summit = next(line for line in lines if "Kishida and Luxon" in line)
    # As tmux shows it at 120×40: the range takes 8 cells of its own title, no one else's.
    assert missiles == " 2023-12-30 → 01-02 ✕ Russia fires North Korean ballisti… RUS PRK UKR "
    assert visit.startswith(" 2024-06-18 → 19 ▲ Putin visits Pyongyang ")
    assert summit.startswith(" 2024-06-19 ◆ Kishida and Luxon meet in Tokyo ")
    month = next(line for line in lines if "Ukraine identifies missile debris" in line)
    assert month.startswith(" 2024-01    ○ Ukraine identifies")  # padded to the 10 cells
