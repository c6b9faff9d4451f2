"""The core: the model, dates, the store, loading and importers, exporters, the index cache,
query backends and annotations. Plain Python with no textual import (tests/test_import_hygiene.py
imports every module under here and checks), so the CLI, the exporters and any other front end
use it as a library. See docs/architecture.md."""
