"""``timeline-explorer gdelt``: GDELT 2.0's event table on BigQuery, or the SQL it would run.

Every query carries a partition filter on the period (tui.core.backends.gdelt_sql), is
dry-run first and refused past ``--max-bytes`` (tui.core.backends.bigquery). ``--print-sql``
prints the queries of the view (the count first) and runs nothing: it needs neither
credentials nor the google-cloud-bigquery package.

The period is ``--since``/``--until``, not ``--from``/``--to``: ``--from`` already names the
input format on every verb, and one option must not mean two things.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from typing import TYPE_CHECKING

from tui.cli import PROGRAM, SafeParser, add_filter_options, country_codes, fail, say
from tui.core.dates import PartialDate

if TYPE_CHECKING:
    from tui.core.store import Query

VERB = "gdelt"
DEFAULT_ROWS = 40
_UNITS = {
    "": 1,
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


def byte_count(text: str) -> int:
    """10GB, 500 MB, 1.5TB, 2GiB or a plain number of bytes (argparse's type)."""
    match = _SIZE.match(text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size: give bytes, or a number with kB, MB, GB, TB (or GiB…)"
        )
    count = int(float(match.group(1)) * _UNITS[unit])
    if count <= 0:
        raise argparse.ArgumentTypeError("the cap must be more than 0 bytes")
    return count


def _day_bound(text: str, *, last: bool) -> dt.date:
    try:
        date = PartialDate.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if date.year < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: GDELT's dates are of the common era")
    bound = date.last_day if last else date.first_day
    assert bound.month is not None and bound.day is not None  # first_day/last_day are days
    return dt.date(bound.year, bound.month, bound.day)


def first_day(text: str) -> dt.date:
    """--since 2024-06 is 2024-06-01: a bound at any precision means its first day."""
    return _day_bound(text, last=False)


def last_day(text: str) -> dt.date:
    """--until 2024-06 is 2024-06-30: a bound at any precision means its last day."""
    return _day_bound(text, last=True)


def gdelt_parser() -> argparse.ArgumentParser:
    from tui.core.backends.bigquery import DEFAULT_MAX_BYTES, INSTALL_HINT

    parser = SafeParser(
        prog=f"{PROGRAM} {VERB}",
        description="Query GDELT 2.0's event table on BigQuery "
        "(gdelt-bq.gdeltv2.events_partitioned), filtered as in the app, and print the count "
        "and the first events. Every query is limited to the period's partitions (never a "
        "full scan), dry-run first to show the bytes it would scan, and refused past "
        f"--max-bytes. Running queries needs {INSTALL_HINT} and Google's default "
        "credentials (gcloud auth application-default login); --print-sql needs neither. "
        "Exit status: 0 done, 1 BigQuery refused or failed, 2 usage error.",
    )
    parser.add_argument(
        "--bigquery",
        action="store_true",
        required=True,
        help="query GDELT where it lives, on BigQuery (the only engine for GDELT's full table)",
    )
    parser.add_argument("--project", metavar="P", help="the Google Cloud project billed")
    parser.add_argument(
        "--since",
        required=True,
        type=first_day,
        metavar="DATE",
        help="the first day of the period: 2024, 2024-06 or 2024-06-19 (its first day). "
        "Named --since, not --from: --from is the input format on every verb",
    )
    parser.add_argument(
        "--until",
        type=last_day,
        metavar="DATE",
        help="the last day of the period, at any precision (its last day; default: today)",
    )
    add_filter_options(parser, "only", period=False)
    parser.add_argument(
        "--added-within",
        type=int,
        default=0,
        metavar="DAYS",
        help="also find events GDELT added up to DAYS after the period (it adds events "
        "about earlier days; each day more is one partition more to scan; default: 0)",
    )
    parser.add_argument(
        "--max-bytes",
        type=byte_count,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="refuse any query that would scan more (10GB, 500MB, 1TB…; default: 10GB); "
        "also set as the job's maximum_bytes_billed",
    )
    parser.add_argument(
        "--rows",
        type=int,
        default=DEFAULT_ROWS,
        metavar="N",
        help=f"how many of the first events to print (default: {DEFAULT_ROWS})",
    )
    parser.add_argument(
        "--print-sql",
        action="store_true",
        help="print the BigQuery SQL of the view (the count first, then the rows, the "
        "facets, the time axis and the actor pairs) and run nothing",
    )
    return parser


def gdelt(options: argparse.Namespace) -> int:
    from tui.core.backends.bigquery import BigQueryError, print_sql
    from tui.core.store import Query

    since: dt.date = options.since
    until: dt.date = options.until or dt.datetime.now(dt.UTC).date()
    if until < since:
        fail(VERB, f"the period ends ({until}) before it starts ({since})")
        return 2
    if options.added_within < 0:
        fail(VERB, "--added-within cannot be negative")
        return 2
    countries = country_codes(options.country, VERB)
    if countries is None:
        return 2
    query = Query(countries=frozenset(countries), text=options.search)
    if options.print_sql:
        print(print_sql(query, since, until, added_within_days=options.added_within), end="")
        return 0
    if not options.project:
        fail(VERB, "--project P names the Google Cloud project that BigQuery bills")
        return 2
    try:
        return _run(options, query, since, until)
    except BigQueryError as error:
        fail(VERB, str(error))
        return 1


def _run(options: argparse.Namespace, query: Query, since: dt.date, until: dt.date) -> int:
    from tui.core.backends.bigquery import GuardedClient, gdelt_backend, human_bytes

    cap = human_bytes(options.max_bytes)

    def estimate(_sql: str, scanned: int) -> None:
        say(f"dry run: the query would scan {human_bytes(scanned)} (cap {cap})", error=True)

    client = GuardedClient(options.project, max_bytes=options.max_bytes, on_estimate=estimate)
    backend = gdelt_backend(client, since, until, added_within_days=options.added_within)
    count = backend.count(query)
    noun = "event" if count == 1 else "events"
    say(f"{count:,} {noun} in GDELT from {since} to {until}")
    for row in backend.window(query, 0, max(options.rows, 0)) if count else []:
        say(f"{row.date_label}  {row.title}  {' '.join(row.countries)}".rstrip())
    return 0
