"""The Textual app: a thin layer over the event store; owns navigation between screens."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import App, AutopilotCallbackType, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import ModalScreen, Screen

from tui.core.countries import CountryResolver
from tui.core.filters import Filter, initial_filters
from tui.core.kinds import PageKind
from tui.core.loading import OpenResult, ProgressCallback
from tui.core.model import ActorKind
from tui.core.pages import page_for
from tui.core.problems import LoadError, Problem
from tui.core.store import EventStore
from tui.core.textsafe import one_line
from tui.ui.binding_areas import LazyBindingIds, help_areas
from tui.ui.commands import GoToProvider, ViewsProvider
from tui.ui.config import LoadedSettings, config_path, read_settings, save_theme
from tui.ui.marks import AnnotationsReady, OpenedAnnotations, open_annotations
from tui.ui.messages import OpenPage
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.timeline import TimelineView

# The other screens are imported when first opened: the first screen needs only the main one.
if TYPE_CHECKING:  # opened only once a dataset is (sqlite and the store stay off start-up)
    from tui.core.annotations import DatasetAnnotations
    from tui.ui.session import SessionKeeper

# Keys named as the README names them; the rest as Textual writes them (↑, ⏎, ⌫, a letter).
KEY_NAMES = {
    "escape": "Esc",
    "tab": "Tab",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "space": "Space",
    "delete": "Del",
    "insert": "Ins",
}
FUNCTION_KEY = re.compile(r"f\d{1,2}")
# Signals that end the app: it shuts down as on q (the tty, the alternate screen and the mouse
# mode given back), then dies of the same signal so its parent sees why.
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
Opener = Callable[[ProgressCallback], OpenResult]


class TimelineApp(App[None]):
    TITLE = "Timeline Explorer"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {GoToProvider, ViewsProvider}
    # The screen gets "-narrow" below 100 columns (the detail pane goes under the timeline,
    # the footer and header compact themselves: app.tcss), "-wide" from 100 on.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (App's type)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("escape", "go_back", "Back", show=False, id="app.back"),
        # Declared here (Textual adds it otherwise) so help lists it and a keymap can move it.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            "Palette",
            show=False,
            priority=True,
            tooltip="Go to an actor, a concern or a country, or run any action",
            id="app.command-palette",
        ),
    ]

    def __init__(
        self,
        store: EventStore | None = None,
        *,
        opener: Opener | None = None,
        source_label: str = "",
        inputs: Sequence[Path] = (),
        countries: Sequence[str] = (),
        search: str = "",
        period: str = "",
        view: str = "list",
        lanes: Sequence[str] = (),
        starred: bool = False,
        tags: Sequence[str] = (),
        saved_view: str | None = None,
        fresh: bool = False,
        warnings: Sequence[str] = (),
        problems: Sequence[Problem] = (),
        blink: bool = True,
    ) -> None:
        """Give a store, or an opener to call in a worker while a progress screen shows.
        ``period``: a period filter's label ("2024-06..2024-09"); ``view``: "list", "axis" or
        "lanes", the view the main screen opens on; ``lanes``: the lanes' alpha-3 codes.
        ``starred``, ``tags``: filter by the analyst's marks; ``saved_view``: open on the view
        saved under that name; ``fresh``: ignore (and do not restore) the last session."""
        super().__init__()
        if store is None and opener is None:
            raise ValueError("TimelineApp needs a store or an opener")
        self._store = store
        self._opener = opener
        self._source_label = source_label
        self.inputs = tuple(inputs)
        periods = [Filter("period", period)] if period else []
        marks = [Filter("starred")] if starred else []
        marks += [Filter("tag", tag) for tag in dict.fromkeys(tags)]
        # Filters or a view asked for on the command line win over the last session
        # (tui/ui/session.py); --view list is the default, so it asks for nothing.
        self.initial_filters = (*initial_filters(countries, search), *periods, *marks)
        self.saved_view = saved_view
        self.fresh = fresh
        self.asked_for_a_view = view != "list" or bool(lanes)
        self.session: SessionKeeper | None = None  # once the annotations are open
        # The analyst's stars, notes, tags, views and session for the opened dataset; None
        # until the dataset is open, or when the annotations store cannot be used.
        self.annotations: DatasetAnnotations | None = None
        self._opening_view = (view, list(lanes))
        self._blink = blink
        self._warnings = list(warnings)
        self._problems = list(problems)
        self.resolver = CountryResolver(dict(_state_aliases(store)) if store else None)
        self.ended_by: signal.Signals | None = None
        self.settings: LoadedSettings = read_settings(
            config_path(), self.available_themes, LazyBindingIds(TimelineApp)
        )
        if self.settings.settings.theme is not None:
            self.theme = self.settings.settings.theme

    async def run_async(
        self,
        *,
        headless: bool = False,
        inline: bool = False,
        inline_no_clear: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
        auto_pilot: AutopilotCallbackType | None = None,
    ) -> None:
        """Textual's run, with SIGTERM and SIGHUP ending the app as q does (the terminal given
        back) before the process dies of the signal. Returns what ``exit`` was given (run()
        and the snapshot tests read it from here)."""
        loop = asyncio.get_running_loop()
        for ending in ENDING_SIGNALS:
            loop.add_signal_handler(ending, self._end_by_signal, ending)
        try:
            await super().run_async(
                headless=headless,
                inline=inline,
                inline_no_clear=inline_no_clear,
                mouse=mouse,
                size=size,
                auto_pilot=auto_pilot,
            )
        finally:
            for ending in ENDING_SIGNALS:
                loop.remove_signal_handler(ending)
        if self.ended_by is not None:
            # The terminal is back to normal here; dying of the signal now (rather than
            # returning) also skips waiting for a load still running in its thread.
            signal.signal(self.ended_by, signal.SIG_DFL)
            os.kill(os.getpid(), self.ended_by)
        return self.return_value

    def _end_by_signal(self, ending: signal.Signals) -> None:
        self.ended_by = ending
        self.exit(None, 128 + ending)

    @property
    def store(self) -> EventStore:
        if self._store is None:
            raise RuntimeError("the store is still loading")
        return self._store

    @property
    def is_loaded(self) -> bool:
        return self._store is not None

    def get_default_screen(self) -> Screen[None]:
        if self._store is None:
            from tui.ui.screens.loading import LoadingScreen

            return LoadingScreen(self._source_label)
        return self._main_screen()

    def _main_screen(self) -> MainScreen:
        screen = MainScreen(
            self.store, self.resolver, self.initial_filters, blink=self._blink, inputs=self.inputs
        )
        screen.open_on_view(*self._opening_view)
        return screen

    # -- loading a large file in a worker -------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        assert self._opener is not None
        loading = self.screen
        from tui.ui.screens.loading import LoadingScreen  # the first screen: imported already

        def progress(done: int, total: int | None) -> None:
            if isinstance(loading, LoadingScreen):
                self.call_from_thread(loading.set_progress, done, total)

        try:
            result = self._opener(progress)
        except LoadError as error:
            self.call_from_thread(self.exit, None, 1, Text(error.report()))
            return
        self.call_from_thread(self._loaded, result)

    def _loaded(self, result: OpenResult) -> None:
        self._store = result.store
        self.resolver = CountryResolver(dict(_state_aliases(result.store)))
        self.push_screen(self._main_screen())
        self._tell(result.warnings, result.problems)
        self._open_annotations()

    @work(thread=True, exclusive=True, group="annotations")
    def _open_annotations(self) -> None:
        opened = open_annotations(self.store)  # a million ids take a fraction of a second
        self.call_from_thread(self._annotations_opened, opened)

    def _annotations_opened(self, opened: OpenedAnnotations) -> None:
        self.annotations = opened.annotations
        for notice in opened.notices:
            self.notify(
                one_line(notice), title="Annotations", severity="warning", markup=False, timeout=15
            )
        for screen in self.screen_stack:
            screen.post_message(AnnotationsReady())
        from tui.ui.session import start_session

        self.session = start_session(self, opened.annotations)  # restores it, or --view NAME

    @on(TimelineView.Highlighted)
    def _session_changed(self) -> None:
        """The cursor moved, or the filters changed (the timeline then shows other rows)."""
        if self.session is not None:
            self.session.changed()

    def exit(
        self,
        result: None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """Exit as Textual does, the session written first, while its screens are there."""
        if self.session is not None:
            self.session.save_now()
        super().exit(result, return_code, message)

    def _tell(self, warnings: Sequence[str], problems: Sequence[Problem]) -> None:
        """Say how the data loaded: problems that kept files out in a dismissible screen."""
        # Only a load that went through the index cache can have left notes in it; importing
        # the cache otherwise would pull in polars (~0.2 s) for a small dataset's first screen.
        cache = sys.modules.get("tui.core.cache")
        notes: list[str] = cache.take_notes() if cache is not None else []
        if problems:
            from tui.ui.screens.problems import ProblemsScreen

            self.push_screen(ProblemsScreen(problems))
        for warning in [*warnings, *notes]:
            # Warnings quote file names and cells: shown as plain, visible text, never markup.
            self.notify(
                one_line(warning),
                title="Loaded with problems",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def on_mount(self) -> None:
        self.set_keymap(self.settings.settings.keymap)
        if self.settings.problems:
            self.notify(
                "\n".join(one_line(problem) for problem in self.settings.problems)
                + "\nThe default settings apply; the file is left as it is.",
                title="Settings file ignored",
                severity="warning",
                markup=False,
                timeout=20,
            )
        if self._store is None:
            self._load()
        else:
            self._tell(self._warnings, self._problems)
            self._open_annotations()

    @on(OpenPage)
    def _open_page(self, message: OpenPage) -> None:
        self.open_page(message.kind, message.key)

    def open_page(self, kind: PageKind, key: str) -> None:
        from tui.ui.screens.page import PageScreen

        page = page_for(self.store, kind, key)
        self.push_screen(PageScreen(self.store, page, self.inputs))

    def watch_theme(self, theme: str) -> None:
        """A theme chosen (Ctrl+P → theme) is kept for the next start."""
        if theme == self.settings.settings.theme or not self.is_running:
            return
        if not self.settings.writable:
            return  # said at start: the damaged file is left as the user wrote it
        try:
            self.settings = save_theme(self.settings, theme)
        except OSError as error:
            self.notify(
                f"{self.settings.path}: {error.strerror or error}",
                title="Theme not saved",
                severity="warning",
                markup=False,
            )

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen, help_rows

        if isinstance(self.screen, HelpScreen):
            return
        keymap = self.settings.settings.keymap
        rows = help_rows(help_areas(TimelineApp), keymap, self.get_key_display)
        self.push_screen(HelpScreen(rows))

    def action_go_back(self) -> None:
        """Esc from anywhere: a page or a dialog closes; on the main screen the timeline
        takes the focus back. (Widgets and screens that bind Esc themselves come first.)"""
        from tui.ui.screens.page import PageScreen

        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.query_one(TimelineView).focus()
        elif isinstance(screen, PageScreen | ModalScreen):
            screen.dismiss()

    def get_key_display(self, binding: Binding) -> str:
        """Keys as the README writes them: "Esc", "PgUp", "Shift+Tab", "Ctrl+P", "↑"."""
        if binding.key_display:
            return binding.key_display
        modifiers, key = binding.parse_key()
        name = KEY_NAMES.get(key) or format_key(key)
        if (modifiers and len(name) == 1) or FUNCTION_KEY.fullmatch(name):
            name = name.upper()  # "Ctrl+P", "F1": as written on the key
        return "+".join([*(modifier.capitalize() for modifier in modifiers), name])

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands, then every described binding active on the screen (the
        screen's, the focused widget's and the app's), so the palette offers every action."""
        yield from super().get_system_commands(screen)
        bound: list[tuple[DOMNode, Binding]] = [
            (active.node, active.binding) for active in screen.active_bindings.values()
        ]
        # The timeline's moves are offered even while the focus is elsewhere (on the links).
        for timeline in screen.query(TimelineView):
            bound.extend((timeline, b) for b in TimelineView.BINDINGS if isinstance(b, Binding))
        offered: set[tuple[int, str]] = set()
        for node, binding in bound:
            if not binding.description or (id(node), binding.action) in offered:
                continue
            offered.add((id(node), binding.action))
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.description, f"Key: {key}", partial(self.run_action, binding.action, node)
            )


def _state_aliases(store: EventStore) -> Iterable[tuple[str, str]]:
    """A dataset's own names for states (e.g. "Pyongyang" for North Korea) resolve too."""
    for actor in store.actors.values():
        if actor.kind is ActorKind.STATE and actor.country:
            for name in (actor.name, *actor.aliases):
                yield name, actor.country
