"""The search box: suggestions as you type, countries first, then free text, the analyst's
marks (starred, has a note, tags) and actors; after "#", the tags alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tui.core.countries import CountryResolver
from tui.core.kinds import ChoiceKind, MarkFilterKind
from tui.core.store import EventStore
from tui.core.suggest import TAG_PREFIX, EntitySearch, MarkMatch, mark_matches
from tui.core.textsafe import one_line, without_controls
from tui.ui.marks import annotations_of

# A suggestion adds a filter (a country, a text, a mark) or opens a page.
SearchChoiceKind = Literal[ChoiceKind, MarkFilterKind]
# Above this many events the actors' and concerns' names are read in a worker (a store over a
# large file reads them from it); below, as the box opens.
NAMES_READ_AT_ONCE = 50_000


class SearchInput(Input):
    """An Input that drops control characters: a paste can hold escape sequences, and Input
    shows its value as it is."""

    def validate_value(self, value: str) -> str:
        return without_controls(value)


@dataclass(frozen=True, slots=True)
class Choice:
    kind: SearchChoiceKind
    value: str


class SearchBar(Vertical):
    """Hidden until opened; Enter takes the highlighted suggestion, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close search", show=False),
        Binding("down", "suggestion(1)", "Next suggestion", show=False),
        Binding("up", "suggestion(-1)", "Previous suggestion", show=False),
    ]

    DEFAULT_CSS = """
    SearchBar { height: auto; display: none; background: $panel; padding: 0 1; }
    SearchBar.-open { display: block; }
    SearchBar > Input { border: tall $accent; }
    SearchBar > OptionList { height: auto; max-height: 10; border: none; }
    """

    class Chosen(Message):
        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

    class Closed(Message):
        """The box closed without a choice."""

    class RemoveLastFilter(Message):
        """Backspace in an empty box: drop the most recent filter chip."""

    def __init__(self, store: EventStore, resolver: CountryResolver, *, blink: bool = True) -> None:
        super().__init__(id="search")
        self.store = store
        self.resolver = resolver
        self._entities = EntitySearch(store)
        self._blink = blink
        self._choices: list[Choice | None] = []
        self._tags: list[tuple[str, int]] | None = None  # None: no annotations to offer

    def compose(self) -> ComposeResult:
        yield SearchInput(
            placeholder="Country (Japan, NZ, DPRK, British…), actor, or any text",
            id="search-input",
        )
        yield OptionList(id="search-suggestions")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self._blink
        self.query_one(OptionList).can_focus = False

    def open(self) -> None:
        # Shown and focused now, not on the next refresh (as the class and Widget.focus would):
        # keys that arrived in the same burst as "/" (a paste, a macro) are already queued,
        # and must reach the box rather than the timeline.
        self.add_class("-open")
        self.display = True
        box = self.query_one(Input)
        box.value = ""
        self._read_tags()
        if not self._entities.ready:
            if len(self.store) > NAMES_READ_AT_ONCE:
                self._prepare_entities()  # actors and concerns are offered once read
            else:
                self._entities.prepare()
        self._suggest("")
        self.screen.set_focus(box)

    @work(thread=True, exclusive=True, group="entity-names", exit_on_error=False)
    def _prepare_entities(self) -> None:
        self._entities.prepare()

    @on(Worker.StateChanged)
    def _entities_prepared(self, event: Worker.StateChanged) -> None:
        prepared = event.worker.group == "entity-names" and event.state == WorkerState.SUCCESS
        if prepared and self.has_class("-open"):  # offered for what is typed already
            self._suggest(self.query_one(Input).value)

    def close(self) -> None:
        self.remove_class("-open")
        self.display = False
        self.query_one(Input).value = ""

    def _read_tags(self) -> None:
        """The dataset's tags, read as the box opens (a tag added since is offered next time)."""
        import sqlite3  # loaded already when there are annotations (kept off start-up)

        annotations = annotations_of(self.app)
        try:
            self._tags = annotations.tag_counts() if annotations is not None else None
        except sqlite3.Error:
            self._tags = None

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self._suggest(event.value)

    def _suggest(self, typed: str) -> None:
        options: list[Option] = []
        choices: list[Choice | None] = []
        highlight: int | None = None
        text = " ".join(typed.split())
        if text.startswith(TAG_PREFIX) and self._tags is not None:
            self._suggest_tags(text)
            return
        if text:
            for suggestion in self.resolver.suggest(text):
                label = Text("Country  ", "italic")
                label.append(f"{suggestion.country.name} ({suggestion.country.code})", "bold")
                if suggestion.matched.casefold() not in suggestion.country.name.casefold():
                    label.append(f"  “{one_line(suggestion.matched)}”", "italic")
                options.append(Option(label))
                choices.append(Choice("country", suggestion.country.code))
            if not choices:
                # A typo's closest countries, to choose with ↑; Enter still searches the text.
                closest = self.resolver.closest(text)
                heading = Text(f"no country matches {one_line(text)!r}", "italic")
                if closest:
                    heading.append(" — did you mean:", "italic")
                options.append(Option(heading, disabled=True))
                choices.append(None)
                for close in closest:
                    label = Text("Country  ", "italic")
                    label.append(f"{close.name} ({close.code})", "bold")
                    options.append(Option(label))
                    choices.append(Choice("country", close.code))
                highlight = len(options)
            options.append(Option(Text("Text     ", "italic") + Text(f"“{one_line(text)}”")))
            choices.append(Choice("text", text))
            for mark in mark_matches(text, self._tags) if self._tags is not None else []:
                options.append(_mark_option(mark))
                choices.append(Choice(mark.kind, mark.value))
            for match in self._entities.matches(text) if self._entities.ready else ():
                options.append(
                    Option(Text(f"{match.kind.title():<9}", "italic") + Text(one_line(match.name)))
                )
                choices.append(Choice(match.kind, match.key))
        self._offer(options, choices, highlight)

    def _suggest_tags(self, text: str) -> None:
        """After "#": the tags that match, the first highlighted; else a text search."""
        options: list[Option] = []
        choices: list[Choice | None] = []
        for mark in mark_matches(text, self._tags or []):
            options.append(_mark_option(mark))
            choices.append(Choice(mark.kind, mark.value))
        if not choices:
            tag = one_line(text.removeprefix(TAG_PREFIX).strip())
            note = f"no tag {TAG_PREFIX}{tag}" if tag else "no tags yet (t tags an event)"
            options.append(Option(Text(note, "italic"), disabled=True))
            choices.append(None)
        options.append(Option(Text("Text     ", "italic") + Text(f"“{one_line(text)}”")))
        choices.append(Choice("text", text))
        self._offer(options, choices, None)

    def _offer(
        self, options: list[Option], choices: list[Choice | None], highlight: int | None
    ) -> None:
        suggestions = self.query_one(OptionList)
        suggestions.clear_options()
        suggestions.add_options(options)
        self._choices = choices
        if highlight is None:
            highlight = next((i for i, c in enumerate(choices) if c), None)
        suggestions.highlighted = highlight
        suggestions.display = bool(options)

    def action_suggestion(self, step: int) -> None:
        suggestions = self.query_one(OptionList)
        if step > 0:
            suggestions.action_cursor_down()
        else:
            suggestions.action_cursor_up()

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Closed())

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and not self.query_one(Input).value:
            event.stop()
            self.post_message(self.RemoveLastFilter())

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one(OptionList).highlighted
        choice = self._choices[index] if index is not None and index < len(self._choices) else None
        text = " ".join(event.value.split())
        if choice is None and text:
            country = self.resolver.resolve(text)
            choice = Choice("country", country.code) if country else Choice("text", text)
        if choice is None:
            self.action_cancel()
            return
        # A text that finds nothing is refused by the screen, which runs the query (in a
        # worker on a large store): running it here too would block the keys.
        self.close()
        self.post_message(self.Chosen(choice))

    @on(OptionList.OptionSelected, "#search-suggestions")
    async def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(OptionList).highlighted = event.option_index
        await self.query_one(Input).action_submit()


def _mark_option(mark: MarkMatch) -> Option:
    if mark.kind == "tag":
        label = Text("Tag      ", "italic") + Text(f"{TAG_PREFIX}{one_line(mark.value)}", "bold")
        label.append(f"  {mark.uses:,} event{'s' if mark.uses != 1 else ''}", "italic")
        return Option(label)
    shown = "★ starred" if mark.kind == "starred" else "has a note"
    return Option(Text("Filter   ", "italic") + Text(shown, "bold"))
