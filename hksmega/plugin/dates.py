"""When an event happened: a full date or a year alone, never a guessed month or day.

Pelican's date parser turns "2005" into today's month and day in 2005; event
`start` and `end` therefore never reach it. They become PartialDate objects,
which know which parts the content really gives.
"""

import datetime
import re
from dataclasses import dataclass

EXPECTED = "a full date (YYYY-MM-DD) or a year alone (YYYY)"
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value):
        """From YAML's int (2005), str ("2005", "2005-06-01") or date; ValueError if neither."""
        if isinstance(value, cls):
            return value  # already parsed (the dev server rebuilds with the same objects)
        if isinstance(value, bool) or value is None:
            raise ValueError(EXPECTED)
        if isinstance(value, datetime.datetime):
            raise ValueError(f"{EXPECTED}, without a time")
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        text = str(value).strip()
        if isinstance(value, int) or _YEAR.match(text):
            if not _YEAR.match(text):
                raise ValueError(EXPECTED)
            return cls(int(text))
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(EXPECTED) from None
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            raise ValueError(EXPECTED)
        return cls(day.year, day.month, day.day)

    @property
    def is_full(self):
        return self.day is not None

    def isoformat(self):
        """For <time datetime>: "2005" or "2005-06-01" (both valid HTML dates)."""
        if self.is_full:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}"

    def as_date(self):
        """The first day it could be, for sorting next to full dates."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self):
        """The last day it could be: 31 December for a year alone."""
        return datetime.date(self.year, self.month or 12, self.day or 31)

    def sort_key(self):
        """Orders by what is known: within a year, a year alone sorts before its dates."""
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self):
        return self.isoformat()
