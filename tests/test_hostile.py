"""Hostile input (issue #9): whatever an editor, or anyone who can open a pull
request, puts in the content, data or settings, a reader gets text, never markup
they did not ask for, and nothing from outside the project.

Each test puts hostile files into a copy of the real content and runs what an
editor runs: `invoke check` (check_site) and the production build (Pelican's
command line, in-process, as `invoke build --production` runs it), then reads
the built site as a browser would. The hostile values themselves are data, in
tests/fixtures/hostile/cases.yaml.

How a value is judged "shown as text": the site is built twice, once with a
plain placeholder in every field and once with the hostile value there. With
the hostile value written back as the placeholder, every page (its elements,
their attributes, its text, in order) and every feed must be the same as the
placeholder's build: no new element, no attribute broken open, nothing
evaluated, nothing after the value swallowed, and the value shown as written,
but for the typography titles and other text get (typography.py: curly quotes,
dashes, ellipses), which both builds are read back without.
"""

import base64
import contextlib
import datetime
from dataclasses import dataclass
import difflib
import io
import json
import logging
import os
from pathlib import Path
import re
import shutil
import subprocess
import sys
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, Tag
import icalendar
from conftest import ROOT
from contentcopy import (
    DEVELOP, PUBLISH, copy_content, overrides, project_copy, settings_args,
)
from editingguide import is_documented
from hksmega.build import load_settings
from hksmega.tools.check import check_site, report
from hksmega.tools.publishing import CONFIG_ENV
from hksmega.plugin.schemas import EVENT, NEWS, PAGE, ListOf, Record, Text
from hksmega.site import search
from invoke import Context
from invoke.exceptions import Exit
from pelican.log import FatalLogger
import pytest
import tasks
import yaml

CASES = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "hostile" / "cases.yaml").read_text(encoding="utf-8"))
HONG_KONG = ZoneInfo("Asia/Hong_Kong")
SECRET = "hksmega-test-secret-7c41d9e2"


# A 1×1 PNG, for content/images/.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk"
                       "YAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


@pytest.fixture(autouse=True, scope="module")
def fatal_warnings_restored():
    # Pelican's command line makes warnings fatal for the whole process; undo it.
    level = FatalLogger.fatal_lvl
    yield
    FatalLogger.fatal_lvl = level


# What a command said.

class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@dataclass
class Said:
    text: str = ""


@contextlib.contextmanager
def everything_said():
    """Every log message, and everything written to stdout and stderr, while it runs."""
    said, records = Said(), _Records()
    out, err = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield said
    finally:
        root.removeHandler(records)
        said.text = "\n".join([*records.messages, out.getvalue(), err.getvalue()])


@dataclass
class Run:
    code: int
    report: str  # what `invoke check` printed (empty for a build)
    said: str  # every message and all output

    def lines(self, severity):
        return [line.removeprefix(severity + ": ") for line in self.report.splitlines()
                if line.startswith(severity + ": ")]

    @property
    def errors(self):
        return self.lines("error")


def check(tree, more=None):
    """`invoke check` on a content tree; `more` are more settings."""
    out = io.StringIO()
    with everything_said() as said:
        code = report(check_site({**overrides(tree), **(more or {})}), out)
    return Run(code, out.getvalue(), out.getvalue() + "\n" + said.text)


def build(tree, output, settings=PUBLISH, extra=()):
    """The build of a content tree (production settings unless told); `extra` are more
    NAME=json settings for Pelican's -e."""
    args = [*settings_args(tree, show_drafts=settings == DEVELOP), *extra]
    with everything_said() as said:
        try:
            tasks.pelican_run(str(settings), "-o", str(output), *args)
            code = 0
        except Exit as error:
            code = error.code
    return Run(code, "", said.text)


def where(path, line=None):
    """The ways a message may name a file (and line): as given, or relative to here."""
    forms = {str(path), os.path.relpath(path)}
    return [f"{form}:{line}:" if line else form for form in forms]


def names(text, path, line=None):
    return any(form in text for form in where(path, line))


def written_beside(folder, output):
    """What a build into folder/output wrote into folder, outside its output."""
    folder = Path(folder)
    return sorted(p.name for p in folder.iterdir() if p.name != output) if folder.exists() else []


def all_text(folder):
    """Every file under `folder`, read as text: what a reader of the built site can fetch."""
    folder = Path(folder)
    if not folder.exists():
        return ""
    return "\n".join(p.read_bytes().decode("utf-8", "replace")
                     for p in sorted(folder.rglob("*")) if p.is_file())


# Reading a built site so that two builds can be compared.

# The typography of titles and other text (typography.py), back to what an editor types.
UNTYPESET = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "—": "---", "–": "--",
                           "…": "...", "«": "<<", "»": ">>"})


def normalise(text, pairs):
    """`text` without typography, each hostile value of `pairs` written back as benign."""
    text = text.translate(UNTYPESET)
    for hostile, benign in pairs:
        text = text.replace(hostile.translate(UNTYPESET), benign)
    return text


def html_tokens(text, pairs):
    """A page as a tree: each node with its depth, each element with its attributes,
    each piece of text, in order; `pairs` (hostile, benign) written back."""
    soup = BeautifulSoup(text, "html.parser", multi_valued_attributes=None)
    tokens = []
    for node in soup.descendants:
        depth = sum(1 for _ in node.parents)
        if isinstance(node, Tag):
            attrs = tuple(sorted((name, normalise(str(value), pairs))
                                 for name, value in node.attrs.items()))
            tokens.append((depth, "<" + node.name, attrs))
        elif node.parent.name == "script" and node.parent.get("type") == "application/ld+json":
            # JSON-LD writes <, > and & as \u escapes (structured_data.py): compare the
            # values a JSON parser reads, each written back like any other text.
            tokens.append((depth, "JSON-LD", json_values(json.loads(str(node)), pairs)))
        else:
            tokens.append((depth, type(node).__name__, normalise(str(node), pairs)))
    return tokens


def json_values(value, pairs):
    """A JSON value as comparable tokens, each text `normalise`d."""
    if isinstance(value, dict):
        return tuple((key, json_values(item, pairs)) for key, item in value.items())
    if isinstance(value, list):
        return tuple(json_values(item, pairs) for item in value)
    return normalise(value, pairs) if isinstance(value, str) else value


def xml_tokens(text, pairs):
    """A feed or sitemap as its readers see it; Atom's type="html" content and RSS's
    <description> (HTML, by RSS 2.0's convention) as a page."""
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as error:
        return [("not well-formed XML", str(error))]
    tokens = []

    def walk(element, depth):
        attrs = tuple(sorted((k, normalise(v, pairs)) for k, v in element.attrib.items()))
        if element.get("type") == "html" or element.tag == "description":
            body = tuple(html_tokens(element.text or "", pairs))
        else:
            body = normalise(element.text or "", pairs)
        tokens.append((depth, element.tag, attrs, body, normalise(element.tail or "", pairs)))
        for child in element:
            walk(child, depth + 1)

    walk(root, 0)
    return tokens


def ics_tokens(data, pairs):
    """A calendar as a calendar app reads it: each property of each component, its
    parameters and its value unescaped (RFC 5545's "\\," is a comma)."""
    tokens = []
    for component in icalendar.Calendar.from_ical(data).walk():
        for name, value in component.items():
            text = value if isinstance(value, str) else value.to_ical()
            text = str(text.decode() if isinstance(text, bytes) else text)
            params = tuple(sorted((k, normalise(str(v), pairs))
                                  for k, v in getattr(value, "params", {}).items()))
            tokens.append((component.name, name, params, normalise(text, pairs)))
    return tokens


def site_tokens(site, pairs=()):
    found = {}
    for path in sorted(Path(site).rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if search.BUNDLE in path.relative_to(site).parts[:2]:
            # The search index: the pages' text, compressed, under names that are hashes
            # of it. The search page's script writes what it shows as text
            # (test_search.py: a value with markup, found and shown as written).
            continue
        if path.suffix == ".html":
            found[rel] = html_tokens(path.read_text(encoding="utf-8"), pairs)
        elif path.suffix == ".xml":
            found[rel] = xml_tokens(path.read_text(encoding="utf-8"), pairs)
        elif path.suffix == ".ics":
            found[rel] = ics_tokens(path.read_bytes(), pairs)
        else:
            found[rel] = path.read_bytes()
    return found


def differences(site, expected, pairs):
    """How `site`, with `pairs` written back, differs from `expected` (site_tokens)."""
    found = site_tokens(site, pairs)
    problems = []
    if sorted(found) != sorted(expected):
        problems.append(f"files added: {sorted(set(found) - set(expected))}, "
                        f"missing: {sorted(set(expected) - set(found))}")
    for rel in sorted(set(found) & set(expected)):
        if found[rel] != expected[rel]:
            if isinstance(found[rel], bytes):
                problems.append(f"{rel}: different bytes")
                continue
            diff = difflib.unified_diff([repr(t) for t in expected[rel]],
                                        [repr(t) for t in found[rel]],
                                        "with the placeholder", "with the value", n=1, lineterm="")
            problems.append(f"{rel}:\n" + "\n".join(list(diff)[:30]))
    return problems


def raw_copies(site, value):
    """Built pages that hold `value` as it was typed (typeset or not): markup, when it has
    a `<`."""
    if "<" not in value:
        return []
    return sorted(p.relative_to(site).as_posix() for p in Path(site).rglob("*.html")
                  if value in p.read_text(encoding="utf-8").translate(UNTYPESET))


# Where a value can go: every field the issue names, in the files an editor edits.
# `@@spot@@` marks a value; its line is the line the message must name.

def body_of(page):
    text = (ROOT / "content" / "pages" / page).read_text(encoding="utf-8")
    return text.split("---\n", 2)[2]


TEMPLATES = {
    "news/hostile-news.md": """\
---
title: @@news_title@@
date: 2026-01-15
summary: @@news_summary@@
image: /images/photo.png
image_alt: @@news_image_alt@@
image_credit: @@news_image_credit@@
image_consent: not needed
---
A plain paragraph about the news.
""",
    "events/hostile-event.md": """\
---
title: @@event_title@@
date: 2026-01-15
start: 2026-01-10
kind: seminar
role: organiser
venue: @@event_venue@@
city: @@event_city@@
region: @@event_region@@
country: @@event_country@@
organisations:
  - name: @@organisation_name@@
    relation: organised by
guests:
  - name: @@guest_name@@
    position: @@guest_position@@
summary: @@event_summary@@
image: /images/photo.png
image_alt: @@event_image_alt@@
image_credit: @@event_image_credit@@
image_consent: not needed
gallery:
  - image: /images/photo.png
    alt: @@gallery_alt@@
    caption: @@gallery_caption@@
---
A plain paragraph about the event.
""",
    "events/hostile-visit.md": """\
---
title: A visit
date: 2026-01-15
start: 2026-01-05
kind: visit
countries:
  - @@event_countries@@
  - Japan
---
A plain paragraph about the visit.
""",
    "pages/hostile-page.md": """\
---
title: @@page_title@@
summary: @@page_summary@@
---
A plain paragraph of a page.
""",
    # The history page: its title on /history/, its summary on the home page.
    "pages/history.md": """\
---
title: @@history_page_title@@
slug: history
template: history
summary: @@history_page_summary@@
---
""" + body_of("history.md"),
    "pages/contact.md": """\
---
title: @@contact_page_title@@
slug: contact
template: contact
summary: How to get in touch with the Association and how to become a member.
---
""" + body_of("contact.md"),
    "data/history.yaml": (ROOT / "content" / "data" / "history.yaml").read_text(encoding="utf-8")
    + """\
- year: 2011
  text: @@history_text@@
  event: hostile-event
""",
    "data/organisation.yaml": """\
name: Hong Kong Small and Medium Enterprises General Association
short_name: HKSMEGA
founded: 1995
member_of: @@org_member_of@@
address: @@org_address@@
phone: @@org_phone@@
fax: @@org_fax@@
email: @@org_email@@
office_hours: @@org_office_hours@@
office_bearers:
  - name: @@bearer_name@@
    position: @@bearer_position@@
membership:
  how_to_join: @@how_to_join@@
  categories:
    - name: @@category_name@@
      fee: @@category_fee@@
social:
  - name: @@social_name@@
    url: @@social_url@@
""",
}
MARK = re.compile(r"@@(\w+)@@")


@dataclass(frozen=True)
class Spot:
    file: str  # under content/
    line: int


SPOTS = {match.group(1): Spot(file, number)
         for file, text in TEMPLATES.items()
         for number, line in enumerate(text.splitlines(), start=1)
         for match in MARK.finditer(line)}

PLACEHOLDER = "Plain placeholder"
# Phone numbers, addresses: fields with a format of their own.
PHONE_SPOTS = {"org_phone", "org_fax"}
FORMATTED = {"org_phone": "+852 1234 5678", "org_fax": "+852 1234 5678",
             "org_email": "office@example.org", "social_url": "https://www.example.org/hksmega"}
# Every spot with a plain value; a hostile value replaces the plain ones it shares a
# trial with (so that the comparison can write it back).
PLAIN = {spot: PLACEHOLDER for spot in SPOTS} | FORMATTED
TEXT_SPOTS = sorted(set(SPOTS) - set(FORMATTED))


def files_with(values):
    """The hostile files with `values` ({spot: value}) written in, as YAML strings."""
    return {file: MARK.sub(lambda m: json.dumps(values[m.group(1)], ensure_ascii=False), text)
            for file, text in TEMPLATES.items()} | {"images/photo.png": PNG}


def text_fields(kind, path=()):
    """The paths of a schema's free-text fields: ("guests", "name") for each guest's."""
    if isinstance(kind, Text):
        yield path
    elif isinstance(kind, ListOf):
        yield from text_fields(kind.item, path)
    elif isinstance(kind, Record):
        for spec in kind.fields:
            yield from text_fields(spec.type, (*path, spec.name))


def values_at(data, path):
    if isinstance(data, list):
        return [value for item in data for value in values_at(item, path)]
    if not path:
        return [data]
    return values_at(data[path[0]], path[1:]) if path[0] in data else []


def test_every_free_text_field_gets_a_value_on_a_line_of_its_own():
    assert len({(s.file, s.line) for s in SPOTS.values()}) == len(SPOTS)
    marked = files_with({spot: spot for spot in SPOTS})
    for schema, files in ((EVENT, ["events/hostile-event.md", "events/hostile-visit.md"]),
                          (NEWS, ["news/hostile-news.md"]), (PAGE, ["pages/hostile-page.md"])):
        fields = [yaml.safe_load(marked[file].split("---\n")[1]) for file in files]
        for path in text_fields(schema.record):
            assert set(TEXT_SPOTS) & {v for f in fields for v in values_at(f, path)}, path
    assert set(TEXT_SPOTS) >= {"history_text", "org_member_of", "org_address",
                               "org_office_hours", "category_fee", "social_name"}


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory):
    """The site with the placeholder in every spot, as the comparison's reference."""
    tmp = tmp_path_factory.mktemp("plain")
    tree = copy_content(tmp, files_with(PLAIN))
    built = build(tree, tmp / "site")
    assert built.code == 0, built.said
    # The placeholder reaches every page the issue names.
    for page in ("index.html", "news/index.html", "events/index.html", "history/index.html",
                 "contact/index.html", "news/hostile-news/index.html",
                 "events/hostile-event/index.html", "events/hostile-visit/index.html",
                 "hostile-page/index.html"):
        assert PLACEHOLDER in (tmp / "site" / page).read_text(encoding="utf-8"), page
    return site_tokens(tmp / "site")


@dataclass
class Outcome:
    hostile_tree: Path  # the files as check saw them
    checked: Run
    refused: list  # spots whose value check refused, naming file and line
    hostile_build: Run | None  # the build of the files as check saw them, when it refused
    built: Run | None  # the build with the refused values put back to plain
    site: Path | None  # None: every value was refused, so that build is the plain one


def try_values(tmp_path, values):
    """Check the files with `values`; build them, the refused values put back to plain."""
    hostile_tree = tree = copy_content(tmp_path / "hostile", files_with(values))
    checked = check(tree)
    refused = [spot for spot, value in values.items() if value != PLAIN[spot] and any(
        names(error, tree / SPOTS[spot].file, SPOTS[spot].line) for error in checked.errors)]
    hostile_build = None
    if refused:
        hostile_build = build(tree, tmp_path / "hostile-site")
        accepted = values | {spot: PLAIN[spot] for spot in refused}
        if accepted == PLAIN:  # all refused: the plain site, built already
            return Outcome(hostile_tree, checked, refused, hostile_build, None, None)
        tree = copy_content(tmp_path / "accepted", files_with(accepted))
    site = tmp_path / "site"
    return Outcome(hostile_tree, checked, refused, hostile_build, build(tree, site), site)


def assert_refused_or_shown_as_text(outcome, pairs, plain_site, must_accept=()):
    for spot in outcome.refused:
        path, line = outcome.hostile_tree / SPOTS[spot].file, SPOTS[spot].line
        said = [e for e in outcome.checked.errors if names(e, path, line)]
        assert [e for e in said if not is_documented(e)] == [], "not in docs/EDITING.md"
        # The build refuses what the check refused, in the same words.
        assert outcome.hostile_build.code == 1, f"check refused {spot}, the build did not"
        assert all(e in outcome.hostile_build.said for e in said), (said,
                                                                    outcome.hostile_build.said)
    assert not set(outcome.refused) & set(must_accept), (
        f"ordinary text refused in {sorted(set(outcome.refused) & set(must_accept))}:\n"
        + "\n".join(outcome.checked.errors))
    if outcome.built is None:
        return
    assert outcome.built.code == 0, outcome.checked.report + outcome.built.said
    found = differences(outcome.site, plain_site, pairs)
    assert found == [], "\n\n".join(found)
    for hostile, _ in pairs:
        assert raw_copies(outcome.site, hostile) == []


TEXT_VALUES = CASES["text_values"]


@pytest.mark.parametrize("case", TEXT_VALUES, ids=[c["name"] for c in TEXT_VALUES])
def test_a_value_in_any_field_is_refused_or_shown_as_text(case, tmp_path, plain_site):
    """News and event fields, page titles and summaries, history.yaml and
    organisation.yaml: each value is refused where check and build both name its
    file and line, and shown as text everywhere else."""
    value = case["value"]
    outcome = try_values(tmp_path / "text", PLAIN | {spot: value for spot in TEXT_SPOTS})
    assert_refused_or_shown_as_text(outcome, [(value, PLACEHOLDER)], plain_site)
    # A phone or fax number has a form of its own (a Phone), which none of these fits.
    outcome = try_values(tmp_path / "phone", PLAIN | {spot: value for spot in PHONE_SPOTS})
    assert set(outcome.refused) == PHONE_SPOTS, outcome.checked.report
    assert_refused_or_shown_as_text(outcome, [], plain_site)


def test_ordinary_punctuation_is_accepted_and_shown_as_written(tmp_path, plain_site):
    value = CASES["prose_value"]
    outcome = try_values(tmp_path, PLAIN | {spot: value for spot in TEXT_SPOTS})
    assert_refused_or_shown_as_text(outcome, [(value, PLACEHOLDER)], plain_site,
                                    must_accept=TEXT_SPOTS)


# Markup in an email address, and in a web address's query (no quote, space or control
# character there: it may pass, but only as an escaped href).
@pytest.mark.parametrize(("spot", "value"), [
    ("org_email", 'x"><script>alert(1)</script>@evil.example'),
    ("social_url", "https://www.example.org/?q=<script>alert(1)</script>&x=1"),
])
def test_an_address_with_markup_is_refused_or_shown_as_written(spot, value, tmp_path,
                                                                 plain_site):
    outcome = try_values(tmp_path, PLAIN | {spot: value})
    assert_refused_or_shown_as_text(outcome, [(value, PLAIN[spot])], plain_site)


SETTING_VALUES = [*TEXT_VALUES, {"name": "prose", "value": CASES["prose_value"]}]


@pytest.mark.parametrize("case", SETTING_VALUES, ids=[c["name"] for c in SETTING_VALUES])
def test_a_setting_is_shown_as_text(case, tmp_path, plain_site):
    """The site's name, a setting, lands in every <title>, header, footer and feed, and
    goes through gettext (whose %-formatting and trust in the catalogue must not apply)."""
    value = case["value"]
    tree = copy_content(tmp_path, files_with(PLAIN))
    built = build(tree, tmp_path / "site", extra=[f"SITENAME={json.dumps(value)}"])
    assert built.code == 0, built.said
    name = load_settings(PUBLISH)["SITENAME"]
    found = differences(tmp_path / "site", plain_site, [(value, name)])
    assert found == [], "\n\n".join(found)
    assert raw_copies(tmp_path / "site", value) == []


# Markdown: an allow-list, and anything outside it refused.

TRICKS = CASES["markdown_tricks"]
TRICK_LINE = 5


def trick_file(case):
    return f"---\ntitle: Trick {case['name']}\ndate: 2026-01-15\n---\n{case['markdown']}\n"


def trick_files():
    return {f"news/trick-{case['name']}.md": trick_file(case) for case in TRICKS} | {
        "images/photo.png": PNG}


def test_invoke_check_without_links_refuses_every_trick_too(tmp_path):
    # `invoke check --no-links` must convert Markdown as the build does, `extra`
    # (attr_list) included. Run as an editor runs it, in a process of its own: in
    # this one, an earlier build may have left Pelican's Markdown settings changed.
    project = project_copy(tmp_path, trick_files())
    run = subprocess.run([sys.executable, "-m", "invoke", "check", "--no-links"],
                         cwd=project, capture_output=True, text=True)
    errors = [line for line in run.stdout.splitlines() if line.startswith("error: ")]
    missed = [case["name"] for case in TRICKS
              if not any(f"content/news/trick-{case['name']}.md:{TRICK_LINE}:" in e
                         for e in errors)]
    assert run.returncode == 1 and missed == [], run.stdout + run.stderr


def test_check_and_build_refuse_every_trick_and_write_none_of_them(tmp_path):
    tree = copy_content(tmp_path, trick_files())
    checked = check(tree)
    production = build(tree, tmp_path / "site")
    development = build(tree, tmp_path / "dev", settings=DEVELOP)
    assert checked.code == 1 and production.code == 1 and development.code == 1
    for case in TRICKS:
        path = tree / f"news/trick-{case['name']}.md"
        said = [e for e in checked.errors if names(e, path, TRICK_LINE)]
        assert said and all(is_documented(e) for e in said), (case["name"], checked.report)
        # Refused for what it is, not because a link in it leads nowhere.
        assert not any("no such page or file" in e for e in said), said
        assert names(production.said, path, TRICK_LINE), (case["name"], production.said)
    # Nothing of them on any page, summary (home, /news/) or feed.
    for output in (tmp_path / "site", tmp_path / "dev"):
        text = all_text(output)
        assert "evil.example" not in text and "alert(1)" not in text and "msgbox" not in text


ORDINARY_MARKDOWN = """\
---
title: Ordinary Markdown
date: 2026-01-15
---
The Association's *new* **fair** has `code`, a [page](/about/), a
[site](https://www.example.org/fair/), a [plain one](http://www.example.org/),
[email](mailto:info@example.org), a [phone](tel:+85212345678), an autolink
<https://www.example.org/> and an email autolink <info@example.org>.

## The programme

- First
- Second

1. One
2. Two

> A quotation from a guest.

| Time | Session |
| --- | --- |
| 10:00 | Opening |

![The entrance](/images/photo.png)

    <p>An indented code sample is text.</p>

```python
print("<script>alert(1)</script>")
```

A claim with a note.[^1]

---

[^1]: The note, with a [link](/history/).
"""


def test_ordinary_markdown_passes_and_is_written_as_markdown_wrote_it(tmp_path):
    from markdown import Markdown

    tree = copy_content(tmp_path, {"news/ordinary.md": ORDINARY_MARKDOWN,
                                   "images/photo.png": PNG})
    checked = check(tree)
    assert checked.code == 0, checked.report
    built = build(tree, tmp_path / "site")
    assert built.code == 0, built.said
    page = (tmp_path / "site" / "news" / "ordinary" / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(page, "html.parser", multi_valued_attributes=None).find("article")
    article.find("header").decompose()
    options = {k: v for k, v in load_settings(PUBLISH)["MARKDOWN"].items() if k != "extensions"}
    converter = Markdown(extensions=list(options["extension_configs"]), **options)
    body = ORDINARY_MARKDOWN.split("---\n", 2)[2]
    expected = html_tokens(converter.convert(body), ())

    def elements(tokens):  # depth differs (the page nests the body); whitespace may too
        return [t[1:] for t in tokens if not (t[1] == "NavigableString" and not t[2].strip())]

    # The one change the site makes: a photo of content/images/ becomes a <picture> of
    # the sizes the build made (tests/test_photos.py); read it back as Markdown's <img>.
    [picture] = article.select("picture")
    img = picture.find("img")
    assert img["alt"] == "The entrance" and img["src"] == "/images/photo.1w.png"
    picture.replace_with(BeautifulSoup('<img alt="The entrance" src="/images/photo.png">',
                                       "html.parser"))
    assert elements(html_tokens(article.decode_contents(), ())) == elements(expected)
    # With no `summary:`, the summary is the text's first words: HTML, links and all.
    cards = BeautifulSoup((tmp_path / "site" / "news" / "index.html").read_text(
        encoding="utf-8"), "html.parser").select(".card__summary")
    assert any(card.select('a[href="/about/"]') and card.select("em") for card in cards)
    # What the comparison rests on: Markdown's `extra` did write these.
    for selector in ('a[href="#fn:1"]', '[id="fn:1"]', 'a[href="#fnref:1"]', "table th",
                     'img[src="/images/photo.png"][alt="The entrance"]', "h2[id]",
                     'a[href="tel:+85212345678"]', "blockquote", "pre code", "ol li", "em"):
        assert article.select(selector), selector


# Links into the project's files: symbolic links, and Pelican's {static} links.

def write_secret(path, text=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else f"{SECRET}\n", encoding="utf-8")
    return path


def test_symbolic_links_under_content_are_refused_and_never_followed(tmp_path):
    tree = copy_content(tmp_path, {"images/photo.png": PNG})
    outside = tmp_path / "outside"
    # The issue's own example: content/images/logo.png -> ../../.git/config.
    write_secret(tmp_path / ".git" / "config", f"[remote]\n\turl = https://{SECRET}@x.org/\n")
    # A target whose first line is the secret: the message must not quote it.
    write_secret(outside / "first-line.md")
    write_secret(outside / "valid.md",
                 f"---\ntitle: Linked {SECRET}\ndate: 2026-01-15\n---\n{SECRET}\n")
    write_secret(outside / "gallery" / "notes.txt")
    (outside / "gallery" / "photo.png").write_bytes(PNG + SECRET.encode())
    organisation = (tree / "data" / "organisation.yaml").read_text(encoding="utf-8")
    write_secret(outside / "organisation.yaml", f"# {SECRET}\n{organisation}")
    links = {
        "images/logo.png": Path("../../.git/config"),
        "news/linked.md": outside / "first-line.md",
        "news/linked-valid.md": outside / "valid.md",
        "images/gallery": outside / "gallery",
        "data/organisation.yaml": outside / "organisation.yaml",
    }
    (tree / "data" / "organisation.yaml").unlink()
    for link, target in links.items():
        (tree / link).symlink_to(target)

    checked = check(tree)
    built = build(tree, tmp_path / "build" / "site")
    assert checked.code == 1 and built.code == 1
    for link in links:
        assert names("\n".join(checked.errors), tree / link), (link, checked.report)
        assert names(built.said, tree / link), (link, built.said)
    for text in (checked.said, built.said, all_text(tmp_path / "build")):
        assert SECRET not in text
    assert written_beside(tmp_path / "build", "site") == []


def test_symbolic_links_in_the_theme_are_refused_and_never_followed(tmp_path):
    tree = copy_content(tmp_path)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    links = {
        # Bundled into the site's one stylesheet (site/stylesheet.py reads theme/css/*.css).
        "css/zz-extra.css": write_secret(tmp_path / "outside" / "extra.css", f"/* {SECRET} */\n"),
        # Copied to output/theme/js/.
        "static/js/extra.js": write_secret(tmp_path / "outside" / "extra.js", f"// {SECRET}\n"),
    }
    for link, target in links.items():
        (theme / link).symlink_to(target)

    checked = check(tree, more={"THEME": str(theme)})
    built = build(tree, tmp_path / "site", extra=[f"THEME={json.dumps(str(theme))}"])
    assert checked.code == 1 and built.code == 1, checked.report + built.said
    for link in links:
        assert names("\n".join(checked.errors), theme / link), (link, checked.report)
        assert names(built.said, theme / link), (link, built.said)
    for text in (checked.said, built.said, all_text(tmp_path / "site")):
        assert SECRET not in text


@pytest.mark.parametrize("link", [
    "[Our settings]({static}../../.git/config)",
    "[Our settings]({attach}../../.git/config)",
    "[Our settings]({static}/../.git/config)",
])
def test_a_pelican_link_out_of_content_is_refused_and_nothing_is_copied(link, tmp_path):
    # Not named in the issue: Pelican copies what {static} and {attach} point at,
    # to the same path under the output folder, so ../ reads outside content/
    # and writes outside the output folder.
    write_secret(tmp_path / ".git" / "config")
    tree = copy_content(tmp_path, {"news/linked.md":
                                   f"---\ntitle: Linked\ndate: 2026-01-15\n---\n{link}\n"})
    checked = check(tree)
    built = build(tree, tmp_path / "build" / "out" / "site")
    assert checked.code == 1 and built.code == 1
    assert any(names(e, tree / "news/linked.md", 5) and "expected a link written as the page's "
               "address" in e for e in checked.errors), checked.report
    assert names(built.said, tree / "news/linked.md", 5), built.said
    assert SECRET not in all_text(tmp_path / "build")
    assert written_beside(tmp_path / "build", "out") == []


@pytest.mark.parametrize(("field", "value"), [
    ("save_as", "../../escaped/index.html"),
    ("save_as", "{tmp_path}/escaped.html"),  # an absolute path
    ("url", "javascript:alert(1)"),
    ("url", "//evil.example/"),
])
def test_a_pages_address_stays_inside_the_site(field, value, tmp_path):
    # Not named in the issue: `save_as` and `url` are the maintainers' fields of a
    # page; Pelican writes where save_as says and links where url says.
    value = value.format(tmp_path=tmp_path)
    page = f"---\ntitle: Moved\n{field}: {json.dumps(value)}\n---\nText.\n"
    tree = copy_content(tmp_path, {"pages/moved.md": page})
    checked = check(tree)
    built = build(tree, tmp_path / "build" / "out" / "site")
    assert checked.code == 1 and built.code == 1
    said = [e for e in checked.errors if names(e, tree / "pages/moved.md", 3)]
    assert said and all(e in built.said for e in said), checked.report
    assert written_beside(tmp_path / "build", "out") == []
    assert not (tmp_path / "escaped.html").exists()


# site_url: validated by every production build.

@pytest.fixture
def publishing(tmp_path, monkeypatch):
    """use(site_url): builds and previews of the real content read a publishing.yaml
    with that address; output goes to tmp_path; `preview` stops where it would serve."""
    served = []
    monkeypatch.chdir(ROOT)
    monkeypatch.setitem(tasks.CONFIG, "output", str(tmp_path / "output"))
    monkeypatch.setattr(tasks, "serve", lambda c, port: served.append(port))

    def use(site_url):
        path = tmp_path / "publishing.yaml"
        path.write_text(f"site_url: {json.dumps(site_url)}\nremote: origin\nbranch: gh-pages\n"
                        "publish_from: main\ncname: \"\"\n", encoding="utf-8")
        monkeypatch.setenv(CONFIG_ENV, str(path))
        return served

    return use


def run_task(task, **options):
    with everything_said() as said:
        try:
            task(Context(), **options)
            code = 0
        except Exit as error:
            code = error.code if error.code is not None else 1
            print(error.message or "", file=sys.stderr)
    return Run(code, "", said.text)


@pytest.mark.parametrize("site_url", CASES["bad_site_urls"])
def test_a_bad_site_url_fails_every_production_build(site_url, publishing, tmp_path):
    served = publishing(site_url)
    for task, options in ((tasks.build, {"production": True}), (tasks.preview, {"port": 0})):
        run = run_task(task, **options)
        assert run.code == 1 and served == [], f"{task.name} accepted {site_url!r}"
        assert any("publishing.yaml" in line and "site_url" in line
                   for line in run.said.splitlines()), run.said
        assert "Traceback" not in run.said


@pytest.mark.parametrize("site_url", CASES["good_site_urls"])
def test_a_good_site_url_builds_and_is_the_sitemaps_address(site_url, publishing, tmp_path):
    served = publishing(site_url)
    for task, options in ((tasks.build, {"production": True}), (tasks.preview, {"port": 0})):
        run = run_task(task, **options)
        assert run.code == 0, run.said
        locations = [loc.text for loc in ElementTree.parse(
            tmp_path / "output" / "sitemap.xml").getroot().iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        assert locations and all(loc.startswith(site_url + "/") for loc in locations)
    assert served == [0]


# organisation.yaml `social`: addresses only.

def social_accounts(urls):
    rows = "".join(f"  - name: Account {n}\n    url: {json.dumps(url)}\n"
                   for n, url in enumerate(urls, start=1))
    text = (ROOT / "content" / "data" / "organisation.yaml").read_text(encoding="utf-8")
    head = text.split("\nsocial:", 1)[0] + "\nsocial:\n"
    return head + rows, head.count("\n") + 1  # the text, and the line of the first account


def test_a_social_address_must_be_a_clean_web_address(tmp_path):
    bad, good = CASES["bad_social_urls"], CASES["good_social_urls"]
    text, first = social_accounts([*bad, *good])
    tree = copy_content(tmp_path, {"data/organisation.yaml": text})
    checked = check(tree)
    built = build(tree, tmp_path / "site")
    path = tree / "data" / "organisation.yaml"
    assert checked.code == 1 and built.code == 1
    for index, url in enumerate([*bad, *good]):
        line = first + 2 * index + 1  # the account's `url:` line
        said = [e for e in checked.errors if names(e, path, line)]
        if url in bad:
            assert said and all("url" in e for e in said), (url, checked.report)
            assert all(is_documented(e) for e in said), said
            assert all(e in built.said for e in said), built.said
        else:
            assert said == [], url


def test_a_good_social_address_is_linked_as_written(tmp_path):
    good = CASES["good_social_urls"]
    text, _ = social_accounts(good)
    tree = copy_content(tmp_path, {"data/organisation.yaml": text})
    built = build(tree, tmp_path / "site")
    assert built.code == 0, built.said
    page = BeautifulSoup((tmp_path / "site" / "contact" / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("main a[href]")}
    for n, url in enumerate(good, start=1):
        assert links[f"Account {n}"] == url


# Front matter, dates, file names and sizes.

def test_a_long_summary_and_a_file_over_1_mb_are_refused(tmp_path):
    # (A title over its limit, and `invoke check` on a file over 1 MB: tests/test_check.py.)
    tree = copy_content(tmp_path, {
        "news/fine-title.md": f"---\ntitle: {'T' * 150}\ndate: 2026-01-15\n---\nText.\n",
        "news/long-summary.md": "---\ntitle: Long summary\ndate: 2026-01-15\n"
                                f"summary: {'A sentence. ' * 2000}\n---\nText.\n",
        "news/big.md": "---\ntitle: Big\ndate: 2026-01-15\n---\n"
                       + ("A line of text in a very long news item.\n" * 20 + "\n") * 1400,
    })
    checked = check(tree)
    built = build(tree, tmp_path / "site")
    assert checked.code == 1 and built.code == 1
    assert not any(names(e, tree / "news/fine-title.md") for e in checked.errors), checked.report
    for file, line, says in (("news/long-summary.md", 4, "summary: expected text of at most 400"),
                             ("news/big.md", None, "expected a file of at most 1 MB")):
        said = [e for e in checked.errors if names(e, tree / file, line)]
        assert said and all(says in e and e in built.said for e in said), checked.report
        # A clear message, not the whole value repeated back.
        assert all(is_documented(e) and len(e) < 600 for e in said), said


def hong_kong_time(when):
    return when.strftime("%Y-%m-%d %H:%M")


def test_an_item_dated_later_today_is_a_notice_with_its_time(tmp_path):
    now = datetime.datetime.now(HONG_KONG)
    later = (now + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    if later.date() != now.date():
        # Too close to midnight for "later today": a scheduled item far ahead
        # still must be listed with its time.
        later = datetime.datetime(2999, 1, 2, 10, 30, tzinfo=HONG_KONG)
    tree = copy_content(tmp_path, {"news/later.md": "---\ntitle: Later\n"
                                   f"date: \"{hong_kong_time(later)}\"\n---\nText.\n"})
    checked = check(tree)
    assert checked.code == 0, checked.report
    said = [n for n in checked.lines("notice") if names(n, tree / "news/later.md", 3)]
    assert any(" date:" in n and later.strftime("%H:%M") in n for n in said), checked.report
    assert all(is_documented(n) for n in said), said
    built = build(tree, tmp_path / "site")
    assert built.code == 0, built.said
    assert not (tmp_path / "site" / "news" / "later").exists()


def test_an_item_dated_a_few_hours_ago_is_published_without_a_notice(tmp_path):
    earlier = datetime.datetime.now(HONG_KONG) - datetime.timedelta(hours=2)
    tree = copy_content(tmp_path, {"news/earlier.md": "---\ntitle: Earlier\n"
                                   f"date: \"{hong_kong_time(earlier)}\"\n---\nText.\n"})
    checked = check(tree)
    assert checked.code == 0, checked.report
    # (Its only notice: no Chinese translation yet.)
    notices = [n for n in checked.lines("notice") if "expected a translation" not in n]
    assert not any(names(n, tree / "news/earlier.md") for n in notices), checked.report
    built = build(tree, tmp_path / "site")
    assert built.code == 0, built.said
    assert (tmp_path / "site" / "news" / "earlier" / "index.html").exists()


def test_one_file_name_in_news_and_events_is_one_error_naming_both(tmp_path):
    tree = copy_content(tmp_path, {
        "news/expo.md": "---\ntitle: Expo news\ndate: 2026-01-15\n---\nText.\n",
        "events/expo.md": "---\ntitle: Expo\ndate: 2026-01-15\n---\nText.\n",
    })
    news, event = tree / "news" / "expo.md", tree / "events" / "expo.md"
    checked = check(tree)
    built = build(tree, tmp_path / "site")
    assert checked.code == 1 and built.code == 1
    said = [e for e in checked.errors if names(e, news) or names(e, event)]
    assert len(said) == 1, checked.report
    # On the file read second (ARTICLE_PATHS: news, then events), naming the first.
    assert any(said[0].startswith(form + ": slug: ") for form in where(event)), said
    assert names(said[0], news) and is_documented(said[0]), said
    assert said[0] in built.said, built.said
    assert "variants" not in built.said  # Pelican's own warning about translations
