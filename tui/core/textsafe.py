"""Make text from data files safe to show: never markup, never a control sequence.

Rich markup is neutralised by building :class:`rich.text.Text` objects (never parsing data as
markup); this module handles what would reach the terminal as control characters: C0/C1
controls (ESC starts CSI/OSC sequences, NUL among them) and bidi controls. ``visible``,
``visible_lines`` and ``one_line`` replace each by a visible stand-in, so a user sees that
something was there; ``without_controls`` (for what is typed into a box) drops them.
"""

from __future__ import annotations

import re

# Regex character ranges, public so that other escaping (JSON output) names the same characters.
C0_CONTROLS = r"\x00-\x1f"
C1_CONTROLS = r"\x7f-\x9f"  # DEL, then the C1 controls (U+009B is a one-character CSI)
# Bidi embeddings, overrides, isolates and marks, which can reorder what a user sees.
BIDI_CONTROLS = r"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
LINE_SEPARATORS = r"\u2028\u2029"  # Unicode's line and paragraph separators

# Tab and newline are among the C0 controls: visible_lines and one_line turn those into spaces
# or breaks first; visible alone shows them as glyphs.
_CONTROL = re.compile(f"[{C0_CONTROLS}{C1_CONTROLS}]")
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_LINE_BREAKS = re.compile(f"\r\n|[\r\n{LINE_SEPARATORS}]")


def _control_picture(match: re.Match[str]) -> str:
    return shown_as(match.group())


def shown_as(character: str) -> str:
    """The glyph :func:`visible` shows for a control character (bidi characters show as U+FFFD)."""
    code = ord(character)
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 block: ␀ ␛ ␊ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # a C1 control, or a bidi character


def characters(ranges: str) -> list[str]:
    """Every character in regex character ranges such as :data:`C0_CONTROLS`, in order (for
    code that replaces characters one by one instead of with a regex)."""
    every = "".join(map(chr, range(0x10000)))  # the ranges above all lie in the basic plane
    return re.findall(f"[{ranges}]", every)


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
