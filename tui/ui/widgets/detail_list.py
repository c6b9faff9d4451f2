"""A line-rendered list of items that may span many lines (a link, a source with its quote).

The cursor rests on an item and is always in view: ↓ on an item taller than the pane scrolls
through it a line at a time before moving on, so every line of every item can be reached from
the keyboard at any terminal size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.pages import LinkTarget
from tui.ui.widgets.detail_items import Entry, heading


class LinkList(ScrollView, can_focus=True):
    """Items, some of them links to pages; Enter or a click opens a link."""

    DEFAULT_CSS = """
    LinkList { background: $surface; overflow-x: hidden; overflow-y: auto; }
    LinkList > .link-list--selected { background: $block-cursor-blurred-background; }
    LinkList:focus > .link-list--selected {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    LinkList:nocolor > .link-list--selected { text-style: underline; }
    LinkList:nocolor:focus > .link-list--selected { text-style: bold reverse; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"link-list--selected"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Previous item", show=False, id="links.up"),
        Binding("down", "cursor_down", "Next item", show=False, id="links.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="links.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="links.page-down"),
        Binding("home", "first", "First item", show=False, id="links.first"),
        Binding("end", "last", "Last item", show=False, id="links.last"),
        Binding("enter", "open_page", "Open page", id="links.open-page"),
    ]

    selected: reactive[int | None] = reactive(None, init=False)
    """The index (into ``entries``) of the item the cursor is on."""

    class Chosen(Message):
        """Enter (or a click) on a link: the screen opens its page."""

        def __init__(self, target: LinkTarget) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[Entry] = []
        self._width = 0  # the width the layout below was made for
        self._spans: list[tuple[int, int]] = []  # per entry: first line, line count
        self._lines: list[tuple[int, list[Segment]]] = []  # per line: its entry, its segments
        self._strips: dict[tuple[int, bool], Strip] = {}

    # -- content ------------------------------------------------------------------------------

    @property
    def entries(self) -> Sequence[Entry]:
        return self._entries

    @property
    def selected_entry(self) -> Entry | None:
        return None if self.selected is None else self._entries[self.selected]

    def set_entries(self, entries: Sequence[Entry]) -> None:
        """Show new items, the cursor on the first that can be chosen, scrolled to the top."""
        self._entries = list(entries)
        self._width, self._spans, self._lines, self._strips = 0, [], [], {}
        self._layout()
        self.set_reactive(LinkList.selected, self._next_selectable(-1, 1))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()
        if self.has_focus:  # the footer shows the focused widget's keys; it rebuilds on this
            self.refresh_bindings()

    def set_links(self, groups: list[tuple[str, list[tuple[Text, LinkTarget]]]]) -> None:
        """Headings, each with its links; headings are shown but cannot be chosen."""
        entries: list[Entry] = []
        for label, links in groups:
            if links:
                entries.append(heading(label))
                entries += [Entry(prompt, target=target) for prompt, target in links]
        self.set_entries(entries)

    def entry_span(self, index: int) -> tuple[int, int]:
        """The first line of item ``index`` and its height in lines, at the current width."""
        self._layout()
        return self._spans[index] if index < len(self._spans) else (0, 0)

    # -- layout and rendering -------------------------------------------------------------------

    def _layout(self, width: int | None = None) -> None:
        if width is None:
            width = self.scrollable_content_region.width
        # Before its first layout the list has no width: wrapping a long summary one
        # character a line would cost seconds, so it waits for a real width.
        if width <= 0 or width == self._width:
            return
        self._width = width
        console = self.app.console
        options = console.options.update_width(width)
        self._spans, self._lines, self._strips = [], [], {}
        for index, entry in enumerate(self._entries):
            rendered = console.render_lines(entry.prompt, options, pad=False)
            self._spans.append((len(self._lines), len(rendered)))
            self._lines += [(index, line) for line in rendered]
        self.virtual_size = Size(width, len(self._lines))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._layout(width)
        return len(self._lines)

    def on_resize(self) -> None:
        self._layout()
        self._show_selected()

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    def on_focus(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        self._layout()
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        if not 0 <= line < len(self._lines):
            return Strip.blank(width, self.rich_style)
        index, segments = self._lines[line]
        is_selected = index == self.selected
        if (strip := self._strips.get((line, is_selected))) is None:
            style = self.rich_style
            if is_selected:
                style += self.get_component_rich_style("link-list--selected")
            strip = Strip(segments).crop_extend(0, width, None).apply_style(style)
            self._strips[(line, is_selected)] = strip
        return strip

    def watch_selected(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None and index < len(self._spans):
                top, height = self._spans[index]
                self.refresh_lines(top, height)
        if self.has_focus:  # the footer shows the focused widget's keys; it rebuilds on this
            self.refresh_bindings()

    # -- moving ---------------------------------------------------------------------------------

    def _ready(self) -> bool:
        """Whether the items are laid out (the list has a width) and one is selected."""
        self._layout()
        return self.selected is not None and len(self._spans) == len(self._entries)

    def _next_selectable(self, start: int, step: int) -> int | None:
        index = start + step
        while 0 <= index < len(self._entries):
            if self._entries[index].selectable:
                return index
            index += step
        return None

    def _view(self) -> tuple[int, int]:
        top = round(self.scroll_y)
        return top, top + self.scrollable_content_region.height

    def _scroll(self, top: int) -> None:
        self.scroll_to(y=max(0, min(top, self.max_scroll_y)), animate=False, immediate=True)

    def _show_selected(self, from_below: bool = False) -> None:
        """Scroll the least that brings the selected item into view, with the heading above
        it when that fits; an item taller than the pane shows its top (its bottom when the
        cursor arrived from below)."""
        if not self._ready() or self.selected is None:
            return
        top, height = self.entry_span(self.selected)
        bottom = top + height
        view_top, view_bottom = self._view()
        size = view_bottom - view_top
        above = self.selected - 1
        if above >= 0 and not self._entries[above].selectable:
            heading_top = self._spans[above][0]
            if bottom - heading_top <= size:
                top = heading_top
        if height > size:
            if top > view_top or bottom < view_bottom:  # not already filling the pane
                self._scroll(bottom - size if from_below else top)
        elif top < view_top:
            self._scroll(top)
        elif bottom > view_bottom:
            self._scroll(bottom - size)

    def action_cursor_down(self) -> None:
        if not self._ready() or self.selected is None:
            return
        top, height = self.entry_span(self.selected)
        view_top, view_bottom = self._view()
        if top + height > view_bottom:  # read on through a tall item
            self._scroll(view_top + 1)
            return
        following = self._next_selectable(self.selected, 1)
        if following is None:
            self._scroll(self.max_scroll_y)  # what follows the last item, if anything
            return
        self.selected = following
        self._show_selected()

    def action_cursor_up(self) -> None:
        if not self._ready() or self.selected is None:
            return
        top, _ = self.entry_span(self.selected)
        view_top, _ = self._view()
        if top < view_top:
            self._scroll(view_top - 1)
            return
        previous = self._next_selectable(self.selected, -1)
        if previous is None:
            self._scroll(0)  # the headings above the first item
            return
        self.selected = previous
        self._show_selected(from_below=True)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """Scroll a page (less a line, for context); the cursor stays if its item is still in
        view, else moves to the first (or last) item in view."""
        if not self._ready() or self.selected is None:
            return
        view_top, view_bottom = self._view()
        size = view_bottom - view_top
        target = max(0, min(view_top + direction * max(1, size - 1), self.max_scroll_y))
        if target == view_top:  # at the end already: the cursor goes to the last item
            edge = (
                self._next_selectable(len(self._entries), -1)
                if direction > 0
                else self._next_selectable(-1, 1)
            )
            if edge is not None:
                self.selected = edge
            self._show_selected(from_below=direction > 0)
            return
        self._scroll(target)
        new_top, new_bottom = target, target + size
        top, height = self.entry_span(self.selected)
        bottom = top + height
        starts_in_view = new_top <= top < new_bottom
        ends_in_view = new_top < bottom <= new_bottom
        fills_view = top <= new_top and bottom >= new_bottom
        if (ends_in_view if direction < 0 else starts_in_view) or fills_view:
            return
        selectable = [i for i, entry in enumerate(self._entries) if entry.selectable]
        starting = [i for i in selectable if new_top <= self._spans[i][0] < new_bottom]
        if starting:
            self.selected = starting[0] if direction > 0 else starting[-1]
            return
        # No item starts in the page: the one that fills it (a long quote).
        for index in selectable:
            first, lines = self._spans[index]
            if first < new_top and first + lines >= new_bottom:
                self.selected = index

    def action_first(self) -> None:
        self.selected = self._next_selectable(-1, 1)
        self._scroll(0)

    def action_last(self) -> None:
        self.selected = self._next_selectable(len(self._entries), -1)
        self._scroll(self.max_scroll_y)

    # -- choosing -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_page":
            entry = self.selected_entry
            return entry is not None and entry.target is not None
        return True

    def action_open_page(self) -> None:
        entry = self.selected_entry
        if entry is not None and entry.target is not None:
            self.post_message(self.Chosen(entry.target))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = round(self.scroll_y) + offset.y
        if 0 <= line < len(self._lines):
            index = self._lines[line][0]
            if self._entries[index].selectable:
                self.selected = index
                self.action_open_page()
