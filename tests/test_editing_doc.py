"""docs/EDITING.md works as written: its examples pass the check, its commands exist,
its field tables are the schemas' own, and its sample output is the real one."""

import io
from pathlib import Path
import re
import zlib

from contentcopy import PUBLISH, copy_content, overrides
from editingguide import examples, guide_text
from hksmega.plugin.validate import errors_in, validate_content
from hksmega.build import load_settings
from hksmega.tools.check import check_site, report
from hksmega.plugin.schemas import ALL_SCHEMAS, update_field_tables
from invoke import Collection
from PIL import Image
import photos
import tasks

from conftest import ROOT


def test_the_field_tables_are_generated_from_the_schemas():
    text = guide_text()
    assert text == update_field_tables(text), "run `.venv/bin/invoke docs`"
    for schema in ALL_SCHEMAS:
        table = text.split(f"<!-- fields: {schema.name} -->", 1)[1].split("<!-- /fields -->")[0]
        names = re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE)
        assert names == [field.name for field in schema.record.fields], schema.name


def photo_bytes(name):
    """A real picture, in the format its name says: the check reads every picture. Each
    name gets its own picture, as an editor's photos differ (two files of the same bytes
    under two names are another test's matter, not the guide's)."""
    buffer = io.BytesIO()
    width = 1200 + zlib.crc32(name.encode()) % 400
    photos.upright(width, 800).save(buffer, Image.registered_extensions()[Path(name).suffix.lower()])
    return buffer.getvalue()


def test_every_example_in_the_guide_passes_the_check(tmp_path):
    files, history_additions = {}, []
    for where, text in examples():
        if where.startswith("append to "):
            history_additions.append(text)
            continue
        path, _, also = where.partition(", with ")
        files[path.removeprefix("content/")] = text
        if also:
            files[also.removeprefix("content/")] = photo_bytes(also)
    assert len(files) >= 3 and history_additions
    content = copy_content(tmp_path, files)
    history = content / "data" / "history.yaml"
    history.write_text(history.read_text(encoding="utf-8") + "".join(history_additions),
                       encoding="utf-8")
    # As the guide says, a history entry cannot link to an event that is still a draft ...
    out = io.StringIO()
    assert report(check_site(overrides(content)), out) == 1
    assert "event: expected the file name (without .md) of a published event" in out.getvalue()
    # ... and once the items are ready and published, all is well.
    for path in files:
        if path.endswith(".md"):
            item = content / path
            item.write_text(item.read_text(encoding="utf-8").replace(
                "status: draft", "status: published"), encoding="utf-8")
    out = io.StringIO()
    assert report(check_site(overrides(content)), out) == 0, out.getvalue()


def test_every_command_in_the_guide_exists():
    text = guide_text()
    task_names = set(Collection.from_module(tasks).task_names)
    commands = set(re.findall(r"\.venv/bin/invoke (\w+)", text))
    assert commands >= {"new", "check", "preview", "docs"}
    assert commands <= task_names, commands - task_names
    for script in re.findall(r"\b(scripts/\w+)", text):
        assert (ROOT / script).is_file(), script


def test_the_sample_output_is_what_the_check_prints(tmp_path):
    sample = re.search(r"```text\n(error: .*?)\n", guide_text()).group(1)
    mistake = (ROOT / "tests" / "fixtures" / "bad" / "news_with_misspelt_field.md").read_text()
    content = copy_content(tmp_path, {"news/example-news-item.md": mistake})
    [problem] = errors_in(validate_content(load_settings(PUBLISH, overrides(content))))
    assert sample == "error: " + str(problem).replace(str(content), "content")


def test_the_guide_links_to_its_own_sections():
    text = guide_text()
    headings = re.findall(r"^#+ (.+)$", text, re.MULTILINE)
    anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    for anchor in re.findall(r"\]\(#([^)]+)\)", text):
        assert anchor in anchors, anchor
