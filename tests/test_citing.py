"""An event and a citation as the reader's `y` key copies them: checked against text written
out by hand."""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.citing import citation_text, event_text
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore

SUMMIT_QUOTE = (
    "“Japan and New Zealand have reached an agreement in principle on an intelligence sharing "
    "pact, as leaders from both countries express shared concerns over the increasingly "
    "challenging security environment in the region. The agreement comes in the wake of "
    "growing ties between Russia and North Korea, which have raised alarms.”"
)


def _store(tmp_path: Path, data: dict[str, object]) -> EventStore:
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return EventStore.from_dataset(load_paths([path]))


def test_the_summit_event_reads_as_written(bundled_store: EventStore) -> None:
    row = bundled_store.row_of("kishida-luxon-tokyo-summit")
    assert row is not None
    text = event_text(bundled_store, row)
    assert text.startswith(
        "Kishida and Luxon meet in Tokyo\n"
        "2024-06-19 · meeting\n"
        "Countries: Japan (JPN), New Zealand (NZL), China (CHN), North Korea (PRK), "
        "Russia (RUS)\n"
        "\n"
        "On Christopher Luxon's first visit to Japan as prime minister, he and Fumio Kishida "
        "welcome the agreement in principle on an information security agreement"
    )
    assert "\n\nSources\n[1] " in text
    assert f"\n    {SUMMIT_QUOTE}\n[2] " in text  # the quote under its source, indented
    assert "\n[7] " in text and "\n[8] " not in text
    citation = citation_text(bundled_store, bundled_store.events[row], 0)
    assert citation.endswith(f"\n{SUMMIT_QUOTE}")
    assert not citation.startswith("[1]")  # a citation alone is not numbered


def test_every_field_in_order(tmp_path: Path) -> None:
    store = _store(
        tmp_path,
        {
            "sources": [
                {
                    "id": "ap",
                    "title": "Japan, NZ sign pact",
                    "publisher": "Associated Press",
                    "url": "https://apnews.com/article/japan-nz",
                    "published": "2024-06",
                },
                {"id": "bare", "title": "A leaflet"},
            ],
            "events": [
                {
                    "id": "e",
                    "title": "Pact  signed",
                    "summary": "First line.\nSecond line.",
                    "start": "2024-06-19",
                    "end": "2024-06-20",
                    "kind": "agreement",
                    "places": [{"country": "NZL", "name": "Wellington"}],
                    "citations": [
                        {"source": "ap", "quote": "They signed.\nThen they left."},
                        {"source": "bare"},
                    ],
                }
            ],
        },
    )
    assert event_text(store, 0) == (
        "Pact signed\n"
        "2024-06-19–2024-06-20 · agreement\n"
        "Countries: New Zealand (NZL)\n"
        "\n"
        "First line.\n"
        "Second line.\n"
        "\n"
        "Sources\n"
        "[1] Japan, NZ sign pact\n"
        "    Associated Press, 2024-06\n"
        "    https://apnews.com/article/japan-nz\n"
        "    “They signed.\n"
        "    Then they left.”\n"
        "[2] A leaflet"
    )
    event = store.events[0]
    assert citation_text(store, event, 0) == (
        "Japan, NZ sign pact\n"
        "Associated Press, 2024-06\n"
        "https://apnews.com/article/japan-nz\n"
        "“They signed.\n"
        "Then they left.”"
    )
    assert citation_text(store, event, 1) == "A leaflet"


def test_control_characters_from_data_are_made_visible(tmp_path: Path) -> None:
    store = _store(
        tmp_path,
        {
            "sources": [{"id": "s", "title": "Evil\x1b[2J title", "publisher": "Bad\u202eco"}],
            "events": [
                {
                    "id": "e",
                    "title": "Clear \x1b]52;c;AAAA\x07 screen",
                    "summary": "Ring \x07 bell",
                    "start": "2024",
                    "kind": "report",
                    "citations": [{"source": "s", "quote": "quote\x00here"}],
                }
            ],
        },
    )
    text = event_text(store, 0)
    assert text == (
        "Clear ␛]52;c;AAAA␇ screen\n"
        "2024 · report\n"
        "\n"
        "Ring ␇ bell\n"
        "\n"
        "Sources\n"
        "[1] Evil␛[2J title\n"
        "    Bad\ufffdco\n"
        "    “quote␀here”"
    )
