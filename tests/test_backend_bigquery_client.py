"""The BigQuery guard: dry run first, refusal over the cap, maximum_bytes_billed on the job.

google-cloud-bigquery cannot reach BigQuery here, so the client is a stand-in that records
what it is given; the names it is called with (QueryJobConfig's dry_run, use_query_cache and
maximum_bytes_billed; QueryJob.total_bytes_processed and result(); Row.items()) are those of
google-cloud-bigquery 3.x.
"""

from __future__ import annotations

import datetime as dt
import importlib
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from tui.core.backends.bigquery import (
    BigQueryError,
    GuardedClient,
    gdelt_backend,
    human_bytes,
)
from tui.core.store import Query


class _Row(dict[str, Any]):
    pass


class _Client:
    def __init__(self, scanned: int) -> None:
        self.scanned = scanned
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def query(self, sql: str, job_config: Any = None) -> Any:
        settings = dict(job_config.settings)
        self.calls.append((sql, settings))
        if settings.get("dry_run"):
            return SimpleNamespace(total_bytes_processed=self.scanned)
        rows = [_Row(n=7)]
        return SimpleNamespace(result=lambda: rows)


def _module() -> ModuleType:
    module = ModuleType("google.cloud.bigquery")

    class QueryJobConfig:
        def __init__(self, **settings: Any) -> None:
            self.settings = settings

    module.QueryJobConfig = QueryJobConfig  # type: ignore[attr-defined]
    return module


def test_dry_run_then_the_job_with_a_byte_cap() -> None:
    client = _Client(scanned=3 * 10**9)
    seen: list[int] = []
    guard = GuardedClient(
        "p",
        max_bytes=10**10,
        module=_module(),
        client=client,
        on_estimate=lambda s, n: seen.append(n),
    )
    assert guard.run("SELECT 1") == [{"n": 7}]
    assert client.calls == [
        ("SELECT 1", {"dry_run": True, "use_query_cache": False}),
        ("SELECT 1", {"maximum_bytes_billed": 10**10}),
    ]
    assert seen == [3 * 10**9]


def test_over_the_cap_is_refused_before_it_runs() -> None:
    client = _Client(scanned=12 * 10**9)
    guard = GuardedClient("p", max_bytes=10 * 10**9, module=_module(), client=client)
    with pytest.raises(BigQueryError) as caught:
        guard.run("SELECT 1")
    assert str(caught.value) == (
        "the query would scan 12.0 GB, over the cap of 10.0 GB "
        "(raise --max-bytes, or narrow the period)"
    )
    assert len(client.calls) == 1  # the dry run only


def test_the_backend_runs_the_count_first_as_bigquery_sql() -> None:
    client = _Client(scanned=1000)
    guard = GuardedClient("p", module=_module(), client=client)
    backend = gdelt_backend(guard, dt.date(2024, 6, 17), dt.date(2024, 6, 20))
    assert backend.count(Query(countries=frozenset({"NZL"}))) == 7
    sql = client.calls[0][0]
    assert sql.startswith("SELECT COUNT(*) AS n FROM `gdelt-bq.gdeltv2.events_partitioned` WHERE")
    assert "_PARTITIONTIME >= CAST('2024-06-17' AS TIMESTAMP)" in sql
    assert "ActionGeo_CountryCode IN ('NZ')" in sql


def test_missing_package_is_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def without_google(name: str, *args: Any) -> ModuleType:
        if name.startswith("google"):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_google)
    with pytest.raises(BigQueryError, match=r"pip install 'timeline-explorer\[bigquery\]'"):
        GuardedClient("p")


def test_no_credentials_is_a_clear_message() -> None:
    module = _module()

    def no_credentials(project: str) -> None:
        raise RuntimeError("Your default credentials were not found.\nTo set up ...")

    module.Client = no_credentials  # type: ignore[attr-defined]
    with pytest.raises(BigQueryError) as caught:
        GuardedClient("my-project", module=module)
    assert str(caught.value) == (
        "cannot use BigQuery as project 'my-project': Your default credentials were not found. "
        "(sign in with: gcloud auth application-default login)"
    )


def test_human_bytes() -> None:
    assert human_bytes(999) == "999 B"
    assert human_bytes(1500) == "1.5 kB"
    assert human_bytes(10 * 10**9) == "10.0 GB"
    assert human_bytes(2 * 10**12) == "2.0 TB"
