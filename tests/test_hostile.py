"""Hostile text from data files reaches the terminal only as text: never as markup, never as a
control sequence. The corpus is tests/data/hostile/ (every text field holds Rich markup, CSI,
OSC 52, OSC 8, C0/C1 controls and bidi overrides; wide.json holds wide and combining text).

The app is run headless and the screen is read back as Textual exports it (App.export_screenshot,
every character drawn): no control or bidi character may be among them, and each hostile value
must read as itself (markup parsed as markup, a link made of it, would not).
"""

from __future__ import annotations

import io
import json
import time
import unicodedata
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual import events
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import TEST_DATA
from tests.shown import screen_text, toasts_once_shown
from tests.unsafe_text import is_harmless, unsafe_characters
from tui.core.importers.ours import load_paths
from tui.core.problems import LoadError
from tui.core.rowtext import countries_label, row_text
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.commands import GoToProvider
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.page import PageScreen
from tui.ui.widgets.detail import MAX_SUMMARY_CHARS, DetailPane
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import Chip

HOSTILE = TEST_DATA / "hostile"
MARKUP = "[bold red]x[/] [link=file:///etc/passwd]click[/] [@click=app.quit]quit[/]"
SIZE = (120, 40)
WIDE = (200, 40)  # room for the chips beside the corpus's long dataset name


@pytest.fixture(scope="module")
def hostile_store() -> EventStore:
    return EventStore.from_dataset(load_paths([HOSTILE]))


def make_app(store: EventStore, **options: object) -> TimelineApp:
    return TimelineApp(store, blink=False, **options)  # type: ignore[arg-type]


def assert_clean_screen(app: TimelineApp, *literal: str) -> str:
    """Nothing on screen a terminal would act on; each ``literal`` shown as itself."""
    text = screen_text(app)
    bad = unsafe_characters(text.replace("\n", ""))
    assert not bad, f"control or bidi characters reach the screen: {sorted(set(bad))}"
    for expected in literal:
        assert expected in text, f"{expected!r} is not shown as text"
    return text


def hostile_position(app: TimelineApp, event_id: str = "hostile-event") -> int:
    view = app.screen.query_one(TimelineView)
    ids = [app.store.columns.ids[int(r)] for r in view.rows]
    return ids.index(event_id)


# -- the timeline row renderer ----------------------------------------------------------------


def test_row_text_shows_markup_and_escapes_as_text(hostile_store: EventStore) -> None:
    [row] = [
        r for r in range(len(hostile_store)) if hostile_store.columns.ids[r] == "hostile-event"
    ]
    title = hostile_store.columns.titles[row]
    assert "\x1b" in title  # the corpus really is hostile
    text = row_text(
        date_label="2024-06-19",
        date_width=10,
        kind="meeting",
        title=title,
        countries=("JPN", "NZL"),
        width=300,
    )
    assert is_harmless(text.plain)
    assert text.plain.startswith(" 2024-06-19 ◆ [bold red]x[/] [link=file:///etc/passwd]click[/]")
    assert "␛[2J" in text.plain and "␛]52;c;ZXZpbA==␇" in text.plain
    assert all(span.style == "" or not getattr(span.style, "link", None) for span in text.spans)


# -- the main screen ----------------------------------------------------------------------------


async def test_timeline_and_detail_pane_show_hostile_text_as_text(
    hostile_store: EventStore,
) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=(160, 150)) as pilot:  # tall enough for the whole pane
        view = app.screen.query_one(TimelineView)
        view.cursor = hostile_position(app)
        await pilot.pause()
        assert app.screen.query_one(DetailPane).row == view.current_row
        text = assert_clean_screen(
            app,
            "◆ [bold red]x[/] [link=file:///etc/passwd]click[/]",  # the timeline row
            "[link=file:///etc/passwd]click[/] [@click=app.quit]",  # the top bar: the name,
            "10 / 10 events",  # cut so the count stays in view
            "[@click=app.quit]quit[/] title",  # the detail pane from here on
            "[@click=app.quit]quit[/] summary",
            "␛[2J␛[H␛]52;c;ZXZpbA==␇␛]8;;https://evil.example/␛\\hyperlink",
            "[@click=app.quit]quit[/] summary-line-2",
            "[@click=app.quit]quit[/] tag",
            "[@click=app.quit]tag[/]",
            "[@click=app.quit]quit[/] actor-name",
            "[@click=app.quit]quit[/] participant-role",
            "[@click=app.quit]quit[/] place",
            "[@click=app.quit]quit[/] source-title",
            "[@click=app.quit]quit[/] publisher",
            "[@click=app.quit]quit[/] quote",
            "https://evil.example/[bold%20red]x[/]?%1B[2J",  # the URL, percent-encoded
        )
        assert "\u202e" not in text


async def test_clicking_click_markup_in_data_does_not_run_it(hostile_store: EventStore) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(TimelineView)
        view.cursor = hostile_position(app)
        await pilot.pause()
        text = screen_text(app)
        clicked = 0
        for y, line in enumerate(text.splitlines()):
            x = line.find("[@click=app.quit]")
            if x >= 0:
                # click inside the would-be link text: cell column == index on these lines
                x = cell_len(line[: x + len("[@click=app.quit]") + 1])
                await pilot.click(offset=(x, y))
                await pilot.pause()
                clicked += 1
                assert app.is_running
                if isinstance(app.screen, PageScreen):
                    await pilot.press("escape")
        assert clicked >= 3
        assert app.is_running


async def test_pages_show_hostile_text_as_text(hostile_store: EventStore) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=SIZE) as pilot:
        for kind, key, literal, event in (
            ("actor", "mallory", "[@click=app.quit]quit[/] actor-name", "hostile-event"),
            ("actor", "evil-state", "[@click=app.quit]quit[/] state-name", "hostile-event"),
            ("actor", "escape-first", "Actor · ␛[2J␛[H␛]52;c;ZXZpbA==␇", "markup-first"),
            (
                "concern",
                "evil-concern",
                "[@click=app.quit]quit[/] concern-description",
                "hostile-event",
            ),
            ("country", "JPN", "[@click=app.quit]quit[/] actor-name", "markup-first"),
        ):
            app.open_page(kind, key)  # type: ignore[arg-type]
            await pilot.pause()
            assert isinstance(app.screen, PageScreen)
            view = app.screen.query_one(TimelineView)
            view.cursor = hostile_position(app, event)
            await pilot.pause()
            assert_clean_screen(
                app, literal, "◆ [bold red]x[/]" if event == "hostile-event" else "● [bold red]x[/]"
            )
            await pilot.press("escape")
        assert app.is_running


async def test_search_suggestions_show_hostile_names_as_text(hostile_store: EventStore) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        app.screen.query_one("#search-input", Input).value = "quit[/] alias"
        await pilot.pause()
        # the actor whose alias matched, by its hostile name
        assert_clean_screen(app, "Actor    [bold red]x[/] [link=file:///etc/passwd]click[/]")
        app.screen.query_one("#search-input", Input).value = "concern-label"
        await pilot.pause()
        assert_clean_screen(app, "Concern  [bold red]x[/] [link=file:///etc/passwd]click[/]")


async def test_chips_and_empty_message_show_hostile_search_as_text(
    hostile_store: EventStore,
) -> None:
    search = "[bold red]x[/]\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202e nothing has this"
    app = make_app(hostile_store, search=search)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        chip = app.screen.query_one(Chip)
        assert chip.chip_filter.value == search
        assert_clean_screen(
            app,
            "⌕ “[bold red]x[/]␛[2J",  # the chip
            "No events match “[bold red]x[/]␛[2J",  # the timeline's empty message
        )


async def test_matching_text_search_chip_shows_markup_as_text(hostile_store: EventStore) -> None:
    app = make_app(hostile_store, search="[bold red]x[/]")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert len(app.screen.query_one(TimelineView).rows) == 2
        assert_clean_screen(app, "⌕ “[bold red]x[/]” ✕")


async def test_notification_shows_what_was_typed_as_text(hostile_store: EventStore) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#search-input", Input)
        box.post_message(events.Paste("[@click=app.quit]zz[/]\x1b[2J\u202e\x1b]52;c;eA==\x07"))
        await pilot.pause()
        assert box.value == "[@click=app.quit]zz[/][2J]52;c;eA=="  # pasted escapes dropped
        assert_clean_screen(app, "[@click=app.quit]zz[/][2J]52;c;eA==")
        await pilot.press("enter")
        [notice] = await toasts_once_shown(pilot)
        assert "no country matches '[@click=app.quit]zz[/][2J]52;c;eA=='" in notice
        # The toast wraps its text; the typed text is on a line of its own, as typed.
        assert_clean_screen(app, "'[@click=app.quit]zz[/][2J]52;c;eA=='")


async def test_help_screen_is_clean(hostile_store: EventStore) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        app.screen.query_one(VerticalScroll).scroll_end(animate=False)  # the legend is last
        await pilot.pause()
        assert_clean_screen(app, "Timeline markers")


async def test_command_palette_shows_hostile_names_as_text(hostile_store: EventStore) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The provider itself: every prompt is plain text (a str prompt is parsed as markup).
        provider = GoToProvider(app.screen)
        found = [hit async for hit in provider.discover()]
        found += [hit async for hit in provider.search("quit")]
        assert len(found) > 10
        for hit in found:
            assert isinstance(hit.prompt, Content | str)
            prompt = Content.from_markup(hit.prompt)  # what the palette does with a prompt
            assert prompt.plain == hit.text
        # And on screen.
        await pilot.press("ctrl+p", *"actor-name")
        await until_shown(pilot, "[@click=app.quit]quit[/] actor-name")
        assert isinstance(app.screen, CommandPalette)
        assert_clean_screen(app, "[bold red]x[/] [link=file:///etc/passwd]click[/]")


async def until_shown(pilot: Pilot[None], literal: str, seconds: float = 15.0) -> None:
    """The palette gathers its hits in a worker: wait for them (or fail after a while)."""
    app = pilot.app
    assert isinstance(app, TimelineApp)
    deadline = time.monotonic() + seconds
    while literal not in screen_text(app):
        assert time.monotonic() < deadline, f"{literal!r} never shown:\n{screen_text(app)}"
        await pilot.pause(0.05)


def test_load_error_report_shows_hostile_places_and_values_as_text(tmp_path: Path) -> None:
    bad = tmp_path / "[bold red]x[-]\x1b]52;c;ZXZpbA==\x07.json"
    bad.write_text(
        json.dumps(
            {
                "events": [
                    {
                        "id": "e",
                        "title": "t",
                        "start": "2024",
                        "kind": "[@click=app.quit]q[/]\x1b[2J\u202e",
                    }
                ],
                "[link=file:///etc/passwd]x[/]\x9b2J": 1,
            }
        )
    )
    with pytest.raises(LoadError) as caught:
        load_paths([bad])
    report = caught.value.report()
    assert all(is_harmless(line) for line in report.splitlines())
    assert "[bold red]x[-]␛]52;c;ZXZpbA==␇.json" in report
    assert '(got "[@click=app.quit]q[/]\\u001b[2J' in report
    assert "unknown field '[link=file:///etc/passwd]x[/]" in report


# -- wide characters, long titles, huge summaries ---------------------------------------------


@pytest.mark.parametrize("size", [SIZE, (80, 24), (60, 20)])
async def test_wide_characters_keep_columns_aligned(
    hostile_store: EventStore, size: tuple[int, int]
) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.screen.query_one(TimelineView)
        width = view.scrollable_content_region.width
        seen: list[int] = []
        position_at = {view.line_of(position): position for position in range(len(view.rows))}
        for _ in range(3):  # the top, the middle and the end of the timeline
            for y in range(view.scrollable_content_region.height):
                position = position_at.get(view.scroll_offset.y + y)
                strip = view.render_line(y)
                assert strip.cell_length == width and cell_len(strip.text) == width
                assert is_harmless(strip.text)
                if position is None:  # a year's separator, or blank below the last row
                    assert strip.text.startswith("── ") or not strip.text.strip()
                    continue
                # each line is its own row, starting with its date: nothing wrapped into it
                row = int(view.rows[position])
                seen.append(row)
                assert strip.text.startswith(f" {hostile_store.compact_date_label(row)} ")
                tail = countries_label(hostile_store.columns.countries[row])
                if width - 14 >= 40:  # the countries column is shown, right-aligned
                    assert strip.text.endswith(f" {tail} "), strip.text
                if cell_len(hostile_store.columns.titles[row]) > width - 14:
                    assert "…" in strip.text, strip.text
            await pilot.press("pagedown")
            await pilot.pause()
        assert set(seen) == set(range(len(hostile_store)))


def test_long_and_wide_titles_end_with_an_ellipsis(hostile_store: EventStore) -> None:
    for row in range(len(hostile_store)):
        title = hostile_store.columns.titles[row]
        countries = hostile_store.columns.countries[row]
        for width in (20, 41, 60, 79, 80, 81, 120, 200):
            text = row_text(
                date_label="2021-03-01",
                date_width=10,
                kind="report",
                title=title,
                countries=countries,
                width=width,
            )
            assert cell_len(text.plain) == width, (title, width)
            assert "\n" not in text.plain
            tail = countries_label(countries)
            if width - 14 >= 40:
                assert text.plain.endswith(f" {tail} ")
                shown = text.plain[14 : -(len(tail) + 2)].rstrip()
                if cell_len(title) > width - 14 - len(tail) - 2:
                    assert shown.endswith("…"), (title, width, text.plain)


def _terminal_width(text: str) -> int:
    """Cells as a terminal that measures code point by code point (wcwidth, tmux) draws them."""
    cells = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf") or "\u1160" <= ch <= "\u11ff":
            continue  # combining marks, joiners, selectors, Hangul vowel and final jamo
        cells += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return cells


def test_rows_are_as_wide_on_any_terminal_as_rich_counted(hostile_store: EventStore) -> None:
    """Emoji sequences (👨‍👩‍👧‍👦, ✈️, 👍🏽) are one cluster to Rich but several glyphs to many
    terminals; rows must measure the same both ways or the countries column shifts."""
    for row in range(len(hostile_store)):
        text = row_text(
            date_label="2021-03-01",
            date_width=10,
            kind="report",
            title=hostile_store.columns.titles[row],
            countries=hostile_store.columns.countries[row],
            width=120,
        )
        assert _terminal_width(text.plain) == cell_len(text.plain) == 120, text.plain


def _store_with_summary(tmp_path: Path, summary: str) -> EventStore:
    path = tmp_path / "huge.json"
    event = {"id": "huge", "title": "Huge", "summary": summary, "start": "2024", "kind": "report"}
    path.write_text(json.dumps({"events": [event]}))
    return EventStore.from_dataset(load_paths([path]))


async def test_a_one_megabyte_summary_does_not_freeze_the_detail_pane(tmp_path: Path) -> None:
    summary = ("[bold]word[/] \x1b[2J 日本 " * 80_000)[:1_000_000] + "THE END"
    store = _store_with_summary(tmp_path, summary)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        detail = app.screen.query_one(DetailPane)
        await pilot.pause()  # the app's start-up settles first: it is not what is timed
        detail.row = None
        started = time.perf_counter()
        detail.show_row(0)
        await pilot.pause()
        # Generous: on a shared machine one pane takes up to a second; the whole megabyte laid
        # out would take far longer (the checks below say it was cut).
        assert time.perf_counter() - started < 5.0
        head = detail.reader.entries[0]  # the event itself: title, facts, summary
        console = Console(width=200, file=io.StringIO(), record=True)
        console.print(head.prompt)
        whole = console.export_text()
        assert "THE END" not in whole
        assert f"{len(summary) - MAX_SUMMARY_CHARS:,} more characters" in whole
        assert all(is_harmless(line) for line in whole.splitlines())
        assert_clean_screen(app, "[bold]word[/] ␛[2J 日本")
        # the pane stays a few screens long, not tens of thousands of lines
        assert detail.reader.virtual_size.height < 500
