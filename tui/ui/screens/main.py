"""The screen a user lives in: header with filter chips, density strip, timeline, detail pane."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from tui.core.countries import CountryResolver
from tui.core.filters import Filter, added, describe, to_query
from tui.core.store import EventStore
from tui.core.textsafe import one_line
from tui.ui.messages import OpenPage
from tui.ui.screens.export import start_export
from tui.ui.widgets.density import DensityStrip
from tui.ui.widgets.detail import DetailPane, LinkList
from tui.ui.widgets.search import SearchBar
from tui.ui.widgets.timeline import TimelineView
from tui.ui.widgets.topbar import Chip, TopBar


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding runs as the key arrives, not after the keys queued behind it: a
        # burst such as "/Japan" (a paste, a macro) then types into the box it opened.
        Binding("slash", "search", "Search", key_display="/", priority=True),
        Binding("c", "clear_filters", "Clear filters"),
        Binding("x", "remove_last_filter", "Remove last filter", show=False),
        Binding("e", "export", "Export"),
    ]

    def __init__(
        self,
        store: EventStore,
        resolver: CountryResolver,
        filters: tuple[Filter, ...] = (),
        *,
        blink: bool = True,
        inputs: Sequence[Path] = (),
    ) -> None:
        super().__init__()
        self.store = store
        self.resolver = resolver
        self.filters = filters
        self.inputs = tuple(inputs)
        self._blink = blink

    def compose(self) -> ComposeResult:
        yield TopBar(self.store.name)
        yield SearchBar(self.store, self.resolver, blink=self._blink)
        yield DensityStrip(self.store, id="density")
        with Horizontal(id="panes"):
            yield TimelineView(self.store, id="timeline")
            yield DetailPane(self.store, id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.apply_filters(self.filters)
        self.query_one(TimelineView).focus()

    # -- filters ------------------------------------------------------------------------------

    def apply_filters(self, filters: tuple[Filter, ...]) -> None:
        self.filters = filters
        timeline = self.query_one(TimelineView)
        query = to_query(filters)
        rows = self.store.query(query)
        if filters:
            removable = " or ".join(f"'{f.label}'" for f in reversed(filters))
            timeline.empty_message = (
                f"No events match {describe(filters)}. Remove a filter ({removable}): "
                "press x to remove the last one, or c to clear all."
            )
        else:
            timeline.empty_message = "This dataset has no events."
        timeline.show(rows, highlight=query.text, keep_row=timeline.current_row)
        top = self.query_one(TopBar)
        top.set_count(len(rows), len(self.store))
        top.set_filters(filters)
        self.query_one(DensityStrip).update_view(rows, timeline.current_row)

    def add_filter(self, new: Filter) -> None:
        self.apply_filters(added(self.filters, new))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" typed in the box is a character, not a new search.
        return not (action == "search" and self.query_one(SearchBar).has_focus_within)

    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    def action_export(self) -> None:
        rows = self.query_one(TimelineView).rows
        description = describe(self.filters) if self.filters else "all events"
        start_export(self, self.store, rows, description, self.inputs)

    def action_clear_filters(self) -> None:
        self.apply_filters(())

    def action_remove_last_filter(self) -> None:
        if self.filters:
            self.apply_filters(self.filters[:-1])

    @on(Chip.Removed)
    def _chip_removed(self, event: Chip.Removed) -> None:
        self.apply_filters(tuple(f for f in self.filters if f != event.removed))

    @on(SearchBar.Chosen)
    def _search_chosen(self, event: SearchBar.Chosen) -> None:
        choice = event.choice
        self.query_one(TimelineView).focus()
        if choice.kind == "country" or choice.kind == "text":
            self.add_filter(Filter(choice.kind, choice.value))
        else:
            self.post_message(OpenPage(choice.kind, choice.value))

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.query_one(TimelineView).focus()

    @on(SearchBar.RemoveLastFilter)
    def _search_remove_last(self) -> None:
        self.action_remove_last_filter()

    @on(SearchBar.Refused)
    def _search_refused(self, event: SearchBar.Refused) -> None:
        self.notify(
            one_line(event.message), title="Nothing found", severity="warning", markup=False
        )

    # -- cursor and links ---------------------------------------------------------------------

    @on(TimelineView.Highlighted)
    def _highlighted(self, event: TimelineView.Highlighted) -> None:
        self.query_one(DetailPane).show_row(event.row)
        density = self.query_one(DensityStrip)
        density.update_view(event.timeline.rows, event.row)

    @on(TimelineView.Opened)
    def _opened(self) -> None:
        self.query_one("#detail-links", LinkList).focus()

    @on(LinkList.Chosen)
    def _link_chosen(self, event: LinkList.Chosen) -> None:
        self.post_message(OpenPage(event.target.kind, event.target.key))
