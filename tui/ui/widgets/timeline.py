"""The timeline: a line-rendered virtual view over an array of row numbers.

Only the visible lines are ever rendered (``render_line``), so a million events cost what ten
do. Lines are the event rows plus a line before each new year (``YearLines``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import numpy as np
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from tui.core.citing import event_text
from tui.core.columns import Rows
from tui.core.rowtext import row_text, year_separator
from tui.core.sorted_keys import year_starts
from tui.core.store import EventStore
from tui.core.textsafe import one_line
from tui.ui.marks import annotations_of
from tui.ui.widgets.row_cursor import RowCursorView, cursor_bindings
from tui.ui.widgets.row_loading import RowsArrived, ask_rows, placeholder_row
from tui.ui.widgets.year_lines import YearLines


class TimelineView(RowCursorView, can_focus=True):
    """Events in time order, one line each, with year separators and a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("timeline", "event"),
        Binding(
            "left_square_bracket",
            "previous_year",
            "Previous year",
            key_display="[",
            id="timeline.previous-year",
            show=False,  # in help; the footer keeps room for Search, Help and Quit
        ),
        Binding(
            "right_square_bracket",
            "next_year",
            "Next year",
            key_display="]",
            id="timeline.next-year",
            show=False,  # in help; the footer keeps room for Search, Help and Quit
        ),
        Binding("enter", "open", "Links", id="timeline.open"),
        Binding("y", "copy_event", "Copy event", show=False, id="copy-event"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--cursor",
        "timeline--year",
        "timeline--date",
        "timeline--kind",
        "timeline--countries",
        "timeline--match",
        "timeline--empty",
        "timeline--star",
        "timeline--loading",
    }

    DEFAULT_CSS = """
    TimelineView {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
    }
    TimelineView > .timeline--cursor { background: $block-cursor-blurred-background; }
    TimelineView:focus > .timeline--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    /* NO_COLOR leaves only grey backgrounds: mark the cursor row with text styles too. */
    TimelineView:nocolor > .timeline--cursor { text-style: underline; }
    TimelineView:nocolor:focus > .timeline--cursor { text-style: bold reverse; }
    TimelineView > .timeline--year { color: $accent; text-style: bold; }
    TimelineView > .timeline--date { color: $text-muted; }
    TimelineView > .timeline--kind { color: $text-secondary; }
    TimelineView > .timeline--countries { color: $text-muted; }
    TimelineView > .timeline--match { background: $warning 40%; text-style: bold underline; }
    TimelineView > .timeline--empty { color: $text-muted; text-style: italic; }
    /* $text-primary: readable in every theme ($text-warning is 2.6:1 in atom-one-light). */
    TimelineView > .timeline--star { color: $text-primary; text-style: bold; }
    TimelineView > .timeline--loading { color: $text-muted; text-style: dim; }
    """

    class Highlighted(Message):
        """The cursor moved to another event (or there is none)."""

        def __init__(self, timeline: TimelineView, row: int | None) -> None:
            super().__init__()
            self.timeline = timeline
            self.row = row

        @property
        def control(self) -> TimelineView:
            return self.timeline

    class Opened(Message):
        """Enter on an event: the screen moves focus to its links."""

        def __init__(self, timeline: TimelineView, row: int) -> None:
            super().__init__()
            self.timeline = timeline
            self.row = row

    def __init__(
        self, store: EventStore, rows: Rows | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.store = store
        self.rows: Rows = store.all_rows() if rows is None else rows
        self.highlight_text = ""
        self.empty_message = "No events."
        self._lines = YearLines()
        # Lines drawn, by (line, width, selected, starred); rows still being read by their
        # date label instead of their line (rows of one date draw the same placeholder).
        self._cache: LRUCache[tuple[int | str, int, bool, bool], Strip] = LRUCache(1024)
        self._starred: set[int] = set()  # rows the analyst starred (shown with a ★)
        self._date_width = store.date_column_width()
        self._asked: set[int] = set()  # rows asked of the store and not arrived yet
        self._copy_asked: int | None = None  # the row `y` copies once it has arrived
        self._layout_lines()

    def on_mount(self) -> None:
        self.store.showing(self.rows)
        self.load_stars()

    # -- data ---------------------------------------------------------------------------------

    def show(
        self,
        rows: Rows,
        highlight: str = "",
        keep_row: int | None = None,
        *,
        complete: bool = True,
    ) -> None:
        """Show other rows, keeping the reader's place in time: the cursor stays on
        ``keep_row`` if it is among them, else goes to the next event shown (rows are in time
        order), or the last. ``complete`` False: the first rows a search found (more come)."""
        self.rows = rows
        self.highlight_text = highlight
        self._layout_lines()
        position = 0
        if keep_row is not None and len(rows):
            position = min(int(np.searchsorted(rows, keep_row)), len(rows) - 1)
        # While a search still scans, the store reads only the screen from the cursor down:
        # reading ahead in all it found would slow the scan (grow tells it the rest).
        self.store.showing(rows if complete else self.screen_from(rows, position))
        # Other rows repaint everything anyway: set the cursor without the watcher's line
        # refreshes, and announce it even when its position is unchanged (its event is not).
        self.set_reactive(TimelineView.cursor, position)
        self._scroll_cursor_to_top()
        # Before the first layout the view has no height and the scroll is clamped to 0: the
        # cursor (the story the data opens on) is put in view again once it has one.
        self.call_after_refresh(self._scroll_cursor_to_top)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_row))

    def screen_from(self, rows: Rows, position: int) -> Rows:
        """The rows a screen shows from a position down (40 before the view is laid out)."""
        return rows[position:][: max(self.size.height, 40)]

    def grow(self, rows: Rows, *, complete: bool) -> None:
        """Show more rows after those shown (a search still finding them): the cursor, the
        scroll and the lines drawn stay. The store reads ahead in them once complete."""
        self.rows = rows
        if complete:
            self.store.showing(rows)
        self._layout_lines(keep_drawn=True)
        self.refresh()

    def load_stars(self) -> None:
        """Read the starred events from the annotations (none until they are open)."""
        annotations = annotations_of(self.app)
        starred = annotations.starred_ids() if annotations is not None else set()
        self.set_starred(self.store.rows_of_ids(starred))

    def set_starred(self, rows: Iterable[int]) -> None:
        self._starred = {int(row) for row in rows}
        self.refresh()

    def set_row_starred(self, row: int, starred: bool) -> None:
        """Mark or unmark one event; only its line is drawn again (if it is shown)."""
        if starred:
            self._starred.add(row)
        else:
            self._starred.discard(row)
        position = int(np.searchsorted(self.rows, row))  # rows are in time order
        if position < len(self.rows) and int(self.rows[position]) == row:
            self.refresh_line(self.line_of(position))

    def _scroll_cursor_to_top(self) -> None:
        self.scroll_to(y=max(self.line_of(self.cursor) - 1, 0), animate=False, immediate=True)

    @property
    def current_row(self) -> int | None:
        if not len(self.rows):
            return None
        return int(self.rows[min(self.cursor, len(self.rows) - 1)])

    def _layout_lines(self, *, keep_drawn: bool = False) -> None:
        """Find where years change; a year's line goes before each of those positions."""
        starts = year_starts(self.store.columns.start_keys, self.rows)
        self._lines = YearLines(starts, len(self.rows))
        if not keep_drawn:
            self._cache.clear()
        self.virtual_size = Size(self.size.width, self._lines.count)

    def line_of(self, position: int) -> int:
        return self._lines.line_of(position)

    def _at_line(self, line: int) -> tuple[int | None, int | None]:
        """(event position, year) for a line: one of the two is None."""
        position, year_start = self._lines.at_line(line)
        if year_start is not None:
            return None, self.store.year(int(self.rows[year_start]))
        return position, None

    # -- rendering ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, self.virtual_size.height)
        self.call_after_refresh(self._scroll_to_cursor)  # a smaller view keeps its cursor

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not len(self.rows):
            return self._empty_line(y, width)
        position, year = self._at_line(line)
        selected = position is not None and position == self.cursor
        row = int(self.rows[position]) if position is not None else -1
        starred = row in self._starred
        key: tuple[int | str, int, bool, bool] = (line, width, selected, starred)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        # A row the store has still to read is drawn as a placeholder, and asked for: drawing
        # never waits on a query.
        loading = row >= 0 and not self.store.rows_ready((row,))
        label = ""
        if loading:
            self._ask_for_view(row)
            label = self.store.compact_date_label(row)
            key = (label, width, selected, starred)
            if (cached := self._cache.get(key)) is not None:
                return cached
        base = self.rich_style
        if year is not None:
            text = year_separator(year, width, self.get_component_rich_style("timeline--year"))
        elif position is not None:
            text = self._placeholder(label, width) if loading else self._row(row, width)
            if starred and len(text):
                # The row's first cell is a blank before the date: the star takes it, so the
                # date column stays where it is on every row.
                star_style = self.get_component_rich_style("timeline--star", partial=True)
                marked = Text(no_wrap=True, overflow="ellipsis", end="")
                marked.append("★", star_style)  # a span: Text(..., style) would colour the row
                marked.append_text(text[1:])
                text = marked
            if selected:
                text.stylize(self.get_component_rich_style("timeline--cursor"))
        else:
            return Strip.blank(width, base)
        strip = Strip(text.render(self.app.console)).simplify()
        strip = strip.crop_extend(0, width, base).apply_style(base)
        self._cache[key] = strip
        return strip

    def _row(self, row: int, width: int) -> Text:
        store = self.store
        return row_text(
            date_label=store.compact_date_label(row),
            date_width=self._date_width,
            kind=store.columns.kinds[row],
            title=store.columns.titles[row],
            countries=store.columns.countries[row],
            width=width,
            highlight=self.highlight_text,
            styles={
                "date": self.get_component_rich_style("timeline--date", partial=True),
                "kind": self.get_component_rich_style("timeline--kind", partial=True),
                "countries": self.get_component_rich_style("timeline--countries", partial=True),
                "match": self.get_component_rich_style("timeline--match", partial=True),
            },
        )

    def _placeholder(self, date_label: str, width: int) -> Text:
        return placeholder_row(
            date_label,
            self._date_width,
            width,
            self.get_component_rich_style("timeline--date", partial=True),
            self.get_component_rich_style("timeline--loading", partial=True),
        )

    def _ask_for_view(self, row: int) -> None:
        """Ask the store for the rows in view (the row drawn as a placeholder among them),
        once: their arrival draws them again."""
        if row in self._asked:
            return
        top = self.scroll_offset.y
        height = max(self.scrollable_content_region.height, 1)
        # The first position at or below the top line (each separator above it takes a line).
        first = self._lines.first_at_or_below(top)
        shown = [int(r) for r in self.rows[first : first + height]]
        asked = [r for r in dict.fromkeys((row, *shown)) if r not in self._asked]
        self._asked.update(asked)
        ask_rows(self.store, asked, self)

    def on_rows_arrived(self, message: RowsArrived) -> None:
        self._asked.difference_update(message.asked)
        if self._copy_asked is not None and self._copy_asked in message.held:
            row, self._copy_asked = self._copy_asked, None
            self._copy(row)
        # The lines in view drawn again, once however many rows came. A row not read after all
        # (evicted, a failed fetch) is asked again when next drawn: a failing fetch never spins.
        if message.held:
            self.refresh_lines(self.scroll_offset.y, self.scrollable_content_region.height)

    def _empty_line(self, y: int, width: int) -> Strip:
        if y != 1:
            return Strip.blank(width, self.rich_style)
        style = self.get_component_rich_style("timeline--empty")
        return Strip([Segment(f"  {self.empty_message}", style)]).crop_extend(
            0, width, self.rich_style
        )

    # -- cursor -------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        # refresh_line takes a line of the virtual space (it subtracts the scroll offset).
        for position in (old, new):
            if 0 <= position < len(self.rows):
                self.refresh_line(self.line_of(position))
        self._scroll_to_cursor()  # a scroll repaints what it shows
        self.post_message(self.Highlighted(self, self.current_row))

    def _scroll_to_cursor(self) -> None:
        if not len(self.rows):
            return
        line = self.line_of(self.cursor)
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        # Show the year separator above the first event of a year when moving up to it.
        wanted_top = line - 1 if self._lines.starts_year(self.cursor) else line
        if wanted_top < top:
            self.scroll_to(y=wanted_top, animate=False, immediate=True)
        elif line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False, immediate=True)

    def action_previous_year(self) -> None:
        """Start of this year, or of the previous one when already at a year's start."""
        if (start := self._lines.previous_start(self.cursor)) is not None:
            self.cursor = start

    def action_next_year(self) -> None:
        if (start := self._lines.next_start(self.cursor)) is not None:
            self.cursor = start

    def action_copy_event(self) -> None:
        row = self.current_row
        if row is None:
            return
        if self.store.rows_ready((row,), full=True):
            self._copy(row)
            return
        # Copied once it has been read: the key does not wait on the file.
        self._copy_asked = row
        ask_rows(self.store, (row,), self, full=True)

    def _copy(self, row: int) -> None:
        self.app.copy_to_clipboard(event_text(self.store, row))
        title = one_line(self.store.columns.titles[row])
        self.notify(f"Copied event “{title}” to the clipboard", title="Copied", markup=False)

    def action_open(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Opened(self, row))

    def on_click(self, event: events.Click) -> None:
        position, _ = self._at_line(self.scroll_offset.y + event.y)
        if position is not None:
            self.cursor = position
            if event.chain == 2:
                self.action_open()
