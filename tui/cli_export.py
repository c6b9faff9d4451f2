"""``timeline-explorer export``: the events of a filtered view, written to a file or stdout.

Input options are the same as opening's (``--from``, ``--skip-bad``); the output format is
``--to`` (``--format`` is its old spelling, kept working). ``-o -`` writes to standard output
(and the summary to stderr). Only a new name or a regular file is written, atomically and
never over an input; anything else needs an option that says so. The analyst's stars, tags and
notes go with the events (``--starred`` and ``--tag`` filter by them: tui.cli_marks).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tui.cli import (
    PROGRAM,
    SafeParser,
    add_filter_options,
    add_input_options,
    country_codes,
    fail,
    period_label,
)
from tui.cli import say as say_line
from tui.cli_marks import add_mark_options, mark_filters, mark_options_given, marks_for
from tui.core.bundled import bundled_data_dir
from tui.core.problems import LoadError

if TYPE_CHECKING:
    from tui.core.annotations import DatasetAnnotations
    from tui.core.columns import Rows
    from tui.core.exporters import OutputPolicy
    from tui.core.store import EventStore

VERB = "export"
STDOUT = "-"


def export_parser() -> argparse.ArgumentParser:
    from tui.core.exporters import ExportFormat

    parser = SafeParser(
        prog=f"{PROGRAM} export",
        description="Write the events of a view, filtered as in the app, to a file: "
        "TimelineJS JSON, CSV, our own JSON or a Markdown brief. Never writes over an input "
        "file, and writes nothing when no event matches. Exit status: 0 written, 1 cannot "
        "load or write (or no event matched), 2 usage error.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="data files or directories to export from (default: the bundled dataset)",
    )
    add_input_options(parser, format_alias=False)
    parser.add_argument(
        "--to",
        "--format",  # the old spelling, from before the input format had an option
        dest="output_format",
        choices=[f.value for f in ExportFormat],
        help="what to write (default: from FILE's suffix: .json is our own JSON, .csv, .md); "
        "--format is the old spelling",
    )
    add_filter_options(parser, "only")
    add_mark_options(parser, "only")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the file to write, or - for standard output",
    )
    add_output_options(parser)
    return parser


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """--force, --mkdir and --follow-symlinks: what a verb that writes FILE may do beyond
    writing a new or regular file (read back with :func:`output_policy`)."""
    parser.add_argument("--force", action="store_true", help="replace a read-only FILE")
    parser.add_argument("--mkdir", action="store_true", help="create FILE's missing directory")
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="when FILE is a symbolic link, write to the file it points to",
    )


def output_policy(options: argparse.Namespace) -> OutputPolicy:
    from tui.core.exporters import OutputPolicy

    return OutputPolicy(
        force=options.force, mkdir=options.mkdir, follow_symlinks=options.follow_symlinks
    )


def input_paths(options: argparse.Namespace) -> list[Path]:
    """The PATH arguments, or the bundled dataset when there are none."""
    paths: list[Path] = options.paths or [bundled_data_dir()]
    return paths


def load_store(options: argparse.Namespace, paths: list[Path]) -> EventStore | None:
    """The dataset as a verb that writes from it opens it (every file must load, with the
    input options); None after printing every problem."""
    from tui.core.loading import open_store

    try:
        return open_store(
            paths,
            format=options.input_format,
            skip_bad=options.skip_bad,
            require_events=True,
        ).store
    except LoadError as error:
        say_line(error.report(), error=True)
        return None


def export(options: argparse.Namespace) -> int:
    import sqlite3

    from tui.core.exporters import format_for_path
    from tui.core.filters import Filter, describe, initial_filters, to_query

    to_stdout = options.output == STDOUT
    output = Path(options.output)
    export_format = options.output_format or (None if to_stdout else format_for_path(output))
    if export_format is None:
        where = "standard output" if to_stdout else repr(output.name)
        fail(VERB, f"cannot tell the format from {where}; give --to")
        return 2
    countries = country_codes(options.country, VERB)
    period = period_label(options, VERB)
    marked = mark_filters(options, VERB)
    if countries is None or period is None or marked is None:
        return 2
    periods = (Filter("period", period),) if period else ()
    filters = (*initial_filters(countries, options.search), *periods, *marked)
    paths = input_paths(options)
    store = load_store(options, paths)
    if store is None:
        return 1
    given = mark_options_given(options)
    opened = marks_for(
        store,
        VERB,
        refusal=f"{given} cannot be answered" if given else "",
        going_on="exporting without stars, notes and tags",
    )
    if opened is None:
        return 1
    with closing(opened):
        marks = opened.annotations
        try:
            rows = store.query(to_query(filters, marks))
        except sqlite3.Error as error:
            fail(VERB, f"cannot read the stars, notes and tags: {error}")
            return 1
        if len(rows) == 0:
            fail(VERB, f"no event matched {describe(filters)}: nothing written")
            return 1
        return _write(options, store, rows, (export_format, describe(filters)), paths, marks)


def _write(
    options: argparse.Namespace,
    store: EventStore,
    rows: Rows,
    what: tuple[str, str],
    paths: list[Path],
    marks: DatasetAnnotations | None,
) -> int:
    """Write the rows (``what``: the format and the filters' description); the exit status."""
    from tui.core.exporters import ExportError, export_rows, export_to_stream

    to_stdout = options.output == STDOUT
    output = Path(options.output)
    export_format, description = what
    policy = output_policy(options)
    try:
        if to_stdout:
            stream = _stdout()
            result = export_to_stream(store, rows, export_format, stream, description, marks=marks)
        else:
            result = export_rows(
                store,
                rows,
                export_format,
                output,
                description,
                inputs=paths,
                policy=policy,
                marks=marks,
            )
    except ExportError as error:
        if isinstance(error.__cause__, BrokenPipeError):
            _silence_stdout()  # the reader went away (| head): say so once, not at exit too
        remedy = f" ({error.remedy})" if error.remedy else ""
        fail("", f"{error}{remedy}")
        return 1
    noun = "event" if result.count == 1 else "events"
    where = "standard output" if to_stdout else str(result.path)
    # With -o -, standard output is the export itself: the summary goes to stderr.
    say_line(f"wrote {result.count} {noun} to {where} ({result.format.value})", error=to_stdout)
    return 0


def _stdout() -> BinaryIO:
    """Standard output as bytes, or ExportError when the program was started without one."""
    from tui.core.exporters import ExportError

    if sys.stdout is None or not hasattr(sys.stdout, "buffer"):
        raise ExportError("cannot write to standard output: it is closed")
    stream: BinaryIO = sys.stdout.buffer
    return stream


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
