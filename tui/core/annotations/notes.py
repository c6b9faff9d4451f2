"""The merge rule for two texts of one event's note: both are kept, never one silently dropped.

``merge_note_texts(kept, added, origin)``:

- if ``added`` is empty, or already appears verbatim in ``kept``, the result is ``kept``;
- if ``kept`` is empty, or appears verbatim in ``added``, the result is ``added`` (it holds
  everything ``kept`` did);
- otherwise the result is ``kept``, a blank line, a marker line naming where the other text came
  from, and ``added`` from its first line that differs from ``kept`` (the lines before are
  ``kept``'s own first lines, so repeating them would only double the note at every merge):

      --- imported from notes.json, exported 2026-12-01 09:30 UTC; its lines 3 on ---

  and if those lines already appear in ``kept`` the result is ``kept``.

So merging the same text twice changes nothing (an import repeated is a no-op), two windows
appending to one note keep both additions, and a deletion that raced with someone else's edit
does not delete their text. Whatever a merge replaces is also kept in the store's note history.
"""

from __future__ import annotations

MARKER = "---"


def marker_line(origin: str) -> str:
    return f"{MARKER} {origin} {MARKER}"


def merge_note_texts(kept: str, added: str, origin: str) -> str:
    if not added.strip() or added in kept:
        return kept
    if not kept.strip() or kept in added:
        return added
    kept_lines = kept.splitlines(keepends=True)
    added_lines = added.splitlines(keepends=True)
    shared = 0
    while (
        shared < min(len(kept_lines), len(added_lines))
        and kept_lines[shared] == added_lines[shared]
    ):
        shared += 1
    tail = "".join(added_lines[shared:])
    if not tail.strip() or tail in kept:
        return kept
    label = f"{origin}; its lines {shared + 1} on" if shared else origin
    return f"{kept.rstrip()}\n\n{marker_line(label)}\n{tail}"


def normalized_tag(tag: str) -> str:
    """A tag as stored: surrounding space removed, inner runs of space made one; never empty."""
    cleaned = " ".join(tag.split())
    if not cleaned:
        raise ValueError("a tag cannot be empty")
    return cleaned
