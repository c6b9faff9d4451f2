"""The model, loading, indexing and import/export code must not import textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tui

PACKAGE = Path(tui.__file__).parent
UI_MODULES = {"app", "commands", "messages"}
UI_PACKAGES = {"screens", "widgets"}


def plain_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] in UI_PACKAGES or parts[0] in UI_MODULES or parts[-1] == "__main__":
            continue
        names.append(".".join(("tui", *parts)).removesuffix(".__init__"))
    return names


def test_core_modules_are_found() -> None:
    modules = plain_modules()
    for core in ("tui.model", "tui.loader", "tui.store", "tui.dates", "tui.cli"):
        assert core in modules


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
