"""The names importers used to take from here, now in modules by concern (kept importable from
here until every importer imports them from their own modules)."""

from __future__ import annotations

from tui.importers.columns import (
    FrameText,
    LazySources,
    StringColumn,
    codes_of,
    encode,
    ragged_from_matrix,
)
from tui.importers.csv_reading import (
    CHUNK_BYTES,
    QUEUE_DEPTH,
    Chunk,
    LineFinder,
    Slice,
    csv_chunks,
    csv_slices,
    record_lines,
)
from tui.importers.ids import slug, unique_ids
from tui.importers.ipc import IpcColumn, IpcFile, Strings, whole_series
from tui.importers.prepared import (
    MAX_LISTED_PROBLEMS,
    BadRows,
    Prepared,
    Progress,
    report_progress,
)

__all__ = [
    "CHUNK_BYTES",
    "MAX_LISTED_PROBLEMS",
    "QUEUE_DEPTH",
    "BadRows",
    "Chunk",
    "FrameText",
    "IpcColumn",
    "IpcFile",
    "LazySources",
    "LineFinder",
    "Prepared",
    "Progress",
    "Slice",
    "StringColumn",
    "Strings",
    "codes_of",
    "csv_chunks",
    "csv_slices",
    "encode",
    "ragged_from_matrix",
    "record_lines",
    "report_progress",
    "slug",
    "unique_ids",
    "whole_series",
]
