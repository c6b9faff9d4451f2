"""The settings file: read, checked, written back; a damaged one reported and left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shown import toasts
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.config import CONFIG_ENV, LoadedSettings, config_path, read_settings, save_theme

THEMES = {"textual-dark", "textual-light", "nord"}
BINDINGS = {"app.help", "main.search"}


def read(path: Path) -> LoadedSettings:
    return read_settings(path, THEMES, BINDINGS)


def test_the_environment_variable_chooses_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "mine.toml"))
    assert config_path() == tmp_path / "mine.toml"
    monkeypatch.delenv(CONFIG_ENV)
    assert config_path().name == "config.toml"
    assert "timeline-explorer" in config_path().parts


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    loaded = read(tmp_path / "absent.toml")
    assert loaded.settings.theme is None and dict(loaded.settings.keymap) == {}
    assert loaded.problems == () and loaded.writable


def test_theme_and_keymap_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n\n[keymap]\n"main.search" = "slash,ctrl+f"\n')
    loaded = read(path)
    assert loaded.problems == ()
    assert loaded.settings.theme == "nord"
    assert dict(loaded.settings.keymap) == {"main.search": "slash,ctrl+f"}


def test_saving_the_theme_keeps_the_keymap_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"  # the directory is created
    path.parent.mkdir()
    path.write_text('[keymap]\n"app.help" = "f1"\n')
    save_theme(read(path), "textual-light")
    again = read(path)
    assert again.problems == ()
    assert again.settings.theme == "textual-light"
    assert dict(again.settings.keymap) == {"app.help": "f1"}
    assert path.read_text().startswith("# Timeline Explorer settings")
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temporary left


def test_saving_creates_the_file_and_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "config.toml"
    save_theme(read(path), "nord")
    assert read(path).settings.theme == "nord"


def test_bad_toml_is_one_problem_with_its_line_and_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = 'theme = "nord"\n[keymap\n'
    path.write_text(original)
    loaded = read(path)
    assert loaded.problems == (
        f"{path}:2: not valid TOML: Expected ']' at the end of a table declaration",
    )
    assert loaded.settings.theme is None and not loaded.writable
    with pytest.raises(ValueError, match="left as it is"):
        save_theme(loaded, "textual-light")
    assert path.read_text() == original


def test_every_wrong_value_is_reported_at_once_and_the_file_ignored(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "solarized-pink"\ncolour = 3\n\n[keymap]\n'
        '"app.help" = 1\n"app.nothing" = "f2"\n"main.search" = "f3,"\n'
    )
    loaded = read(path)
    assert loaded.problems == (
        f"{path}: colour: unknown setting (known: theme, keymap)",
        f"{path}: theme: unknown theme 'solarized-pink' (Ctrl+P → Theme lists them)",
        f"{path}: keymap.app.help: must be a string of keys, not int",
        f"{path}: keymap.app.nothing: unknown binding id",
        f"{path}: keymap.main.search: 'f3,' is not a comma-separated list of keys",
    )
    # The good parts are not applied either: the file is ignored as a whole.
    assert loaded.settings.theme is None and dict(loaded.settings.keymap) == {}


def test_wrong_types_for_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = ["nord"]\nkeymap = "f1"\n')
    assert read(path).problems == (
        f"{path}: theme: must be a string, not an array",
        f"{path}: keymap: must be a table, not a string",
    )


def test_a_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    (problem,) = read(path).problems
    assert problem.startswith(f"{path}: not UTF-8 text")


# -- in the app ------------------------------------------------------------------------------


async def test_a_theme_chosen_in_the_palette_is_there_on_the_next_start(
    bundled_store: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    monkeypatch.setenv(CONFIG_ENV, str(path))
    first = TimelineApp(bundled_store, blink=False)
    async with first.run_test(size=(120, 40)) as pilot:
        assert first.theme == "textual-dark"
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.5)
        await pilot.press("enter")  # Textual's "Theme" command: a list of themes
        await pilot.pause(0.5)
        await pilot.press(*"nord")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert first.theme == "nord"
    assert read_settings(path, {"nord"}, set()).settings.theme == "nord"
    second = TimelineApp(bundled_store, blink=False)
    async with second.run_test(size=(120, 40)):
        assert second.theme == "nord"


async def test_a_damaged_file_is_said_in_one_notice_and_never_stops_the_app(
    bundled_store: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    monkeypatch.setenv(CONFIG_ENV, str(path))
    damaged = 'theme = "no-such-theme"\n[keymap]\n"app.nothing" = "f2"\n'
    path.write_text(damaged)
    app = TimelineApp(bundled_store, blink=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"  # the defaults apply
        [notice] = toasts(app)
        assert notice.splitlines() == [
            "Settings file ignored",
            f"{path}: theme: unknown theme 'no-such-theme' (Ctrl+P → Theme lists them)",
            f"{path}: keymap.app.nothing: unknown binding id",
            "The default settings apply; the file is left as it is.",
        ]
        app.theme = "nord"  # the user's file is not written over
        await pilot.pause()
    assert path.read_text() == damaged
