"""Problems found in input files, reported all at once with the file, the place and the fault."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tui.core.textsafe import visible

# Problems listed in a report; the rest are counted. An import lists 50 rows and a summary.
MAX_REPORTED = 100
# Problems of one kind listed for one file before the rest are only counted: finding where a
# problem is costs a lookup, and a million repeats of one fault must cost no more than fifty.
MAX_LISTED_PER_FILE = 50


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file: where it is and what is wrong, in a user's words."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    # How many problems this one stands for: a line "… and N more" stands for N.
    covers: int = 1

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
        count = sum(p.covers for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            rest = sum(p.covers for p in self.problems[limit:])
            lines.append(f"… and {rest:,} more, not listed")
        return "\n".join([*lines, f"{count:,} {noun} found."])


class CappedProblems:
    """Problems of one kind, by file: the first ``limit`` of each file kept to list, the rest
    counted; ``wanted`` says whether a problem would be listed, before it is worded."""

    def __init__(self, noun: str, limit: int = MAX_LISTED_PER_FILE) -> None:
        self.noun = noun
        self.limit = limit
        self.listed: list[Problem] = []
        self._listed_in: dict[Path, int] = {}
        self._unlisted_in: dict[Path, int] = {}

    def wanted(self, path: Path) -> bool:
        return self._listed_in.get(path, 0) < self.limit

    def add(self, problem: Problem) -> None:
        """List the problem, or count it if its file has listed enough."""
        if self.wanted(problem.path):
            self.listed.append(problem)
            self._listed_in[problem.path] = self._listed_in.get(problem.path, 0) + 1
        else:
            self.count(problem.path)

    def count(self, path: Path, more: int = 1) -> None:
        """Count problems past the limit without wording them."""
        self._unlisted_in[path] = self._unlisted_in.get(path, 0) + more

    def all(self) -> list[Problem]:
        """The listed problems, then one line per file saying how many more there are."""
        more = [
            Problem(path, f"… and {count:,} more {self.noun}, not listed", covers=count)
            for path, count in self._unlisted_in.items()
        ]
        return [*self.listed, *more]
