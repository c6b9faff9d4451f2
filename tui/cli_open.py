"""Options only opening the app takes: the view to open on (a time view, lanes or a saved view),
the analyst's marks to filter by, and ``--fresh``.

A saved view is named like any other view: ``--view`` takes list, axis or lanes (which keep
their meaning, in any case; a saved view cannot be named so: tui.core.view_states) or the name
of a view saved in the app, cleaned as the app cleans a name it saves (one line, runs of space
made one).
"""

from __future__ import annotations

import argparse
from typing import TypedDict

from tui.cli import country_codes, fail
from tui.cli_marks import add_mark_options, mark_filters, mark_tags
from tui.core.textsafe import without_controls

VIEWS = ("list", "axis", "lanes")  # the same as tui.core.view_states.BUILT_IN_VIEWS


def add_open_options(parser: argparse.ArgumentParser) -> None:
    add_mark_options(parser, "open filtered to")
    parser.add_argument(
        "--view",
        metavar="VIEW",
        help="open on this view: list, axis (A), lanes (L), or the NAME of a view you saved "
        "in the app (default: list; lanes with --lanes)",
    )
    parser.add_argument(
        "--lanes",
        metavar="C,C,...",
        help="open on lanes for these countries, comma-separated names or codes "
        '("Japan,New Zealand,Russia,DPRK"); without it, lanes are the --country filters or '
        "the four most frequent countries",
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start clean: not where you left off last time with this dataset",
    )


def view_name(typed: str) -> str:
    """A --view value as the app saves a view's name: controls dropped, runs of space made one."""
    return " ".join(without_controls(typed).split())


def built_in_view(name: str) -> str | None:
    """The built-in view a (cleaned) --view value names, in any case ("Axis" is the axis), or
    None for a saved view's name."""
    folded = name.casefold()
    return folded if folded in VIEWS else None


class Opening(TypedDict):
    """How the app opens, beyond the filters every verb shares: TimelineApp's arguments."""

    view: str
    lanes: list[str]
    saved_view: str | None
    starred: bool
    tags: list[str]
    fresh: bool


def opening(options: argparse.Namespace) -> Opening | None:
    """The view, lanes, saved view and marks to open on; None after saying what is wrong
    (a lane that names no country, lanes with a view that is not lanes, an empty tag or an
    empty view name)."""
    typed = [name.strip() for name in (options.lanes or "").split(",") if name.strip()]
    marked = mark_filters(options)
    if marked is None:
        return None
    saved: str | None = None
    name = view_name(options.view or "")
    if options.view is None:
        view = "lanes" if typed else "list"
    elif not name:
        fail("", "--view needs list, axis, lanes or the name of a saved view")
        return None
    else:
        view = built_in_view(name) or "list"
        saved = None if built_in_view(name) else name
    if typed and view != "lanes":
        fail("", f"--lanes opens the lanes view, not --view {saved or view}")
        return None
    if options.lanes is not None and not typed:
        fail("", "--lanes needs country names, comma-separated")
        return None
    lanes = country_codes(typed, option="--lanes")
    if lanes is None:
        return None
    return Opening(
        view=view,
        lanes=lanes,
        saved_view=saved,
        starred=options.starred,
        tags=mark_tags(marked),
        fresh=options.fresh,
    )
