"""The brief's escaping takes shortcuts (a text that cannot change is returned at once, a batch
is escaped by polars): each gives exactly what the rules give. The oracle is the escaping as it
was written before the shortcuts, on the module's own regexes, over crafted strings and every
character of the basic plane."""

from __future__ import annotations

import random
import re
import sys

import pytest

from tests.export_stores import CONTROLS, HOSTILE, MARKUP
from tui.core.exporters import markdown_escape
from tui.core.exporters.markdown_escape import (
    _ESCAPE,
    _LINE_START,
    escape_block,
    escape_blocks,
    escape_inline,
    escape_line,
    escape_lines,
)
from tui.core.textsafe import (
    BIDI_CONTROLS,
    C0_CONTROLS,
    C1_CONTROLS,
    LINE_SEPARATORS,
    characters,
    one_line,
    visible_lines,
)


# The escaping as it was: every text through the regexes, no shortcut.
def oracle_inline(text: str) -> str:
    return _ESCAPE.sub(r"\\\g<0>", text)


def _marker(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def oracle_line(text: str) -> str:
    text = oracle_inline(one_line(text))
    return _LINE_START.sub(_marker, text, count=1) if _LINE_START.match(text) else text


def oracle_block(text: str) -> str:
    paragraphs: list[str] = []
    for block in visible_lines(text).split("\n\n"):
        lines = [oracle_line(line) for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


# Pieces that each rule, or each shortcut's test, looks at: Markdown syntax in and out of
# context, every kind of whitespace and control, Unicode digits and letters, wide characters.
FRAGMENTS = [
    *"aZé1٣–·😀",
    *"`*[]<>|~$@\\_#&:.!(){}-+=",
    "__x__",
    "a_b",
    "_a",
    "b_",
    "&amp;",
    "&#12;",
    "&x;",
    "& ",
    "http://",
    "h://",
    "x:/",
    "www.",
    "WwW.",
    "wWw.x",
    "w.",
    "ww.",
    "aw.",
    " #",
    "# ",
    "1.",
    "2)",
    "١٢.",
    "\\\\",
    "\\a",
    "\\.",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\x85",
    "\xa0",
    "\u1680",
    "\u2000",
    "\u2028",
    "\u2029",
    "\u202f",
    "\u3000",
    "\x00",
    "\x1b[2J",
    "\x7f",
    "\x9b",
    "\u202e",
    "\u2066",
    "\u200e",
    "\u061c",
    "\u200b",
    "\ufeff",
    "\U000e0001",
    "\ue000",
    "\u0378",
    "On 3 June, 12 people [size=no report].",
]


def crafted(count: int, seed: int) -> list[str]:
    chance = random.Random(seed)
    texts = ["", " ", "x", *HOSTILE]
    for _ in range(count):
        texts.append("".join(chance.choices(FRAGMENTS, k=chance.randint(1, 7))))
    return texts


CRAFTED = crafted(6000, seed=11)


def test_each_escaper_is_the_rules_on_crafted_text() -> None:
    for text in CRAFTED:
        assert escape_inline(text) == oracle_inline(text), repr(text)
        assert escape_line(text) == oracle_line(text), repr(text)
        assert escape_block(text) == oracle_block(text), repr(text)


@pytest.mark.parametrize("size", [1, 63, 64, 500, len(CRAFTED)])
def test_batches_are_the_rules_on_crafted_text(size: int) -> None:
    """Below 64 texts one by one, from 64 with polars: the same either way."""
    texts = CRAFTED[:size]
    assert escape_lines(texts) == [oracle_line(t) for t in texts]
    assert escape_blocks(texts) == [oracle_block(t) for t in texts]


def test_batches_take_a_polars_column() -> None:
    import polars as pl

    texts = CRAFTED[:300]
    column = pl.Series(texts, dtype=pl.String)
    assert escape_lines(column) == [oracle_line(t) for t in texts]
    assert escape_blocks(column) == [oracle_block(t) for t in texts]


def basic_plane() -> list[str]:
    return [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]


@pytest.mark.parametrize("form", ["a{}b", "{}a", "a {}", "{}"])
def test_every_character_of_the_basic_plane(form: str) -> None:
    """Each character alone, at the start, mid-word and at the end: the batch (polars' test of
    what is simple, Rust's regex and Unicode tables) and the one-by-one shortcuts agree with
    the rules."""
    texts = [form.format(c) for c in basic_plane()]
    expected = [oracle_line(t) for t in texts]
    assert escape_lines(texts) == expected
    assert [escape_line(t) for t in texts] == expected
    blocks = [oracle_block(t) for t in texts]
    assert escape_blocks(texts) == blocks


def test_the_printable_shortcut_rests_on_unicode() -> None:
    """escape_line() and escape_block() skip one_line() and visible_lines() for a printable
    text: no printable character is whitespace (but the space), a control or a bidi mark."""
    unsafe = set(characters(f"{C0_CONTROLS}{C1_CONTROLS}{BIDI_CONTROLS}{LINE_SEPARATORS}"))
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if character.isprintable() and character != " ":
            assert not character.isspace(), hex(code)
            assert character not in unsafe, hex(code)


def test_whitespace_lies_in_the_basic_plane() -> None:
    """The batch test lists str.isspace()'s characters from the basic plane alone."""
    assert all(not chr(c).isspace() for c in range(0x10000, sys.maxunicode + 1))


def test_the_shortcuts_are_taken() -> None:
    """Not vacuous: a plain note and a note with brackets never reach the regex."""

    class Refuse:
        def sub(self, *_: object) -> str:
            raise AssertionError("the full escaper ran")

    plain = "On 3 June, 12 people were killed in Town 4 (Kassala, Sudan). [size=no report]"
    original = markdown_escape._ESCAPE
    markdown_escape._ESCAPE = Refuse()  # type: ignore[assignment]
    try:
        assert escape_block(plain) == plain.replace("[", "\\[").replace("]", "\\]")
        assert escape_lines([plain] * 100) == [escape_block(plain)] * 100
    finally:
        markdown_escape._ESCAPE = original


def test_hostile_markup_still_escapes() -> None:
    """The shortcuts keep the security property: what the rules escape is escaped."""
    for text in [*MARKUP, *CONTROLS]:
        assert escape_line(text) == oracle_line(text)
    assert escape_line("www.evil.example") == "www\\.evil.example"
    assert escape_line("see https://evil.example") == "see https\\://evil.example"
    assert escape_line("a __b__ c") == "a \\_\\_b\\_\\_ c"
    assert escape_line("٣. listed") == "٣\\. listed"
    assert escape_line("&amp; #1 a_b") == "\\&amp; \\#1 a_b"
