"""docs/EDITING.md read as a test reads it: its error table, examples and commands."""

import re

from conftest import ROOT

GUIDE = ROOT / "docs" / "EDITING.md"
ROW = re.compile(r"^\| (?:``(.+?)``|`(.+?)`) \|", re.MULTILINE)
EXAMPLE = re.compile(r"<!-- example: (.+?) -->\n\s*```\w*\n(.*?)\n\s*```", re.DOTALL)


def guide_text():
    return GUIDE.read_text(encoding="utf-8")


def error_rows():
    """The first column of the error table: messages, "…" where they vary."""
    section = guide_text().split("## Error messages, and what to do", 1)[1].split("\n## ", 1)[0]
    return [a or b for a, b in ROW.findall(section)]


def _pattern(row):
    return re.compile(".*".join(re.escape(part) for part in row.split("…")), re.DOTALL)


def is_documented(message):
    """Whether a problem line ("file:line: field: expected ...") has a row in the table."""
    said = message[message.index("expected "):]
    return any(_pattern(row).fullmatch(said) for row in error_rows())


def examples():
    """[(where, text)]: each example the guide marks with <!-- example: where -->,
    its indentation (inside a numbered step) removed."""
    found = []
    for where, block in EXAMPLE.findall(guide_text()):
        lines = block.splitlines()
        indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
        found.append((where, "\n".join(line[indent:] for line in lines) + "\n"))
    return found
