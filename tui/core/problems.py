"""Problems found in input files, reported all at once with the file, the place and the fault."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tui.core.textsafe import visible

# Problems listed in a report; the rest are counted. An import lists 50 rows and a summary.
MAX_REPORTED = 100


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file: where it is and what is wrong, in a user's words."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        place = str(self.path)
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        field = f" {visible(self.field)}:" if self.field else ""
        return f"{visible(place)}:{field} {visible(self.message)}"


class LoadError(Exception):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self, limit: int = MAX_REPORTED) -> str:
        """Every problem, one per line, then the count; past ``limit`` the rest are counted,
        not listed (a million rows with one fault are one fault, not a million lines)."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [str(p) for p in self.problems[:limit]]
        if count > limit:
            lines.append(f"… and {count - limit:,} more, not listed")
        return "\n".join([*lines, f"{count:,} {noun} found."])
