"""Where each key works (for help) and every class a keymap may name, imported when first asked.

The screens listed here other than the main screen are opened later, if at all: naming them at
the top of the app would import them all before the first screen is drawn (issue 11 item 3).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from functools import cache
from typing import TYPE_CHECKING

from textual.dom import DOMNode
from textual.screen import Screen

if TYPE_CHECKING:
    from tui.ui.screens.help import HelpArea


@cache
def help_areas(app_class: type[DOMNode]) -> list[HelpArea]:
    """Where each key works, in the order help lists them."""
    from tui.ui.screens.axis import AxisScreen
    from tui.ui.screens.frequency import FrequencyScreen
    from tui.ui.screens.help import HelpScreen
    from tui.ui.screens.main import MainScreen
    from tui.ui.screens.note import NoteScreen
    from tui.ui.screens.page import PageScreen
    from tui.ui.screens.tags import TagScreen
    from tui.ui.widgets.axis import AxisView
    from tui.ui.widgets.detail import DetailReader, LinkList
    from tui.ui.widgets.frequency import FrequencyView
    from tui.ui.widgets.search import SearchBar
    from tui.ui.widgets.timeline import TimelineView

    return [
        ("everywhere", (app_class, Screen)),
        ("main screen", (MainScreen,)),
        ("timeline", (TimelineView,)),
        ("search box", (SearchBar,)),
        ("detail pane", (DetailReader,)),
        ("lists of links", (LinkList,)),
        ("pages", (PageScreen,)),
        ("time axis and lanes", (AxisScreen, AxisView)),
        ("frequency table", (FrequencyScreen, FrequencyView)),
        ("note editor", (NoteScreen,)),
        ("tags", (TagScreen,)),
        ("help", (HelpScreen,)),
    ]


def binding_classes(app_class: type[DOMNode]) -> list[type[DOMNode]]:
    """Every class whose bindings a keymap may name."""
    from tui.ui.screens.export import ExportScreen, ReplaceQuestion
    from tui.ui.screens.jump import JumpScreen
    from tui.ui.screens.problems import ProblemsScreen
    from tui.ui.screens.save_view import SaveViewScreen

    return [
        *(node_class for _, classes in help_areas(app_class) for node_class in classes),
        ProblemsScreen,
        ExportScreen,
        ReplaceQuestion,
        JumpScreen,
        SaveViewScreen,
    ]


class LazyBindingIds(Collection[str]):
    """Every binding id a keymap may name, worked out on the first question: only a settings
    file with a keymap asks, so a start without one imports none of the other screens."""

    def __init__(self, app_class: type[DOMNode]) -> None:
        self._ids: Callable[[], set[str]] = cache(lambda: _binding_ids(app_class))

    def __contains__(self, binding_id: object) -> bool:
        return binding_id in self._ids()

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids())

    def __len__(self) -> int:
        return len(self._ids())


def _binding_ids(app_class: type[DOMNode]) -> set[str]:
    from tui.ui.screens.help import binding_ids

    return binding_ids(binding_classes(app_class))
