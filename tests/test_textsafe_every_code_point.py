"""tui.core.textsafe against the Unicode database, for every code point (tests/unsafe_text.py is
the oracle, written from unicodedata, not from textsafe's own ranges)."""

from __future__ import annotations

from tests.unsafe_text import is_harmless
from tui.core.textsafe import visible, without_controls


def _code_points() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_visible_replaces_exactly_the_unsafe_code_points_one_for_one() -> None:
    text = _code_points()
    shown = visible(text)
    assert len(shown) == len(text)
    changed = [ch for ch, seen in zip(text, shown, strict=True) if ch != seen]
    assert changed == [ch for ch in text if not is_harmless(ch)]
    assert is_harmless(shown)
    assert len(changed) == 65 + 12  # C0, DEL and C1 (category Cc); 12 bidi controls


def test_typed_text_loses_exactly_the_unsafe_code_points() -> None:
    text = _code_points()
    typed = "".join(" " if ch in "\t\n\r\u2028\u2029" else ch for ch in text)  # breaks: spaces
    assert without_controls(text) == "".join(ch for ch in typed if is_harmless(ch))
