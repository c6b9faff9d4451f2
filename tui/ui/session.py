"""The session and saved views in the app: what the screens show, as a ScreenView, and back.

The session (a dataset's last filters, cursor event and view) is written a moment after it
changes and on quit, and restored once the annotations are open, unless the command line
asked for something (--fresh; a filter; --view axis, lanes or a saved view; --lanes): then
the app opens as asked, and what is shown on quit is the next session. (--view list is the
default view: the app cannot tell it was typed, so it asks for nothing.)

The annotations open in a worker, so the restore can come after the first frame. If the user
has already acted by then (moved the cursor, changed a filter, opened the search box or
another screen), nothing of the session is restored (nor is --view NAME opened), and a notice
says so: their keys win, whole, rather than half of their state and half of the session's.

The conversion to and from the stored form (and its checks) is tui/core/view_states.py,
imported only here, once the annotations (and so SQLite and pydantic) are loaded.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.css.query import NoMatches
from textual.timer import Timer

from tui.core.filters import Filter, added, start_row
from tui.core.kinds import PageKind
from tui.core.textsafe import one_line
from tui.ui.screens.axis import AxisScreen
from tui.ui.screens.main import MainScreen
from tui.ui.screens.page import PageScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.widgets.search import SearchBar
from tui.ui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tui.core.annotations import DatasetAnnotations
    from tui.core.view_states import ScreenView
    from tui.ui.app import TimelineApp

SAVE_AFTER = 0.5  # seconds without a change before a changed session is written


def main_screen_of(app: TimelineApp) -> MainScreen | None:
    return next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)


def shown_view(app: TimelineApp, main: MainScreen) -> ScreenView:
    """The main screen's filters and cursor, and the view on top of it: a time view or a
    page (the screen nearest the top; dialogs, help and the frequency table are passed over)."""
    from tui.core.view_states import ScreenView

    shown = ScreenView(main.filters, cursor=main.cursor_event_id())
    for screen in reversed(app.screen_stack):
        if screen is main:
            break
        if isinstance(screen, AxisScreen):
            if screen.lanes_wanted is None:
                return replace(shown, kind="axis")
            # The lanes shown once counted; until then those asked for (none: the default).
            lanes = screen.lanes or [*screen.lanes_wanted, *screen.added_lanes]
            return replace(shown, kind="lanes", lanes=tuple(lanes))
        if isinstance(screen, PageScreen):
            return replace(shown, kind=screen.page.kind, subject=screen.page.key)
    return shown


def show_view(
    app: TimelineApp, main: MainScreen, view: ScreenView, also: tuple[Filter, ...] = ()
) -> None:
    """Show a view: the screens above the main one close, its filters (then ``also``'s) apply
    with the cursor on its event if they keep it, and its time view or page opens. An event
    or a page subject no longer in the data is passed over. The list of files left out of
    the load stays until read: under it, the filters and cursor change but no view opens."""
    while not _on_top(app, main):
        app.pop_screen()
    filters = view.filters
    for extra in also:
        filters = added(filters, extra)
    # The cursor goes to the event among all events, then the filters keep it if they keep
    # the event (or move it to the next event shown), as they do when the user filters.
    cursor = view.cursor
    in_data = cursor is not None and main.store.row_of(cursor) is not None
    if cursor is not None and in_data and not main.select_event(cursor):
        main.apply_filters(())
        main.select_event(cursor)
    main.apply_filters(filters)
    page = _page_of(main, view)
    if app.screen is not main:
        return  # the files left out are still listed
    if view.kind == "axis":
        main.action_axis()
    elif view.kind == "lanes":
        lanes = [lane for lane in view.lanes if _in_data(main, lane.kind, lane.key)]
        main.action_lanes(lanes or None)
    elif page is not None:
        app.open_page(*page)


def _on_top(app: TimelineApp, main: MainScreen) -> bool:
    """The main screen is on top, or only the list of files left out of the load above it."""
    above = app.screen_stack[app.screen_stack.index(main) + 1 :]
    return all(isinstance(screen, ProblemsScreen) for screen in above)


def _page_of(main: MainScreen, view: ScreenView) -> tuple[PageKind, str] | None:
    """The page the view shows, if it shows one whose subject is in the data."""
    kind, key = view.kind, view.subject
    if (kind == "actor" or kind == "concern" or kind == "country") and key is not None:
        return (kind, key) if _in_data(main, kind, key) else None
    return None


def _in_data(main: MainScreen, kind: PageKind, key: str) -> bool:
    store = main.store
    if kind == "actor":
        return key in store.actors
    if kind == "concern":
        return key in store.concerns
    return key in store.countries_present()


def untouched(app: TimelineApp, main: MainScreen) -> bool:
    """Whether the user has done nothing yet: the main screen on top (or the files left out
    of the load listed over it), as it opened: the command line's filters, no search box
    open, the cursor on the event the data opens on or on the first one."""
    if not _on_top(app, main) or main.query_one(SearchBar).has_focus_within:
        return False
    if main.filters != app.initial_filters:
        return False
    timeline = main.query_one(TimelineView)
    row = timeline.current_row
    return row is None or timeline.cursor == 0 or row == start_row(main.store)


class SessionKeeper:
    """Restores a dataset's session once, then keeps it: ``changed`` after anything the
    session holds may have changed (written SAVE_AFTER later if it did), ``save_now`` on
    quit."""

    def __init__(self, app: TimelineApp, annotations: DatasetAnnotations) -> None:
        self.app = app
        self.annotations = annotations
        self._saved: dict[str, Any] | None = None  # the session as the store holds it
        self._timer: Timer | None = None
        self._failed = False  # a failed write is said once

    def start(self) -> None:
        """Open as the command line asked, else restore the session; then keep it."""
        from tui.ui.saved_views import open_saved_view

        app, main = self.app, main_screen_of(self.app)
        if not app.is_running:  # the annotations opened as the app was closing
            return
        if main is None or not main.is_mounted:  # not built yet: once it is
            app.call_after_refresh(self.start)
            return
        if app.saved_view is not None and untouched(app, main):
            open_saved_view(app, app.saved_view, also=app.initial_filters)
        elif app.saved_view is not None:
            name = one_line(app.saved_view)
            app.notify(
                f"View “{name}” not opened: you had started before it was read. "
                f"Ctrl+P → Open view: {name} opens it.",
                title="Saved views",
                markup=False,
            )
        stored = self._stored()
        asked = app.saved_view is not None or app.fresh or app.initial_filters
        if stored is not None and not (asked or app.asked_for_a_view):
            self._restore(main, stored)
        # What the store holds: the session is written when what is shown differs from it
        # (so a --fresh start, or one the command line shaped, is the next session).
        self._saved = stored if isinstance(stored, dict) else None
        app.screen_change_signal.subscribe(app, lambda _screen: self.changed())

    def _stored(self) -> dict[str, Any] | Exception | None:
        """The stored session, or why it cannot be read."""
        import sqlite3

        try:
            return self.annotations.session()
        except (ValueError, sqlite3.Error) as error:  # a stored text that is not JSON
            return error

    def _restore(self, main: MainScreen, stored: dict[str, Any] | Exception) -> None:
        from tui.core.annotations import ViewError
        from tui.core.view_states import from_view_state

        view: ScreenView | None = None
        problem = "it is not readable"  # not JSON, or the store could not be read
        if not isinstance(stored, Exception):
            try:
                view = from_view_state(stored)
            except ViewError as error:
                problem = str(error)
        if view is None:
            self.app.notify(
                f"Your last session with this data no longer reads back ({one_line(problem)}); "
                "the app opens as new.",
                title="Last session ignored",
                severity="warning",
                markup=False,
                timeout=15,
            )
            return
        if not untouched(self.app, main):
            self.app.notify(
                "Your last session was not restored: you had started before it was read.",
                title="Last session",
                markup=False,
            )
            return
        show_view(self.app, main, view)

    def _current(self, main: MainScreen) -> dict[str, Any]:
        from tui.core.view_states import to_view_state

        return to_view_state(shown_view(self.app, main)).model_dump(mode="json")

    def changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(SAVE_AFTER, self._save_when_read)

    def _save_when_read(self) -> None:
        """The timer's save, put off while the cursor's event is still being read from the
        file (the session keeps its id): the interface never waits for a read to save."""
        main = main_screen_of(self.app)
        if main is not None and main.is_mounted and _cursor_unread(main):
            self.changed()  # again in SAVE_AFTER, when the row will have arrived
            return
        self.save_now()

    def save_now(self) -> None:
        """Write the session if it changed since it was last written (or restored)."""
        import sqlite3

        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        main = main_screen_of(self.app)
        if main is None or not main.is_mounted:
            return
        try:
            state = self._current(main)
        except NoMatches:  # the app is closing and its widgets are gone (exit saved it first)
            return
        if state == self._saved:
            return
        try:
            self.annotations.save_session(state)
        except (sqlite3.Error, OSError) as error:
            if not self._failed:
                self._failed = True
                self.app.notify(
                    one_line(str(error)),
                    title="Session not saved",
                    severity="warning",
                    markup=False,
                )
            return
        self._saved = state


def _cursor_unread(main: MainScreen) -> bool:
    """Whether the event at the main screen's cursor is still being read from its file."""
    try:
        row = main.query_one(TimelineView).current_row
    except NoMatches:  # closing
        return False
    return row is not None and not main.store.rows_ready((row,))


def start_session(app: TimelineApp, annotations: DatasetAnnotations | None) -> SessionKeeper | None:
    """Once the annotations are open: the keeper of the session (which opens --view NAME or
    restores the session), or None without annotations (a --view NAME then says why)."""
    if annotations is None:
        if app.saved_view is not None:
            from tui.ui.saved_views import open_saved_view

            open_saved_view(app, app.saved_view)  # says the views are off, and why
        return None
    keeper = SessionKeeper(app, annotations)
    keeper.start()
    return keeper
