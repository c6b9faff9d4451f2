"""The frequency table (F): the view's events counted by a property; Enter dives into a value.

A dive returns the row to the main screen: a country or a period becomes a filter, an actor or
a concern opens its page (its events, co-actors and concerns). A kind or an actor pair cannot
be dived into yet: the store's Query has no filter by kind, and one actor at most.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.core.backends.base import TimeViewBackend
from tui.core.backends.memory import MemoryBackend
from tui.core.filters import Filter, describe, to_query
from tui.core.frequency import (
    PROPERTIES,
    PROPERTY_LABELS,
    Property,
    Row,
    frequency,
    sort_rows,
)
from tui.core.store import EventStore
from tui.core.textsafe import one_line
from tui.ui.marks import AnnotationsReady, annotations_of
from tui.ui.widgets.frequency import FrequencyView


class FrequencyScreen(Screen[Row | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(i + 1),
                f"show('{p}')",
                PROPERTY_LABELS[p].capitalize(),
                show=False,
                id=f"frequency.{p}",
            )
            for i, p in enumerate(PROPERTIES)
        ),
        Binding("s", "sort", "Sort by name/count", id="frequency.sort"),
        Binding("escape", "back", "Back to the list", id="frequency.back"),
    ]

    DEFAULT_CSS = """
    FrequencyScreen #frequency-title { background: $panel; padding: 0 1; }
    FrequencyScreen #frequency-tabs { padding: 0 1; }
    """

    def __init__(self, store: EventStore, filters: tuple[Filter, ...]) -> None:
        super().__init__()
        self.filters = filters
        self.store = store
        self.backend: TimeViewBackend = MemoryBackend(store)
        self.property = Property.COUNTRY
        self.by_name = False
        self.rows: list[Row] = []

    def compose(self) -> ComposeResult:
        yield Static(id="frequency-title")
        yield Static(id="frequency-tabs")
        yield FrequencyView(id="frequency")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FrequencyView).focus()
        self._count()

    def _count(self) -> None:
        self._titles()
        view = self.query_one(FrequencyView)
        view.show_message(f"Counting events by {PROPERTY_LABELS[self.property]}…")
        prop, query = self.property, to_query(self.filters, annotations_of(self.app))

        def count() -> None:
            rows = frequency(self.backend, self.store, query, prop)
            self.app.call_from_thread(self._shown, prop, rows)

        self.run_worker(count, thread=True, exclusive=True, group="frequency")

    @on(AnnotationsReady)
    def _marks_ready(self) -> None:
        """Opened before the analyst's marks were: a filter by them is counted again."""
        if any(f.kind in ("starred", "noted", "tag") for f in self.filters):
            self._count()

    def _shown(self, prop: Property, rows: list[Row]) -> None:
        if prop is self.property:
            self.rows = rows
            self.query_one(FrequencyView).show(sort_rows(rows, self.by_name))

    def _titles(self) -> None:
        scope = describe(self.filters) if self.filters else "all events"
        order = "name" if self.by_name else "count"
        what = PROPERTY_LABELS[self.property]
        title = f"Events by {what} · {scope} · sorted by {order} · Enter dives · Esc back"
        self.query_one("#frequency-title", Static).update(Text(title))
        tabs = Text()
        for i, prop in enumerate(PROPERTIES):
            style = "reverse bold" if prop is self.property else ""
            tabs.append(f" {i + 1} {prop} ", style)  # seven fit in 80 columns
        tabs.append("  Tab: next")
        self.query_one("#frequency-tabs", Static).update(tabs)

    def action_property(self, step: int) -> None:
        index = (PROPERTIES.index(self.property) + step) % len(PROPERTIES)
        self.action_show(PROPERTIES[index].value)

    def action_show(self, name: str) -> None:
        self.property = Property(name)
        self._count()

    def action_sort(self) -> None:
        self.by_name = not self.by_name
        self._titles()
        self.query_one(FrequencyView).show(sort_rows(self.rows, self.by_name))

    def action_back(self) -> None:
        self.dismiss(None)

    @on(FrequencyView.Chosen)
    def _chosen(self, event: FrequencyView.Chosen) -> None:
        row = event.row
        if row.dive == "none":
            why = {
                Property.KIND: "there is no filter by kind yet",
                Property.DYAD: "there is no filter by two actors yet",
            }.get(self.property, "its month is not known")
            self.notify(f"Cannot narrow to {one_line(row.label)}: {why}.", markup=False)
            return
        self.dismiss(row)
