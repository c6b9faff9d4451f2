"""Importers: ACLED and GDELT event files, TimelineJS JSON, and our own format, as one store.

The formats are registered once, in :mod:`tui.core.importers.registry` (the ``Importer`` protocol:
detect, read, build); :mod:`tui.core.importers.front_door` checks every path before any importer
runs. No textual here (a test checks): the app runs these in a worker thread and only shows the
progress they report. Nothing heavy is imported until a file is read, so the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path

from tui.core.importers.registry import AUTO, FORMAT_CHOICES, REGISTRY, Importer

FORMATS = FORMAT_CHOICES  # the --from choices: "auto" and every registered format

__all__ = ["AUTO", "FORMATS", "REGISTRY", "Importer", "detect_format"]


def detect_format(path: Path) -> str:
    """The name of the format a file or directory holds, judged from its content (not its
    name) by the same front door that opening uses; LoadError when it cannot be opened."""
    from tui.core.importers.front_door import admit

    return admit([path]).importer.name
