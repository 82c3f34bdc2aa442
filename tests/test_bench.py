"""`invoke bench` works end to end at a small scale: it generates a corpus that our
build accepts, measures every figure, and writes the report without losing the
rest of docs/benchmarks.md. No figure is compared with a target here: speed
depends on the machine.
"""

import re
import shutil

import pytest

from conftest import ROOT
from hksmega.tools.bench import run_benchmarks

# It opens the dev server's page in Chromium itself, without the `browser` fixture
# (scripts/test installs both; a missing one fails the test, as in the other gates).
pytestmark = pytest.mark.browser

NUMBER = re.compile(r"^\d+(\.\d+)? ?(s|×|MB)$")
ROWS = [
    "Our cold production build (`invoke build --production`): CPU",
    "Our cold production build: wall",
    "Stock Pelican 4.12, quickstart settings, default theme: CPU",
    "Stock Pelican: wall",
    "Ours / stock, CPU time",
    "`invoke check`: CPU",
    "`invoke check`: wall",
    "`invoke check` / one production build, CPU time",
    "Dev server (`invoke livereload`): start, first build, until the page is served",
    "Dev server: body edit saved → page rebuilt on disk",
    "Dev server: body edit saved → shown in the open tab",
    "Dev server: title edit saved → shown in the open tab",
    "Dev server: title edit saved → home page (/) served with it",
    "Dev server: title edit saved → news index (/news/) served with it",
    "Peak memory (largest resident set of any process measured)",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    path = tmp / "benchmarks.md"
    shutil.copyfile(ROOT / "docs" / "benchmarks.md", path)
    run_benchmarks(ROOT, 1, path, items=6, workdir=tmp / "work")
    return path.read_text(encoding="utf-8"), tmp / "work"


def table(text):
    section = re.search(r"<!-- bench: scale -->(.*?)<!-- /bench: scale -->", text, re.DOTALL)
    assert section, "no scale section in the report"
    rows = {}
    for line in section.group(1).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 5 and cells[0] not in ("What", "---"):
            rows[cells[0]] = cells[1:]
    return section.group(1), rows


def test_every_row_has_a_figure(report):
    _, rows = table(report[0])
    assert list(rows) == ROWS
    for what, (middle, _each, _target, met) in rows.items():
        assert NUMBER.match(middle), f"{what}: {middle!r}"
        assert met in ("", "met", "not met"), f"{what}: {met!r}"


def test_the_report_names_the_machine_date_and_scale(report):
    section, _ = table(report[0])
    assert "`invoke bench --items 6 --runs 1`" in section
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", section)
    assert "CPU cores" in section and "Python 3." in section and "Chromium" in section
    assert "Failures" not in section


def test_the_corpus_was_generated_in_the_copy_only(report):
    work = report[1]
    real = {p.name for p in (ROOT / "content" / "news").glob("*.md")}
    copied = {p.name for p in (work / "project" / "content" / "news").glob("*.md")}
    assert real < copied and len(copied - real) == 3
    assert len(list((work / "project" / "content" / "events").glob("*.md"))) == 3 + len(
        list((ROOT / "content" / "events").glob("*.md")))
    assert len(list((work / "stock" / "content").rglob("*.md"))) == 6


def test_other_sections_are_kept_and_the_old_one_replaced(report):
    text = report[0]
    assert "## The test suite" in text
    assert text.count("<!-- bench: scale -->") == 1
