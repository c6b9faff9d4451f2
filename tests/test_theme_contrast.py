"""Every built-in theme is readable: each piece of text on screen (main screen, a page, help)
has a WCAG contrast of at least 4.5:1 against the background it is drawn on.

The colours are read from the screenshot the app exports (tests/shown.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.containers import VerticalScroll
from textual.geometry import Region

from tests.shown import Run, runs_of
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.config import CONFIG_ENV
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.page import PageScreen

MINIMUM = 4.5  # WCAG 2 AA for normal text
MARKS_MINIMUM = 3.0  # WCAG 2 AA for graphical objects (1.4.11)
# The ANSI themes (textual-ansi, ansi-dark, ansi-light) leave the colours to the terminal's
# own palette: there is nothing to measure.
THEMES = sorted(
    name
    for name, theme in App[None]().available_themes.items()
    if not (theme.background or "").startswith("ansi_")
)


@pytest.fixture(autouse=True)
def own_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Choosing a theme saves it: into this test's own file, never the user's."""
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config.toml"))


def is_text(character: str) -> bool:
    """Letters, digits, punctuation and symbols; not blanks, box lines or block shading."""
    if 0x2500 <= ord(character) <= 0x259F or character.isspace():
        return False
    return unicodedata.category(character)[0] in "LNPS"


def is_mark(character: str) -> bool:
    """The timeline's kind markers (■ ◆ ◈ …): shapes, held to WCAG's 3:1 for graphics."""
    return 0x25A0 <= ord(character) <= 0x25FF or character in "✕✖•"


def needed(text: str, theme_ratio: float) -> float:
    """4.5:1 for text (3:1 for a run of markers only), but no more than the theme's own
    foreground reaches on the same background (``theme_ratio``): the bars a theme colours
    itself (its footer, its cursor) fall short in several built-in themes, whatever the app
    writes on them; what is measured is the colour the app gives its text."""
    shown = [c for c in text if is_text(c)]
    if not shown:
        return 0.0
    wanted = MARKS_MINIMUM if all(is_mark(c) for c in shown) else MINIMUM
    return min(wanted, theme_ratio)


def theme_foreground(app: TimelineApp) -> str:
    return Color.parse(app.get_css_variables()["foreground"]).hex[:7]


def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def failures(
    svg: str,
    where: str,
    foreground: str = "#000000",
    within: Region | None = None,
    outside: Sequence[Region] = (),
) -> list[str]:
    """Runs of text under the contrast they need (see ``needed``; ``foreground`` is the
    theme's); only those inside ``within`` (a dialog: the screen behind it is dimmed on
    purpose) and outside each of ``outside``."""
    found = []
    for run in runs_of(svg):
        if within is not None and not within.contains(run.column, run.line):
            continue
        if any(region.contains(run.column, run.line) for region in outside):
            continue
        ratio = contrast(run.foreground, run.background)
        theme_ratio = contrast(foreground, run.background)
        # Rounded as the ratios are printed: the theme's own 4.39 is not short of 4.39.
        if round(ratio, 2) < round(needed(run.text, theme_ratio), 2):
            found.append(
                f"{where} line {run.line}: {run.text.strip()!r} {run.foreground} on "
                f"{run.background}: {ratio:.2f}"
            )
    return found


def test_contrast_is_measured_as_wcag_defines_it() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just under AA
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # just over


def test_runs_pair_text_with_the_background_behind_it() -> None:
    svg = (
        ".terminal-1-r1 { fill: #ffffff }\n.terminal-1-r2 { fill: #777777;font-weight: bold }"
        '<rect fill="#000000" x="0" y="1.5" width="24.4" height="24.65"/>'
        '<rect fill="#ffffff" x="24.4" y="25.9" width="24.4" height="24.65"/>'
        '<text class="terminal-1-r1" x="0" y="20" textLength="24.4" '
        'clip-path="url(#terminal-1-line-0)">A&#160;&amp;</text>'
        '<text class="terminal-1-r2" x="24.4" y="44.4" textLength="24.4" '
        'clip-path="url(#terminal-1-line-1)">b</text>'
    )
    assert list(runs_of(svg)) == [
        Run("A\xa0&", 0, 0, "#ffffff", "#000000"),
        Run("b", 1, 2, "#777777", "#ffffff"),
    ]
    assert failures(svg, "here") == ["here line 1: 'b' #777777 on #ffffff: 4.48"]
    # Where the theme's own text reaches only 4.48 (on white), that is enough.
    assert failures(svg, "here", foreground="#777777") == []
    assert failures(svg, "here", outside=[Region(0, 1, 3, 1)]) == []


async def screens_in_every_theme(store: EventStore, parts: str) -> list[str]:
    """Failures over every screen state in every theme: in the ``parts`` of the screen given
    ("app": all but the detail pane and the search box; "panes": only those two)."""
    app = TimelineApp(store, blink=False, countries=["NZL"])
    found: list[str] = []

    async def in_every_theme(where: str, within: Region | None = None) -> None:
        panes = [w.region for w in app.screen.query("DetailPane, SearchBar") if w.display]
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            svg = app.export_screenshot()
            foreground = theme_foreground(app)
            if parts == "app":
                found.extend(failures(svg, f"{theme}, {where}", foreground, within, panes))
            else:
                for pane in panes:
                    found.extend(failures(svg, f"{theme}, {where}", foreground, pane))

    async with app.run_test(size=(120, 40)) as pilot:
        await in_every_theme("main screen")
        await pilot.press("tab")  # the detail pane focused, the cursor row blurred
        await in_every_theme("main screen, detail pane focused")
        await pilot.press("slash", *"Jap")
        await pilot.pause()
        await in_every_theme("search box")
        if parts == "panes":
            return found  # the page's detail pane is the main screen's, already measured
        await pilot.press("escape")
        app.open_page("country", "JPN")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        await in_every_theme("country page")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await in_every_theme("help", within=app.screen.query_one(VerticalScroll).region)
    return found


async def test_every_screen_is_readable_in_every_theme(bundled_store: EventStore) -> None:
    """One app, each state of it shown in every theme in turn (a theme switch restyles the
    whole app, as Ctrl+P → Theme does)."""
    found = await screens_in_every_theme(bundled_store, "app")
    assert not found, "\n".join(found)


async def test_the_detail_pane_and_search_box_are_readable_in_every_theme(
    bundled_store: EventStore,
) -> None:
    found = await screens_in_every_theme(bundled_store, "panes")
    assert not found, "\n".join(found)
