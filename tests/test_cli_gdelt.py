"""``timeline-explorer gdelt --bigquery``: the SQL it prints parses and never scans the whole
table, and running needs the optional extra, a project and a byte cap (issue 13)."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from tui.cli import main
from tui.cli_gdelt import byte_count

ROOT = Path(__file__).resolve().parent.parent
JUNE = ["gdelt", "--bigquery", "--since", "2024-06", "--until", "2024-06"]


def _has_bigquery() -> bool:
    try:
        return importlib.util.find_spec("google.cloud.bigquery") is not None
    except ModuleNotFoundError:  # not even the google namespace
        return False


def _statements(printed: str) -> list[tuple[str, str]]:
    """(title, SQL) of each statement --print-sql printed, in order."""
    found = []
    for block in printed.strip().split("\n\n"):
        title, _, sql = block.partition("\n")
        assert title.startswith("-- ")
        found.append((title.removeprefix("-- "), sql))
    return found


def test_print_sql_runs_in_a_process_without_credentials_or_google() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", *JUNE, "--country", "New Zealand", "--print-sql"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},  # no Google credentials here
    )
    assert (done.returncode, done.stderr) == (0, "")
    statements = _statements(done.stdout)
    assert [title for title, _ in statements] == [
        "count",
        "first window of rows",
        "events per month",
        "facet: countries",
        "facet: actors",
        "facet: concerns",
        "facet: kinds",
        "time axis: starts per month",
        "frequency: actor pairs",
    ]
    # The count first, as written out by hand from the table's partitioning and June 2024:
    # partitions from the 1st up to (not including) 1 July; New Zealand is NZL as a CAMEO
    # actor country and NZ as a FIPS 10-4 place.
    assert statements[0][1] == (
        "SELECT\n"
        "  COUNT(*) AS n\n"
        "FROM `gdelt-bq.gdeltv2.events_partitioned`\n"
        "WHERE\n"
        "  _PARTITIONTIME >= CAST('2024-06-01' AS TIMESTAMP)\n"
        "  AND _PARTITIONTIME < CAST('2024-07-01' AS TIMESTAMP)\n"
        "  AND SQLDATE >= 20240601\n"
        "  AND SQLDATE <= 20240630\n"
        "  AND (\n"
        "    Actor1CountryCode IN ('NZL')\n"
        "    OR Actor2CountryCode IN ('NZL')\n"
        "    OR ActionGeo_CountryCode IN ('NZ')\n"
        "  );"
    )


def _partition_bounds(sql: str) -> list[str]:
    """The partition conditions at the top level of the statement's WHERE (an OR or a
    subquery could not prune partitions), as SQL."""
    tree = sqlglot.parse_one(sql.rstrip(";"), read="bigquery")
    assert isinstance(tree, exp.Select)
    where = tree.args["where"].this
    conjuncts = list(where.flatten()) if isinstance(where, exp.And) else [where]
    return [
        c.sql("bigquery")
        for c in conjuncts
        if isinstance(c, exp.GTE | exp.LT) and c.this.sql() == "_PARTITIONTIME"
    ]


def test_every_printed_statement_parses_and_prunes_partitions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = [*JUNE, "--country", "NZ", "--search", "Wellington", "--added-within", "7"]
    assert main([*args, "--print-sql"]) == 0
    for title, sql in _statements(capsys.readouterr().out):
        assert _partition_bounds(sql) == [
            "_PARTITIONTIME >= CAST('2024-06-01' AS TIMESTAMP)",
            "_PARTITIONTIME < CAST('2024-07-08' AS TIMESTAMP)",  # a week of later additions
        ], title
        assert "wellington" in sql  # the search, casefolded as the app searches


def test_dates_at_any_precision_bound_the_period(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["gdelt", "--bigquery", "--since", "2024", "--until", "2024-02", "--print-sql"]
    assert main(argv) == 0
    count = _statements(capsys.readouterr().out)[0][1]
    assert "SQLDATE >= 20240101" in count and "SQLDATE <= 20240229" in count  # a leap year


def test_without_the_extra_running_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    if _has_bigquery():
        pytest.skip("google-cloud-bigquery is installed here")
    assert main([*JUNE, "--project", "my-project"]) == 1
    assert capsys.readouterr().err == (
        "timeline-explorer gdelt: BigQuery needs the google-cloud-bigquery package: "
        "pip install 'timeline-explorer[bigquery]'\n"
    )


class _FakeBigQuery:
    """google.cloud.bigquery's Client and QueryJobConfig as the guard calls them: every
    dry run says ``scans`` bytes, every real count query finds ``found`` events."""

    def __init__(self, scans: int, found: int) -> None:
        self.scans, self.found = scans, found
        self.configs: list[dict[str, Any]] = []

    def QueryJobConfig(self, **settings: Any) -> dict[str, Any]:  # noqa: N802 (the real name)
        self.configs.append(settings)
        return settings

    def Client(self, project: str) -> Any:  # noqa: N802
        fake = self

        class Client:
            def query(self, sql: str, job_config: dict[str, Any]) -> Any:
                rows = [SimpleNamespace(items=lambda: [("n", fake.found)])]
                return SimpleNamespace(total_bytes_processed=fake.scans, result=lambda: rows)

        return Client()


def _with_fake(monkeypatch: pytest.MonkeyPatch, fake: _FakeBigQuery) -> None:
    monkeypatch.setattr("tui.core.backends.bigquery._bigquery_module", lambda: fake)


def test_a_query_over_the_cap_is_refused_before_it_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = _FakeBigQuery(scans=12 * 10**9, found=0)
    _with_fake(monkeypatch, fake)
    assert main([*JUNE, "--project", "p"]) == 1
    err = capsys.readouterr().err
    assert "dry run: the query would scan 12.0 GB (cap 10.0 GB)" in err
    assert "the query would scan 12.0 GB, over the cap of 10.0 GB" in err
    assert fake.configs == [{"dry_run": True, "use_query_cache": False}]  # nothing ran


def test_a_query_under_the_cap_runs_with_the_cap_billed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = _FakeBigQuery(scans=2 * 10**6, found=0)
    _with_fake(monkeypatch, fake)
    assert main([*JUNE, "--project", "p", "--max-bytes", "500MB"]) == 0
    shown = capsys.readouterr()
    assert shown.out == "0 events in GDELT from 2024-06-01 to 2024-06-30\n"
    assert shown.err == "dry run: the query would scan 2.0 MB (cap 500.0 MB)\n"
    assert fake.configs[-1] == {"maximum_bytes_billed": 500 * 10**6}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([*JUNE], "--project P names the Google Cloud project"),
        ([*JUNE, "--project", "p", "--country", "Japn"], "did you mean Japan?"),
        (
            ["gdelt", "--bigquery", "--since", "2024-06-02", "--until", "2024-06-01"],
            "the period ends (2024-06-01) before it starts (2024-06-02)",
        ),
        (["gdelt", "--bigquery", "--until", "2024"], "the following arguments are required"),
        (["gdelt", "--since", "2024"], "--bigquery"),
        ([*JUNE, "--max-bytes", "ten"], "'ten' is not a size"),
        (["gdelt", "--bigquery", "--since", "2024-13"], "month 13 does not exist"),
        ([*JUNE, "--from", "2024"], "unrecognized arguments: --from"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        status = main(argv)
    except SystemExit as exit_:  # argparse's own errors
        status = int(exit_.code or 0)
    assert status == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("10GB", 10 * 10**9),
        ("500 MB", 500 * 10**6),
        ("1.5TB", 15 * 10**11),
        ("2GiB", 2 * 2**30),
        ("1000", 1000),
    ],
)
def test_byte_sizes(text: str, count: int) -> None:
    assert byte_count(text) == count


def test_a_zero_cap_is_refused() -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        byte_count("0GB")
