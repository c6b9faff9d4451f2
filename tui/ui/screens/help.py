"""The help screen: every described binding, generated from the bindings as the keymap leaves
them, each key written as the footer writes it (``App.get_key_display``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.rowtext import KIND_MARKERS

# (where the keys work, the classes whose bindings work there)
HelpArea = tuple[str, Sequence[type[DOMNode]]]
HelpRow = tuple[str, str, str]  # (where, keys, what it does)


def class_bindings(node_class: type[DOMNode]) -> list[Binding]:
    """The bindings a class has, its bases' included, as Textual merges them (a subclass's
    binding for a key replaces the one its base had for that key); the class's own first."""
    declared = [
        [item if isinstance(item, Binding) else Binding(*item) for item in vars(base)["BINDINGS"]]
        for base in node_class.__mro__
        if "BINDINGS" in vars(base)
    ]
    by_key: dict[str, list[Binding]] = {}
    for bindings in reversed(declared):
        own: dict[str, list[Binding]] = {}  # a class may bind one key twice (Enter: two actions)
        for binding in bindings:
            for key in binding.key.split(","):
                own.setdefault(key.strip(), []).append(binding)
        by_key.update(own)
    kept = {id(binding) for bindings in by_key.values() for binding in bindings}
    return [binding for bindings in declared for binding in bindings if id(binding) in kept]


def binding_ids(classes: Iterable[type[DOMNode]]) -> set[str]:
    """Every binding id the classes declare: what a keymap may name."""
    return {b.id for node_class in classes for b in class_bindings(node_class) if b.id}


def help_rows(
    areas: Iterable[HelpArea],
    keymap: Mapping[str, str],
    key_display: Callable[[Binding], str],
) -> list[HelpRow]:
    """(where, keys, description) for each described binding, with the keys the keymap gives
    (as Textual applies it: the binding's keys replaced, its own key_display dropped)."""
    keys_for: dict[tuple[str, str], list[str]] = {}
    listed: set[int] = set()  # a binding inherited by several areas is listed in the first
    for where, classes in areas:
        for node_class in classes:
            for binding in class_bindings(node_class):
                if not binding.description or id(binding) in listed:
                    continue
                listed.add(id(binding))
                # Two bindings that say the same (q and Ctrl+Q: Quit) make one row.
                keys = keys_for.setdefault((where, binding.description), [])
                keys += [key for key in _keys_of(binding, keymap, key_display) if key not in keys]
    return [(where, ", ".join(keys), what) for (where, what), keys in keys_for.items()]


def _keys_of(
    binding: Binding, keymap: Mapping[str, str], key_display: Callable[[Binding], str]
) -> list[str]:
    remapped = keymap.get(binding.id) if binding.id else None
    if remapped is None and binding.key_display:
        return [binding.key_display]
    keys = (remapped or binding.key).split(",")
    return [
        key_display(binding.with_key(key.strip(), key_display=None)) for key in keys if key.strip()
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 100%; height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, rows: Sequence[HelpRow]) -> None:
        super().__init__()
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", expand=True, box=None, show_edge=False)
        table.add_column("Where", no_wrap=True)
        table.add_column("Keys", style="bold", no_wrap=True)
        table.add_column("What it does")
        previous = ""
        for where, keys, description in self.rows:
            # The area is named once, on its first row.
            table.add_row(Text(where if where != previous else ""), Text(keys), Text(description))
            previous = where
        legend = Text("\nTimeline markers: ", style="bold")
        for kind, marker in KIND_MARKERS.items():
            legend.append(f"{marker} {kind}  ", style="not bold")
        with VerticalScroll():
            yield Static(table)
            yield Static(legend)
