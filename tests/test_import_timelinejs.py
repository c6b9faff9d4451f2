"""TimelineJS JSON import: title slide, eras, groups, partial dates, HTML text."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_DATA
from tui.core.dates import PartialDate
from tui.core.importers.timelinejs import plain_text
from tui.core.loading import open_store
from tui.core.problems import LoadError

IMPORTS = TEST_DATA / "imports"


def test_timelinejs_events_keep_their_precision() -> None:
    result = open_store([IMPORTS / "timeline.json"])
    store = result.store
    assert result.format == "timelinejs"
    assert store.name == "Japan & New Zealand 2024"  # the title slide, HTML reduced to text
    summit = store.events[store.row_of("kishida-luxon-tokyo-summit") or 0]
    assert summit.start == PartialDate(2024, 6, 19, 10, 30)  # the time kept
    assert summit.summary == (
        "The leaders agreed to speed up talks.\nThey also discussed the South China Sea."
    )
    month = store.events[store.row_of("japan-and-ukraine-announce-intent") or 0]
    assert month.start == PartialDate(2024, 6) and month.tags == ["shown as: June 2024"]
    year = store.events[0]
    assert (year.start, year.end) == (PartialDate(2022), PartialDate(2023))
    assert year.title == "Strategy review – a year-long process"  # no headline: from the text
    strikes = store.events[store.row_of("missile-strikes-on-ukraine") or 0]
    assert strikes.end == PartialDate(2024, 1, 2)


def test_groups_and_eras_become_concerns() -> None:
    store = open_store([IMPORTS / "timeline.json"]).store
    labels = {c.id: c.label for c in store.concerns.values()}
    assert labels == {
        "era-before-the-summit": "Before the summit",
        "era-summit-year": "Summit year",
        "group-diplomacy": "Diplomacy",
        "group-policy": "Policy",
    }
    assert len(store.rows_for_concern("group-diplomacy")) == 2
    assert len(store.rows_for_concern("era-summit-year")) == 2


def test_bad_events_are_listed_with_lines() -> None:
    with pytest.raises(LoadError) as caught:
        open_store([IMPORTS / "timeline_bad.json"])
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "event 1: month 13 does not exist"),
        (4, "event 2: missing start_date"),
    ]
    result = open_store([IMPORTS / "timeline_bad.json"], skip_bad=True)
    assert len(result.store) == 1 and result.skipped_rows == 2


def test_plain_text() -> None:
    assert plain_text("<p>A &amp; B</p><script>x()</script><p>C<br>D</p>") == "A & B\nC\nD"
    assert plain_text(None) == ""
