"""Command palette: go to any actor, concern or country in the dataset; save, open and delete
the analyst's saved views."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tui.core.countries import country_name
from tui.core.kinds import PageKind
from tui.core.textsafe import one_line
from tui.ui.marks import annotations_of

if TYPE_CHECKING:
    from tui.ui.app import TimelineApp

SAVE_VIEW = "Save view…"


class GoToProvider(Provider):
    """Offers "Go to actor/concern/country: …" for everything in the dataset."""

    def _targets(self) -> list[tuple[str, PageKind, str]]:
        app: TimelineApp = self.app  # type: ignore[assignment]
        if not app.is_loaded:
            return []
        store = app.store
        targets: list[tuple[str, PageKind, str]] = []
        targets += [
            (f"Go to actor: {one_line(a.name)}", "actor", a.id) for a in store.actors.values()
        ]
        targets += [
            (f"Go to concern: {one_line(c.label)}", "concern", c.id)
            for c in store.concerns.values()
        ]
        targets += [
            (f"Go to country: {country_name(code)} ({code})", "country", code)
            for code in store.countries_present()
        ]
        return targets

    def _open(self, kind: PageKind, key: str) -> None:
        app: TimelineApp = self.app  # type: ignore[assignment]
        app.open_page(kind, key)

    async def discover(self) -> Hits:
        for label, kind, key in self._targets():
            # Content, not str: the palette parses a str prompt as markup, and names are data.
            yield DiscoveryHit(Content(label), partial(self._open, kind, key), text=label)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, kind, key in self._targets():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, _highlight(matcher, label), partial(self._open, kind, key), label)


class ViewsProvider(Provider):
    """Offers "Save view…", then "Open view: NAME" and "Delete view: NAME" for each view saved
    for this dataset (once its annotations are open)."""

    async def startup(self) -> None:
        # The views are read once per palette opening, not at every key typed in it.
        self._commands: list[tuple[str, Callable[[], object]]] = []
        app: TimelineApp = self.app  # type: ignore[assignment]
        if annotations_of(app) is None or not app.is_loaded:
            return
        from tui.ui.saved_views import delete_saved_view, open_saved_view, saved_view_names

        names = saved_view_names(app)
        self._commands.append((SAVE_VIEW, partial(self._ask_name, names)))
        for name in names:
            self._commands.append(
                (f"Open view: {one_line(name)}", partial(open_saved_view, app, name))
            )
        for name in names:
            self._commands.append(
                (f"Delete view: {one_line(name)}", partial(delete_saved_view, app, name))
            )

    def _ask_name(self, names: list[str]) -> None:
        from tui.ui.saved_views import save_current_view
        from tui.ui.screens.save_view import SaveViewScreen

        app: TimelineApp = self.app  # type: ignore[assignment]

        def save(name: str | None) -> None:
            if name is not None:
                save_current_view(app, name)

        app.push_screen(SaveViewScreen(names), save)

    async def discover(self) -> Hits:
        for label, run in self._commands:
            yield DiscoveryHit(Content(label), run, text=label)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, run in self._commands:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, _highlight(matcher, label), run, label)


def _highlight(matcher: Matcher, label: str) -> Content:
    """Like Matcher.highlight, which parses its candidate as markup, but on plain text."""
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
