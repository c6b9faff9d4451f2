"""Saved views in the app: the current view saved under a name, opened, deleted (the palette's
"Save view…", "Open view: NAME" and "Delete view: NAME", and --view NAME).

A view is what the session keeps (tui/ui/session.py): the filters, the cursor's event, and the
time view (with its lanes) or page on top. Saving under a name that exists replaces that view
and says so: a view is cheap to save again, and a question would stand between the user and
every re-save. Names are one line of text; list, axis and lanes are --view's own.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel

from tui.core.filters import Filter
from tui.core.textsafe import one_line
from tui.ui.marks import annotations_of, why_no_annotations
from tui.ui.screens.save_view import clean_view_name
from tui.ui.session import main_screen_of, show_view, shown_view

if TYPE_CHECKING:
    from tui.ui.app import TimelineApp

TITLE = "Saved views"


def saved_view_names(app: TimelineApp) -> list[str]:
    """The dataset's saved views, by name; [] without annotations or when unreadable."""
    annotations = annotations_of(app)
    if annotations is None:
        return []
    try:
        return list(annotations.views())
    except (ValueError, sqlite3.Error):
        return []


def save_current_view(app: TimelineApp, typed: str) -> bool:
    """Save what is shown under the name typed; whether it was (a refused name is said)."""
    from tui.core.view_states import to_view_state, view_name_problem

    annotations, main = annotations_of(app), main_screen_of(app)
    if annotations is None or main is None:
        _say(app, why_no_annotations(app), "warning")
        return False
    name = clean_view_name(typed)
    problem = view_name_problem(name)
    if problem is not None:
        _say(app, f"Not saved: {problem}.", "warning")
        return False
    replacing = name in saved_view_names(app)
    try:
        annotations.save_view(name, to_view_state(shown_view(app, main)))
    except (sqlite3.Error, OSError) as error:
        _say(app, f"Not saved: {one_line(str(error))}", "error")
        return False
    done = "replaced" if replacing else "saved"
    _say(app, f"View “{name}” {done}: Ctrl+P → Open view, or --view “{name}” on opening.")
    return True


def open_saved_view(app: TimelineApp, name: str, also: tuple[Filter, ...] = ()) -> bool:
    """Show the saved view, with the filters ``also`` added; whether it was shown. An unknown
    name is an error that lists the saved views; the app stays on what it shows."""
    from tui.core.view_states import from_view_state

    annotations, main = annotations_of(app), main_screen_of(app)
    if annotations is None or main is None:
        _say(app, why_no_annotations(app), "warning")
        return False
    try:
        stored = annotations.view(name)
        if stored is None:
            names = saved_view_names(app)
            listed = ", ".join(f"“{saved}”" for saved in names)
            _say(
                app,
                f"No view is saved as “{one_line(name)}”. "
                + (f"Saved views: {listed}." if names else "No view is saved for this data yet.")
                + " Ctrl+P → Save view… saves one.",
                "error",
            )
            return False
        view = from_view_state(stored)
    except (ValueError, sqlite3.Error) as error:  # ViewError: no longer reads back
        _say(app, f"View “{one_line(name)}” cannot be opened: {one_line(str(error))}", "error")
        return False
    show_view(app, main, view, also)
    return True


def delete_saved_view(app: TimelineApp, name: str) -> None:
    annotations = annotations_of(app)
    if annotations is None:
        _say(app, why_no_annotations(app), "warning")
        return
    try:
        annotations.delete_view(name)
    except sqlite3.Error as error:
        _say(app, f"Not deleted: {one_line(str(error))}", "error")
        return
    _say(app, f"View “{one_line(name)}” deleted.")


def _say(app: TimelineApp, message: str, severity: SeverityLevel = "information") -> None:
    app.notify(message, title=TITLE, severity=severity, markup=False, timeout=10)
