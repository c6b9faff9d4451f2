"""What no text shown to the user may hold, decided from the Unicode database (unicodedata),
independently of tui.core.textsafe: the characters a terminal acts on, and those that reorder
what the reader sees."""

from __future__ import annotations

import unicodedata

# Unicode's explicit bidi formatting classes (UAX #9): the embeddings, overrides and isolates.
_EXPLICIT_BIDI = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
# The implicit bidi marks, which are ordinary letters' classes (L, R, AL) in the database.
_BIDI_MARKS = frozenset({"LEFT-TO-RIGHT MARK", "RIGHT-TO-LEFT MARK", "ARABIC LETTER MARK"})


def unsafe_characters(text: str) -> list[str]:
    """Each control character (category Cc: C0, DEL, C1 — ESC starts every terminal
    sequence) and each bidi control in text, as U+XXXX, in order."""
    return [f"U+{ord(ch):04X}" for ch in text if _unsafe(ch)]


def _unsafe(ch: str) -> bool:
    category = unicodedata.category(ch)
    return (
        category == "Cc"
        or unicodedata.bidirectional(ch) in _EXPLICIT_BIDI
        or (category == "Cf" and unicodedata.name(ch, "") in _BIDI_MARKS)  # marks are Cf
    )


def is_harmless(text: str) -> bool:
    return not any(_unsafe(ch) for ch in text)
