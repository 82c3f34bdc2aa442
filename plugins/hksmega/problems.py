"""How the plugin reports bad input: file, line, field, expected, found."""

from dataclasses import dataclass
import logging
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

    def sort_key(self):
        """File by file, top to bottom (a problem without a line first)."""
        return (self.path, self.line or 0, self.field, self.expected, self.found)


class ContentError(Exception):
    """Raised when content or data is invalid; carries every problem found."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=Problem.sort_key)
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


class NoTracebackForContentErrors(logging.Filter):
    """Pelican logs a failed build with its traceback; for bad content the list of
    problems is the whole story, and a traceback would only bury it."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], ContentError):
            record.exc_info = None
        return True


NO_TRACEBACK = NoTracebackForContentErrors()


def hide_tracebacks_of_content_errors():
    # Pelican's main() logs the exception that ended the build on the "pelican" logger.
    logging.getLogger("pelican").addFilter(NO_TRACEBACK)
