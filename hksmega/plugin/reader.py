"""Markdown with YAML front matter (`---` ... `---`), the format Jekyll and Hugo use.

We do not use pelican-yaml-metadata: it logs a YAML error and carries on with
no metadata, which silently publishes a broken page. Here a bad header raises
an error that names the file and line, and no year ever reaches Pelican's date
parser (only `date` and `modified` do, as full dates).

Every content file must start with front matter. Pelican's own `Key: value`
headers are not read: they hold only text, so the schemas (schemas.py) could
not check them, and one format is easier to learn.
"""

from html import escape
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime

from hksmega import record
from hksmega.languages import ORIGINAL
from hksmega.plugin import pictures, sanitise, translations, yamlsource
from hksmega.plugin import settings as plugin_settings
from hksmega.plugin.typography import SMARTY, SMARTY_SIGNS, smart_text, text_converter
from hksmega.problems import ContentError, Problem

FENCE = "---"
FRONT_MATTER = "front matter: a line of three dashes (---) at the very top, the fields, then ---"


def read_markdown(path, data=None):
    """(fields, Markdown body, line number where the body starts) of a content file
    (`data`: its bytes, when already read).

    Raises ContentError, naming the file and line, when the file is empty, is not
    UTF-8, or has no front matter or a broken one.
    """
    text = yamlsource.read_text(path, data)
    if not text.strip():
        raise ContentError([Problem(str(path), None, "", FRONT_MATTER + ", and the text",
                                    "an empty file")])
    return split_front_matter(text, path)


def split_front_matter(text, path):
    """Return (fields, Markdown body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != FENCE:
        raise ContentError([Problem(str(path), 1, "", FRONT_MATTER,
                                    repr(lines[0].strip()[:60]))])
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == FENCE:
            header = "".join(lines[1 : number - 1])
            body = "".join(lines[number:])
            return parse_header(header, path), body, number + 1
    raise ContentError(
        [Problem(str(path), 1, "", "front matter closed by a line of three dashes (---)",
                 "no closing ---")]
    )


def parse_header(header, path):
    """The front matter's fields, names exactly as written: `Title:` is not `title:`
    (the schema calls it an unknown field and suggests the right one)."""
    metadata = yamlsource.parse(header, path, first_line=2)
    if metadata is None:
        empty = yamlsource.Fields()
        empty.line = 1  # no fields at all: point at the opening ---
        return empty
    if not isinstance(metadata, dict):
        raise ContentError(
            [Problem(str(path), 2, "", "fields written as `name: value`",
                     type(metadata).__name__)]
        )
    fields = yamlsource.Fields()
    fields.line = metadata.line
    for key, value in metadata.items():
        fields[str(key)] = value
        fields.lines[str(key)] = metadata.lines[key]
    return fields


# Pelican's date fields, as schemas.Date validates them.
DATES = ("date", "modified")


def as_pelican_value(name, value):
    """Front matter values as Pelican's metadata processors expect them (text)."""
    if name == "tags" and isinstance(value, list):
        return ", ".join(str(tag) for tag in value)
    if name in ("date", "modified", "title", "slug", "category", "status",
                "template", "save_as", "url", "summary"):
        return str(value)
    return value


def markdown(settings, typography=True):
    """A Markdown converter as the site uses it, for the text after the front matter;
    `typography=False`: without smarty (see Converters)."""
    options = dict(settings["MARKDOWN"])
    configs = dict(options.get("extension_configs", {}))
    if not typography:
        configs.pop(SMARTY, None)
        options["extension_configs"] = configs
    # Pelican's reader loads the extensions named in extension_configs only once
    # it is made; a converter made before (by `invoke check`) must load them too.
    options["extensions"] = list(dict.fromkeys(
        [*(e for e in options.get("extensions", []) if typography or e != SMARTY), *configs]))
    converter = Markdown(**options)
    if "meta" in converter.preprocessors:
        converter.preprocessors.deregister("meta")  # Pelican adds it; we read the header
    return converter


class Converters:
    """The site's Markdown, converting each text once. Smarty's typography doubles
    the cost of a conversion, and changes only straight quotes, apostrophes, double
    hyphens, three dots and << >>: a text with none of them (most Chinese text) is
    converted without it, to the same HTML."""

    def __init__(self, settings):
        self.full = markdown(settings)
        self.plain = markdown(settings, typography=False)

    def convert(self, text):
        converter = self.full if SMARTY_SIGNS.search(text) else self.plain
        return converter.reset().convert(text)


class YamlMarkdownReader(MarkdownReader):
    """Reads `.md` files with YAML front matter, as validation (validate.py) read,
    validated and converted them moments before in this build: each file is
    converted once. Each language's run reads the English files, and gets the
    text its site shows (the translation, converted or not, or the English:
    translations.py). The HTML it gives Pelican is sanitised (sanitise.py):
    validation has refused any file whose HTML sanitising would change, and
    cleaning here as well means a missed message never means live markup."""

    def read(self, source_path):
        build_record = record.of(self.settings)
        family = build_record.families.get(Path(source_path))
        if family is None:
            # Not among the files validation looked at: nothing to read it as.
            raise ContentError([Problem(str(source_path), None, "", "a file that validation "
                                        "has read", "a file it did not see")])
        code = self.settings["DEFAULT_LANG"]
        if build_record.commit_dates is None:
            build_record.commit_dates = (
                translations.commit_dates(self.settings["PATH"]) if code != ORIGINAL.code
                else {})
        drafts = plugin_settings.get(self.settings, "SHOW_DRAFTS")
        version = translations.version(family, build_record.cache, code,
                                       build_record.commit_dates, drafts)
        metadata = {}
        converter = text_converter(self.settings["MARKDOWN"])
        for name, value in version.fields.items():
            if value is None:
                continue  # `summary:` with nothing after it is a field left out
            if name in DATES:
                # Validated as YYYY-MM-DD[ HH:MM]: read as such, not by dateutil's
                # guesswork, which Pelican would spend a tenth of a second a build on.
                metadata[name] = SafeDatetime.fromisoformat(str(value).strip())
                continue
            value = as_pelican_value(name, value)
            if name == "summary":
                # Plain text like every field (only the body is Markdown), typeset
                # like a title; Pelican expects the summary as HTML.
                value = f"<p>{escape(smart_text(value, converter))}</p>"
            metadata[name] = self.process_metadata(name, value)
        # What the templates need to mark and explain the text (partials/language-note.html).
        metadata.update(text_lang=version.text_lang, translation_state=version.state,
                        outdated=version.outdated, text_source=str(version.text_source),
                        translation_draft=version.draft,
                        versions=translations.versions(family, drafts))
        # The page's photos (pictures.py): its `image`, an event's gallery, and the text's.
        catalogue = build_record.pictures.pictures
        pictures.add_to_metadata(metadata, version.fields, source_path, catalogue)
        html = translations.localise_links(sanitise.clean(version.html), code,
                                           build_record.shared_paths)
        return pictures.responsive_text(html, catalogue, metadata["pictures_shown"]), metadata


def add_reader(readers):
    for extension in YamlMarkdownReader.file_extensions:
        readers.reader_classes[extension] = YamlMarkdownReader
