"""Validate every content and data file, and report every problem at once.

Pelican's own habit is to log a file it cannot read and skip it, so a typo
would quietly drop a page. Instead, each build runs validate_content() before
the first file is read (validate_before_reading) and fails with the whole list.
`invoke check` (tools/check.py) runs the same validation (the same Problem
objects, so the same words), then one build to check every link and page.

What is checked here, file by file: it is UTF-8, not empty, starts with front
matter that closes and is valid YAML, and matches its schema (schemas.py); its
text has no raw <script>, <iframe>, <object>, <embed>, event handler or
javascript: link, nothing that the Content Security Policy (headers.py) would
block: an image or other media from another host, a style= attribute or a
<style> element, a table with aligned columns (Markdown writes that as
style=); and every image has alt text. Across files: a data file with a schema
that is missing, a content file in a folder the site does not read, two files
at one address, a page template that does not exist, a history entry naming an
event that does not exist.
"""

import datetime
import fnmatch
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.generators import ArticlesGenerator
from selectolax.lexbor import LexborHTMLParser
from pelican.utils import slugify

from hksmega import languages, record
from hksmega.plugin import pictures as pictures_module
from hksmega.plugin import sanitise, schemas, timeline, yamlsource
from hksmega.plugin import translations as translations_module
from hksmega.plugin import settings as plugin_settings
from hksmega.plugin.reader import Converters, read_markdown
from hksmega.problems import ContentError, Problem, relative
from hksmega.record import BuildRecord, Validated
from hksmega.site.images import Catalogue

MARKDOWN_SUFFIX = ".md"
DATA_SUFFIX = ".yaml"
# What an editor is told when the sanitiser (sanitise.py) refuses something;
# the messages name the commonest cases, and the rest point to docs/EDITING.md.
NO_RAW_HTML = ("no <script>, <iframe>, <object> or <embed> in the text "
               "(the site does not allow them)")
NO_EVENT_HANDLERS = "no event handlers such as onclick= in the text (the site does not allow them)"
NO_JAVASCRIPT_LINKS = "a link to a page or a web address, not javascript:"
LINK_ADDRESS = ("a link to a page of this site (/about/), a web address (https://...), "
                "an email address (mailto:) or a phone number (tel:)")
ONLY_LISTED_HTML = "only the HTML listed in docs/EDITING.md (the site refuses the rest)"
ONLY_LISTED_ATTRIBUTES = ("only the attributes listed in docs/EDITING.md "
                          "(the site refuses the rest)")
PLAIN_TEXT = ("text that a browser reads as it looks: write < as &lt; "
              "(the site refuses what would be read as HTML)")
CLOSED_COMMENT = "a comment closed by --> (the rest of the text would vanish)"
ALT_TEXT = ("a description of the image (alt text) between the square brackets: "
            "![What the photo shows](/images/photo-name.jpg)")
# The Content Security Policy (headers.py) lets pages load images from this
# site only, and no style written into the page.
FROM_THIS_SITE = ("images and media from this site, such as /images/photo-name.jpg "
                  "(the site loads nothing from other hosts)")
NO_STYLES = ("no style= or <style> in the text (the site's security policy blocks them; "
             "the site's stylesheet sets the look)")
NO_ALIGNED_COLUMNS = ("a table without column alignment: remove the colons (:) from the "
                      "table's line of dashes (the site's security policy blocks it)")
# What Python-Markdown writes on each cell of an aligned column.
ALIGNED_CELL = re.compile(r"text-align: (left|right|center);")
# A table's line of dashes with a colon in it, such as |:---|---:|.
ALIGNED_DASHES = r"(?m)^(?=[^\n]*:)[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$"
# What content/images/ may publish: pictures and documents. Not SVG, HTML, XML or
# scripts, which a browser would run as pages of this site (GitHub Pages serves
# them without the Content Security Policy, which lives in each HTML page).
STATIC_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".pdf"}
STATIC_FILES = ("a photo or document: .jpg, .jpeg, .png, .gif, .webp, .avif or .pdf "
                "(other files could run as pages of the site)")
# Markdown files are pages to read, not archives: anything larger is a mistake,
# and a page that size would break the page-weight budget many times over.
MAX_MARKDOWN_BYTES = 1_000_000


@dataclass
class ContentFile:
    """A content file whose front matter could be read."""

    path: Path
    folder: str
    schema: schemas.Schema
    fields: yamlsource.Fields

    @property
    def language(self):
        return languages.split_name(self.path)[1]

    @property
    def is_translation(self):
        return self.language != languages.ORIGINAL.code

    def slug(self, settings):
        """The slug Pelican gives it: its `slug` field, else its file name, slugified."""
        if self.fields.get("slug") not in (None, ""):
            return str(self.fields["slug"])
        return pelican_slug(self.path.stem, settings)


def pelican_slug(text, settings):
    """`text` slugified as Pelican slugifies file names with these settings."""
    return slugify(text, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                   preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


# Which files there are, and which schema each one follows.

def is_ignored(name, settings):
    """Whether Pelican and validation skip this file. Translations are validated here,
    though each language's Pelican run ignores them (it reads the English file, and the
    plugin gives it the translation's text: plugin/translations.py)."""
    return any(fnmatch.fnmatch(name, pattern) for pattern in settings.get("IGNORE_FILES", [])
               if pattern not in languages.TRANSLATION_FILES)


def walk(folder, settings):
    """Every file under `folder`, skipping what Pelican ignores (IGNORE_FILES); a
    symbolic link is yielded as it is, never followed."""
    for path in sorted(Path(folder).iterdir()):
        if is_ignored(path.name, settings):
            continue
        if path.is_dir() and not path.is_symlink():
            yield from walk(path, settings)
        else:
            yield path


# Nothing outside the project may reach the site: a link under content/ or theme/
# could point at .git/config or a key. It is refused by name; the target is never
# opened, so no message can quote it.
NO_LINKS = ("a file or folder, not a symbolic link (the site never reads or publishes "
            "what a link points to)")


def symbolic_link(path):
    return Problem(str(path), None, "", NO_LINKS, "a symbolic link")


def too_large(path):
    """A problem for a content or data file over MAX_MARKDOWN_BYTES, else None."""
    size = path.stat().st_size
    if size <= MAX_MARKDOWN_BYTES:
        return None
    return Problem(str(path), None, "", "a file of at most 1 MB (a page that size would load "
                   "slowly on a phone; split it, or link to a document instead)",
                   f"{size / 1_000_000:.1f} MB")


def theme_links(settings):
    """The theme's templates and files are read and copied too: no links there either."""
    theme = Path(settings["THEME"])
    return [symbolic_link(path) for path in walk(theme, {}) if path.is_symlink()]


def content_folders(settings):
    """{folder name: schema} for every folder Pelican reads articles or pages from."""
    return {folder: schemas.CONTENT_SCHEMAS.get(folder)
            for folder in [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]}


def data_folder(settings):
    return Path(os.path.abspath(plugin_settings.get(settings, "DATA_PATH")))


def sort_files(settings):
    """(markdown files with their folder, data files, problems with where files are)."""
    # Absolute as Pelican makes source paths (not resolved), so the reader finds them.
    root = Path(os.path.abspath(settings["PATH"]))
    folders = content_folders(settings)
    data = data_folder(settings)
    static = [root / folder for folder in settings.get("STATIC_PATHS", [])]
    readable = " or ".join(f"content/{folder}/" for folder in folders)
    markdown_files, data_files, problems = [], [], []
    for folder, schema in folders.items():
        if schema is None:
            problems.append(Problem("pelicanconf.py", None, "ARTICLE_PATHS / PAGE_PATHS",
                                    "a folder with a schema in hksmega/plugin/schemas.py: "
                                    + ", ".join(schemas.CONTENT_SCHEMAS), folder))
    # The data folder is read by our plugin, not Pelican (which is told to ignore it).
    for path in sorted(data.glob("*")) if data.is_dir() else []:
        if path.is_symlink():
            problems.append(symbolic_link(path))
        elif path.suffix == DATA_SUFFIX:
            problems += filter(None, [too_large(path)])
            data_files.append(path)
        elif not is_ignored(path.name, settings):
            problems.append(Problem(str(path), None, "", "a YAML file whose name ends in .yaml",
                                    path.name))
    for name, schema in schemas.DATA_SCHEMAS.items():
        path = data / name
        if path not in data_files:  # the templates and the timeline need every one
            problems.append(Problem(str(path), None, "",
                                    f"the file {relative(path)} ({schema.title})",
                                    "no such file"))
    for path in walk(root, settings):
        if path.is_symlink():
            problems.append(symbolic_link(path))
            continue
        if any(path.is_relative_to(f) for f in static):
            if path.suffix.lower() not in STATIC_SUFFIXES:
                problems.append(Problem(str(path), None, "", STATIC_FILES, path.name))
            continue
        if path.is_relative_to(data):
            continue
        parts = path.relative_to(root).parts
        in_content_folder = len(parts) > 1 and parts[0] in folders
        if in_content_folder and len(parts) > 2:
            problems.append(Problem(str(path), None, "", f"a file directly in content/{parts[0]}/, "
                                    "not in a folder inside it", "/".join(parts[1:-1]) + "/"))
        elif in_content_folder and path.suffix != MARKDOWN_SUFFIX:
            problems.append(Problem(str(path), None, "", "Markdown files (.md) only here; "
                                    "images go in content/images/", path.name))
        elif in_content_folder and too_large(path):
            problems.append(too_large(path))
        elif in_content_folder:
            if folders[parts[0]] is not None:
                markdown_files.append((path, parts[0]))
        elif path.suffix == MARKDOWN_SUFFIX:
            problems.append(Problem(str(path), None, "", f"a file in {readable}",
                                    "a file in a folder the site does not read"))
    return markdown_files, data_files, problems + theme_links(settings)


# One file at a time.

def linking_elements(html):
    """(tag, {attribute: value}) of the elements that link or show an image."""
    tree = LexborHTMLParser(html)
    nodes = {node.mem_id: node for node in tree.css("[href], [src], img")}  # once each
    return [(node.tag, {name: value or "" for name, value in node.attributes.items()})
            for node in nodes.values()]


# Pelican's own link syntax ({filename}/news/a.md, |static|/images/a.jpg): the site
# links by address, which the link checker checks and explains; Pelican would
# only log a warning about a file it cannot find.
PELICAN_LINK = re.compile(r"^(\{\w+\}|\|\w+\|)")
PLAIN_ADDRESS = ("a link written as the page's address, such as /news/example-news-item/ "
                 "or /images/photo-name.jpg")


class _LineFinder:
    """The line of the n-th occurrence of something in the Markdown, for messages."""

    def __init__(self, text, first_line):
        self.text, self.first_line, self.seen = text, first_line, {}

    def find(self, *patterns):
        """The line of the first of `patterns` that occurs (the n-th time it is asked)."""
        for pattern in patterns:
            matches = list(re.finditer(pattern, self.text, re.IGNORECASE))
            if matches:
                index = self.seen.get(pattern, 0)
                self.seen[pattern] = index + 1
                start = matches[min(index, len(matches) - 1)].start()
                return self.first_line + self.text.count("\n", 0, start)
        return None


def explain(refusal):
    """(patterns to find its line, expected, found) for one thing the sanitiser refused."""
    tag, name, value = refusal.tag, refusal.attribute, refusal.value
    if refusal.kind == "comment":
        return [r"<!--"], CLOSED_COMMENT, str(refusal)
    if refusal.kind == "text":
        return [], PLAIN_TEXT, str(refusal)
    if refusal.kind == "element":
        expected = (NO_RAW_HTML if tag in ("script", "iframe", "object", "embed")
                    else NO_STYLES if tag == "style" else ONLY_LISTED_HTML)
        return [rf"<\s*{re.escape(tag)}\b"], expected, str(refusal)
    if refusal.kind == "address" and name in sanitise.LOADING_ATTRIBUTES:
        address = next(a for a in sanitise.addresses(name, value) if not sanitise.on_this_site(a))
        return [re.escape(address), rf"\b{name}\s*="], FROM_THIS_SITE, f"{address} in <{tag}>"
    if refusal.kind == "address":
        is_script = re.sub(r"[\x00-\x20]", "", value).lower().startswith("javascript:")
        return ([re.escape(value), r"\]\(|\bhref\s*="],
                NO_JAVASCRIPT_LINKS if is_script else LINK_ADDRESS, value)
    if name.startswith("on"):
        return [rf"\b{name}\s*="], NO_EVENT_HANDLERS, str(refusal)
    if name == "style":
        return [r"\bstyle\s*="], NO_STYLES, str(refusal)
    return [rf"\b{re.escape(name)}\s*="], ONLY_LISTED_ATTRIBUTES, str(refusal)


def check_text(path, text, first_line, field, converter=None, html=None):
    """Problems in Markdown text: what the sanitiser (sanitise.py) would refuse, and
    images without alt text.

    The text is judged by its HTML as the site converts it (`html`, or converted
    here with `converter`: reader.markdown), so code samples, which come out
    escaped, are not mistaken for HTML, and what Markdown itself writes (the
    style of an aligned table column) is seen.
    """
    html = converter.reset().convert(text) if html is None else html
    lines = _LineFinder(text, first_line)
    problems = []

    def problem(patterns, expected, found):
        problems.append(Problem(str(path), lines.find(*patterns), field, expected, found))

    aligned_tables = False
    for refusal in sanitise.refused(html):
        if refusal.tag in ("th", "td") and ALIGNED_CELL.fullmatch(refusal.value):
            # Markdown writes the style on every cell: one message per table.
            table_starts = len(re.findall(ALIGNED_DASHES, text))
            if not aligned_tables:
                aligned_tables = True
                for _ in range(table_starts):
                    problem([ALIGNED_DASHES], NO_ALIGNED_COLUMNS, "a table with aligned columns")
            continue
        problem(*explain(refusal))
    for tag, attributes in linking_elements(html):
        for address in (attributes.get(name, "") for name in ("href", "src")):
            if PELICAN_LINK.match(address):
                problem([re.escape(address)], PLAIN_ADDRESS, address)
        if tag == "img" and not attributes.get("alt", "").strip():
            source = attributes.get("src", "")
            problem([re.escape(source)] if source else [], ALT_TEXT,
                    f"an image without it: {source}")
    return problems


def validate_markdown(path, folder, schema, cache):
    """(ContentFile or None, problems) for one Markdown content file's front matter: read
    and validated once, and kept in `cache` ({path: record.Validated}) with its bytes'
    digest, so that an unchanged file is not done again. Its text is converted and
    checked by convert_text, for the runs that show it."""
    data = path.read_bytes()
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    validated = cache.get(str(path))
    if validated is None or validated.digest != digest:
        try:
            fields, body, body_line = read_markdown(path, data)
        except ContentError as error:
            validated = Validated(digest, None, "", error.problems)
        else:
            found = schema.validate(fields, fields.line, str(path))
            validated = Validated(digest, fields, None, found, body, body_line)
        cache[str(path)] = validated
    item = ContentFile(path, folder, schema, validated.fields) if validated.fields else None
    return item, validated.problems


def convert_text(path, converters, cache):
    """Problems in a file's Markdown text, converted once (its HTML stays in `cache`)."""
    validated = cache[str(path)]
    if validated.fields is None or validated.html is not None:
        return []  # unreadable (already reported), or converted already
    validated.html = converters.convert(validated.body)
    found = check_text(path, validated.body, validated.body_line, "text", html=validated.html)
    validated.problems = validated.problems + found
    validated.body = ""
    return found


def validate_data(path):
    """(value or None, problems) for one data file."""
    schema = schemas.DATA_SCHEMAS.get(path.name)
    if schema is None:
        return None, [Problem(str(path), None, "", "a data file with a schema in "
                              "hksmega/plugin/schemas.py: " + ", ".join(schemas.DATA_SCHEMAS),
                              path.name)]
    try:
        text = yamlsource.read_text(path)
        if not text.strip():
            return None, [Problem(str(path), None, "", f"{schema.title} in YAML", "an empty file")]
        value = yamlsource.parse(text, path)
    except ContentError as error:
        return None, error.problems
    return value, schema.validate(value, path=str(path))


# Across files.

def output_file(item, settings):
    """Where Pelican will write a content file (its save_as), as a path under output/."""
    slug = item.slug(settings)
    if item.schema is schemas.PAGE:
        pattern = item.fields.get("save_as") or settings["PAGE_SAVE_AS"]
    else:
        pattern = settings["ARTICLE_SAVE_AS"]
    try:
        return str(pattern).format(slug=slug, category=item.folder,
                                   lang=item.fields.get("lang") or settings["DEFAULT_LANG"])
    except (KeyError, IndexError, AttributeError):
        return f"{item.folder}/{slug}"


def address(save_as):
    return "/" + save_as.removesuffix("index.html")


def duplicate_addresses(items, settings):
    """Files that would be written to one address (or to a section page such as /news/)."""
    owners = {}  # (output file, language) -> [files, or a section's name]
    for folder in settings["ARTICLE_PATHS"]:
        section = (settings["CATEGORY_SAVE_AS"].format(slug=folder), settings["DEFAULT_LANG"])
        owners[section] = [f"the {folder} page"]
    for item in items:
        key = (output_file(item, settings), item.fields.get("lang") or settings["DEFAULT_LANG"])
        owners.setdefault(key, []).append(item)
    problems = []
    for (save_as, _), sharing in owners.items():
        for item in [i for i in sharing if isinstance(i, ContentFile)] if len(sharing) > 1 else []:
            others = [o if isinstance(o, str) else relative(o.path)
                      for o in sharing if o is not item]
            field = "save_as" if "save_as" in item.fields else "slug"
            problems.append(Problem(
                str(item.path), item.fields.line_of(field), field,
                "an address no other file uses (change the slug or the file name)",
                f"{address(save_as)}, the address of {' and '.join(others)} too"))
    return problems


def missing_templates(items, settings):
    folder = Path(settings["THEME"]) / "templates"
    names = sorted(path.stem for path in folder.glob("*.html"))
    problems = []
    for item in items:
        template = item.fields.get("template")
        if template not in (None, "") and str(template) not in names:
            problems.append(Problem(
                str(item.path), item.fields.line_of("template"), "template",
                "a template in theme/templates/: " + ", ".join(names),
                repr(str(template)) + schemas.suggestion(template, names)))
    return problems


def validate_content(settings, build_record=None, every_language=False):
    """Every problem (errors and notices) in the content and data that `settings` point at.

    With a `build_record`, each file comes from its cache when its bytes are
    unchanged, and each file's result goes into it for the reader (reader.py)
    and the data (data.py) to use. Each language's run converts the text of the
    files it shows (translations.files_to_convert); `every_language` (`invoke
    check`) converts them all."""
    build_record = build_record or BuildRecord()
    markdown_files, data_files, problems = sort_files(settings)
    items, translations = [], []
    for path, folder in markdown_files:
        is_translation = languages.split_name(path)[1] != languages.ORIGINAL.code
        schema = (schemas.TRANSLATION_SCHEMAS if is_translation else schemas.CONTENT_SCHEMAS)[
            folder]
        item, found = validate_markdown(path, folder, schema, build_record.cache)
        problems += found
        if item is not None:
            (translations if is_translation else items).append(item)
    build_record.families = families = {item.path: {item.language: item} for item in items}
    problems += place_translations(translations, families)
    code = settings["DEFAULT_LANG"]
    converters = Converters(settings)
    drafts = plugin_settings.get(settings, "SHOW_DRAFTS")
    needed = set().union(*(translations_module.files_to_convert(families, c, drafts) for c in (
        [l.code for l in languages.LANGUAGES] if every_language else [code])))
    for path, _ in markdown_files:
        if path in needed:
            problems += convert_text(path, converters, build_record.cache)
    data = {}
    for path in data_files:
        value, found = validate_data(path)
        problems += found
        if value is not None:
            data[path.name] = (path, value)
            build_record.data[path.stem] = value
    problems += not_public_yet(items + translations, settings)
    problems += duplicate_addresses(items, settings)
    problems += shared_slugs(items, settings)
    problems += missing_templates([i for i in items if i.schema is schemas.PAGE], settings)
    if build_record.pictures is None:  # else the pipeline read them for every language
        build_record.pictures = Catalogue()
        read_pictures(settings, build_record.pictures)
    problems += build_record.pictures.problems
    problems += photo_problems(items, build_record.pictures.pictures)
    path, history = data.get("history.yaml", (None, None))
    if isinstance(history, list):
        events = [i for i in items if i.schema is schemas.EVENT]
        # The public site has no page for a draft or a future event to link to.
        hidden = set() if plugin_settings.get(settings, "SHOW_DRAFTS") else {
            i.slug(settings) for i in events if not is_public(i, settings)}
        problems += timeline.missing_events(
            history, path, {i.slug(settings) for i in events} - hidden, hidden)
    return problems


def read_pictures(settings, catalogue):
    """The pictures of the static folders (content/images/), read into `catalogue`
    (site/images.py): its problems (unreadable, too large, clashing names)."""
    root = Path(os.path.abspath(settings["PATH"]))
    # A link is refused by sort_files, and never read: not a folder, not a file in one.
    files = [path for folder in settings.get("STATIC_PATHS", [])
             if (root / folder).is_dir() and not (root / folder).is_symlink()
             for path in walk(root / folder, settings) if not path.is_symlink()]
    return catalogue.read(root, files, Path(settings["CACHE_PATH"]) / "images")


PICTURE_THERE = ("a picture in content/images/, by its address: /images/ and its file name, "
                 "such as /images/photo-name.jpg")
NO_ALT = ("a description of each photo in the event's folder, for readers who cannot see it: "
          "a `gallery` entry with its image and alt (docs/EDITING.md, Adding photos)")
NO_CONSENT = ("a record of consent for the page's photos: given (everyone who can be "
              "recognised agreed to their publication) or not needed (no one can be "
              "recognised)")


def photo_problems(items, pictures):
    """Each page's photos exist; a photo in an event's folder has alt text (a warning: it
    shows without); a page with photos records consent (a warning)."""
    problems = []
    for item in items:
        fields, path = item.fields, str(item.path)
        listed = [("image", fields.get("image"), fields.line_of("image"))]
        gallery = fields.get("gallery") if isinstance(fields.get("gallery"), list) else []
        for number, entry in enumerate(gallery, start=1):
            if isinstance(entry, dict):
                listed.append((f"photo {number}, image", entry.get("image"),
                               gallery.line_of(number - 1)))
        for field, address, line in listed:
            if isinstance(address, str) and schemas.ImagePath.PATTERN.match(address) and (
                    pictures_module.by_address(address, pictures) is None):
                problems.append(Problem(path, line, field, PICTURE_THERE,
                                        f"{address}, which is not there"))
        shown = []
        if item.schema is schemas.EVENT:
            shown = pictures_module.gallery(fields, item.path, pictures)
        for photo in shown:
            if not photo.alt and not photo.listed:  # a listed one without: a schema error
                problems.append(Problem(photo.picture.source, None, "", NO_ALT,
                                        f"none for /{photo.picture.path} in "
                                        f"{relative(item.path)}", "warning"))
        if (shown or fields.get("image")) and not fields.get("image_consent"):
            line = fields.line_of("image" if fields.get("image") else "gallery")
            problems.append(Problem(path, line, "image_consent", NO_CONSENT, "nothing: the "
                                    "photos are published without a record of consent",
                                    "warning"))
    return problems


def place_translations(translations, families):
    """Each translation joins its English file's family; one without is a problem."""
    problems = []
    for item in translations:
        original = languages.translation_path(item.path, item.language).with_name(
            languages.split_name(item.path)[0] + MARKDOWN_SUFFIX)
        if original not in families and not original.exists():
            problems.append(Problem(str(item.path), None, "", f"a translation beside its "
                                    f"English file, {relative(original)}", "no such file"))
        elif original in families:  # else the English file's own problem is reported
            families[original][item.language] = item
    return problems


def is_public(item, settings):
    """Whether the public site shows the item now: not a draft, and its time has come."""
    zone = ZoneInfo(settings["TIMEZONE"])
    moment = publication_instant(item.fields.get("date"), zone)
    return item.fields.get("status") != "draft" and not (
        moment and moment > datetime.datetime.now(zone))


def publication_instant(value, zone):
    """A `date` field as the instant Pelican compares with the clock (a day alone
    is its midnight), in the site's time zone; None when it is not a date."""
    try:
        moment = datetime.datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        return None  # no date, or a bad one: the schema reports that
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def not_public_yet(items, settings, now=None):
    """Notices, not errors: drafts, and items dated after this instant in the site's
    time zone (Hong Kong), which the public site leaves out until then. The same
    instant Pelican compares (WITH_FUTURE_DATES), so an item later today is listed."""
    zone = ZoneInfo(settings["TIMEZONE"])
    now = now or datetime.datetime.now(zone)
    notices = []
    for item in items:
        where, line_of = str(item.path), item.fields.line_of
        if item.fields.get("status") == "draft":
            notices.append(Problem(
                where, line_of("status"), "status",
                "published, for the public site (a draft shows only in the preview)", "draft",
                severity="notice"))
        moment = publication_instant(item.fields.get("date"), zone)
        if moment and moment > now:
            when = f"{moment.astimezone(zone):%Y-%m-%d %H:%M} Hong Kong time"
            notices.append(Problem(
                where, line_of("date"), "date",
                f"a date and time already past, for the public site now (it appears with "
                f"the first publish from {when} on)", str(item.fields.get("date")),
                severity="notice"))
    return notices


def shared_slugs(items, settings):
    """News items and events whose slugs are the same. Pelican pairs items by slug
    (to match translations), so it would keep one and warn; the editor is told
    which files clash and what to change."""
    by_slug = {}
    for item in items:
        if item.schema is not schemas.PAGE:
            key = (item.slug(settings), item.fields.get("lang") or settings["DEFAULT_LANG"])
            by_slug.setdefault(key, []).append(item)
    problems = []
    for (slug, _), sharing in by_slug.items():
        if len({item.folder for item in sharing}) < 2:
            continue  # one folder: one address, which duplicate_addresses reports
        # One message per clash: folders in ARTICLE_PATHS order (news, then events),
        # the first file keeps its slug and each other one is told to change.
        order = settings["ARTICLE_PATHS"]
        first, *others = sorted(sharing, key=lambda i: (order.index(i.folder), i.path))
        for item in others:
            problems.append(Problem(
                str(item.path), item.fields.line_of("slug") if "slug" in item.fields else None,
                "slug", "a slug no other news item or event has (rename the file, or add "
                "`slug:` with another name)", f"{slug!r}, the slug of {relative(first.path)} too"))
    return problems


def errors_in(problems):
    return [p for p in problems if p.severity == "error"]


def validate_before_reading(generator):
    """generator_init handler: the article generator is made first, before any file is
    read, once per build (so also on every rebuild of the dev server)."""
    if not isinstance(generator, ArticlesGenerator):
        return
    build_record = record.of(generator.settings)
    problems = validate_content(generator.settings, build_record)
    errors = errors_in(problems)
    if errors:
        raise ContentError(errors)
    build_record.notices = problems
