"""Query backends: the in-memory store, DuckDB over Parquet, GDELT on BigQuery.

The protocol and its value types are in :mod:`tui.core.backends.base`; import them from there.
No textual here, and nothing heavy is imported until a backend is made: duckdb, sqlglot and
google-cloud-bigquery are imported by the modules that need them.
"""
