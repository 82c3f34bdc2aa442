"""Markdown with YAML front matter (`---` ... `---`), the format Jekyll and Hugo use.

We do not use pelican-yaml-metadata: it logs a YAML error and carries on with
no metadata, which silently publishes a broken page. Here a bad header raises
an error that names the file and line, and no year ever reaches Pelican's date
parser (only `date` and `modified` do, as full dates).
"""

import datetime
import re

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open
import yaml

from .problems import ContentError, Problem

FENCE = "---"


class TextDatesLoader(yaml.SafeLoader):
    """Safe YAML whose dates stay text: `start: 2005-13-01` then reaches our
    parser and is reported with its field, instead of failing inside PyYAML."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text, path):
    """Return (metadata dict, Markdown body, line number where the body starts).

    A file without a leading `---` has no front matter: (None, text, 1).
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None, text, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == FENCE:
            header = "".join(lines[1 : number - 1])
            body = "".join(lines[number:])
            return parse_header(header, path), body, number + 1
    raise ContentError(
        [Problem(path, 1, "", "front matter closed by a line of three dashes (---)",
                 "no closing ---")]
    )


def field_line(path, field):
    """The line of a top-level `field:` in a file's front matter, or None."""
    try:
        with pelican_open(path) as text:
            lines = text.splitlines()
    except OSError:
        return None  # not a file on disk (a test's metadata, say): no line to give
    if not lines or lines[0].strip() != FENCE:
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == FENCE:
            return None
        if re.match(rf"{re.escape(field)}\s*:", line, re.IGNORECASE):
            return number
    return None


def parse_header(header, path):
    try:
        metadata = yaml.load(header, Loader=TextDatesLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 0-based, +1 for the opening ---
        reason = getattr(error, "problem", None) or str(error)
        raise ContentError(
            [Problem(path, line, "", "valid YAML (field: value)", reason)]
        ) from error
    if metadata is None:
        return {}
    if not isinstance(metadata, dict):
        raise ContentError(
            [Problem(path, 2, "", "fields written as `name: value`",
                     type(metadata).__name__)]
        )
    return {str(key).lower(): value for key, value in metadata.items()}


def as_pelican_value(name, value):
    """YAML gives dates as date objects; Pelican's processors expect strings."""
    if name in ("date", "modified") and isinstance(value, datetime.date):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    if name == "tags" and isinstance(value, list):
        return ", ".join(str(tag) for tag in value)
    if name in ("date", "modified", "title", "slug", "category", "status",
                "template", "save_as", "url", "lang", "summary"):
        return str(value)
    return value


class YamlMarkdownReader(MarkdownReader):
    """Reads `.md` files; YAML front matter if present, else Pelican's headers."""

    def read(self, source_path):
        with pelican_open(source_path) as text:
            raw, body, _ = split_front_matter(text, source_path)
        if raw is None:
            return super().read(source_path)
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        self._md.preprocessors.deregister("meta")
        content = self._md.convert(body)
        metadata = {}
        for name, value in raw.items():
            value = as_pelican_value(name, value)
            if name == "summary":
                value = self._md.reset().convert(value)
            metadata[name] = self.process_metadata(name, value)
        return content, metadata


def add_reader(readers):
    for extension in YamlMarkdownReader.file_extensions:
        readers.reader_classes[extension] = YamlMarkdownReader
