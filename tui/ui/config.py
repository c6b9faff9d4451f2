"""Settings kept between runs (the theme and the keymap) in a small TOML file.

The file lives in the user's config directory (platformdirs), or wherever
``TIMELINE_EXPLORER_CONFIG`` points (tests and users choose the path with it)::

    theme = "textual-light"

    [keymap]            # binding id = keys, as in Textual's App.set_keymap
    "main.search" = "slash,ctrl+f"

A damaged file is never fatal: every problem is reported at once and the whole file is ignored
(the defaults apply), and it is never written over, so nothing the user wrote is lost.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

from tui.core.atomic import write_bytes_atomic

CONFIG_ENV = "TIMELINE_EXPLORER_CONFIG"
_APP_NAME = "timeline-explorer"
_HEADER = b"# Timeline Explorer settings (the app rewrites this file when the theme changes).\n"
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")


def config_path() -> Path:
    """The settings file: ``$TIMELINE_EXPLORER_CONFIG`` if set, else config.toml in the
    user's config directory (e.g. ~/.config/timeline-explorer/ on Linux)."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    return platformdirs.user_config_path(_APP_NAME, appauthor=False) / "config.toml"


@dataclass(frozen=True)
class Settings:
    theme: str | None = None
    keymap: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadedSettings:
    """What the file gave: the settings to apply, the problems found (each
    ``file[:line]: field: message``), and the document to update when a setting changes."""

    path: Path
    settings: Settings
    problems: tuple[str, ...] = ()
    document: Mapping[str, Any] = field(default_factory=dict)

    @property
    def writable(self) -> bool:
        """A damaged file is left as the user wrote it."""
        return not self.problems


def read_settings(
    path: Path, themes: Collection[str], binding_ids: Collection[str]
) -> LoadedSettings:
    """Read and check the file; a missing file gives the defaults and no problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(path, Settings())
    except OSError as error:
        return LoadedSettings(path, Settings(), (f"{path}: {error.strerror or error}",))
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return LoadedSettings(path, Settings(), (f"{path}: not UTF-8 text ({error.reason})",))
    except tomllib.TOMLDecodeError as error:
        return LoadedSettings(path, Settings(), (_toml_problem(path, error),))
    problems = [f"{path}: {problem}" for problem in _check(document, themes, binding_ids)]
    if problems:
        return LoadedSettings(path, Settings(), tuple(problems), document)
    settings = Settings(theme=document.get("theme"), keymap=dict(document.get("keymap", {})))
    return LoadedSettings(path, settings, (), document)


def _toml_problem(path: Path, error: tomllib.TOMLDecodeError) -> str:
    """Python 3.11's TOMLDecodeError gives its line only in the message: moved to the front."""
    message = str(error)
    position = _TOML_POSITION.search(message)
    if position is None:
        return f"{path}: not valid TOML: {message}"
    return f"{path}:{position.group(1)}: not valid TOML: {message[: position.start()]}"


def _check(
    document: Mapping[str, Any], themes: Collection[str], binding_ids: Collection[str]
) -> list[str]:
    problems: list[str] = []
    for name in document:
        if name not in ("theme", "keymap"):
            problems.append(f"{name}: unknown setting (known: theme, keymap)")
    theme = document.get("theme")
    if theme is not None:
        if not isinstance(theme, str):
            problems.append(f"theme: must be a string, not {_type_name(theme)}")
        elif theme not in themes:
            problems.append(f"theme: unknown theme {theme!r} (Ctrl+P → Theme lists them)")
    keymap = document.get("keymap")
    if keymap is not None and not isinstance(keymap, dict):
        problems.append(f"keymap: must be a table, not {_type_name(keymap)}")
    elif keymap is not None:
        for binding_id, keys in keymap.items():
            where = f"keymap.{binding_id}"
            if binding_id not in binding_ids:
                problems.append(f"{where}: unknown binding id")
            elif not isinstance(keys, str):
                problems.append(f"{where}: must be a string of keys, not {_type_name(keys)}")
            elif not all(key.strip() for key in keys.split(",")):
                problems.append(f"{where}: {keys!r} is not a comma-separated list of keys")
    return problems


def _type_name(value: object) -> str:
    return {dict: "a table", list: "an array", bool: "a boolean", str: "a string"}.get(
        type(value), type(value).__name__
    )


def save_theme(loaded: LoadedSettings, theme: str) -> LoadedSettings:
    """Write the file with the theme changed and everything else kept; returns what is now
    on disk. Refuses (ValueError) a file that could not be read cleanly."""
    if not loaded.writable:
        raise ValueError(f"{loaded.path} has problems; it is left as it is")
    document = {**loaded.document, "theme": theme}
    write_bytes_atomic(loaded.path, _HEADER + tomli_w.dumps(document).encode("utf-8"))
    settings = Settings(theme=theme, keymap=loaded.settings.keymap)
    return LoadedSettings(loaded.path, settings, (), document)
