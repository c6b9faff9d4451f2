"""Command palette: go to any actor, concern or country in the dataset."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tui.core.countries import country_name
from tui.core.kinds import PageKind
from tui.core.textsafe import one_line

if TYPE_CHECKING:
    from tui.ui.app import TimelineApp


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


def _highlight(matcher: Matcher, label: str) -> Content:
    """Like Matcher.highlight, which parses its candidate as markup, but on plain text."""
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
