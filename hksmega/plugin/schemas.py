"""One schema per content type: which fields it has, and what each may hold.

This is the one place where the fields are declared. The build and `invoke
check` validate with it (validate.py), `invoke new` writes its scaffolds from it
(scaffold.py), and docs/EDITING.md's field tables are generated from it
(`invoke docs`), so the rules, the templates and the guide cannot drift apart.

A schema is data: a Record of Fields, each with a type. A type knows how to
describe itself to an editor and what is wrong with a value; Records and
lists check their parts and report every problem, not only the first.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from hksmega.languages import ORIGINAL, WRITTEN
from hksmega.plugin.dates import EXPECTED as PARTIAL_DATE_EXPECTED
from hksmega.plugin.dates import PartialDate
from hksmega.problems import Problem

STATUSES = ("published", "draft")
# The fixed vocabulary of an event's `kind`, `role` and each organisation's
# `relation`: words that say no more than the record does. Readers see each
# word through a label, a literal string in theme/templates/partials/event-labels.html
# (so that the translation catalogue lists it); a test checks every word has one.
EVENT_KINDS = ("exhibition", "trade fair", "seminar", "summit", "ceremony", "visit",
               "study mission")
EVENT_ROLES = ("organiser", "co-organiser", "sponsor", "co-sponsor", "exhibitor",
               "participant", "host")
RELATIONS = ("under the aegis of", "organised by", "sponsored by", "awarded by",
             "on behalf of", "visited", "in co-operation with")


def issue(field, line, expected, found, severity="error"):
    """One thing wrong with a value, as the one Problem type (problems.py): which field
    (a path such as "guest 2, name"), its line when known, what was expected and what
    was found. Its file is filled in by Schema.validate."""
    return Problem(None, line, field, expected, found, severity)


def is_empty(value):
    return value is None or value == [] or value == {} or (
        isinstance(value, str) and not value.strip())


def describe(value):
    """A value as an editor would recognise it in the file."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a group of fields (name: value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def suggestion(word, choices):
    """' (did you mean X?)' for a near miss such as catagory/category, else ''."""
    close = difflib.get_close_matches(str(word).lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def join_path(*parts):
    return ", ".join(part for part in parts if part)


# Types. Each has `label` (for the field tables), `expected` (for messages)
# and `issues(value, name, line)`; scalars only say what is wrong in `mismatch`.

class Scalar:
    label = ""
    expected = ""

    def mismatch(self, value):
        """How `value` fails this type (the "found" of a message), or None if it fits."""
        raise NotImplementedError

    def issues(self, value, name, line):
        found = self.mismatch(value)
        return [issue(name, line, self.expected, found)] if found else []

    def describe(self):
        return self.label


class Text(Scalar):
    """One line or paragraph of text; `max_length` keeps titles and summaries sane."""

    expected = "text"

    def __init__(self, max_length=None):
        self.max_length = max_length
        self.label = f"text, at most {max_length} characters" if max_length else "text"

    def mismatch(self, value):
        # YAML reads `2011`, `yes` or `0123` as a number or true/false, not as the
        # characters typed; the templates need the text itself.
        if isinstance(value, bool):
            return f"{describe(value)} (to write the word, put it in quotes)"
        if isinstance(value, (int, float)):
            return f"{describe(value)}, a number (to write it as text, put it in quotes)"
        return None if isinstance(value, str) else describe(value)

    def issues(self, value, name, line):
        found = super().issues(value, name, line)
        if not found and self.max_length and len(value) > self.max_length:
            found.append(issue(name, line, f"text of at most {self.max_length} characters",
                               f"{len(value)} characters, starting {value[:40]!r}"))
        return found


class Date(Scalar):
    """The date an item is published on this site (Pelican's `date`)."""

    label = "date: YYYY-MM-DD, or YYYY-MM-DD HH:MM"
    expected = "a date as YYYY-MM-DD (or YYYY-MM-DD HH:MM with a time)"
    PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")

    def mismatch(self, value):
        if isinstance(value, datetime.date):
            return None
        text = str(value).strip()
        if not isinstance(value, str) or not self.PATTERN.match(text):
            return describe(value)
        try:
            datetime.datetime.fromisoformat(text)
        except ValueError:
            return f"{describe(value)} (that day does not exist)"
        return None


class WhenDate(Scalar):
    """When an event happened: a full date or a year alone (dates.PartialDate)."""

    label = "a full date (YYYY-MM-DD) or a year alone (YYYY)"
    expected = PARTIAL_DATE_EXPECTED

    def mismatch(self, value):
        try:
            PartialDate.parse(value)
        except ValueError:
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                return f"{describe(value)} (that day does not exist)"
            return describe(value)
        return None


class Choice(Scalar):
    def __init__(self, values):
        self.values = tuple(values)
        self.expected = "one of: " + ", ".join(self.values)
        self.label = "one of: " + ", ".join(f"`{v}`" for v in self.values)

    def mismatch(self, value):
        if isinstance(value, str) and value in self.values:
            return None
        return describe(value) + suggestion(value, self.values)


class Boolean(Scalar):
    label = "`true` or `false`"
    expected = "true or false"

    def mismatch(self, value):
        return None if isinstance(value, bool) else describe(value)


class Count(Scalar):
    label = "a whole number"
    expected = "a whole number, such as 200"

    def mismatch(self, value):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else describe(value)


class Year(Scalar):
    def __init__(self, first=1000, last=2999):
        self.first, self.last = first, last
        self.label = "a year (YYYY)"
        self.expected = f"a year from {first} to {last}, written as four digits"

    def mismatch(self, value):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok and self.first <= value <= self.last else describe(value)


class Slug(Scalar):
    label = "a slug: lower-case letters, digits and hyphens"
    expected = "a slug: lower-case letters, digits and hyphens, such as world-sme-expo"
    PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

    def mismatch(self, value):
        ok = isinstance(value, (str, int)) and not isinstance(value, bool)
        return None if ok and self.PATTERN.match(str(value)) else describe(value)


class Url(Scalar):
    """A web address: parsed, not trusted. https (or http) with a host, and nothing
    that could break out of an attribute or hide where it leads."""

    label = "a web address (https://...)"
    expected = "a web address starting with https:// or http://"
    # Spaces, controls, quotes and brackets, and the invisible marks that reverse
    # how text reads (a link to "exe.gnp" shown as "png.exe").
    UNSAFE = re.compile(
        r"[\x00-\x20\x7f\"'<>\\`\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

    def mismatch(self, value):
        if not isinstance(value, str):
            return describe(value)
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 (raises on a port that is not a number)
        except ValueError:
            return describe(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return describe(value)
        if self.UNSAFE.search(value):
            return f"{describe(value)} (with a space, quote or other sign that does not belong)"
        if "@" in parts.netloc:
            return f"{describe(value)} (with a user name or password in it)"
        return None


class SiteUrl(Url):
    """The site's public address (publishing.yaml): https, the host alone."""

    label = "the site's address, such as https://www.example.org"
    expected = ("the site's address, such as https://www.example.org: https, the host "
                "alone (no path, no trailing slash; http only for localhost)")
    LOCAL = ("localhost", "127.0.0.1")

    def mismatch(self, value):
        found = super().mismatch(value)
        if found:
            return found
        parts = urlsplit(value)
        if parts.scheme == "http" and parts.hostname not in self.LOCAL:
            return f"{describe(value)} (http:// is not private: use https://)"
        if parts.path or parts.query or parts.fragment or value.endswith(("?", "#")):
            return f"{describe(value)} (the host alone, without a path or trailing slash)"
        return None


class Matching(Scalar):
    """Text of a fixed form, described by PATTERN."""

    PATTERN = None

    def mismatch(self, value):
        ok = isinstance(value, str) and self.PATTERN.match(value)
        return None if ok else describe(value)


class Email(Matching):
    label = "an email address"
    expected = "an email address, such as info@example.org"
    PATTERN = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


class Phone(Matching):
    """A phone or fax number: the templates make a tel: link of it."""

    label = "a phone number, such as +852 1234 5678"
    expected = "a phone number of digits, spaces and + - ( ), such as +852 1234 5678"
    PATTERN = re.compile(r"^\+?[0-9][0-9 ()-]{4,30}$")

    def mismatch(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{describe(value)}, a number (to write it as text, put it in quotes)"
        return super().mismatch(value)


class SitePath(Matching):
    """A path inside the built site (a page's `save_as` or `url`): never outside it."""

    label = "a path inside the site, such as 404.html"
    expected = "a path inside the site: lower-case letters, digits, - _ . and /, no .."
    PATTERN = re.compile(r"^(?!/)(?!.*\.\.)[a-z0-9_./-]*$")


class GitName(Matching):
    """A git remote or branch name, which publishing passes to git: never an option."""

    label = "a git name, such as origin or gh-pages"
    expected = "a git remote or branch name: letters, digits, . _ / -, not starting with -"
    PATTERN = re.compile(r"^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$")


class ImagePath(Matching):
    """A picture of content/images/ by its address (validate.py checks that it exists)."""

    label = "a picture's address, such as /images/photo-name.jpg"
    expected = ("a picture's address: /images/ and its file name in content/images/, such as "
                "/images/photo-name.jpg")
    PATTERN = re.compile(r"^/images/(?!.*\.\.)[^\s\"'<>?#\\]+\.(jpe?g|png|webp|avif|gif)$",
                         re.IGNORECASE)


class Translated:
    """Text in each language an editor writes: `{en: ..., zh-hant: ...}`, or plain text
    (English only). Simplified Chinese is never written here: the build converts the
    Traditional text. A language left out or empty shows the English, marked as
    English; for the association's facts that is a notice (`invoke check` lists it)."""

    def __init__(self, text, missing_is_notice=False):
        self.text, self.missing_is_notice = text, missing_is_notice
        self.expected = f"{text.expected}, or one per language: {{en: ..., zh-hant: ...}}"

    def describe(self):
        return f"{self.text.describe()}; or one per language: `{{en: ..., zh-hant: ...}}`"

    def issues(self, value, name, line):
        if not isinstance(value, dict):
            return self.text.issues(value, name, line)
        line_of = value.line_of if hasattr(value, "line_of") else (lambda key: line)
        found = []
        for key in value:
            if key not in WRITTEN:
                found.append(issue(join_path(name, str(key)), line_of(key),
                                   "a language: " + ", ".join(WRITTEN) + " (Simplified "
                                   "Chinese is made from the Traditional text)",
                                   repr(str(key)) + suggestion(key, WRITTEN)))
        for code in WRITTEN:
            where, text = join_path(name, code), value.get(code)
            if not is_empty(text):
                found.extend(self.text.issues(text, where, line_of(code)))
            elif code == ORIGINAL.code:
                found.append(issue(where, line_of(code) if code in value else line,
                                   f"{self.text.expected} (this language is required)",
                                   "nothing"))
            elif self.missing_is_notice:
                found.append(issue(where, line_of(code) if code in value else line,
                                   "a value, once the association has given it",
                                   "an empty field, which the site shows in English",
                                   severity="notice"))
        return found


class ListOf:
    """A YAML list (lines starting with "- "); `item_name` names one item in messages."""

    def __init__(self, item, item_name, label_field=None):
        # label_field: a field of each item shown next to its number, such as
        # "entry 2 (2002)", so that the editor finds the item without counting.
        self.item, self.item_name, self.label_field = item, item_name, label_field
        self.expected = f"a list, one {item_name} per line starting with \"- \""

    def describe(self):
        if isinstance(self.item, Record):
            return f"a list; each {self.item_name} has {self.item.describe_fields()}"
        return f"a list, one {self.item_name} per line starting with `- `"

    def item_label(self, index, item):
        """How messages name item `index` (from 0): "guest 2", "entry 4 (2003)"."""
        label = f"{self.item_name} {index + 1}"
        if self.label_field and isinstance(item, dict) and not is_empty(item.get(self.label_field)):
            label += f" ({item[self.label_field]})"
        return label

    def issues(self, value, name, line):
        if not isinstance(value, list):
            return [issue(name, line, self.expected, describe(value))]
        found = []
        for index, item in enumerate(value):
            item_line = value.line_of(index) if hasattr(value, "line_of") else line
            # "guests" item 2 is "guest 2"; inside "membership, categories",
            # "membership, category 1".
            item_name = join_path(*name.split(", ")[:-1], self.item_label(index, item))
            found.extend(self.item.issues(item, item_name, item_line))
        return found


@dataclass(frozen=True)
class Field:
    name: str
    type: object
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Record:
    """A group of named fields; `title` says what it is ("a news item")."""

    title: str
    fields: tuple
    # Rules across fields (Rule), checked once the fields they read are right.
    rules: tuple = ()
    # For the association's facts: an empty field is a notice, not an error.
    empty_is_notice: bool = False
    # (field, why it is not written here): a translation's date is the English file's.
    elsewhere: tuple = ()

    @property
    def names(self):
        return [f.name for f in self.fields]

    def field(self, name):
        return next(f for f in self.fields if f.name == name)

    def describe(self):
        return f"fields: {self.describe_fields()}"

    def describe_fields(self):
        return ", ".join(f"{f.name}" + (" (required)" if f.required else "") for f in self.fields)

    def issues(self, value, name, line):
        if not isinstance(value, dict):
            return [issue(name, line, f"{self.title} written as fields (name: value)",
                          describe(value))]
        line_of = value.line_of if hasattr(value, "line_of") else (lambda key: line)
        found = []
        elsewhere = dict(self.elsewhere)
        for key in value:
            if key in elsewhere:
                found.append(issue(join_path(name, str(key)), line_of(key),
                                   f"no {key} here: {elsewhere[key]}", "it here"))
            elif key not in self.names:
                found.append(issue(
                    join_path(name, str(key)), line_of(key),
                    f"one of the fields {self.title} can have"
                    + (suggestion(key, self.names) or ": " + ", ".join(self.names)),
                    "an unknown field"))
        for spec in self.fields:
            where, at = join_path(name, spec.name), line_of(spec.name)
            if is_empty(value.get(spec.name)):
                if isinstance(spec.type, Record) and self.empty_is_notice:
                    # An empty group: name each fact in it, not the group.
                    found.extend(spec.type.issues(value.get(spec.name) or {}, where, at))
                elif spec.required:
                    found.append(issue(where, at, f"{spec.type.expected} (this field is required)",
                                       "nothing"))
                elif self.empty_is_notice:
                    found.append(issue(where, at, "a value, once the association has given it",
                                       "an empty field, which the site leaves out",
                                       severity="notice"))
                continue
            found.extend(spec.type.issues(value[spec.name], where, at))
        wrong = {issue.field for issue in found if issue.severity == "error"}
        for rule in self.rules:
            # A rule across fields only makes sense once each of its fields is right.
            if not wrong & {join_path(name, f) for f in rule.fields}:
                found.extend(rule.check(value, name, line_of))
        return found


@dataclass(frozen=True)
class Schema:
    """What one kind of file holds: `name` for messages and docs, `root` its shape."""

    name: str
    title: str
    root: object

    def validate(self, value, line=1, path=None):
        """Every problem with `value` (read from the file `path`)."""
        return [replace(problem, path=path) for problem in self.root.issues(value, "", line)]

    @property
    def record(self):
        """The Record that describes one item (the root, or each item of a list)."""
        return self.root.item if isinstance(self.root, ListOf) else self.root


# Rules across fields.

@dataclass(frozen=True)
class Rule:
    """A check across `fields` of one record: check(record, name, line_of) -> [Problem]."""

    fields: tuple
    check: object


def event_span(record, name, line_of):
    """How an event's start, end, ongoing, since and recorded fail to fit together:
    the one place for this rule, which validation checks before the build reads
    any file."""
    def when(field):
        return None if is_empty(record.get(field)) else PartialDate.parse(record[field])

    def wrong(field, expected, found):
        found_issues.append(issue(join_path(name, field), line_of(field), expected, found))

    start, end = when("start"), when("end")
    ongoing, since = record.get("ongoing") is True, record.get("since") is True
    recorded = None if is_empty(record.get("recorded")) else record["recorded"]
    found_issues = []
    if end and not start:
        wrong("end", "a start before an end", f"{end} without a start")
    if start and end and end.last_day() < start.as_date():
        wrong("end", f"on or after the start ({start})", str(end))
    for field, given in (("ongoing", ongoing), ("since", since)):
        if given and not start:
            wrong(field, "a start year, shown as \"Since <year>\"", "no start")
    if (ongoing or since) and end:
        wrong("end", "no end for an event shown as \"Since <year>\" (since: true or "
              "ongoing: true)", str(end))
    if since and recorded is None:
        wrong("since", "recorded: the year of the record that says it was still going on "
              "(the site shows \"as recorded in <year>\")", "no recorded")
    if recorded is not None and not since:
        wrong("recorded", "since: true with it (recorded is the year of a record saying "
              "that what began in start was still going on)", "no since")
    if recorded is not None and start and recorded < start.year:
        wrong("recorded", f"a year not before the start ({start.year})", str(recorded))
    return found_issues


# The content types. Fields Pelican itself understands keep Pelican's names.

# A file's language is in its name (about.zh-hant.md, beside about.md), not a field.
LANG = ("lang", "the language is in the file's name: a translation sits beside its "
        "English file, as about.zh-hant.md beside about.md")

# Long enough for any real headline or summary; a longer one is a paste gone wrong.
TITLE_LENGTH, SUMMARY_LENGTH = 150, 400
TITLE = Field("title", Text(TITLE_LENGTH), True, "The headline, as readers see it.")
DATE = Field("date", Date(), True,
             "The day it is published on this site. A date in the future keeps it off the "
             "public site until the first build on or after that day.")
SUMMARY = Field("summary", Text(SUMMARY_LENGTH), False,
                "One or two sentences of plain text for the lists, search results and link "
                "previews (no Markdown or HTML: it is shown as written). Without it, the "
                "first words of the text are used.")
SLUG = Field("slug", Slug(), False,
             "The last part of the address. Leave it out: the file name is used.")
STATUS = Field("status", Choice(STATUSES), False,
               "`draft` shows it only on your computer (`invoke livereload`), never on the "
               "public site. Change it to `published`, or delete the line, to publish.")
MODIFIED = Field("modified", Date(), False,
                 "The day it was last changed in a way readers should know about.")
# A photo at the top of a news item or event (docs/EDITING.md, "Adding photos").
CONSENT = ("given", "not needed")
ALT_LENGTH = 250
IMAGE_FIELDS = (
    Field("image", ImagePath(), False,
          "A photo at the top of the page, also shown beside it in lists and when the page "
          "is shared: its address, such as /images/photo-name.jpg."),
    Field("image_alt", Text(ALT_LENGTH), False,
          "With `image`: what the photo shows, for readers who cannot see it, in a sentence "
          "(a translation gives it in its language)."),
    Field("image_credit", Text(), False,
          "Who took the photo, shown under it as \"Photo: ...\"."),
    Field("image_consent", Choice(CONSENT), False,
          "`given` once everyone who can be recognised in the page's photos has agreed to "
          "their publication; `not needed` when no one can be recognised. `invoke check` "
          "warns while it is missing."),
)


def image_needs_alt(record, name, line_of):
    """A photo has alt text, and alt text has a photo."""
    has_image, has_alt = not is_empty(record.get("image")), not is_empty(record.get("image_alt"))
    if has_image and not has_alt:
        return [issue(join_path(name, "image_alt"), line_of("image"),
                      "a description of the photo for readers who cannot see it (image_alt: "
                      "...)", "an image without it")]
    if has_alt and not has_image:
        return [issue(join_path(name, "image"), line_of("image_alt"),
                      "the photo the alt text describes (image: /images/photo-name.jpg)",
                      "image_alt without an image")]
    return []


IMAGE_RULE = Rule(("image", "image_alt"), image_needs_alt)
GALLERY = Field("gallery", ListOf(Record("a photo", (
    Field("image", ImagePath(), True, "Its address, such as /images/photo-name.jpg."),
    Field("alt", Translated(Text(ALT_LENGTH)), True,
          "What it shows, for readers who cannot see it."),
    Field("caption", Translated(Text()), False, "A caption shown under it."),
)), "photo", label_field="image"), False,
    "The event's photos, shown as a grid below the text, each with `image`, `alt` and, if "
    "you like, a `caption` (in each language: `{en: ..., zh-hant: ...}`). The photos in "
    "the event's own folder, content/images/events/ followed by the event's file name "
    "without .md, come after these, in name order.")

NEWS = Schema(
    name="news", title="a news item",
    root=Record("a news item", (TITLE, DATE, SUMMARY, STATUS, SLUG, MODIFIED, *IMAGE_FIELDS),
                rules=(IMAGE_RULE,), elsewhere=(LANG,)))

EVENT = Schema(
    name="event", title="an event",
    root=Record("an event", (
        TITLE,
        DATE,
        Field("start", WhenDate(), False,
              "When the event happened (its first day). A year alone is fine when that is "
              "all we know. Leave it out if we do not know."),
        Field("end", WhenDate(), False,
              "The last day, for events over several days. Not before `start`."),
        Field("since", Boolean(), False,
              "`true` when the record says it began in the year of `start` and was still "
              "going on when the record was written, without an end: the site shows "
              '"Since" and that year, "as recorded in" the year of `recorded`.'),
        Field("recorded", Year(), False,
              "With `since`: the year of the record that says it was still going on "
              "(2010 for the association's brief)."),
        Field("ongoing", Boolean(), False,
              "`true` only when you know it still goes on today, not because an old "
              "record said so (that is `since`): the events list shows it under "
              '"Ongoing", and "Since" the year of `start`.'),
        Field("kind", Choice(EVENT_KINDS), False, "What sort of event it was."),
        Field("role", Choice(EVENT_ROLES), False, "What the Association did at it."),
        Field("venue", Text(), False, "The building or place, such as a hotel."),
        Field("city", Text(), False, "The city (a translation gives it in its language)."),
        Field("region", Text(), False, "The province or region."),
        Field("country", Text(), False, "The country."),
        Field("countries", ListOf(Text(), "country"), False,
              "For a visit to several countries, instead of `country`."),
        Field("organisations", ListOf(Record("an organisation", (
            Field("name", Translated(Text()), True,
                  "Its name, as the record writes it; `{en: ..., zh-hant: ...}` only when "
                  "its Chinese name is certain."),
            Field("relation", Choice(RELATIONS), True, "How it is related to the event."),
        )), "organisation", label_field="name"), False,
              "Other organisations (or places) the record names with the event, each with "
              "its `relation` to the event, in the record's words: one of "
              + ", ".join(f"`{r}`" for r in RELATIONS) + "."),
        Field("guests", ListOf(Record("a guest", (
            Field("name", Text(), True, "The guest's name, as the guest writes it."),
            Field("position", Translated(Text()), False, "The guest's position or title."),
        )), "guest", label_field="name"), False, "Guests of honour."),
        Field("attendance", Count(), False, "How many people came, if we know."),
        SUMMARY, STATUS, SLUG, MODIFIED, *IMAGE_FIELDS, GALLERY,
    ), rules=(Rule(("start", "end", "ongoing", "since", "recorded"), event_span), IMAGE_RULE),
        elsewhere=(LANG,)))

PAGE = Schema(
    name="page", title="a page",
    root=Record("a page", (
        TITLE,
        Field("slug", Slug(), False, SLUG.help),
        SUMMARY,
        Field("status", Choice((*STATUSES, "hidden")), False,
              STATUS.help + " `hidden` builds the page but leaves it out of lists and the "
              "sitemap (the 404 page)."),
        Field("template", Slug(), False,
              "For maintainers: the theme template that shows this page "
              "(a file in theme/templates/)."),
        Field("save_as", SitePath(), False,
              "For maintainers: the output file, when not the usual one."),
        Field("url", SitePath(), False,
              "For maintainers: the address, when not the usual one."),
        Field("date", Date(), False, "When the page was first published."),
        MODIFIED,
    ), elsewhere=(LANG,)))

HISTORY = Schema(
    name="history", title="the history timeline",
    root=ListOf(Record("a history entry", (
        Field("year", Year(first=1995, last=2100), True,
              "The year, as the record gives it (never a month or day it does not give)."),
        Field("text", Translated(Text()), True,
              "One or two sentences: `{en: ..., zh-hant: ...}`, one per language."),
        Field("since", Boolean(), False,
              "`true` when the record says it began that year and went on, without an end: "
              'the site shows "Since" and the year (the history page says when the record '
              "ends)."),
        Field("event", Slug(), False,
              "The file name (without .md) of the event page in content/events/, "
              "which the entry links to."),
    )), "entry", label_field="year"))

# The association's facts in words: one per language, and a missing one is a notice.
FACT = Translated(Text(), missing_is_notice=True)


def named(title, *more):
    """A record with a required name, and more fields."""
    return Record(title, (Field("name", FACT, True, "The name."), *more))


ORGANISATION = Schema(
    name="organisation", title="the association's facts",
    root=Record("the association's facts", (
        Field("name", FACT, True,
              "The association's full name: `{en: ..., zh-hant: ...}`. The Simplified "
              "Chinese name is made from the Traditional one."),
        Field("short_name", Text(), False, "The short name, HKSMEGA."),
        Field("founded", Year(), False, "The year the association was incorporated."),
        Field("member_of", Translated(Text()), False,
              "The body the association is a member of, by its name; `{en: ..., zh-hant: "
              "...}` only when its Chinese name is certain."),
        Field("address", FACT, False, "The office's postal address."),
        Field("phone", Phone(), False, "The office phone number, such as +852 1234 5678."),
        Field("fax", Phone(), False, "The fax number."),
        Field("email", Email(), False, "The address the public writes to."),
        Field("office_hours", FACT, False, "When the office is open."),
        Field("office_bearers", ListOf(named(
            "an office bearer", Field("position", FACT, True, "Their position.")),
            "office bearer"), False, "The office bearers, each with name and position."),
        Field("membership", Record("membership", (
            Field("how_to_join", FACT, False, "How to become a member."),
            Field("categories", ListOf(named(
                "a membership category", Field("fee", FACT, True, "The fee.")),
                "category"), False, "The membership categories, each with name and fee."),
        ), empty_is_notice=True), False, "How to join, and the categories of membership."),
        Field("social", ListOf(named(
            "a social media account", Field("url", Url(), True, "The account's address.")),
            "account"), False, "The association's social media accounts, each with name and url."),
    ), empty_is_notice=True))

PUBLISHING = Schema(
    name="publishing", title="the publishing settings",
    root=Record("the publishing settings", (
        Field("site_url", SiteUrl(), False,
              "The site's public address. Empty until the association has one; "
              "`invoke publish` refuses until then."),
        Field("remote", GitName(), False, "The git remote GitHub Pages serves from."),
        Field("branch", GitName(), False, "The branch GitHub Pages serves."),
        Field("publish_from", GitName(), False, "The only branch that may be published."),
        Field("cname", Text(), False, "The custom domain for GitHub Pages."),
    )))

# Translations. A translation (about.zh-hant.md, beside about.md) holds the words
# readers see, and nothing else: every other field is the English file's, so that
# a date or a status cannot differ between languages.
TRANSLATED_FIELDS = ("title", "summary", "status", "modified", "venue", "city", "region",
                     "country", "countries", "image_alt", "image_credit")


def translation_of(schema):
    """The schema of a translation of `schema`'s files."""
    fields = tuple(f for f in schema.record.fields if f.name in TRANSLATED_FIELDS)
    if any(f.name == "status" for f in fields):
        fields = tuple(replace(f, type=Choice(STATUSES), help=(
            "`draft` while the translation is not ready: readers get the English text.")
            ) if f.name == "status" else f for f in fields)
    others = tuple((f.name, "it is set in the English file, for every language")
                   for f in schema.record.fields if f.name not in TRANSLATED_FIELDS)
    return Schema(
        name=f"{schema.name}-translation", title=f"a translation of {schema.title}",
        root=Record(f"a translation of {schema.title}", fields, elsewhere=(*others, LANG)))


# Where each schema applies: content folders (under content/) and data files.
CONTENT_SCHEMAS = {"news": NEWS, "events": EVENT, "pages": PAGE}
DATA_SCHEMAS = {"history.yaml": HISTORY, "organisation.yaml": ORGANISATION}
TRANSLATION_SCHEMAS = {folder: translation_of(schema) for folder, schema in CONTENT_SCHEMAS.items()}
ALL_SCHEMAS = (NEWS, EVENT, PAGE, HISTORY, ORGANISATION, *TRANSLATION_SCHEMAS.values())


def field_table(schema):
    """The Markdown table of a schema's fields, for docs/EDITING.md."""
    rows = ["| Field | Required | What to write | What it is for |", "| --- | --- | --- | --- |"]
    for spec in schema.record.fields:
        rows.append(f"| `{spec.name}` | {'yes' if spec.required else 'no'} | "
                    f"{spec.type.describe()} | {spec.help} |")
    return "\n".join(rows)


FIELD_TABLE = re.compile(r"(<!-- fields: ([\w-]+) -->\n).*?(<!-- /fields -->)", re.DOTALL)


def update_field_tables(text):
    """`text` (docs/EDITING.md) with each marked field table regenerated from its schema."""
    by_name = {schema.name: schema for schema in ALL_SCHEMAS}

    def table(match):
        return match.group(1) + field_table(by_name[match.group(2)]) + "\n" + match.group(3)

    return FIELD_TABLE.sub(table, text)
