"""Regenerate the README's screenshots from the bundled data: `python screenshots/make.py`.

Each screen is driven by the same keys a user would press, at a fixed size, and saved as SVG.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from tui.core.bundled import bundled_data_dir
from tui.core.loading import open_store
from tui.core.store import EventStore
from tui.ui.app import TimelineApp

OUT = Path(__file__).resolve().parent
SIZE = (120, 40)

# file name -> (app options, keys pressed before the shot)
SHOTS: dict[str, tuple[dict[str, list[str]], list[str]]] = {
    "main": ({}, []),  # the bundled data opens on the Kishida–Luxon summit
    # The summit in the reader, on its first source: the article's sentence on the agreement.
    "japan-new-zealand": ({"countries": ["JPN", "NZL"]}, ["tab", "end", *["up"] * 6]),
    "search": ({}, ["slash", *"kor"]),
    "putin": ({}, ["slash", *"putin", "down", "enter"]),
    "lanes": ({"countries": ["JPN", "NZL", "RUS", "PRK"]}, ["L", "plus", "plus"]),
    "help": ({}, ["question_mark"]),
}


async def shoot(
    store: EventStore, name: str, options: dict[str, list[str]], keys: list[str]
) -> Path:
    # Each shot its own annotations: a session the previous shot left would be restored.
    os.environ["TIMELINE_EXPLORER_DATA_DIR"] = tempfile.mkdtemp()
    app = TimelineApp(store, blink=False, **options)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        path = OUT / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"Timeline Explorer — {name}"))
    return path


def main() -> None:
    # The shots use the default theme and keys, whatever the user's own settings file says.
    settings = Path(tempfile.mkdtemp()) / "config.toml"
    os.environ["TIMELINE_EXPLORER_CONFIG"] = str(settings)
    store = open_store([bundled_data_dir()]).store
    for name, (options, keys) in SHOTS.items():
        print(asyncio.run(shoot(store, name, options, keys)))


if __name__ == "__main__":
    main()
