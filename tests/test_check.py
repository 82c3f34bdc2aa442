"""Every kind of mistake an editor can make is caught, with file, line and field named,
by both `invoke check` and the build, in the same words.

One fixture per bad case in tests/fixtures/bad/, named after it. Each is put
into a copy of the real content; `invoke check` (the function it runs) and
`invoke build` (the function it runs: Pelican's command line, in-process) must
both fail and name the same problems.
"""

from dataclasses import dataclass
import hashlib
import io
import logging
from pathlib import Path
import subprocess
import sys

from contentcopy import DEVELOP, PUBLISH, copy_content, overrides, project_copy, settings_args
from editingguide import is_documented
import photos
from hksmega.plugin.validate import check_text, errors_in, validate_content
from hksmega.build import load_settings
from hksmega.tools.check import check_site, report
from hksmega.plugin.reader import markdown
from hksmega.plugin.schemas import DATA_SCHEMAS
from invoke.exceptions import Exit
from pelican.log import FatalLogger
import pytest
import tasks

BAD = Path(__file__).parent / "fixtures" / "bad"


@dataclass(frozen=True)
class Case:
    fixture: str
    destination: str  # where in content/ an editor would have put it
    line: int | None
    field: str
    says: str  # a part of the message that tells what is wrong
    # A file of the real content the editor deleted or renamed, which the message names.
    removed: str = ""

    @property
    def named_file(self):
        return self.removed or self.destination


def news(fixture, line, field, says):
    return Case(fixture, f"news/{fixture}", line, field, says)


def event(fixture, line, field, says):
    return Case(fixture, f"events/{fixture}", line, field, says)


CASES = [
    news("news_empty.md", None, "", "found an empty file"),
    news("news_not_utf8.md", 2, "", "expected text saved as UTF-8"),
    news("news_without_front_matter.md", 1, "", "expected front matter: a line of three dashes"),
    news("news_with_unclosed_front_matter.md", 1, "", "found no closing ---"),
    news("news_with_invalid_yaml.md", 2, "", "expected valid YAML"),
    news("news_with_misspelt_field.md", 4, "sumary",
         "(did you mean 'summary'?); found an unknown field"),
    news("news_with_duplicate_field.md", 4, "title", "expected each field once"),
    news("news_with_colon_in_title.md", 2, "", "put the whole value in double quotes"),
    # Keys are exact: `Title:` is not merged with `title:`, nor does it replace it.
    news("news_with_title_in_capitals.md", 3, "Title", "(did you mean 'title'?)"),
    news("news_with_title_too_long.md", 2, "title", "expected text of at most 150 characters"),
    news("news_without_title.md", 2, "title", "(this field is required); found nothing"),
    news("news_with_bad_date.md", 3, "date", 'expected a date as YYYY-MM-DD'),
    news("news_with_yes_as_title.md", 2, "title",
         "found true (to write the word, put it in quotes)"),
    news("news_with_front_matter_that_is_a_list.md", 2, "",
         "expected fields written as `name: value`"),
    news("news_with_unknown_status.md", 4, "status", "found 'publish' (did you mean 'published'?)"),
    # A translation is a file of its own (about.zh-hant.md), never a field.
    news("news_in_traditional_chinese.md", 4, "lang", "expected no lang here: the language "
         "is in the file's name"),
    news("news_with_bad_slug.md", 4, "slug", "found 'Our News!'"),
    news("news_with_duplicate_slug.md", 4, "slug", "expected an address no other file uses"),
    news("news_with_script.md", 7, "text", "found <script>"),
    news("news_with_iframe.md", 7, "text", "found <iframe>"),
    news("news_with_object.md", 7, "text", "found <object>"),
    news("news_with_embed.md", 7, "text", "found <embed>"),
    news("news_with_inline_event_handler.md", 5, "text", "found onclick= in <a>"),
    news("news_with_javascript_link.md", 5, "text", "not javascript:"),
    news("news_with_data_link.md", 5, "text", "or a phone number (tel:); found data:text/html"),
    news("news_with_pelican_link.md", 5, "text",
         "expected a link written as the page's address, such as /news/example-news-item/"),
    news("news_with_meta_refresh.md", 7, "text",
         "expected only the HTML listed in docs/EDITING.md (the site refuses the rest); "
         "found <meta>"),
    news("news_with_attribute_not_allowed.md", 7, "text", "found class= in <a>"),
    news("news_with_unclosed_comment.md", 7, "text", "found <!-- with no --> to close it"),
    news("news_with_parser_trick.md", 7, "text", "found <noscript>"),
    news("news_with_image_from_another_host.md", 7, "text",
         "expected images and media from this site, such as /images/photo-name.jpg (the "
         "site loads nothing from other hosts); found https://www.example.org/photos/"
         "entrance.jpg in <img>"),
    news("news_with_style.md", 7, "text", "expected no style= or <style> in the text"),
    news("news_with_aligned_table.md", 8, "text",
         "remove the colons (:) from the table's line of dashes"),
    news("news_with_image_without_alt_text.md", 7, "text",
         "expected a description of the image (alt text)"),
    news("news_with_missing_image.md", 7, "image",
         "found /images/no-such-photo.jpg (no such page or file"),
    news("news_with_link_to_missing_page.md", 5, "link",
         "found /members/ (no such page or file"),
    Case("news_in_a_folder_the_site_does_not_read.md",
         "new/news_in_a_folder_the_site_does_not_read.md", None, "",
         "found a file in a folder the site does not read"),
    Case("news_in_a_subfolder.md", "news/2026/news_in_a_subfolder.md", None, "",
         "expected a file directly in content/news/"),
    news("news_not_markdown.html", None, "", "expected Markdown files (.md) only here"),
    event("event_with_end_before_start.md", 5, "end",
          "expected on or after the start (2008-05-10); found 2008-05-01"),
    event("event_with_day_that_does_not_exist.md", 4, "start",
          "found '2026-02-30' (that day does not exist)"),
    Case("event_with_the_file_name_of_a_news_item.md", "events/website-launch.md", None, "slug",
         "found 'website-launch', the slug of "),
    event("event_with_bad_start.md", 4, "start",
          "expected a full date (YYYY-MM-DD) or a year alone (YYYY); found 'May 2008'"),
    event("event_ongoing_without_start.md", 4, "ongoing", "expected a start year"),
    event("event_with_unknown_kind.md", 5, "kind", "(did you mean 'seminar'?)"),
    event("event_with_unknown_role.md", 6, "role", 'expected one of: organiser, co-organiser'),
    # "Partner" claims more than "under the aegis of": relations come from a fixed list.
    event("event_with_unknown_relation.md", 8,
          "organisation 1 (Hong Kong Trade Development Council), relation",
          "expected one of: under the aegis of, organised by"),
    event("event_with_bad_attendance.md", 6, "attendance", "expected a whole number"),
    event("event_with_countries_not_a_list.md", 5, "countries",
          'expected a list, one country per line starting with "- "'),
    event("event_with_guest_without_name.md", 7, "guest 1, name", "(this field is required)"),
    event("event_with_end_and_ongoing.md", 5, "end",
          'expected no end for an event shown as "Since <year>"'),
    # A record's "since 2002" is shown with the year of that record, never as if current.
    event("event_since_without_start.md", 4, "since", "expected a start year"),
    event("event_since_without_recorded.md", 5, "since",
          "expected recorded: the year of the record that says it was still going on"),
    event("event_recorded_without_since.md", 5, "recorded", "expected since: true with it"),
    event("event_recorded_before_start.md", 6, "recorded",
          "expected a year not before the start (2006); found 2004"),
    event("event_with_end_without_start.md", 4, "end", "expected a start before an end"),
    Case("page_with_unknown_template.md", "pages/page_with_unknown_template.md", 3, "template",
         "(did you mean 'history'?)"),
    Case("page_at_the_address_of_a_section.md", "pages/page_at_the_address_of_a_section.md", 3,
         "slug", "found /news/, the address of the news page too"),
    Case("history_with_missing_event.yaml", "data/history.yaml", 6, "entry 2 (2002), event",
         "found 'wrold-sme-expo' (did you mean 'world-sme-expo'?)"),
    Case("history_with_bad_year.yaml", "data/history.yaml", 1, "entry 1 (95), year",
         "expected a year from 1995 to 2100"),
    Case("history_entry_without_text.yaml", "data/history.yaml", 3, "entry 2 (2002), text",
         "(this field is required)"),
    Case("history_with_number_as_text.yaml", "data/history.yaml", 2, "entry 1 (1995), text",
         "expected text; found 1995, a number (to write it as text, put it in quotes)"),
    Case("history_not_a_list.yaml", "data/history.yaml", 1, "",
         'expected a list, one entry per line starting with "- "'),
    Case("history_empty.yaml", "data/history.yaml", None, "", "found an empty file"),
    Case("organisation_with_misspelt_field.yaml", "data/organisation.yaml", 2, "phnoe",
         "(did you mean 'phone'?)"),
    Case("organisation_with_bad_email.yaml", "data/organisation.yaml", 2, "email",
         "expected an email address"),
    Case("organisation_with_bad_social_url.yaml", "data/organisation.yaml", 4, "account 1, url",
         "expected a web address starting with https://"),
    Case("data_file_without_schema.yaml", "data/members.yaml", None, "",
         "expected a data file with a schema"),
    Case("organisation_saved_as_yml.yml", "data/organisation.yml", None, "",
         "(the association's facts); found no such file", removed="data/organisation.yaml"),
    Case("data_file_with_yml_suffix.yml", "data/members.yml", None, "",
         "expected a YAML file whose name ends in .yaml"),
]


def test_every_fixture_has_a_case_and_every_case_a_fixture():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(c.fixture for c in CASES)


@pytest.fixture
def fatal_warnings_restored():
    # Pelican's command line makes warnings fatal for the whole process; undo it.
    level = FatalLogger.fatal_lvl
    yield
    FatalLogger.fatal_lvl = level


def run_check(tree):
    """(exit code, error lines) of `invoke check` on a content tree."""
    out = io.StringIO()
    code = report(check_site(overrides(tree)), out)
    lines = out.getvalue().splitlines()
    return code, [line.removeprefix("error: ") for line in lines if line.startswith("error: ")]


def run_build(tree, output, caplog):
    """(exit code, problem lines) of `invoke build`'s Pelican run, with production settings."""
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        try:
            tasks.pelican_run(str(PUBLISH), "-o", str(output), *settings_args(tree))
            code = 0
        except Exit as error:
            code = error.code
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "Traceback" not in text
    return code, [line.strip() for line in text.splitlines() if line.startswith("  ")]


def where(case, tree):
    return str(tree / case.named_file) + (f":{case.line}" if case.line else "") + ":" + (
        f" {case.field}:" if case.field else "")


@pytest.mark.parametrize("case", CASES, ids=[c.fixture for c in CASES])
def test_check_and_build_fail_naming_file_field_and_problem(case, tmp_path, caplog,
                                                            fatal_warnings_restored):
    tree = copy_content(tmp_path, {case.destination: BAD / case.fixture})
    if case.removed:
        (tree / case.removed).unlink()
    check_code, check_lines = run_check(tree)
    build_code, build_lines = run_build(tree, tmp_path / "output", caplog)

    assert check_code == 1 and build_code == 1
    expected = [line for line in check_lines
                if line.startswith(where(case, tree)) and case.says in line]
    assert expected, "\n".join(check_lines)
    # The build and the check agree: the same problems, in the same words.
    assert sorted(build_lines) == sorted(check_lines)
    # docs/EDITING.md says what each message means and what to do.
    assert [line for line in check_lines if not is_documented(line)] == []


# What the Content Security Policy (hksmega/site/headers.py) would block on the
# live site, and what it lets through: (Markdown, what the message finds, its line).
ALLOWED_TEXT = [
    "[The organiser's site](https://www.example.org/fair/)",
    '<a href="https://www.example.org/fair/">The organiser\'s site</a>',
    "![The entrance](/images/entrance.jpg)",
    '<picture><source srcset="/images/hall.webp 1x, /images/hall-2x.webp 2x">'
    '<img src="/images/hall.jpg" alt="The hall"></picture>',
    "| Time | Session |\n| --- | --- |\n| 10:00 | Opening |",
    '    <p style="color: red">A code sample is text, not HTML.</p>',
]
BLOCKED_TEXT = [
    ("![The entrance](https://www.example.org/entrance.jpg)",
     "https://www.example.org/entrance.jpg in <img>", 5),
    ('<img src="//cdn.example.org/hall.jpg" alt="The hall">',
     "//cdn.example.org/hall.jpg in <img>", 5),
    # A browser reads a backslash as a slash: "/\\host" is another host.
    ('<img src="/\\cdn.example.org/hall.jpg" alt="The hall">',
     "/\\cdn.example.org/hall.jpg in <img>", 5),
    ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="A dot">',
     "data:image/png;base64,iVBORw0KGgo= in <img>", 5),
    ('<picture><source srcset="/images/hall.webp 1x, https://www.example.org/hall.webp 2x">'
     '<img src="/images/hall.jpg" alt="The hall"></picture>',
     "https://www.example.org/hall.webp in <source>", 5),
    # No video player on the site yet: <video> is not on the allow-list at all.
    ('<video src="/images/tour.mp4" poster="https://www.example.org/tour.jpg"></video>',
     "<video>", 5),
    ('Registration closes <span style="color: red">on Friday</span>.', "style= in <span>", 5),
    ("<style>\np { color: red; }\n</style>", "<style>", 5),
    ("| Time | Session |\n|:-----|--------:|\n| 10:00 | Opening |",
     "a table with aligned columns", 6),
]


@pytest.fixture(scope="module")
def converter():
    return markdown(load_settings(PUBLISH))


@pytest.mark.parametrize("text", ALLOWED_TEXT)
def test_links_to_other_sites_and_this_sites_images_are_allowed(text, converter):
    assert check_text(Path("news/a.md"), text, 5, "text", converter) == []


@pytest.mark.parametrize(("text", "found", "line"), BLOCKED_TEXT)
def test_what_the_security_policy_blocks_is_an_error(text, found, line, converter):
    [problem] = check_text(Path("news/a.md"), text, 5, "text", converter)
    assert (problem.line, problem.field, problem.found) == (line, "text", found)
    assert is_documented(str(problem))


def test_each_aligned_table_is_named_once_at_its_line_of_dashes(converter):
    aligned = "| A | B |\n|:--|:-:|\n| 1 | 2 |\n| 3 | 4 |\n"
    plain = "| A | B |\n| --- | --- |\n| 1 | 2 |\n"
    text = "\n".join([aligned, plain, aligned])
    problems = check_text(Path("news/a.md"), text, 5, "text", converter)
    assert [p.line for p in problems] == [6, 15]


@pytest.mark.parametrize("name", sorted(DATA_SCHEMAS))
def test_every_data_file_with_a_schema_must_exist(name, tmp_path):
    # The templates and the timeline read them; without one, the build would crash.
    tree = copy_content(tmp_path)
    (tree / "data" / name).unlink()
    [problem] = errors_in(validate_content(load_settings(PUBLISH, overrides(tree))))
    assert str(problem).startswith(f"{tree / 'data' / name}: expected the file ")
    assert str(problem).endswith("; found no such file")
    assert is_documented(str(problem))


def test_the_real_content_passes_with_notices_for_missing_facts():
    out = io.StringIO()
    code = report(check_site(), out)
    text = out.getvalue()
    assert code == 0, text
    assert "0 error(s)" in text
    assert "notice: content/data/organisation.yaml:10: phone: expected a value" in text
    assert all(is_documented(line) for line in text.splitlines() if line.startswith("notice: "))


def test_drafts_and_future_items_are_notices_not_errors(tmp_path):
    content = copy_content(tmp_path, {
        "news/a_draft.md": "---\ntitle: A draft\ndate: 2026-01-02\nstatus: draft\n---\nText.\n",
        "news/for_later.md": "---\ntitle: Later\ndate: 2999-01-02\n---\nText.\n",
    })
    out = io.StringIO()
    code = report(check_site(overrides(content), links=False), out)
    notices = [line for line in out.getvalue().splitlines() if line.startswith("notice: ")]
    assert code == 0, out.getvalue()
    assert any("news/a_draft.md:4: status:" in line and line.endswith("found draft")
               for line in notices)
    assert any("news/for_later.md:3: date:" in line
               and "(it appears with the first publish from 2999-01-02 00:00 Hong Kong time on)"
               in line for line in notices)
    assert all(is_documented(line) for line in notices)


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    broken = (BAD / "event_with_unknown_kind.md").read_text().replace(
        "start: 2008", "start: 2008\nend: 2007\nattendence: 200\nrole: delegation")
    tree = copy_content(tmp_path, {"events/several.md": broken,
                                   "news/other.md": (BAD / "news_with_script.md").read_text()})
    code, lines = run_check(tree)
    assert code == 1
    found = {line.split(": ")[0].rsplit("/", 1)[-1] + " " + line.split(": ")[1] for line in lines}
    assert found == {"several.md:5 end", "several.md:6 attendence", "several.md:7 role",
                     "several.md:8 kind", "other.md:7 text"}, lines


def test_links_are_checked_once_the_content_is_valid(tmp_path):
    tree = copy_content(tmp_path, {
        "news/a.md": (BAD / "news_with_link_to_missing_page.md").read_text(),
        "news/b.md": (BAD / "news_with_bad_date.md").read_text()})
    out = io.StringIO()
    assert report(check_site(overrides(tree)), out) == 1
    assert "date: expected a date" in out.getvalue()
    assert "/members/" not in out.getvalue()
    assert "Links were not checked: fix the errors above" in out.getvalue()


def test_a_draft_with_a_broken_link_fails_the_check_and_the_dev_build(tmp_path, caplog,
                                                                      fatal_warnings_restored):
    # Production leaves drafts out, so only the development build sees their links.
    draft = (BAD / "news_with_link_to_missing_page.md").read_text().replace(
        "date: 2026-11-20", "date: 2026-11-20\nstatus: draft")
    tree = copy_content(tmp_path, {"news/draft.md": draft})
    code, lines = run_check(tree)
    assert code == 1 and any("/members/" in line for line in lines), lines
    assert run_build(tree, tmp_path / "out", caplog)[0] == 0
    with pytest.raises(Exit):
        tasks.pelican_run(str(DEVELOP), "-o", str(tmp_path / "dev"),
                          *settings_args(tree, show_drafts=True))


def test_invoke_check_and_invoke_build_on_the_command_line(tmp_path):
    """The commands an editor types: non-zero exit, the file and field in the output."""
    project = project_copy(tmp_path, {"events/bad.md": BAD / "event_with_end_before_start.md"})
    invoke = [sys.executable, "-m", "invoke"]
    check = subprocess.run([*invoke, "check"], cwd=project, capture_output=True, text=True)
    build = subprocess.run([*invoke, "build"], cwd=project, capture_output=True, text=True)
    message = "content/events/bad.md:5: end: expected on or after the start (2008-05-10)"
    assert check.returncode == 1 and message in check.stdout, check.stdout + check.stderr
    assert build.returncode == 1 and message in build.stderr, build.stdout + build.stderr
    assert "Traceback" not in build.stderr


def test_a_failed_rebuild_keeps_the_last_good_site(tmp_path, caplog, fatal_warnings_restored):
    # The dev server rebuilds on every save; a mistake must not blank the open page.
    tree = copy_content(tmp_path)
    output = tmp_path / "output"
    tasks.pelican_run(str(DEVELOP), "-o", str(output), *settings_args(tree, show_drafts=True))
    page = output / "news" / "website-launch" / "index.html"
    before = page.read_text(encoding="utf-8")
    (tree / "news" / "website-launch.md").write_text(
        (BAD / "news_with_unclosed_front_matter.md").read_text(), encoding="utf-8")
    with pytest.raises(Exit):
        tasks.pelican_run(str(DEVELOP), "-o", str(output), *settings_args(tree, show_drafts=True))
    assert page.read_text(encoding="utf-8") == before


def test_a_link_to_a_draft_says_the_target_is_a_draft(tmp_path, caplog, fatal_warnings_restored):
    # The dev server shows the draft, so "no such page" would contradict what the editor sees.
    tree = copy_content(tmp_path, {
        "news/a-draft.md": "---\ntitle: A draft\ndate: 2026-11-20\nstatus: draft\n---\nText.\n",
        "news/linker.md": "---\ntitle: Linker\ndate: 2026-11-20\n---\n\n"
                          "See [the draft](/news/a-draft/).\n"})
    code, lines = run_build(tree, tmp_path / "output", caplog)
    [line] = lines
    assert code == 1
    assert line.startswith(f"{tree / 'news' / 'linker.md'}:6: link: expected a link")
    assert f"found /news/a-draft/ ({tree / 'news' / 'a-draft.md'} is a draft" in line
    assert is_documented(line)


def test_a_page_over_the_weight_budget_fails_the_build(tmp_path, caplog, fatal_warnings_restored):
    # 60 KB of words no compressor can shrink far: under the 1 MB limit for a file,
    # far over the 14 KB first-view budget for a page.
    words = [hashlib.sha256(str(n).encode()).hexdigest()[:8] for n in range(6000)]
    long_text = "---\ntitle: Long\ndate: 2026-11-20\n---\n" + " ".join(words) + "\n"
    tree = copy_content(tmp_path, {"news/long.md": long_text})
    code, lines = run_build(tree, tmp_path / "output", caplog)
    assert code == 1
    # One message for each language's page of it (English text, in the Chinese sites too).
    assert len([line for line in lines if "/news/long/: first view is" in line]) == 3
    [line] = [line for line in lines if "found /news/long/:" in line]
    assert line.startswith(f"{tree / 'news' / 'long.md'}: expected a page whose first view is "
                           "at most 14 KB gzipped")
    assert "/news/long/: first view is" in line and is_documented(line)


def test_a_markdown_file_over_1_mb_is_refused_unread(tmp_path):
    tree = copy_content(tmp_path, {"news/huge.md": "---\ntitle: Huge\n---\n" + "x " * 600_000})
    code, lines = run_check(tree)
    assert code == 1
    assert lines == [f"{tree / 'news' / 'huge.md'}: expected a file of at most 1 MB (a page that "
                     "size would load slowly on a phone; split it, or link to a document "
                     "instead); found 1.2 MB"]


def test_content_images_publishes_pictures_and_documents_only(tmp_path):
    # An SVG or HTML file there would be a page of the site that runs its own script.
    tree = copy_content(tmp_path, {"images/logo.svg": "<svg onload='alert(1)'/>",
                                   "images/notes.pdf": b"%PDF"})
    photos.plain_photo(tree / "images" / "photo.JPG", format="JPEG")
    code, lines = run_check(tree)
    assert code == 1
    assert lines == [f"{tree / 'images' / 'logo.svg'}: expected a photo or document: .jpg, "
                     ".jpeg, .png, .gif, .webp, .avif or .pdf (other files could run as pages of "
                     "the site); found logo.svg"]
    assert all(is_documented(line) for line in lines)
