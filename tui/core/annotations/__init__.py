"""The analyst's annotations: stars, notes, tags, saved views and the session, per dataset.

Kept in SQLite in the user data directory (``TIMELINE_EXPLORER_DATA_DIR`` overrides it), never
in the input files. How a dataset is recognised again: identity.py; durability, concurrency and
recovery from a damaged file: db.py; the note merge rule: notes.py; export and import: share.py.
"""

from tui.core.annotations.db import ENV_DIR, Damaged, StoreError, default_directory
from tui.core.annotations.share import (
    AnnotationsFile,
    ImportSummary,
    export_annotations,
    import_annotations,
    read_annotations_file,
    schema,
)
from tui.core.annotations.store import (
    AnnotationStore,
    DatasetAnnotations,
    EventAnnotations,
    Note,
    NoteSaved,
)
from tui.core.annotations.views import ViewError, ViewState

__all__ = [
    "ENV_DIR",
    "AnnotationStore",
    "AnnotationsFile",
    "Damaged",
    "DatasetAnnotations",
    "EventAnnotations",
    "ImportSummary",
    "Note",
    "NoteSaved",
    "StoreError",
    "ViewError",
    "ViewState",
    "default_directory",
    "export_annotations",
    "import_annotations",
    "read_annotations_file",
    "schema",
]
