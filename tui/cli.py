"""Command line: parse arguments, then validate, print the schema, or build and run the app."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from tui import __version__
from tui.bundled import bundled_data_dir
from tui.countries import CountryResolver
from tui.importers import FORMATS
from tui.loader import check_paths
from tui.model import DataFile
from tui.problems import LoadError
from tui.textsafe import visible

LOAD_IN_APP_BYTES = 5 * 1024 * 1024  # larger inputs load behind the app's progress screen
COMMANDS = ("validate", "schema", "export")

_DESCRIPTION = """\
Explore a timeline of world events in the terminal: scroll events, read each one with its
actors, concerns and sources, jump to everything an actor or concern touches, and filter by
country.

commands:
  timeline-explorer [PATH ...]         open data files or directories (default: bundled data)
  timeline-explorer validate PATH ...  check data files; print every problem (exit 0/1/2)
  timeline-explorer schema             print the JSON Schema of the data format
  timeline-explorer export [PATH ...] --format F -o FILE
                                       write the (filtered) events as TimelineJS JSON, CSV,
                                       our own JSON or a Markdown brief
"""


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline-explorer",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="data files or directories to open as one dataset (default: the bundled dataset)",
    )
    _add_filter_options(parser, "open filtered to")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="the format of PATH: our own JSON, an ACLED CSV export, a GDELT event file "
        "(.CSV or .zip) or TimelineJS JSON (default: auto, detected from the content)",
    )
    parser.add_argument(
        "--skip-bad",
        action="store_true",
        help="load the good rows of an import and report how many bad ones were skipped "
        "(default: refuse a file with bad rows and list them)",
    )
    return parser


def _add_filter_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """--country and --search, the filters the app's search box makes, for open and export."""
    parser.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="C",
        help=f"{verb} events involving this country: a name, ISO code, demonym or alias "
        "(Japan, NZ, DPRK, British); repeat to require several",
    )
    parser.add_argument("--search", default="", metavar="TEXT", help=f"{verb} events matching TEXT")


def _validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline-explorer validate",
        description="Check data files and directories; print every problem with its file, "
        "line and field. Exit status: 0 clean, 1 problems found, 2 usage error.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    return parser


def _schema_parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="timeline-explorer schema",
        description="Print the JSON Schema of the data format, generated from the model.",
    )


def json_schema() -> dict[str, object]:
    schema = DataFile.model_json_schema(by_alias=True)
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Timeline Explorer data file",
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "validate":
            return _validate(_validate_parser().parse_args(args[1:]))
        if args and args[0] == "export":
            return _export(_export_parser().parse_args(args[1:]))
        if args and args[0] == "schema":
            _schema_parser().parse_args(args[1:])
            print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
            return 0
        return _open(_open_parser().parse_args(args))
    except KeyboardInterrupt:
        return 130


def _validate(options: argparse.Namespace) -> int:
    problems = check_paths(options.paths)
    if problems:
        print(LoadError(problems).report(), file=sys.stderr)
        return 1
    print(f"ok: {', '.join(str(p) for p in options.paths)}")
    return 0


def _open(options: argparse.Namespace) -> int:
    from tui.loading import OpenResult, ProgressCallback, open_store

    countries = _country_codes(options.country)
    if countries is None:
        return 2
    paths: list[Path] = options.paths or [bundled_data_dir()]

    def opener(progress: ProgressCallback | None = None) -> OpenResult:
        return open_store(
            paths,
            format=options.format,
            skip_bad=options.skip_bad,
            progress=progress,
            keep_going=True,  # open on what loads; the app lists the files left out
        )

    from tui.app import TimelineApp

    search: str = options.search
    if _total_bytes(paths) >= LOAD_IN_APP_BYTES:
        # Big files load inside the app, behind a progress bar, instead of a silent wait.
        label = ", ".join(p.name for p in paths)
        app = TimelineApp(
            opener=opener, source_label=label, inputs=paths, countries=countries, search=search
        )
    else:
        try:
            opened = opener()
        except LoadError as error:
            print(error.report(), file=sys.stderr)
            return 1
        app = TimelineApp(
            opened.store,
            inputs=paths,
            countries=countries,
            search=search,
            warnings=opened.warnings,  # shown in the app; printed here they would be painted over
            problems=opened.problems,
        )
    app.run()
    return app.return_code or 0


def _country_codes(typed: Sequence[str]) -> list[str] | None:
    """Alpha-3 codes for the countries typed, in order, once each; None (after saying which
    one) when a country matches nothing."""
    resolver = CountryResolver()
    codes: dict[str, None] = {}
    for text in typed:
        found = resolver.resolve(text)
        if found is None:
            print(f"timeline-explorer: no country matches {visible(text)!r}", file=sys.stderr)
            return None
        codes.setdefault(found.code)
    return list(codes)


def _total_bytes(paths: Sequence[Path]) -> int:
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size if path.is_file() else 0
        except OSError:
            continue  # open_store reports it
    return total


def _export_parser() -> argparse.ArgumentParser:
    from tui.exporters import ExportFormat

    parser = argparse.ArgumentParser(
        prog="timeline-explorer export",
        description="Write the events of a view, filtered as in the app, to a file: "
        "TimelineJS JSON, CSV, our own JSON or a Markdown brief. Never writes over an input "
        "file. Exit status: 0 written, 1 cannot load or write, 2 usage error.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="data files or directories to export from (default: the bundled dataset)",
    )
    parser.add_argument(
        "--format",
        choices=[f.value for f in ExportFormat],
        help="what to write (default: from FILE's suffix: .json is our own JSON, .csv, .md)",
    )
    _add_filter_options(parser, "only")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    return parser


def _export(options: argparse.Namespace) -> int:
    from tui.exporters import ExportError, export_rows, format_for_path
    from tui.filters import describe, initial_filters, to_query
    from tui.loading import open_store

    output: Path = options.output
    export_format = options.format or format_for_path(output)
    if export_format is None:
        print(
            f"timeline-explorer export: cannot tell the format from {visible(output.name)!r}; "
            "give --format",
            file=sys.stderr,
        )
        return 2
    countries = _country_codes(options.country)
    if countries is None:
        return 2
    filters = initial_filters(countries, options.search)
    paths: list[Path] = options.paths or [bundled_data_dir()]
    try:
        store = open_store(paths).store
    except LoadError as error:
        print(error.report(), file=sys.stderr)
        return 1
    rows = store.query(to_query(filters))
    try:
        result = export_rows(store, rows, export_format, output, describe(filters), inputs=paths)
    except ExportError as error:
        print(f"timeline-explorer: {error}", file=sys.stderr)
        return 1
    noun = "event" if result.count == 1 else "events"
    print(f"wrote {result.count} {noun} to {visible(str(result.path))} ({result.format.value})")
    return 0
