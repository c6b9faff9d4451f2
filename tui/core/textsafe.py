"""Make text from data files safe to show: never markup, never a control sequence.

Rich markup is neutralised by building :class:`rich.text.Text` objects (never parsing data as
markup); this module handles what would reach the terminal as control characters: C0/C1
controls (ESC starts CSI/OSC sequences), bidi overrides, and NUL. Each is replaced by a visible
stand-in so a user sees that something was there.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except none, DEL, C1 controls; tab/newline are handled by the caller's context.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates, which can reorder what a user sees.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 block: ␀ ␛ ␊ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def visible(text: str) -> str:
    """One line of text with every control and bidi character shown as a harmless glyph."""
    text = _BIDI.sub("\ufffd", text)
    return _CONTROL.sub(_control_picture, text)


def visible_lines(text: str) -> str:
    """Like :func:`visible` but keeps line breaks (as newlines) and tabs (as spaces)."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", "    ")
    return "\n".join(visible(line) for line in text.split("\n"))


def one_line(text: str) -> str:
    """Collapse whitespace runs (including newlines) so a value fits on one row."""
    return visible(" ".join(text.split()))


def without_controls(text: str) -> str:
    """Text typed or pasted into a box: controls and bidi characters dropped, breaks as spaces."""
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    return _CONTROL.sub("", _BIDI.sub("", text))


def is_safe(text: str) -> bool:
    """True when the text holds no control or bidi character (what the tests assert)."""
    return not (_CONTROL.search(text) or _BIDI.search(text)) and all(
        unicodedata.category(ch) != "Cc" for ch in text
    )
