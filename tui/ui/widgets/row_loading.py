"""Rows a widget draws before its store has read them: the widget asks the store for them
(``ask_rows``) and hears of their arrival as a message, on the UI thread, so no key or repaint
ever waits on a query. A store held in memory answers at once (every row is always ready)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.message_pump import MessagePump

from tui.core.rowtext import kind_marker, row_text
from tui.core.store import EventStore

LOADING = "…"  # what stands for a row's text until it has been read


class RowsArrived(Message):
    """Rows asked of the store were read: ``held``, those of ``asked`` now ready."""

    bubble: ClassVar[bool] = False  # for the widget that asked only

    def __init__(self, asked: list[int], held: list[int]) -> None:
        super().__init__()
        self.asked = asked
        self.held = held


def ask_rows(
    store: EventStore,
    rows: Iterable[int],
    asker: MessagePump,
    *,
    full: bool = False,
) -> None:
    """Have the store read the rows (``full``: their whole events too); ``asker`` is then
    sent RowsArrived, whichever thread the store calls back on."""
    asked = [int(row) for row in rows]

    def arrived(held: list[int]) -> None:
        # post_message is thread-safe; it raises once the app has closed its loop (nobody
        # is left to tell).
        with contextlib.suppress(RuntimeError):
            asker.post_message(RowsArrived(asked, held))

    store.request_rows(asked, arrived, full=full)


def placeholder_row(
    date_label: str, date_width: int, width: int, date: Style, loading: Style
) -> Text:
    """A timeline row still being read: its date (held in memory), then a dim "…"."""
    text = row_text(
        date_label=date_label,
        date_width=date_width,
        kind="",
        title=LOADING,
        countries=(),
        width=width,
        styles={"date": date, "title": loading},
    )
    # No kind marker: the kind is not known yet (a date never holds the unknown kind's).
    plain = text.plain
    marker = plain.find(kind_marker(""), 1 + len(date_label.strip()))
    if marker >= 0:
        text.plain = f"{plain[:marker]} {plain[marker + 1 :]}"  # the same length: styles stay
    return text
