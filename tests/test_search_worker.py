"""A text search over a large dataset runs in a worker: keys keep working, "Searching…" shows
past half a second, a newer search replaces an older one, and keys typed as the first screen
appears reach it. (The bundled dataset stands for a large one: the threshold is lowered.)"""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.marking import marks_open
from tests.shown import toasts_once_shown
from tui.core.columns import Rows
from tui.core.filters import Filter
from tui.core.loading import OpenResult, ProgressCallback
from tui.core.store import EventStore, Query
from tui.core.suggest import EntitySearch
from tui.ui import app as app_module
from tui.ui.app import TimelineApp
from tui.ui.screens import main
from tui.ui.screens.main import MainScreen
from tui.ui.widgets import search as search_module
from tui.ui.widgets.search import SearchBar
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import Chip

SIZE = (120, 40)
PUTIN = [
    "putin-visits-pyongyang",
    "kishida-luxon-tokyo-summit",
    "putin-kim-sign-partnership-treaty",
]
# "Kishida and Luxon strongly condemned…": the quote three missile events cite, and the summit.
LUXON = [
    "russia-fires-north-korean-missiles-at-ukraine",
    "ukraine-identifies-north-korean-kn-23",
    "us-says-russia-used-north-korean-missiles",
    "kishida-luxon-tokyo-summit",
]


class SlowQueries:
    """The store's query, where one text waits until the test releases it; records whether
    text queries ran off the app's thread."""

    def __init__(self, store: EventStore, slow_text: str) -> None:
        self.real = store.query
        self.slow_text = slow_text
        self.off_thread: list[bool] = []
        self.release = threading.Event()
        self.slow_done = threading.Event()

    def __call__(self, query: Query) -> Rows:
        if query.text:
            self.off_thread.append(threading.current_thread() is not threading.main_thread())
        if query.text == self.slow_text:
            self.release.wait(timeout=30)
            rows = self.real(query)
            self.slow_done.set()
            return rows
        return self.real(query)

    async def finish(self) -> None:
        self.release.set()
        assert await asyncio.to_thread(self.slow_done.wait, 10)


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main, "LARGE_STORE", 10)  # the 25 bundled events count as large


@pytest.fixture
def slow(bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch) -> SlowQueries:
    """The store's queries, a search for "putin" held until the test lets it finish."""
    queries = SlowQueries(bundled_store, "putin")
    monkeypatch.setattr(bundled_store, "query", queries)
    return queries


def opening_in_app(store: EventStore) -> TimelineApp:
    """The app as the command line builds it for a large input: the store comes from an opener,
    behind the loading screen."""

    def opener(progress: ProgressCallback) -> OpenResult:
        return OpenResult(store)

    return TimelineApp(opener=opener, source_label="x.csv", blink=False)


def shown_ids(app: TimelineApp) -> list[str]:
    view = app.screen.query_one(TimelineView)
    return [view.store.columns.ids[int(r)] for r in view.rows]


async def search(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash", *text)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_a_large_search_runs_in_a_worker_and_shows_its_result(
    bundled_store: EventStore, large: None, slow: SlowQueries
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(TimelineView)
        busy = app.screen.query_one("#busy", Static)
        await search(pilot, "putin")
        await pilot.pause(0.7)
        assert busy.display
        assert str(busy.render()) == "Searching 25 events for “putin”…"
        await pilot.press("home", "j")  # keys work meanwhile
        assert view.cursor == 1 and len(view.rows) == 25
        await slow.finish()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_ids(app) == PUTIN
        assert view.highlight_text == "putin"
        assert not busy.display
    assert slow.off_thread == [True]


async def test_a_newer_search_replaces_one_still_running(
    bundled_store: EventStore, large: None, slow: SlowQueries
) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "putin")  # waits in its thread
        await search(pilot, "luxon")  # a new text search replaces it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_ids(app) == LUXON
        await slow.finish()  # the "putin" result comes late…
        await pilot.pause(0.3)
        assert shown_ids(app) == LUXON  # …and is dropped
        assert [chip.chip_filter.value for chip in app.screen.query(Chip)] == ["luxon"]
        assert not app.screen.query_one("#busy", Static).display


async def test_small_datasets_search_at_once(bundled_store: EventStore) -> None:
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "putin")
        assert shown_ids(app) == PUTIN  # no worker to wait for


class SearchOpenedBeforeMount(MainScreen):
    """The screen as met by a "/" that the app handled after the screen was composed but
    before its mount handler ran (the window in which the 1M file's first "/" was lost)."""

    def on_mount(self) -> None:
        self.query_one(SearchBar).open()
        super().on_mount()


async def test_keys_typed_as_the_first_screen_appears_reach_it(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "MainScreen", SearchOpenedBeforeMount)

    app = opening_in_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        box = app.screen.query_one("#search-input", Input)
        assert app.screen.focused is box  # the screen's own start did not take it back
        await pilot.press(*"Japan")
        assert box.value == "Japan"


async def test_keys_typed_before_the_screen_is_built_reach_the_search_box(
    bundled_store: EventStore,
) -> None:
    app = opening_in_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = MainScreen(bundled_store, app.resolver)
        app.push_screen(screen)
        # Keys already queued as the screen is pushed: the app handles them before the
        # screen's compose has run.
        for key, character in [("slash", "/"), *((c, c) for c in "Japan")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert app.screen is screen
        box = screen.query_one("#search-input", Input)
        assert box.value == "Japan"
        assert screen.focused is box


@pytest.mark.parametrize("threshold", [10, 1_000])  # in a worker, and at once
async def test_a_text_search_that_finds_nothing_changes_nothing(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch, threshold: int
) -> None:
    monkeypatch.setattr(main, "LARGE_STORE", threshold)
    app = TimelineApp(bundled_store, countries=["NZL"], blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        # Once the marks are open: opening them applies a text search again (notes match it),
        # which would replace the one under test.
        await marks_open(pilot)
        screen.add_filter(Filter("text", "zzzq"))  # as the search box's Text choice does
        await app.workers.wait_for_complete()
        [notice] = await toasts_once_shown(pilot)
        assert notice.endswith("no country matches 'zzzq', and no event mentions it")
        assert screen.filters == (Filter("country", "NZL"),)
        assert [chip.chip_filter.value for chip in screen.query(Chip)] == ["NZL"]
        assert len(shown_ids(app)) == 3


async def test_names_of_a_large_store_are_read_in_a_worker_while_keys_type(
    bundled_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From a large file the actors' and concerns' names take a second to read: the box takes
    keys meanwhile (countries and the text are offered), and offers the actors once read."""
    monkeypatch.setattr(search_module, "NAMES_READ_AT_ONCE", 10)  # 25 events count as large
    release = threading.Event()
    real_prepare = EntitySearch.prepare

    def slow_prepare(entities: EntitySearch) -> object:
        release.wait(timeout=30)
        return real_prepare(entities)

    monkeypatch.setattr(EntitySearch, "prepare", slow_prepare)
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"kim")
        await pilot.pause()
        box = app.screen.query_one("#search-input", Input)
        assert box.value == "kim"  # typed while the names are read
        suggestions = app.screen.query_one("#search-suggestions", OptionList)

        def offered() -> list[str]:
            count = suggestions.option_count
            return [str(suggestions.get_option_at_index(i).prompt) for i in range(count)]

        assert "Text     “kim”" in offered()
        assert not any(line.startswith("Actor") for line in offered())
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Actor    Kim Jong Un" in offered()
