"""Pilot tests: press keys as a user would and check what changed."""

from __future__ import annotations

import asyncio
import threading
from contextlib import suppress
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Static
from textual.worker import WorkerCancelled

from tests.conftest import DATA
from tests.shown import toasts
from tui.core.loading import OpenResult, ProgressCallback, open_store
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.loading import LoadingScreen
from tui.ui.screens.main import MainScreen
from tui.ui.screens.page import PageScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.widgets.detail import DetailPane, LinkList
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import Chip

SIZE = (120, 40)
NZ = [
    "japan-new-zealand-speed-up-information-security-talks",
    "kishida-luxon-tokyo-summit",
    "japan-new-zealand-sign-information-security-agreement-and-acsa",
]


def make_app(store: EventStore, **options: object) -> TimelineApp:
    return TimelineApp(store, blink=False, **options)  # type: ignore[arg-type]


def timeline(app: TimelineApp) -> TimelineView:
    return app.screen.query_one(TimelineView)


def shown_ids(app: TimelineApp) -> list[str]:
    view = timeline(app)
    return [view.store.columns.ids[int(r)] for r in view.rows]


def selected_id(app: TimelineApp) -> str | None:
    row = timeline(app).current_row
    return None if row is None else app.store.columns.ids[row]


async def search(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_cursor_keys_move_and_the_detail_pane_follows(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=(120, 24)) as pilot:  # a page shorter than the dataset
        view = timeline(app)
        detail = app.screen.query_one(DetailPane)
        await pilot.press("home")  # the app opens on the dataset's story (19 June 2024)
        assert view.cursor == 0 and detail.row == 0
        await pilot.press("down", "j")
        assert view.cursor == 2 and detail.row == 2
        await pilot.press("k")
        assert view.cursor == 1 and detail.row == 1
        await pilot.press("G")
        assert view.cursor == len(bundled_store) - 1
        await pilot.press("g")
        assert view.cursor == 0
        await pilot.press("end")
        assert view.cursor == len(bundled_store) - 1
        await pilot.press("home")
        assert view.cursor == 0
        await pilot.press("pagedown")
        page = view.scrollable_content_region.height - 1
        assert 0 < page < len(bundled_store) - 1
        assert view.cursor == page
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert view.cursor == len(bundled_store) - 1
        await pilot.press("pageup")
        assert view.cursor == len(bundled_store) - 1 - page
        await pilot.press("home", "pagedown", "pageup")
        assert view.cursor == 0
        await pilot.press("up")  # stays at the top
        assert view.cursor == 0


async def test_year_keys_jump_between_years(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        view = timeline(app)
        years = [bundled_store.year(int(r)) for r in view.rows]
        await pilot.press("home", "right_square_bracket")
        assert years[view.cursor] == 2010 and years[view.cursor - 1] == 2007
        await pilot.press(*["right_square_bracket"] * 5)  # 2011, 2012, 2013, 2015, 2016
        assert view.cursor == years.index(2016)
        await pilot.press("j")  # the second 2016 event
        assert years[view.cursor] == 2016 and view.cursor == years.index(2016) + 1
        await pilot.press("left_square_bracket")  # back to the start of this year
        assert view.cursor == years.index(2016)
        await pilot.press("left_square_bracket")  # at a year's start: the previous year
        assert view.cursor == years.index(2015)
        await pilot.press("G", "right_square_bracket")  # no next year: stays
        assert view.cursor == len(years) - 1


async def test_search_by_country_filters_to_exact_events(bundled_store: EventStore) -> None:
    expected = {
        "NZ": NZ,
        "DPRK": [
            "japan-adopts-national-security-strategy",
            "russia-fires-north-korean-missiles-at-ukraine",
            "ukraine-identifies-north-korean-kn-23",
            "us-says-russia-used-north-korean-missiles",
            "putin-visits-pyongyang",
            "kishida-luxon-tokyo-summit",
            "putin-kim-sign-partnership-treaty",
            "russia-north-korea-treaty-enters-into-force",
        ],
        "Britain": ["japan-united-kingdom-information-security-agreement"],
        "Ukraine": [
            "russia-fires-north-korean-missiles-at-ukraine",
            "ukraine-identifies-north-korean-kn-23",
            "japan-ukraine-intend-information-security-agreement",
            "japan-ukraine-information-security-agreement-in-principle",
            "japan-ukraine-sign-information-security-agreement",
        ],
    }
    for typed, ids in expected.items():
        app = make_app(bundled_store)
        async with app.run_test(size=SIZE) as pilot:
            await search(pilot, typed)
            assert shown_ids(app) == ids, typed
            chips = app.screen.query(Chip)
            assert [c.chip_filter.kind for c in chips] == ["country"]


async def test_two_countries_combine_to_events_involving_both(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Japan")
        assert len(shown_ids(app)) == 18
        await search(pilot, "New Zealand")
        assert shown_ids(app) == NZ
        assert [c.chip_filter.value for c in app.screen.query(Chip)] == ["JPN", "NZL"]
        await pilot.press("x")  # removes the last chip
        assert len(shown_ids(app)) == 18
        await pilot.press("c")
        assert len(shown_ids(app)) == len(bundled_store)
        assert not app.screen.query(Chip)


async def test_clicking_a_chip_removes_it(bundled_store: EventStore) -> None:
    app = make_app(bundled_store, countries=["NZL", "JPN"])
    async with app.run_test(size=SIZE) as pilot:
        assert shown_ids(app) == NZ
        await pilot.click(Chip)  # the first chip: New Zealand
        await pilot.pause()
        assert [c.chip_filter.value for c in app.screen.query(Chip)] == ["JPN"]
        assert len(shown_ids(app)) == 18


async def test_unknown_country_says_so_and_keeps_the_timeline(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("home", "j", "j")
        await search(pilot, "Narnia")
        assert len(shown_ids(app)) == len(bundled_store)
        assert timeline(app).cursor == 2
        await pilot.pause()
        [notice] = toasts(app)
        assert "no country matches 'Narnia'" in notice


async def test_empty_result_names_the_filters_to_remove(bundled_store: EventStore) -> None:
    app = make_app(bundled_store, countries=["NZL", "GBR"])
    async with app.run_test(size=SIZE):
        view = timeline(app)
        assert shown_ids(app) == []
        assert "New Zealand + United Kingdom" in view.empty_message
        assert "press x" in view.empty_message
        assert app.screen.query_one(DetailPane).row is None


async def test_free_text_search_filters_and_highlights(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"putin")
        await pilot.pause()
        await pilot.press("enter")  # the first choice: no country matches, so the text
        await pilot.pause()
        assert shown_ids(app) == [
            "putin-visits-pyongyang",
            "kishida-luxon-tokyo-summit",  # its quote: "Putin's recent visit to Pyongyang"
            "putin-kim-sign-partnership-treaty",
        ]
        assert timeline(app).highlight_text == "putin"


async def test_escape_in_the_search_box_cancels(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"Jap", "escape")
        assert len(shown_ids(app)) == len(bundled_store)
        assert app.screen.query_one("#search-input", Input).value == ""
        assert isinstance(app.focused, TimelineView)


async def test_links_open_pages_and_back_restores_the_cursor(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        summit = bundled_store.row_of("kishida-luxon-tokyo-summit")
        assert summit is not None
        timeline(app).cursor = summit
        await pilot.pause()
        await pilot.press("enter")  # into the reader, on the event itself
        assert isinstance(app.focused, LinkList)
        await pilot.press("down", "down", "enter")  # Fumio Kishida, then Christopher Luxon
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        assert app.screen.page.key == "christopher-luxon"
        assert shown_ids(app) == ["kishida-luxon-tokyo-summit"]
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert selected_id(app) == "kishida-luxon-tokyo-summit"


async def test_tab_cycles_timeline_links_and_search(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, TimelineView)
        await pilot.press("tab")
        assert isinstance(app.focused, LinkList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, TimelineView)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("tab")
        assert isinstance(app.focused, TimelineView)


async def test_concern_and_country_pages(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_page("concern", "intelligence-sharing")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        rows = bundled_store.rows_for_concern("intelligence-sharing")
        assert len(shown_ids(app)) == len(rows) > 0
        app.open_page("country", "NZL")
        await pilot.pause()
        assert shown_ids(app) == NZ
        await pilot.press("backspace")
        assert isinstance(app.screen, PageScreen) and app.screen.page.kind == "concern"
        await pilot.press("backspace")
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_goes_to_an_actor(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Go to actor: Vladimir Putin")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        assert app.screen.page.key == "vladimir-putin"


async def test_open_with_country_and_search_options(bundled_store: EventStore) -> None:
    app = make_app(bundled_store, countries=["JPN"], search="Ukraine")
    async with app.run_test(size=SIZE):
        assert shown_ids(app) == [
            # its quote: "…talks have been initiated with Ukraine."
            "japan-canada-open-information-security-talks",
            "japan-ukraine-intend-information-security-agreement",
            "kishida-luxon-tokyo-summit",
            "japan-ukraine-information-security-agreement-in-principle",
            "japan-ukraine-sign-information-security-agreement",
        ]


async def test_mouse_click_selects_a_row(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        view = timeline(app)
        await pilot.press("home")  # the top of the timeline, from the story it opens on
        await pilot.click(TimelineView, offset=(5, 3))  # line 3: the second event (2010)
        assert view.cursor == 1
        assert app.screen.query_one(DetailPane).row == int(view.rows[1])


async def test_quit(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        assert not app.is_running


async def test_large_loads_show_progress_then_the_timeline(bundled_store: EventStore) -> None:
    halfway = threading.Event()  # the opener has reported 10 of 25
    go_on = threading.Event()  # the test has seen the loading screen

    def opener(progress: ProgressCallback) -> OpenResult:
        progress(10, 25)
        halfway.set()
        go_on.wait(timeout=10)
        return OpenResult(bundled_store, warnings=["skipped 2 bad rows in x.csv"])

    app = TimelineApp(opener=opener, source_label="x.csv", blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await asyncio.to_thread(halfway.wait, 10)
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)
        bar = app.screen.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (10, 25)
        assert str(bar.query_one("#percentage").render()) == "40%"
        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(shown_ids(app)) == len(bundled_store)
        [notice] = toasts(app)
        assert notice.endswith("skipped 2 bad rows in x.csv")


async def test_a_failed_load_exits_with_status_1_and_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "gone.csv"

    def opener(progress: ProgressCallback) -> OpenResult:
        return open_store([missing], progress=progress)

    app = TimelineApp(opener=opener, source_label="gone.csv", blink=False)
    messages: list[str] = []  # what App.exit was asked to print once the terminal is back
    exit_app = app.exit

    def exit_and_record(result: None = None, return_code: int = 0, message: object = None) -> None:
        messages.append(str(message))
        exit_app(result, return_code, message)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "exit", exit_and_record)
    async with app.run_test(size=SIZE) as pilot:
        with suppress(WorkerCancelled):  # exiting the app cancels the finished worker
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    [message] = messages
    assert "gone.csv: no such file or directory" in message


async def test_export_action_writes_the_view_and_says_where(
    bundled_store: EventStore, tmp_path: Path
) -> None:
    target = tmp_path / "brief.csv"
    app = make_app(bundled_store, countries=["NZL"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e")
        box = app.screen.query_one("#export-path", Input)
        box.value = str(target)
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the export runs in a worker
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        [notice] = toasts(app)
        assert notice.endswith(f"Wrote 3 events to {target}")
    lines = target.read_text().splitlines()
    assert len(lines) == 1 + 3  # a header and the three New Zealand events
    assert [line.split(",")[0] for line in lines[1:]] == NZ


async def test_the_app_opens_on_what_loaded_and_lists_what_did_not(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text((DATA / "article.json").read_text())
    (tmp_path / "broken.json").write_text('{"events": [')
    opened = open_store([tmp_path], keep_going=True)
    [problem] = opened.problems
    assert problem.path == tmp_path / "broken.json"
    app = TimelineApp(opened.store, problems=opened.problems, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        shown = " ".join(str(widget.render()) for widget in app.screen.query(Static))
        assert f"{tmp_path / 'broken.json'}:1:" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert len(shown_ids(app)) == 10  # the article's events


async def test_command_palette_offers_every_described_binding(bundled_store: EventStore) -> None:
    app = make_app(bundled_store, countries=["NZL"])
    async with app.run_test(size=SIZE) as pilot:
        offered = {command.title for command in app.get_system_commands(app.screen)}
        for action in ("Search", "Clear filters", "Export", "Next year", "Links", "Help"):
            assert action in offered, action
        await pilot.press("tab")  # the reader: the timeline's moves are still offered
        offered = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Next year", "Last event", "Copy event"} <= offered
        await pilot.press("ctrl+p", *"Clear filters")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert len(shown_ids(app)) == len(bundled_store)


async def test_filtering_keeps_the_place_in_time(bundled_store: EventStore) -> None:
    app = make_app(bundled_store)
    async with app.run_test(size=SIZE) as pilot:
        view = timeline(app)
        view.cursor = int(list(view.rows).index(bundled_store.row_of("putin-visits-pyongyang")))
        await pilot.pause()
        await search(pilot, "NZ")  # Putin's visit is not among them: the next NZ event is
        assert selected_id(app) == "kishida-luxon-tokyo-summit"
        await pilot.press("x")  # back to all events: the cursor stays on the summit
        assert selected_id(app) == "kishida-luxon-tokyo-summit"


async def test_density_axis_names_years_before_the_common_era() -> None:
    from tui.ui.widgets.density import DensityStrip

    real = Path(__file__).parent / "data" / "real" / "timelinejs" / "tl3_years_bce.json"
    app = make_app(open_store([real]).store)
    async with app.run_test(size=(100, 30)):
        axis = str(app.screen.query_one(DensityStrip).render()).splitlines()[-1]
        assert axis.startswith("5410 BCE") and axis.endswith("258 BCE")
