"""Query backends: the in-memory store, DuckDB over Parquet, GDELT on BigQuery.

No textual here, and nothing heavy is imported until a backend is made: duckdb, sqlglot and
google-cloud-bigquery are imported by the modules that need them.
"""

from tui.core.backends.base import (
    Bucket,
    BucketCount,
    EventBackend,
    EventDetail,
    EventRow,
    Facet,
    SourceRef,
)

__all__ = [
    "Bucket",
    "BucketCount",
    "EventBackend",
    "EventDetail",
    "EventRow",
    "Facet",
    "SourceRef",
]
