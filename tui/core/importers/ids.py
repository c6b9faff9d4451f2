"""The one id rule: a stable, id-safe slug of a name, numbered when two names share it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_NON_ID = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An id-safe ASCII slug of a name (may be empty for names with no Latin letters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ID.sub("-", ascii_text.lower()).strip("-")[:120]


def unique_ids(prefix: str, names: Sequence[str]) -> list[str]:
    """One stable id per name: prefix:slug, numbered when two names share a slug."""
    seen: dict[str, int] = {}
    ids: list[str] = []
    for index, name in enumerate(names):
        base = f"{prefix}:{slug(name) or f'n{index}'}"
        count = seen.get(base, 0)
        seen[base] = count + 1
        ids.append(base if count == 0 else f"{base}-{count + 1}")
    return ids
