"""How the plugin reports bad input: file, line, field, expected, found."""

from dataclasses import dataclass
import os


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or, with severity "notice", merely missing) in the content."""

    path: str
    line: int | None
    field: str
    expected: str
    found: str
    severity: str = "error"

    def __str__(self):
        where = relative(self.path) + (f":{self.line}" if self.line else "")
        field = f" {self.field}:" if self.field else ""
        found = f"; found {self.found}" if self.found else ""
        return f"{where}:{field} expected {self.expected}{found}"


class ContentError(Exception):
    """Raised when content or data is invalid; carries every problem found."""

    def __init__(self, problems):
        self.problems = sorted(problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the content:\n"
            + "\n".join(f"  {p}" for p in self.problems)
        )


def relative(path):
    """Show a path relative to the project, as editors see it in the repository."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel
