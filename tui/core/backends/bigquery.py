"""Running the builder's queries on BigQuery, never past a byte cap.

Every query is dry-run first (``QueryJobConfig(dry_run=True, use_query_cache=False)``): its
``total_bytes_processed`` is shown and compared with the cap, and a query over the cap is
refused before it runs. The real job carries ``maximum_bytes_billed`` set to the cap too, so
BigQuery itself refuses it should the estimate be wrong. Credentials are Google's Application
Default Credentials (``gcloud auth application-default login``). google-cloud-bigquery is an
optional extra, imported only when a client is made.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from sqlglot import exp

from tui.core.backends.base import Bucket
from tui.core.backends.gdelt_sql import GdeltSource
from tui.core.backends.sqlbackend import SqlBackend
from tui.core.backends.sqlbuild import Record, render
from tui.core.store import Query

DEFAULT_MAX_BYTES = 10 * 10**9  # 10 GB
INSTALL_HINT = "pip install 'timeline-explorer[bigquery]'"


class BigQueryError(Exception):
    """What went wrong, in a user's words (the CLI prints it; never a traceback)."""


def _bigquery_module() -> ModuleType:
    try:
        return importlib.import_module("google.cloud.bigquery")
    except ImportError:
        raise BigQueryError(
            f"BigQuery needs the google-cloud-bigquery package: {INSTALL_HINT}"
        ) from None


def human_bytes(count: int) -> str:
    for unit, size in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} B"


class GuardedClient:
    """A BigQuery client that dry-runs every query and refuses those over ``max_bytes``."""

    def __init__(
        self,
        project: str,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        on_estimate: Callable[[str, int], None] | None = None,
        module: ModuleType | None = None,
        client: Any = None,
    ) -> None:
        if max_bytes <= 0:
            raise BigQueryError("--max-bytes must be positive")
        self.bigquery = module if module is not None else _bigquery_module()
        self.max_bytes = max_bytes
        self.on_estimate = on_estimate
        self.estimates: list[tuple[str, int]] = []
        if client is None:
            try:
                client = self.bigquery.Client(project=project)
            except Exception as error:  # google.auth's DefaultCredentialsError and kin
                raise BigQueryError(
                    f"cannot use BigQuery as project {project!r}: {_first_line(error)} "
                    "(sign in with: gcloud auth application-default login)"
                ) from None
        self.client = client

    def dry_run(self, sql: str) -> int:
        """The bytes the query would scan."""
        config = self.bigquery.QueryJobConfig(dry_run=True, use_query_cache=False)
        try:
            job = self.client.query(sql, job_config=config)
        except Exception as error:
            raise BigQueryError(f"BigQuery refused the query: {_first_line(error)}") from None
        scanned = int(job.total_bytes_processed or 0)
        self.estimates.append((sql, scanned))
        if self.on_estimate is not None:
            self.on_estimate(sql, scanned)
        return scanned

    def run(self, sql: str) -> list[Record]:
        scanned = self.dry_run(sql)
        if scanned > self.max_bytes:
            raise BigQueryError(
                f"the query would scan {human_bytes(scanned)}, over the cap of "
                f"{human_bytes(self.max_bytes)} (raise --max-bytes, or narrow the period)"
            )
        config = self.bigquery.QueryJobConfig(maximum_bytes_billed=self.max_bytes)
        try:
            rows = self.client.query(sql, job_config=config).result()
        except Exception as error:
            raise BigQueryError(f"the query failed: {_first_line(error)}") from None
        return [dict(row.items()) for row in rows]


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class BigQueryRunner:
    """Renders the builder's queries as BigQuery SQL and runs them through the guard."""

    dialect = "bigquery"

    def __init__(self, client: GuardedClient) -> None:
        self.client = client

    def __call__(self, select: exp.Expr) -> list[Record]:
        return self.client.run(render(select, self.dialect))


def gdelt_backend(
    client: GuardedClient,
    first_day: dt.date,
    last_day: dt.date,
    *,
    added_within_days: int = 0,
) -> SqlBackend:
    source = GdeltSource(first_day, last_day, added_within_days=added_within_days)
    return SqlBackend(f"GDELT {first_day}–{last_day}", source, BigQueryRunner(client))


def print_sql(
    query: Query,
    first_day: dt.date,
    last_day: dt.date,
    *,
    added_within_days: int = 0,
    unit: Bucket = Bucket.MONTH,
) -> str:
    """The BigQuery SQL a GDELT view runs, without running it: first the query counting the
    events the view shows, then the first window of rows, the facets and the time views."""
    source = GdeltSource(first_day, last_day, added_within_days=added_within_days)
    backend = SqlBackend("GDELT", source, _never_run)
    parts = [
        f"-- {title}\n{render(select, 'bigquery', pretty=True)};"
        for title, select in backend.statements(query, unit)
    ]
    return "\n\n".join(parts) + "\n"


def _never_run(select: exp.Expr) -> list[Record]:
    raise AssertionError("print_sql runs nothing")
