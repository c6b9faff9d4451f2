"""Command line: parse arguments, then open the app, validate, export, convert, query GDELT
or print the schema.

Every verb that reads data takes the same input options (``--from``, ``--skip-bad``); every
line the command line prints passes the text sanitiser, because file names and cells are data.
What only one verb needs is imported by that verb, so opening the app starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.bundled import bundled_data_dir
from tui.core.importers import AUTO, FORMATS
from tui.core.importers.registry import LARGE_INPUT_BYTES
from tui.core.problems import LoadError
from tui.core.textsafe import visible, visible_lines

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from tui.core.countries import CountryResolver

COMMANDS = ("validate", "schema", "export", "convert", "gdelt", "notes")
PROGRAM = "timeline-explorer"
# A shell reports a process that SIGPIPE ended as 128 + 13; we end as quietly, with the same.
CLOSED_PIPE_STATUS = 141

_DESCRIPTION = """\
Explore a timeline of world events in the terminal: scroll events, read each one with its
actors, concerns and sources, jump to everything an actor or concern touches, and filter by
country.

commands:
  timeline-explorer [PATH ...]         open data files or directories (default: bundled data)
  timeline-explorer validate PATH ...  check files as opening would; print every problem
  timeline-explorer schema             print the JSON Schema of the data format
  timeline-explorer export [PATH ...] --to F -o FILE
                                       write the (filtered) events as TimelineJS JSON, CSV,
                                       our own JSON or a Markdown brief
  timeline-explorer convert PATH ... -o FILE.parquet
                                       write any import as Parquet, for data of any size
  timeline-explorer gdelt --bigquery --project P --since DATE [--print-sql]
                                       GDELT's event table on BigQuery, never a full scan
  timeline-explorer notes export|import|schema
                                       your stars, notes, tags and saved views as one JSON
                                       file, to share or move; import merges

Every command that reads data takes --from FORMAT and --skip-bad.
"""


class SafeParser(argparse.ArgumentParser):
    """argparse echoes arguments in its errors ("invalid choice: …"): shown harmlessly."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            super()._print_message(visible_lines(message.rstrip("\n")) + "\n", file)


class _ShowVersion(argparse.Action):
    """--version, looking the version up only when asked (it costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the program's version number and exit")
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from tui import version

        print(f"{parser.prog} {version()}")
        parser.exit()


def say(message: str, *, error: bool = False) -> None:
    """One line (or several) to the user, every control character made visible."""
    print(visible_lines(message), file=sys.stderr if error else sys.stdout)


def fail(verb: str, message: str) -> None:
    say(f"{PROGRAM}{' ' + verb if verb else ''}: {message}", error=True)


def add_input_options(parser: argparse.ArgumentParser, *, format_alias: bool) -> None:
    """The input options every reading verb shares: the same names, choices and meaning."""
    names = ["--from", "--input-format", *(["--format"] if format_alias else [])]
    parser.add_argument(
        *names,
        dest="input_format",
        choices=FORMATS,
        default=AUTO,
        help="the format of PATH: our own JSON, an ACLED CSV export, a GDELT event file "
        "(.CSV or .zip) or TimelineJS JSON (default: auto, detected from the content)",
    )
    parser.add_argument(
        "--skip-bad",
        action="store_true",
        help="load the good rows of an import and report how many bad ones were skipped "
        "(default: refuse a file with bad rows and list them)",
    )


def add_filter_options(parser: argparse.ArgumentParser, verb: str, *, period: bool = True) -> None:
    """--country and --search, the filters the app's search box makes, for open and export;
    and the period (--since/--until) unless the verb names its own (gdelt's is required)."""
    parser.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="C",
        help=f"{verb} events involving this country: a name, ISO code, demonym or alias "
        "(Japan, NZ, DPRK, British); repeat to require several",
    )
    parser.add_argument("--search", default="", metavar="TEXT", help=f"{verb} events matching TEXT")
    if not period:
        return
    # --since/--until, not --from/--to: --from is the input format on every verb (as for gdelt).
    parser.add_argument(
        "--since",
        type=_readable_date,
        metavar="DATE",
        help=f"{verb} events dated on or after DATE's first day, at any precision: 2024, "
        "2024-06, 2024-06-19, June 2024 (an event dated 2024-06 is on or after 2024-06-01)",
    )
    parser.add_argument(
        "--until",
        type=_readable_date,
        metavar="DATE",
        help=f"{verb} events dated on or before DATE's last day, at any precision "
        "(a date known only to a month or year counts from its first day)",
    )


def _readable_date(text: str) -> str:
    """A --since/--until value as typed, once it reads as a date (argparse names the option)."""
    from tui.core.periods import parse_period

    try:
        parse_period(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def period_label(options: argparse.Namespace, verb: str = "") -> str | None:
    """The period filter's label for --since/--until ("" for neither); None, after saying
    why, when the period ends before it starts."""
    if options.since is None and options.until is None:
        return ""
    from tui.core.periods import period_between

    try:
        return period_between(options.since, options.until).label
    except ValueError as error:
        fail(verb, f"--since/--until: {error}")
        return None


def _open_parser() -> argparse.ArgumentParser:
    parser = SafeParser(
        prog=PROGRAM,
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_ShowVersion)
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="data files or directories to open as one dataset (default: the bundled dataset)",
    )
    add_filter_options(parser, "open filtered to")
    from tui.cli_open import add_open_options  # it imports this module's helpers

    add_open_options(parser)
    add_input_options(parser, format_alias=True)
    return parser


def _schema_parser() -> argparse.ArgumentParser:
    return SafeParser(
        prog=f"{PROGRAM} schema",
        description="Print the JSON Schema of the data format, generated from the model.",
    )


def json_schema() -> dict[str, object]:
    from tui.core.model import DataFile

    schema = DataFile.model_json_schema(by_alias=True)
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Timeline Explorer data file",
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        status = _run(args)
        if sys.stdout is not None:  # flushed here, where a closed pipe is caught, not at exit
            sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (| head): as the Python docs advise, point stdout at devnull so
        # the final flush cannot fail again, and end quietly, as SIGPIPE would have ended us.
        _stdout_to_devnull()
        return CLOSED_PIPE_STATUS


def _run(args: list[str]) -> int:
    verb = args[0] if args else ""
    if verb == "schema":
        import json

        _schema_parser().parse_args(args[1:])
        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0
    if verb in _VERBS:
        run = _VERBS[verb]()
        return run(args[1:])
    return _open(_open_parser().parse_args(args))


def _validate_verb() -> Callable[[list[str]], int]:
    from tui.cli_validate import validate, validate_parser

    return lambda args: validate(validate_parser().parse_args(args))


def _export_verb() -> Callable[[list[str]], int]:
    from tui.cli_export import export, export_parser

    return lambda args: export(export_parser().parse_args(args))


def _convert_verb() -> Callable[[list[str]], int]:
    from tui.cli_convert import convert, convert_parser

    return lambda args: convert(convert_parser().parse_args(args))


def _gdelt_verb() -> Callable[[list[str]], int]:
    from tui.cli_gdelt import gdelt, gdelt_parser

    return lambda args: gdelt(gdelt_parser().parse_args(args))


def _notes_verb() -> Callable[[list[str]], int]:
    from tui.cli_notes import notes, notes_parser

    return lambda args: notes(notes_parser().parse_args(args))


# Each verb's module is imported only when that verb runs.
_VERBS: dict[str, Callable[[], Callable[[list[str]], int]]] = {
    "validate": _validate_verb,
    "export": _export_verb,
    "convert": _convert_verb,
    "gdelt": _gdelt_verb,
    "notes": _notes_verb,
}


def _stdout_to_devnull() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # no stdout to speak of: nothing left to flush into it


def _open(options: argparse.Namespace) -> int:
    from tui.cli_open import opening
    from tui.core.loading import OpenInBackground, OpenResult, ProgressCallback, open_store

    countries = country_codes(options.country)
    period = period_label(options)
    how = opening(options)
    if countries is None or period is None or how is None:
        return 2
    paths: list[Path] = options.paths or [bundled_data_dir()]

    def opener(progress: ProgressCallback | None = None) -> OpenResult:
        opened = open_store(
            paths,
            format=options.input_format,
            skip_bad=options.skip_bad,
            progress=progress,
            keep_going=True,  # open on what loads; the app lists the files left out
            require_events=True,  # a file with nothing to show is refused, never opened blank
        )
        opened.store.warm_up()
        return opened

    if _total_bytes(paths) >= LARGE_INPUT_BYTES:
        # Big files load behind the app's progress bar instead of a silent wait. Reading
        # starts now, on its own thread, and overlaps importing and starting the app.
        early = OpenInBackground(opener)
        from tui.ui.app import TimelineApp

        label = visible(", ".join(p.name for p in paths))
        app = TimelineApp(
            opener=early,
            source_label=label,
            inputs=paths,
            countries=countries,
            search=options.search,
            period=period,
            **how,
        )
    else:
        from tui.ui.app import TimelineApp

        try:
            opened = opener()
        except LoadError as error:
            say(error.report(), error=True)
            return 1
        app = TimelineApp(
            opened.store,
            inputs=paths,
            countries=countries,
            search=options.search,
            period=period,
            **how,
            warnings=opened.warnings,  # shown in the app; printed here they would be painted over
            problems=opened.problems,
        )
    app.run()
    return app.return_code or 0


def country_codes(typed: Sequence[str], verb: str = "", option: str = "") -> list[str] | None:
    """Alpha-3 codes for the countries typed, in order, once each; None (after saying which
    one, and the closest names, after ``option`` if given) when a country matches nothing."""
    if not typed:
        return []
    from tui.core.countries import CountryResolver

    resolver = CountryResolver()
    codes: dict[str, None] = {}
    for text in typed:
        found = resolver.resolve(text)
        if found is None:
            where = f"{option}: " if option else ""
            hint = _did_you_mean(resolver, text)
            fail(verb, f"{where}no country matches {visible(text)!r}{hint}")
            return None
        codes.setdefault(found.code)
    return list(codes)


def _did_you_mean(resolver: CountryResolver, text: str) -> str:
    """The hint after "no country matches": " — did you mean Japan?"; "" when none is close."""
    names = [country.name for country in resolver.closest(text, limit=3)]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f" — did you mean {listed}?"


def _total_bytes(paths: Sequence[Path]) -> int:
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size if path.is_file() else 0
        except OSError:
            continue  # open_store reports it
    return total
