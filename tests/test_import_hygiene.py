"""The core (everything under tui/core) and the command line's own modules never import
textual: only tui/ui does. The modules are found by walking the folders, not listed by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tui

PACKAGE = Path(tui.__file__).parent


def _modules_under(folder: Path) -> list[str]:
    names = []
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts).removesuffix(".__init__"))
    return names


def plain_modules() -> list[str]:
    """Every module of the core, and the CLI modules beside it (they import the UI only to
    open the app, inside the function that does)."""
    cli = [f"tui.{path.stem}" for path in sorted(PACKAGE.glob("cli*.py"))]
    return ["tui", *_modules_under(PACKAGE / "core"), *cli]


def test_core_modules_are_found() -> None:
    modules = plain_modules()
    for core in (
        "tui.core.model",
        "tui.core.importers.ours",
        "tui.core.store",
        "tui.core.dates",
        "tui.core.importers.acled",
        "tui.core.backends.parquet",
        "tui.core.annotations.store",
        "tui.cli",
    ):
        assert core in modules
    assert not any(name.startswith("tui.ui") for name in modules)


def test_no_plain_module_imports_textual() -> None:
    modules = plain_modules()
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_ui_is_all_in_its_folder() -> None:
    """A module outside tui/ui that imports textual would be a UI module in the wrong place."""
    outside = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]]
    for path in outside:
        assert "import textual" not in path.read_text("utf-8"), path
        assert "from textual" not in path.read_text("utf-8"), path
