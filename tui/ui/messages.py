"""Messages that cross screens: they bubble up to the app, which owns navigation."""

from __future__ import annotations

from textual.message import Message

from tui.core.kinds import PageKind


class OpenPage(Message):
    """Open the page of an actor, a concern or a country."""

    def __init__(self, kind: PageKind, key: str) -> None:
        super().__init__()
        self.kind: PageKind = kind
        self.key = key
