"""Which text each language's site shows for each page, and how it is marked.

Every language's site has every page. Pelican reads the English files in each
language's run (it ignores languages.TRANSLATION_FILES), and the reader takes
the text from the best source that exists (languages.sources):

- the page's own translation (`about.zh-hant.md`, or a hand-written
  `about.zh-hans.md`): "translated";
- for Simplified Chinese, the Traditional translation converted by OpenCC:
  "converted";
- else the English text, marked lang="en", with a notice in the reader's
  language; such a page has noindex and a canonical link to the English page,
  and stays out of the sitemap and the feeds: a "fallback".

A translation holds the words readers see (schemas.TRANSLATED_FIELDS); every
other field is the English file's. A translation whose English file has
changed since (its `modified` date, else its last commit) is "outdated": the
page says the English version is newer.
"""

import datetime
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from hksmega import languages
from hksmega.plugin.schemas import TRANSLATED_FIELDS
from hksmega.problems import Problem

# Fields of a translation that are about the file, not words to fall back on.
NOT_BORROWED = ("summary", "modified")
# A translation's status only says whether readers get it (is_usable): whether the page
# is published, in every language, is the English file's status.
OWN_STATUS = "status"


class LanguageText(str):
    """Text that knows its language: a data field or a page field may show the English
    words in a Chinese page (no translation yet), and the page must say so (lang=)."""

    lang = languages.ORIGINAL.code

    def __new__(cls, text, lang):
        value = super().__new__(cls, text)
        value.lang = lang
        return value


def in_language(value, code):
    """`value` with every per-language text ({en: ..., zh-hant: ...}) resolved for `code`
    (a LanguageText, English when there is no text in that language; Simplified
    converted from the Traditional), and every other text marked as English, which
    it is; lists and records are resolved throughout."""
    if isinstance(value, dict) and value and set(value) <= set(languages.WRITTEN):
        return text_in(value, code)
    if isinstance(value, dict):
        return {key: in_language(item, code) for key, item in value.items()}
    if isinstance(value, list):
        return [in_language(item, code) for item in value]
    if isinstance(value, str) and not isinstance(value, LanguageText):
        return LanguageText(value, languages.ORIGINAL.code)
    return value


def text_in(texts, code):
    """The text of {language: text} that `code`'s site shows (languages.sources)."""
    for source, converted in languages.sources(code):
        text = texts.get(source)
        if isinstance(text, str) and text.strip():
            return LanguageText(languages.convert(text, code) if converted else text,
                                code if converted or source == code else source)
    return LanguageText("", languages.ORIGINAL.code)


def marked(value, code):
    """The `marked` filter: `value` escaped, in <span lang=...> when its language is not
    the page's (`code`)."""
    lang = getattr(value, "lang", code)
    if lang == code or not str(value):
        return escape(value)
    return Markup('<span lang="{}">{}</span>').format(languages.BY_CODE[lang].tag, value)


def lang_attribute(item, code):
    """The `lang_attribute` filter: ` lang="en"` for a page or card whose text is not in
    the page's language (`code`), else nothing."""
    lang = getattr(item, "text_lang", code)
    if lang == code:
        return ""
    return Markup(' lang="{}"').format(languages.BY_CODE[lang].tag)


# Which files make each page.

def is_usable(item, drafts=False):
    """A translation readers get: not a draft (a draft translation falls back), unless
    the build shows drafts (the dev server, where the editor previews it)."""
    return drafts or item.fields.get("status") != "draft"


def text_source(family, code, drafts=False):
    """(file, converted) whose text `code`'s site shows for one page: `family` is
    {language code: validate.ContentFile} of its English file and translations;
    `drafts`: whether draft translations are shown (the dev server)."""
    for source, converted in languages.sources(code):
        item = family.get(source)
        if item is not None and (source == languages.ORIGINAL.code or is_usable(item, drafts)):
            return item, converted
    raise KeyError(code)  # every family has its English file (validation makes sure)


def versions(family, drafts=False):
    """The languages a page is written in (its English, its translations, and the
    languages converted from them): not those where it would fall back on English."""
    english = family[languages.ORIGINAL.code]
    return [language.code for language in languages.LANGUAGES
            if language is languages.ORIGINAL or text_source(family, language.code, drafts)[0]
            is not english]


def files_to_convert(families, code, drafts=False):
    """The Markdown files `code`'s run converts: every file in its language (drafts
    too, so every file is checked by one run), and the files it takes text from."""
    paths = set()
    for family in families.values():
        if code in family:
            paths.add(family[code].path)
        paths.add(text_source(family, code, drafts)[0].path)
    return paths


@dataclass
class Version:
    """One page as one language's site shows it."""

    fields: dict        # the English file's, with the translated words in their place
    html: str           # the body, converted if need be (links not yet localised)
    text_lang: str      # the language of the text: "en" on a fallback
    text_source: Path   # the file the text comes from, for messages
    state: str          # "original", "translated", "converted" or "fallback"
    outdated: bool = False
    draft: bool = False  # a draft translation, which only the dev server shows


def version(family, cache, code, commit_dates, drafts=False):
    """The Version of one page (`family` and `drafts`, as text_source takes them) in
    `code`. `cache` holds each file as validated (record.Validated); `commit_dates`
    gives each file's last commit date (commit_dates() below)."""
    english = family[languages.ORIGINAL.code]
    english_fields = cache[str(english.path)].fields
    source, converted = text_source(family, code, drafts)
    validated = cache[str(source.path)]
    if source is english:
        state = "original" if code == languages.ORIGINAL.code else "fallback"
        fields = {name: in_language(value, code) for name, value in english_fields.items()}
        return Version(fields, validated.html, languages.ORIGINAL.code, english.path, state)
    fields = {name: in_language(value, code) for name, value in english_fields.items()
              if name not in TRANSLATED_FIELDS or name == OWN_STATUS}
    for name in TRANSLATED_FIELDS:
        if name == OWN_STATUS:
            continue
        if name in validated.fields:
            value = validated.fields[name]
            fields[name] = (convert_value(value, code) if converted else value)
        elif name in english_fields and name not in NOT_BORROWED:
            fields[name] = in_language(english_fields[name], code)  # marked as English
    fields = {name: mark(value, code) for name, value in fields.items()}
    html = convert_html(validated.html, code) if converted else validated.html
    outdated = is_older(source, english, cache, commit_dates)
    return Version(fields, html, code, source.path, "converted" if converted else "translated",
                   outdated, draft=not is_usable(source))


# The attributes that hold addresses: a file or page named in Chinese keeps its name.
ADDRESS_ATTRIBUTE = re.compile(r'\s(?:href|src|srcset)="[^"]*"')
KEPT = re.compile("\ue000(\\d+)\ue001")


def convert_html(html, code):
    """A text's HTML in `code` (Simplified), its addresses as written: OpenCC would turn
    /images/攤位.jpg into /images/摊位.jpg, a file that does not exist. Each address is
    held aside behind a mark of the Private Use Area, which OpenCC leaves alone."""
    kept = []

    def hold(match):
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    converted = languages.convert(ADDRESS_ATTRIBUTE.sub(hold, html), code)
    return KEPT.sub(lambda match: kept[int(match.group(1))], converted)


def convert_value(value, code):
    if isinstance(value, str):
        return languages.convert(value, code)
    if isinstance(value, list):
        return [convert_value(item, code) for item in value]
    return value


def mark(value, code):
    """A translation's own words are in its language (LanguageText), as are converted ones."""
    if isinstance(value, str) and not isinstance(value, LanguageText):
        return LanguageText(value, code)
    if isinstance(value, list):
        return [mark(item, code) for item in value]
    return value


# "The English version is newer".

def changed_on(item, cache, commit_dates):
    """The day a file last changed for readers: its `modified` field, else its last commit."""
    modified = cache[str(item.path)].fields.get("modified")
    if modified:
        moment = modified if isinstance(modified, datetime.date) else (
            datetime.datetime.fromisoformat(str(modified).strip()))
        return moment.date() if isinstance(moment, datetime.datetime) else moment
    return commit_dates.get(str(item.path))


def is_older(translation, english, cache, commit_dates):
    english_day = changed_on(english, cache, commit_dates)
    translation_day = changed_on(translation, cache, commit_dates)
    return bool(english_day and translation_day and english_day > translation_day)


def to_do(families, cache, commit_dates):
    """Notices for `invoke check`, per language: pages with no translation yet (in each
    language written by hand), and translations older than their English file."""
    notices = []
    for english_path, family in sorted(families.items()):
        english = family[languages.ORIGINAL.code]
        for language in languages.TRANSLATED:
            if language.code not in family:
                name = languages.translation_path(english_path, language.code).name
                notices.append(Problem(
                    str(english_path), None, "",
                    f"a translation into {language.name} ({language.code}): {name}",
                    f"none yet, so the {language.code} site shows the English text",
                    severity="notice"))
        for code, item in sorted(family.items()):
            if item is not english and is_older(item, english, cache, commit_dates):
                notices.append(Problem(
                    str(item.path), None, "",
                    f"a translation ({code}) updated since its English file changed, on "
                    f"{changed_on(english, cache, commit_dates)}",
                    f"last changed on {changed_on(item, cache, commit_dates)} (readers are told "
                    "the English page is newer)", severity="notice"))
    return notices


def commit_dates(folder):
    """{absolute path: date of its last commit} for the files under `folder`; a file with
    changes not yet committed counts as changed today. Empty outside a git checkout."""
    folder = Path(folder)
    try:
        top = run_git(folder, "rev-parse", "--show-toplevel").strip()
        log = run_git(folder, "log", "--format=%x00%cs", "--name-only", "--no-renames",
                      "--", ".")
        changed = run_git(folder, "status", "--porcelain", "-z", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates, day = {}, None
    for line in log.splitlines():
        if line.startswith("\0"):
            day = datetime.date.fromisoformat(line[1:])
        elif line and day:
            dates.setdefault(str(Path(top) / line), day)
    today = datetime.date.today()
    for entry in filter(None, changed.split("\0")):
        dates[str(Path(top) / entry[3:])] = today
    return dates


def run_git(folder, *args):
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True, timeout=30).stdout


# Links in a page's text go to the same language's page.

HREF = re.compile(r'(<a\b[^>]*?\shref=")/(?![/\\])([^"]*)"')


def localise_links(html, code, shared):
    """Links to pages of the site (href="/about/") in `html`, pointed at `code`'s site
    ("/zh-hant/about/"); links to files every language shares (`shared`: path
    prefixes such as "images/") stay as they are."""
    prefix = languages.BY_CODE[code].prefix
    if not prefix:
        return html

    def localise(match):
        path = match.group(2)
        if path.startswith(tuple(shared)) or languages.of_address(path).prefix:
            return match.group(0)
        return f'{match.group(1)}/{prefix}{path}"'

    return HREF.sub(localise, html)
