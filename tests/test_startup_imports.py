"""Start-up loads only what the first screen needs (issue 11 item 3): opening the app on the
bundled dataset, as ``timeline-explorer`` does, imports no dataframe or SQL engine, no
exporter and no importer of other people's formats. Checked in a fresh interpreter, on
``sys.modules``, up to the moment the first screen is drawn."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: the app opened on the bundled data, as the command line opens
# it, headless; the modules loaded are listed once the first screen is up.
_SCRIPT = """
import json, sys
from tui.core.bundled import bundled_data_dir
from tui.core.loading import open_store
from tui.ui.app import TimelineApp

after_import = sorted(sys.modules)
opened = open_store([bundled_data_dir()], keep_going=True, require_events=True)
seen = {}

async def first_screen(pilot):
    await pilot.pause()
    seen["count"] = len(pilot.app.store)
    seen["modules"] = sorted(sys.modules)
    seen["version_lookups"] = sys.modules["tui"].version.cache_info().misses
    pilot.app.exit()

app = TimelineApp(opened.store, inputs=[bundled_data_dir()], countries=[], search="")
app.run(headless=True, size=(120, 40), auto_pilot=first_screen)
print(json.dumps({"after_import": after_import, **seen}))
"""

# Nothing the bundled dataset's first screen needs: engines for big or remote data and the
# backends over them, the importers of other formats and the index cache they use.
NEVER_AT_START = (
    "polars",
    "pyarrow",
    "duckdb",
    "sqlglot",
    "google.cloud.bigquery",
    "tui.core.cache",
    # The in-memory backend (base, memory) is the store's own; the engines' are not needed.
    "tui.core.backends.parquet",
    "tui.core.backends.schema",
    "tui.core.backends.sqlbackend",
    "tui.core.backends.sqlbuild",
    "tui.core.backends.gdelt_sql",
    "tui.core.backends.bigquery",
    "tui.core.importers.acled",
    "tui.core.importers.gdelt",
    "tui.core.importers.timelinejs",
    "tui.core.importers.csv_reading",
    "tui.core.importers.prepared",
    "tui.core.importers.stored_strings",
)


@pytest.fixture(scope="module")
def loaded() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def _under(modules: list[str], prefix: str) -> list[str]:
    return [name for name in modules if name == prefix or name.startswith(prefix + ".")]


def test_the_first_screen_was_reached(loaded: dict[str, Any]) -> None:
    assert loaded["count"] == 25  # the bundled dataset's events: the app really opened


@pytest.mark.parametrize("heavy", NEVER_AT_START)
def test_the_first_screen_does_not_import(loaded: dict[str, Any], heavy: str) -> None:
    assert _under(loaded["modules"], heavy) == []


def test_the_version_is_not_looked_up(loaded: dict[str, Any]) -> None:
    # importlib.metadata costs tens of milliseconds; tui.__version__ is looked up only when
    # asked (pycountry, the country names, still imports it for its own version).
    assert loaded["version_lookups"] == 0


def test_the_first_screen_does_not_import_the_exporters(loaded: dict[str, Any]) -> None:
    # The package itself names the formats for the export dialog; no writer is loaded.
    writers = [m for m in loaded["modules"] if m.startswith("tui.core.exporters.")]
    assert writers == []


def test_importing_the_app_loads_no_importer_or_engine(loaded: dict[str, Any]) -> None:
    for heavy in NEVER_AT_START:
        assert _under(loaded["after_import"], heavy) == []


# Screens the app imports when first opened (tui/ui/binding_areas.py and the app's actions).
NOT_BEFORE_OPENED = (
    "tui.ui.screens.help",
    "tui.ui.screens.loading",
    "tui.ui.screens.note",
    "tui.ui.screens.tags",
)
# Imported once the annotations are open (the session restores a page or a view), which the
# app does in a worker after the first screen: not by importing the app.
NOT_AT_IMPORT = (
    *NOT_BEFORE_OPENED,
    "tui.ui.session",
    "tui.ui.screens.page",
    "tui.ui.screens.problems",
    "tui.ui.screens.save_view",
)


@pytest.mark.parametrize("later", NOT_BEFORE_OPENED)
def test_the_first_screen_does_not_import_the_other_screens(
    loaded: dict[str, Any], later: str
) -> None:
    assert _under(loaded["modules"], later) == []


@pytest.mark.parametrize("later", NOT_AT_IMPORT)
def test_importing_the_app_imports_no_screen_opened_later(
    loaded: dict[str, Any], later: str
) -> None:
    assert _under(loaded["after_import"], later) == []


# Opening a large ACLED file: detecting its format happens on every open, a cache hit too, and
# needs neither polars nor the ACLED reader; a hit needs no reader and no CSV cells either.
_DETECT_THEN_HIT = """
import json, sys
from pathlib import Path
from tui.core.importers import detect_format, registry

path = Path(sys.argv[1])
found = {"format": detect_format(path), "after_detect": sorted(sys.modules)}
from tui.core import cache
from tui.core.loading import open_store

registry.LARGE_INPUT_BYTES = 0
cache.BACKGROUND = False
if sys.argv[2] == "hit":
    opened = open_store([path])
    opened.store.events[0]  # what the first screen's detail pane shows
    found.update(from_cache=opened.from_cache, after_open=sorted(sys.modules))
print(json.dumps(found))
"""

READERS = (
    "tui.core.importers.acled.reading",
    "tui.core.importers.acled.encoding",
    "tui.core.importers.acled.rows",
    "tui.core.importers.acled.dates",
    "tui.core.importers.acled.csv_cells",
    "tui.core.importers.csv_reading",
)


def _run(script: str, *args: str, env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env=env,
    )
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


@pytest.fixture(scope="module")
def hit(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("hit")
    path = folder / "acled_current.csv"
    shutil.copy(ROOT / "tests" / "data" / "imports" / "acled_current.csv", path)
    env = {**os.environ, "TIMELINE_EXPLORER_CACHE_DIR": str(folder / "cache")}
    _run(_DETECT_THEN_HIT + "open_store([path])\n", str(path), "fill", env=env)
    return _run(_DETECT_THEN_HIT, str(path), "hit", env=env)


def test_detecting_acled_imports_no_polars_and_no_reader(hit: dict[str, Any]) -> None:
    assert hit["format"] == "acled"
    for heavy in ("polars", "numpy", "pydantic", *READERS):
        assert _under(hit["after_detect"], heavy) == [], heavy


def test_a_cache_hit_imports_no_reader(hit: dict[str, Any]) -> None:
    assert hit["from_cache"]
    for heavy in READERS:
        assert _under(hit["after_open"], heavy) == [], heavy


def test_detecting_our_json_imports_no_importer_of_other_formats(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    shutil.copy(ROOT / "data" / "later-developments.json", path)
    found = _run(_DETECT_THEN_HIT, str(path), "detect", env=dict(os.environ))
    assert found["format"] == "ours"
    for heavy in ("polars", "tui.core.importers.gdelt", "tui.core.importers.acled.reading"):
        assert _under(found["after_detect"], heavy) == [], heavy


# TimelineJS is a small format read whole: it shares the importers' bad-row bookkeeping
# (tui/core/importers/prepared.py) but needs no dataframe to open.
_OPEN_TIMELINEJS = """
import json, sys
from pathlib import Path
from tui.core.loading import open_store

opened = open_store([Path(sys.argv[1])])
print(json.dumps({"count": len(opened.store), "modules": sorted(sys.modules)}))
"""


def test_opening_a_timelinejs_file_imports_no_polars() -> None:
    found = _run(
        _OPEN_TIMELINEJS,
        str(ROOT / "tests" / "data" / "imports" / "timeline.json"),
        env=dict(os.environ),
    )
    assert found["count"] == 4  # the file's four events (its eras are not): it really opened
    for heavy in ("polars", "pyarrow", "tui.core.importers.columns", "tui.core.cache"):
        assert _under(found["modules"], heavy) == [], heavy
