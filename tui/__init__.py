"""Timeline Explorer: a terminal app for exploring timelines of world events."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("timeline-explorer")
except PackageNotFoundError:  # running from a checkout without an install
    __version__ = "0.0.0+checkout"
