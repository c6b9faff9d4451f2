"""``timeline-explorer convert``: any import written as one Parquet file with our columns.

The file opens out of core through DuckDB (tui.core.backends.parquet), so data bigger than
memory stays explorable. Input options are the same as every reading verb's; the output
follows export's rules (tui.core.exporters: never over an input, only a new name or a regular
file, a read-only file only with --force), and the file appears whole or not at all
(tui.core.backends.schema.write_parquet writes beside it and renames).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli import PROGRAM, SafeParser, add_input_options, fail, say
from tui.cli_export import add_output_options, output_policy

VERB = "convert"
SUFFIX = ".parquet"


def convert_parser() -> argparse.ArgumentParser:
    parser = SafeParser(
        prog=f"{PROGRAM} {VERB}",
        description="Write data files (our JSON, ACLED, GDELT, TimelineJS: anything that "
        "opens) as one Parquet file with Timeline Explorer's columns, which DuckDB queries "
        "out of core, whatever its size. Never writes over an input; the file appears whole "
        "or not at all. Exit status: 0 written, 1 cannot load or write, 2 usage error.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="data files or directories to convert, loaded as one dataset",
    )
    add_input_options(parser, format_alias=False)
    parser.add_argument(
        "-o", "--output", required=True, metavar=f"FILE{SUFFIX}", help="the file to write"
    )
    add_output_options(parser)
    return parser


def convert(options: argparse.Namespace) -> int:
    import duckdb

    from tui.core.backends.schema import write_parquet
    from tui.core.exporters import ExportError, check_output, check_target
    from tui.core.loading import open_store
    from tui.core.problems import LoadError

    output = Path(options.output)
    if options.output == "-" or output.suffix.lower() != SUFFIX:
        # A directory of Parquet files is read by its *.parquet members: a file named
        # otherwise would be left out of it.
        fail(VERB, f"the output must be a file whose name ends in {SUFFIX}")
        return 2
    paths: list[Path] = options.paths
    policy = output_policy(options)
    try:
        check_output(output, paths)
        target = check_target(output, policy)
    except ExportError as error:
        remedy = f" ({error.remedy})" if error.remedy else ""
        fail(VERB, f"{error}{remedy}")
        return 1
    try:
        opened = open_store(
            paths, format=options.input_format, skip_bad=options.skip_bad, require_events=True
        )
    except LoadError as error:
        say(error.report(), error=True)
        return 1
    for warning in opened.warnings:
        say(warning, error=True)
    try:
        written = write_parquet(
            opened.store,
            target,
            progress=_progress_line(),
            note=lambda text: say(f"note: {text}", error=True),
        )
    except (OSError, duckdb.Error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        first_line = next(iter(str(reason).splitlines()), "") or type(error).__name__
        fail(VERB, f"cannot write {output}: {first_line}")
        return 1
    noun = "event" if written == 1 else "events"
    say(f"wrote {written:,} {noun} to {target} (Parquet)")
    return 0


def _progress_line() -> _Progress | None:
    """A count on one line of the terminal while a big conversion runs; none when stderr
    is a file or a pipe (a log should not fill with it)."""
    return _Progress() if sys.stderr is not None and sys.stderr.isatty() else None


class _Progress:
    def __call__(self, done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rconverted {done:,} of {total:,} events", end=end, file=sys.stderr, flush=True)
