"""Where the bundled dataset is: inside the installed package, or data/ in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # tui/, where the wheel puts the data


def bundled_data_dir() -> Path:
    """The wheel carries data/ as tui/_bundled_data; a checkout (or editable install) has it
    beside the package."""
    installed = _PACKAGE_DIR / "_bundled_data"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "data"
