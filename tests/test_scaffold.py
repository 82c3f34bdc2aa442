"""`invoke new`: a new item from its template passes the check, as a draft, and
never replaces a file."""

import datetime
import io
import subprocess
import sys

from contentcopy import PUBLISH, copy_content, overrides, project_copy
from hksmega.build import load_settings
from hksmega.tools.check import check_site, report
from hksmega.plugin.reader import read_markdown
from hksmega.tools.scaffold import KINDS, ScaffoldError, new_content
import pytest

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def settings(tmp_path):
    content = copy_content(tmp_path)
    return load_settings(PUBLISH, overrides(content))


@pytest.mark.parametrize("kind, start", [("news", None), ("event", "2026-12-05"), ("event", None)])
def test_a_new_item_has_every_required_field_is_a_draft_and_passes_the_check(
        kind, start, settings):
    path = new_content(kind, "Annual dinner: 2026", settings, TODAY, start=start)
    folder = KINDS[kind][0]
    assert path.relative_to(settings["PATH"]).as_posix() == f"{folder}/annual-dinner-2026.md"
    fields, _, _ = read_markdown(path)
    schema = KINDS[kind][1]
    assert {f.name for f in schema.record.fields if f.required} <= set(fields)
    assert fields["title"] == "Annual dinner: 2026"  # quoted in the file, as YAML needs
    assert fields["date"] == "2026-11-26" and fields["status"] == "draft"
    assert fields.get("start") == start
    out = io.StringIO()
    code = report(check_site({"PATH": settings["PATH"],
                                                  "HKSMEGA": settings["HKSMEGA"]}), out)
    assert code == 0, out.getvalue()


def test_the_event_template_lists_the_allowed_values_from_the_schema(settings):
    text = new_content("event", "A visit", settings, TODAY).read_text(encoding="utf-8")
    assert "# What sort of event: exhibition, trade fair, seminar," in text
    assert "# What the Association did: organiser, co-organiser, sponsor," in text


def test_an_existing_file_is_never_replaced(settings):
    path = new_content("news", "Our AGM", settings, TODAY)
    path.write_text("edited by hand", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already exists: nothing was written"):
        new_content("news", "Our AGM", settings, TODAY)
    assert path.read_text(encoding="utf-8") == "edited by hand"


@pytest.mark.parametrize("kind, title, options, says", [
    ("page", "About", {}, "makes one of: news, event"),
    ("event", "A fair", {"start": "2026-13-01"}, "--start: expected a full date"),
    ("news", "!!!", {}, "add --slug"),
    ("news", "Fine", {"slug": "Not A Slug"}, "add --slug"),
])
def test_what_cannot_be_made_is_refused_with_what_to_do(kind, title, options, says, settings):
    with pytest.raises(ScaffoldError, match=says.replace("-", r"\-")):
        new_content(kind, title, settings, TODAY, **options)


def test_invoke_new_prints_the_path_of_the_new_file(tmp_path):
    project = project_copy(tmp_path)
    invoke = [sys.executable, "-m", "invoke", "new"]
    made = subprocess.run([*invoke, "event", "Annual dinner", "--start", "2026-12-05"],
                          cwd=project, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "content/events/annual-dinner.md"
    assert "start: 2026-12-05" in (project / made.stdout.strip()).read_text(encoding="utf-8")
    again = subprocess.run([*invoke, "event", "Annual dinner"], cwd=project,
                           capture_output=True, text=True)
    assert again.returncode == 1
    assert "content/events/annual-dinner.md already exists" in again.stderr
