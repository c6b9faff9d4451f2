"""Timeline Explorer: a terminal app for exploring timelines of world events.

``__version__`` is looked up on first use: importlib.metadata costs tens of milliseconds at
start-up, and only ``--version`` and the index cache need it.
"""

from __future__ import annotations

from functools import cache


@cache
def version() -> str:
    """The installed package's version (a checkout without an install has none)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("timeline-explorer")
    except PackageNotFoundError:
        return "0.0.0+checkout"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
