"""The test helpers that read the screen back (tests/shown.py) read what a user sees."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.shown import screen_text, toasts_once_shown


class _Fixed(App[None]):
    CSS = "Static { margin: 1 0 0 3; }"

    def compose(self) -> ComposeResult:
        yield Static("日本 and  two spaces <b>&amp;</b> [not markup]", markup=False)


async def test_screen_text_keeps_columns_wide_characters_and_escapes() -> None:
    app = _Fixed()
    async with app.run_test(size=(50, 4)) as pilot:
        await pilot.pause()
        lines = screen_text(app).split("\n")
    assert lines == [
        " " * 50,
        "   日本 and  two spaces <b>&amp;</b> [not markup] ",  # 3 + 46 cells + 1
        " " * 50,
        " " * 50,
    ]


async def test_toasts_are_read_as_shown() -> None:
    app = _Fixed()
    async with app.run_test(size=(60, 10), notifications=True) as pilot:
        app.notify("[b]plain[/b]", title="Heads up", markup=False)
        assert await toasts_once_shown(pilot) == ["Heads up\n[b]plain[/b]"]
