"""`invoke new`: a new news item or event, written from its template as a draft; or,
with `--lang`, a translation of one beside its English file.

The templates live in scaffolds/<kind>.md. They hold every field the schema
requires and, as empty lines, the optional fields an editor usually fills in,
with the allowed values (taken from schemas.py) in a comment above them. A
translation's (scaffolds/translation.md) holds only the fields a translation
has, each with the English value in a comment.
"""

import json
from pathlib import Path
from string import Template

import yaml

from hksmega import languages
from hksmega.plugin import schemas
from hksmega.plugin.reader import read_markdown
from hksmega.plugin.dates import PartialDate
from hksmega.plugin.validate import pelican_slug
from hksmega.problems import relative

TEMPLATES = Path(__file__).resolve().parent / "scaffolds"
# What `invoke new` can make: kind -> (content folder, schema).
KINDS = {"news": ("news", schemas.NEWS), "event": ("events", schemas.EVENT)}


class ScaffoldError(Exception):
    """Why no file was written; the message says what to do instead."""


def yaml_text(value):
    """`value` as a YAML scalar that reads back as the same text (quoted only if needed)."""
    try:
        plain = yaml.safe_load(value) == value and "\n" not in value and "#" not in value
    except yaml.YAMLError:
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def render(kind, title, today, start=None):
    """The text of a new file of `kind`: front matter from the template, as a draft."""
    values = {"title": yaml_text(title), "date": today.isoformat(),
              "start": str(start) if start else "",
              "kinds": ", ".join(schemas.EVENT_KINDS), "roles": ", ".join(schemas.EVENT_ROLES),
              "relations": ", ".join(schemas.RELATIONS)}
    text = Template((TEMPLATES / f"{kind}.md").read_text(encoding="utf-8")).substitute(values)
    # `start:` with nothing after it is an empty field; keep the line tidy.
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def new_content(kind, title, settings, today, start=None, slug=None):
    """Write content/<folder>/<slug>.md (under settings["PATH"]) for a new item; return its path.

    Refuses to overwrite a file, and says why nothing was written.
    """
    if kind not in KINDS:
        raise ScaffoldError(f"`invoke new` makes one of: {', '.join(KINDS)}; not {kind!r}.")
    if not title.strip():
        raise ScaffoldError(
            "Give the title in quotes, such as: invoke new news \"Title of the item\".")
    if start:
        try:
            start = PartialDate.parse(start)
        except ValueError as error:
            raise ScaffoldError(f"--start: expected {error}; found {start!r}.") from None
    slug = slug or pelican_slug(title, settings)
    if not schemas.Slug.PATTERN.match(slug):
        raise ScaffoldError(
            f"The title gives no usable file name ({slug!r}): add --slug with lower-case "
            "letters, digits and hyphens, such as --slug my-news-item.")
    folder, _ = KINDS[kind]
    path = Path(settings["PATH"]) / folder / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{relative(path)} already exists: nothing was written. Choose another "
                            "title (or --slug), or edit that file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(kind, title, today, start), encoding="utf-8")
    return path


# A translation's fields for places, written when the English file has them.
PLACES = ("venue", "city", "region", "country")


def new_translation(kind, title, settings, code, slug):
    """Write content/<folder>/<slug>.<code>.md, a translation of <slug>.md, as a draft;
    return its path."""
    if kind not in KINDS:
        raise ScaffoldError(f"`invoke new` makes one of: {', '.join(KINDS)}; not {kind!r}.")
    translated = [language.code for language in languages.TRANSLATED]
    if code not in translated:
        raise ScaffoldError(f"--lang: expected one of {', '.join(translated)} (Simplified "
                            f"Chinese is made from the Traditional text); found {code!r}.")
    if not slug:
        raise ScaffoldError("--lang needs --slug, the English file's name without .md, such "
                            "as: invoke new news \"標題\" --lang zh-hant --slug website-launch")
    if not title.strip():
        raise ScaffoldError("Give the translated title in quotes.")
    folder, _ = KINDS[kind]
    english = Path(settings["PATH"]) / folder / f"{slug}.md"
    if not english.is_file():
        raise ScaffoldError(f"{relative(english)} does not exist: --slug names the English "
                            "file to translate.")
    path = languages.translation_path(english, code)
    if path.exists():
        raise ScaffoldError(f"{relative(path)} already exists: nothing was written. Edit it.")
    fields, _, _ = read_markdown(english)
    places = "".join(f"# English: {fields[name]}\n{name}:\n" for name in PLACES
                     if isinstance(fields.get(name), str) and fields[name].strip())
    text = Template((TEMPLATES / "translation.md").read_text(encoding="utf-8")).substitute(
        english=english.name, title=yaml_text(title), places=places,
        summary=" ".join(str(fields.get("summary") or "(none)").split()))
    path.write_text("\n".join(line.rstrip() for line in text.splitlines()) + "\n",
                    encoding="utf-8")
    return path
