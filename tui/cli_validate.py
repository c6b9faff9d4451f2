"""``timeline-explorer validate``: check files exactly as opening them would.

The same front door, detection and importers as opening (tui/core/loading.py): bad rows with their
lines, unreadable dates, files with no events. Files of our own format are checked together
(ids must be unique across them, as when opened together); an imported file on its own.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli import PROGRAM, SafeParser, add_input_options, say
from tui.core.importers.front_door import admit
from tui.core.importers.ours import events_per_file
from tui.core.importers.registry import Importer, default_importer
from tui.core.loading import open_store
from tui.core.problems import LoadError, Problem


def validate_parser() -> argparse.ArgumentParser:
    parser = SafeParser(
        prog=f"{PROGRAM} validate",
        description="Check data files and directories as opening them would: the same format "
        "detection, every bad row with its file and line, files with no events. Prints each "
        "file (each file of a directory), the format found and its number of events, and the "
        "total for several. Exit status: 0 clean (with "
        "--skip-bad: the good rows load), 1 problems found, 2 usage error.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add_input_options(parser, format_alias=True)
    return parser


def validate(options: argparse.Namespace) -> int:
    groups, problems = _groups(options.paths, options.input_format)
    skipped: list[Problem] = []
    checked: list[tuple[Path, int]] = []  # each file found good, with its events
    for importer, paths in groups:
        try:
            opened = open_store(
                paths, format=importer.name, skip_bad=options.skip_bad, require_events=True
            )
        except LoadError as error:
            problems.extend(error.problems)
            continue
        extra = ""
        if opened.skipped_rows:
            rows = "row" if opened.skipped_rows == 1 else "rows"
            extra = f"; {opened.skipped_rows:,} bad {rows} skipped"
            skipped.extend(opened.skipped_problems)
        # Files of our format (several open as one dataset) were checked together,
        # ids unique across them; each is named with its own events.
        one_file = len(paths) == 1 and paths[0].is_file()
        files = (
            events_per_file(paths)
            if importer is default_importer() and not one_file
            else [(paths[0], len(opened.store))]
        )
        for path, count in files:
            say(f"ok: {path} ({opened.format}, {_events(count)}{extra})")
        checked.extend(files)
    if len(checked) > 1:
        total = sum(count for _, count in checked)
        say(f"ok: {len(checked):,} files, {_events(total)} in all")
    if skipped:  # listed as opening with --skip-bad would report them, but not failures
        say("\n".join(f"{problem} [skipped]" for problem in skipped), error=True)
    if problems:
        say(LoadError(problems).report(), error=True)
        return 1
    return 0


def _events(count: int) -> str:
    return f"{count:,} event" if count == 1 else f"{count:,} events"


def _groups(
    paths: list[Path], forced: str
) -> tuple[list[tuple[Importer[object], list[Path]]], list[Problem]]:
    """The paths as opening would take them: each imported file alone, every path of a format
    that opens several as one dataset (ours) together; and the paths refused at the door."""
    together: dict[str, tuple[Importer[object], list[Path]]] = {}
    alone: list[tuple[Importer[object], list[Path]]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            importer = admit([path], forced).importer
        except LoadError as error:
            problems.extend(error.problems)
            continue
        if importer.many:
            together.setdefault(importer.name, (importer, []))[1].append(path)
        else:
            alone.append((importer, [path]))
    return [*together.values(), *alone], problems
