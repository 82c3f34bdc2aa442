"""How the plugin reports bad input: file, line, field, expected, found."""

import logging
import os
from dataclasses import dataclass

from pelican.log import LimitFilter


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or, with severity "notice", merely missing) in the content."""

    path: str | None  # None until Schema.validate knows the file
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


# What Pelican raises after logging a warning under --fatal warnings.
FATAL_WARNING = "Warning or error encountered"


class NoTracebackForContentErrors(logging.Filter):
    """Pelican logs a failed build with its traceback; for bad content the list of
    problems is the whole story, and for a fatal warning the warning logged just
    before it is. A traceback would only bury them."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, ContentError) or (
                isinstance(error, RuntimeError) and str(error) == FATAL_WARNING):
            record.exc_info = None
        return True


NO_TRACEBACK = NoTracebackForContentErrors()


def hide_tracebacks_of_content_errors():
    # Pelican's main() logs the exception that ended the build on the "pelican" logger.
    logging.getLogger("pelican").addFilter(NO_TRACEBACK)


def forget_logged_warnings(pelican):
    """Pelican's LimitFilter remembers, per process, each warning it has shown
    and drops repeats, so a second build in one process (the dev server,
    `invoke check`) would pass that warning silently. Every build starts afresh."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
