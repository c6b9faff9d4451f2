"""The detail pane as a reader: every item and every quote reachable from the keyboard, the
selected item always in view, sources opened and citations copied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.core.importers.ours import load_paths
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.page import PageScreen
from tui.ui.widgets.detail import DetailPane, DetailReader
from tui.ui.widgets.timeline import TimelineView

SUMMIT = "kishida-luxon-tokyo-summit"
# The article's own words, as data/article.json quotes them for the summit.
SUMMIT_QUOTES = [
    "Japan and New Zealand have reached an agreement in principle on an intelligence sharing "
    "pact, as leaders from both countries express shared concerns",
    "where China has been asserting its territorial claims more aggressively.",
    "share logistical support and supplies during bilateral training and other operations.",
    "particularly the North's transfer of ballistic missiles to Russia for use against Ukraine.",
    "The leaders discussed Russian President Vladimir Putin's recent visit to Pyongyang and the "
    "implications of North Korea's involvement in Russia's actions in Ukraine.",
]

PACT = {
    "sources": [
        {
            "id": "ap",
            "title": "Japan, NZ sign pact",
            "publisher": "Associated Press",
            "url": "https://apnews.com/article/japan-nz",
            "published": "2024-06-19",
        },
        {"id": "leaflet", "title": "A leaflet"},
    ],
    "events": [
        {
            "id": "pact",
            "title": "Pact signed",
            "start": "2024-06-19",
            "kind": "agreement",
            "places": [{"country": "NZL"}],
            "citations": [
                {"source": "ap", "quote": "They signed the pact."},
                {"source": "leaflet", "quote": "Nothing to open."},
            ],
        }
    ],
}


def make_app(store: EventStore) -> TimelineApp:
    return TimelineApp(store, blink=False)


def reader(app: TimelineApp) -> DetailReader:
    return app.screen.query_one(DetailReader)


def shown(widget: DetailReader) -> list[str]:
    """The lines the reader shows now, as text."""
    return [widget.render_line(y).text for y in range(widget.scrollable_content_region.height)]


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_selected_in_view(widget: DetailReader) -> None:
    assert widget.selected is not None
    top, height = widget.entry_span(widget.selected)
    view_top = widget.scroll_offset.y
    view_bottom = view_top + widget.scrollable_content_region.height
    # Its first line is on screen, or it is taller than the pane and fills it.
    assert view_top <= top < view_bottom or (top < view_top and top + height >= view_bottom), (
        top,
        height,
        view_top,
        view_bottom,
    )


async def open_on(pilot: Pilot[None], app: TimelineApp, event_id: str) -> DetailReader:
    row = app.store.row_of(event_id)
    view = app.screen.query_one(TimelineView)
    view.cursor = list(view.rows).index(row)
    await pilot.pause()
    await pilot.press("tab")
    widget = reader(app)
    assert app.focused is widget
    assert widget.row == row
    return widget


@pytest.fixture
def pact_store(tmp_path: Path) -> EventStore:
    path = tmp_path / "pact.json"
    path.write_text(json.dumps(PACT), encoding="utf-8")
    return EventStore.from_dataset(load_paths([path]))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_every_quote_is_reached_by_keyboard_and_the_cursor_stays_in_view(
    bundled_store: EventStore, size: tuple[int, int]
) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=size) as pilot:
        widget = await open_on(pilot, app, SUMMIT)
        seen: dict[int, str] = {}  # line number -> text, for every line ever on screen
        for _ in range(80):
            for y, text in enumerate(shown(widget)):
                seen[widget.scroll_offset.y + y] = text
            assert_selected_in_view(widget)
            before = (widget.selected, widget.scroll_offset.y)
            await pilot.press("down")
            if (widget.selected, widget.scroll_offset.y) == before:
                break  # the end: nothing more to reach
        else:
            pytest.fail("down never reached the end of the reader")
        entry = widget.selected_entry
        assert entry is not None and entry.citation == 6  # source [7], the last
        read = flat(" ".join(seen[line] for line in sorted(seen)))
        for quote in SUMMIT_QUOTES:
            assert flat(quote) in read, quote
        assert "[7] " in read


async def test_end_shows_the_last_source_and_home_the_title(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_on(pilot, app, SUMMIT)
        # at this size the pane is under the timeline
        assert widget.region.y >= app.screen.query_one(TimelineView).region.bottom
        await pilot.press("end")
        entry = widget.selected_entry
        assert entry is not None and entry.citation == 6
        assert_selected_in_view(widget)
        assert any(line.lstrip().startswith("[7] ") for line in shown(widget))
        await pilot.press("home")
        assert widget.scroll_offset.y == 0
        assert shown(widget)[0].strip() == "Kishida and Luxon meet in Tokyo"


async def test_page_keys_move_the_cursor_with_the_page(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_on(pilot, app, SUMMIT)
        offsets = []
        for _ in range(30):
            await pilot.press("pagedown")
            assert_selected_in_view(widget)
            offsets.append(widget.scroll_offset.y)
        assert offsets == sorted(offsets) and offsets[-1] == widget.max_scroll_y > 0
        entry = widget.selected_entry
        assert entry is not None and entry.citation == 6
        for _ in range(30):
            await pilot.press("pageup")
            assert_selected_in_view(widget)
        assert widget.scroll_offset.y == 0 and widget.selected == 0


async def test_enter_on_an_actor_opens_its_page(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_on(pilot, app, SUMMIT)
        await pilot.press("down", "enter")  # past the event itself: Fumio Kishida
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        assert app.screen.page.key == "fumio-kishida"
        await pilot.press("tab", "tab")  # the page's timeline, its related links, its reader
        assert isinstance(app.focused, DetailReader)
        await pilot.press("escape")  # back to the page's timeline, still on the page
        assert app.focused is app.screen.query_one("#timeline")


async def test_enter_on_a_source_opens_its_address(pact_store: EventStore) -> None:
    app = make_app(pact_store)
    opened: list[str] = []
    warnings: list[str] = []
    app.open_url = lambda url, *, new_tab=True: opened.append(url)  # type: ignore[method-assign]
    app.notify = lambda message, **_: warnings.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        widget = await open_on(pilot, app, "pact")
        await pilot.press("end", "up")  # source [1]
        entry = widget.selected_entry
        assert entry is not None and entry.citation == 0
        await pilot.press("enter")
        assert opened == ["https://apnews.com/article/japan-nz"]
        await pilot.press("down", "enter")  # source [2] has no address
        await pilot.pause()
        assert opened == ["https://apnews.com/article/japan-nz"]
        assert warnings[-1] == "This source has no address to open."


async def test_y_copies_the_citation_or_the_event(pact_store: EventStore) -> None:
    app = make_app(pact_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_on(pilot, app, "pact")
        await pilot.press("end", "up", "y")  # source [1]
        assert app.clipboard == (
            "Japan, NZ sign pact\n"
            "Associated Press, 2024-06-19\n"
            "https://apnews.com/article/japan-nz\n"
            "“They signed the pact.”"
        )
        await pilot.press("home", "y")  # the event itself
        assert app.clipboard.startswith("Pact signed\n2024-06-19 · agreement\n")
        assert app.clipboard.endswith("[2] A leaflet\n    “Nothing to open.”")


async def test_escape_goes_back_to_the_timeline(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_on(pilot, app, SUMMIT)
        await pilot.press("down", "down", "escape")
        assert isinstance(app.focused, TimelineView)
        assert app.store.columns.ids[app.focused.current_row or 0] == SUMMIT
        await pilot.press("tab")
        assert isinstance(app.focused, DetailReader)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, TimelineView)


async def test_the_search_is_marked_in_title_summary_and_quotes(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(120, 40)) as pilot:
        widget = await open_on(pilot, app, SUMMIT)
        app.screen.query_one(DetailPane).set_highlight("PACT")
        await pilot.pause()
        marked: list[str] = []
        for line in range(widget.virtual_size.height):
            widget.scroll_to(y=line, animate=False, immediate=True)
            strip = widget.render_line(0)
            marked += [s.text for s in strip if s.style and s.style.bold and s.style.underline]
        # "pact" in the article's title (source [1]..[5]) and in quote [1]; case ignored.
        assert marked and {text.lower() for text in marked} == {"pact"}
        assert len(marked) >= 6


async def test_a_click_on_a_link_opens_its_page(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(120, 40)) as pilot:
        widget = await open_on(pilot, app, SUMMIT)
        luxon = next(
            index
            for index, entry in enumerate(widget.entries)
            if entry.target is not None and entry.target.key == "christopher-luxon"
        )
        line = widget.entry_span(luxon)[0] - widget.scroll_offset.y
        await pilot.click(widget, offset=(4, line))
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        assert app.screen.page.key == "christopher-luxon"
