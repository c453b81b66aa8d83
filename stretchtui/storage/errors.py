"""Problems found in files, reported as one clear line each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stretchtui.core.rules import shown_path


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file: where it is, what it concerns and what is wrong."""

    path: Path | str
    message: str
    line: int | None = None
    column: int | None = None
    subject: str = ""
    """What the problem concerns, e.g. 'routine "Desk break", item 2'."""
    key: str = ""

    def __str__(self) -> str:
        where = shown_path(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        about = ", ".join(part for part in (self.subject, self.key and f"key {self.key!r}") if part)
        return f"{where}: {about}: {self.message}" if about else f"{where}: {self.message}"


class StorageError(Exception):
    """A file could not be read, validated or written. Carries the problems found."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(str(problem) for problem in self.problems))


def summarise(problems: list[Problem], limit: int, more_hint: str = "") -> str:
    """The first `limit` problems, a line each, and how many more there are."""
    lines = [str(problem) for problem in problems[:limit]]
    more = len(problems) - limit
    if more > 0:
        lines.append(f"…and {more} more" + (f" ({more_hint})" if more_hint else ""))
    return "\n".join(lines)
