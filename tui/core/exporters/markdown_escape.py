"""Data text escaped for Markdown so that, whatever it holds, it renders as the same text: never
a link, an image, HTML, a heading, a list, a table or emphasis. It is escaped *only* where
Markdown would read something into it, so the source stays readable ("(June 2024)",
"pressite_000001"). Control characters are made visible.

The rules are the regexes below. A brief of a large view escapes hundreds of thousands of
texts, most of which hold none of what the subtler rules look for. So each function first makes
a cheap test that proves a text can only change in a simple way (a backslash before each of
_ALWAYS) or not at all, and otherwise applies the rules as written; and a batch's titles and
summaries are tested and escaped by polars a column at a time (:func:`escape_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from tui.core.textsafe import (
    BIDI_CONTROLS,
    C0_CONTROLS,
    C1_CONTROLS,
    LINE_SEPARATORS,
    characters,
    one_line,
    visible_lines,
)

if TYPE_CHECKING:
    from tui.core.exporters.brief_fields import Texts

# Each alternative is a character that Markdown (CommonMark, GitHub) could read as syntax here:
# - anywhere: emphasis and code (* `), links and images ([ ]), raw HTML and autolinks (<),
#   tables (|), strikethrough (~), math ($), mentions and e-mail links (@), a backslash that
#   would escape what follows, and the '&' of an entity reference;
# - '_' only where it could open or close emphasis: not between two letters or digits;
# - '#' after a space: a heading's closing sequence would swallow it;
# - the ':' of "scheme://" and the '.' of "www.", which GitHub turns into links.
# '(' ')' '!' '{' '}' and '>' mid-line mean nothing once '[' and '<' are escaped.
_ESCAPE = re.compile(
    r"(?=[`*\[\]<|~$@\\_#&:.])"
    r"(?:[`*\[\]<|~$@]|\\(?=[!-/:-@\[-`{-~]|$)|(?<![^\W_])_|_(?![^\W_])|(?<=\s)#"
    r"|&(?=#?[0-9A-Za-z]+;)|(?<=[A-Za-z]):(?=//)|(?<=\b[wW]{3})\.)"
)
# At the start of a line: list items (- + 1. 1)), setext underlines (= -), headings, quotes.
_LINE_START = re.compile(r"([-+=#>])|(\d+)([.)])")
# The characters _ESCAPE's first alternative escapes wherever they are.
_ALWAYS = "`*[]<|~$@"


def _only_always(text: str) -> bool:
    """True when no alternative of _ESCAPE but the first can match: each of the others needs
    one of these substrings ('\\', '_', '#', '&' themselves, "://" around the ':', and a
    "w." or "W." before the '.' of "www.")."""
    return not (
        "\\" in text
        or "_" in text
        or "#" in text
        or "&" in text
        or "://" in text
        or "w." in text
        or "W." in text
    )


def escape_inline(text: str) -> str:
    """Text that Markdown renders as exactly this text, on any line but the first position."""
    if _only_always(text):
        # Then _ESCAPE puts a backslash before each of these and nothing else.
        for character in _ALWAYS:
            if character in text:
                text = text.replace(character, "\\" + character)
        return text
    return _ESCAPE.sub(r"\\\g<0>", text)


def _one_line(text: str) -> str:
    """one_line(text), at once when the text is one already: printable (no control, bidi
    character or whitespace but the space: all are 'Other' or 'Separator' in Unicode), its
    spaces single and none at either end."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return one_line(text)


def escape_line(text: str) -> str:
    """One line of data, safe to put at the start of a Markdown line."""
    text = escape_inline(_one_line(text))
    return _LINE_START.sub(_escape_marker, text, count=1) if _LINE_START.match(text) else text


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def escape_block(text: str) -> str:
    """Multi-line data as Markdown paragraphs; indentation dropped so nothing becomes code."""
    if text.isprintable():
        # No line break, tab, control or bidi character: one line, as visible_lines leaves it.
        return escape_line(text) if text.strip() else ""
    paragraphs: list[str] = []
    for block in visible_lines(text).split("\n\n"):
        lines = [escape_line(line) for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


# Fewer texts than this are escaped one by one: polars' own cost per call is then the larger.
_BATCH_MIN = 64


def escape_lines(texts: Texts) -> list[str]:
    """escape_line() of each text."""
    return [text.decode("utf-8") for text in escape_lines_utf8(texts)]


def escape_blocks(texts: Texts) -> list[str]:
    """escape_block() of each text."""
    return [text.decode("utf-8") for text in escape_blocks_utf8(texts)]


def escape_lines_utf8(texts: Texts) -> list[bytes]:
    """escape_line() of each text, in UTF-8 (what a brief is written in)."""
    return _each(texts, escape_line)


def escape_blocks_utf8(texts: Texts) -> list[bytes]:
    """escape_block() of each text, in UTF-8."""
    return _each(texts, escape_block)


def _each(texts: Texts, escape: Callable[[str], str]) -> list[bytes]:
    """escape(text) for each text, in UTF-8. A *simple* text, one that :func:`_not_simple`
    finds nothing in, is one line already (one_line() leaves it), starts no Markdown line and
    holds nothing but _ALWAYS that _ESCAPE matches: both escapers put a backslash before each
    of _ALWAYS in it, and nothing else. polars does that for every text (and gives the bytes
    without making a Python string of each); the others are escaped one by one."""
    if isinstance(texts, list) and len(texts) < _BATCH_MIN:
        return [escape(text).encode("utf-8") for text in texts]
    import polars as pl

    if isinstance(texts, list):
        # Text is valid Unicode (no model holds a lone surrogate), as UTF-8 needs it to be.
        texts = pl.Series(texts, dtype=pl.String)
    always = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _ALWAYS) + "]"
    escaped: list[bytes] = texts.str.replace_all(always, r"\${0}").cast(pl.Binary).to_list()
    others = texts.str.contains(_not_simple()).arg_true()
    for at, text in zip(others.to_list(), texts.gather(others).to_list(), strict=True):
        escaped[at] = escape(text).encode("utf-8")
    return escaped


@cache
def _not_simple() -> str:
    """A (Rust) regex that finds something in every text that is not simple (see _each):
    what one_line() would change (a control, bidi or line separator character, whitespace but
    the space as str.split() knows it, two spaces, a space at either end); the characters of
    _ESCAPE's other alternatives ('\\', '_', '#', '&', and "://", "w." and "W." around ':' and
    '.'); and a first character but an ASCII letter (_LINE_START's digits are Unicode's)."""
    # Whitespace as str.split() knows it is str.isspace(), which re's \s is (it holds for no
    # character above the basic plane).
    unsafe = characters(f"{C0_CONTROLS}{C1_CONTROLS}{BIDI_CONTROLS}{LINE_SEPARATORS}\\s")
    found = sorted({*unsafe, "\\", "_", "#", "&"} - {" "})
    one_of = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in found) + "]"
    return f"{one_of}|  |://|[wW]\\.|^[^A-Za-z]| $"
