"""The site's language in every template: UI strings, dates, numbers and lists.

UI strings go through gettext (`{{ _("Home") }}`), every message ID a literal
that Babel's extractor sees (babel.cfg; `invoke translations`). Catalogues are
theme/translations/<Babel locale>/LC_MESSAGES/messages.po, compiled here by
the build, never committed. Simplified Chinese has no catalogue of its own: it
is the Traditional one, converted by OpenCC (languages.py).

Jinja marks what gettext returns as safe HTML (it trusts the catalogue); here
every string gettext returns is escaped first, so a catalogue cannot add
markup. Placeholders still take the Markup that macros give them
(`_("Since %(year)s", year=date(start))`).

Dates, years, numbers and lists are written as the language writes them, by
Babel: "3 November 2005", "2005年11月3日"; a year alone "2005" or "2005年".
"""

import datetime
import functools
import gettext
import io
from pathlib import Path

from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from hksmega import languages
from hksmega.plugin.translations import lang_attribute, marked

DOMAIN = "messages"


def catalogue_path(theme, code):
    """The .po file an editor keeps for `code`; None for English (the templates' own words)."""
    language = languages.BY_CODE[code]
    if language is languages.ORIGINAL:
        return None
    return Path(theme) / "translations" / language.locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations_for(theme, code):
    """gettext translations for `code`: its own catalogue, or, for a converted language,
    the catalogue of the language it is converted from, converted."""
    language = languages.BY_CODE[code]
    path = catalogue_path(theme, language.converted_from or code)
    if path is None or not path.is_file():
        return gettext.NullTranslations()
    return _compiled(str(path), path.stat().st_mtime_ns, code)


@functools.lru_cache(maxsize=8)
def _compiled(path, mtime_ns, code):
    """A .po file compiled in memory (`mtime_ns` renews it when the file changes)."""
    with open(path, "rb") as po:
        catalog = read_po(po, locale=locale_of(code))
    for message in catalog:
        if message.id and message.string:
            message.string = (tuple(languages.convert(s, code) for s in message.string)
                              if isinstance(message.string, tuple)
                              else languages.convert(message.string, code))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out: they show in English
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def locale_of(code):
    return languages.BY_CODE[code].locale


def day_text(day, code):
    """A full date as the language writes it: "3 November 2005", "2005年11月3日"."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return format_date(day, languages.BY_CODE[code].date_format, locale=locale_of(code))


def year_text(year, code):
    """A year alone: "2005", "2005年"."""
    return format_date(datetime.date(int(year), 1, 1), languages.BY_CODE[code].year_format,
                       locale=locale_of(code))


def number_text(number, code):
    return format_decimal(number, locale=locale_of(code))


def list_text(items, code):
    """"Australia, Canada and the USA"; "澳洲、加拿大及美國": each item escaped, and
    marked when it is in another language (translations.marked)."""
    return Markup(format_list([str(marked(item, code)) for item in items],
                              locale=locale_of(code)))


def place_order(parts, code):
    """(separator, parts): a place's parts, given from the smallest to the largest (city,
    region, country), in the order the language writes them, and what goes between."""
    language = languages.BY_CODE[code]
    parts = list(reversed(parts)) if language.place_from_largest else list(parts)
    return language.place_separator, parts


def place_text(parts, code):
    """A place, as the language writes it: "Zhongshan, Guangdong"; "廣東中山"."""
    separator, parts = place_order(parts, code)
    return Markup(escape(separator)).join(marked(part, code) for part in parts)


def plain_place(parts, code):
    """place_text as plain text, for files that are not HTML (calendars)."""
    separator, parts = place_order(parts, code)
    return separator.join(str(part) for part in parts)


def install_translations(generator):
    """generator_init: the site's language in the templates' gettext and filters."""
    env, code = generator.env, generator.settings["DEFAULT_LANG"]
    if not hasattr(env, "install_gettext_callables"):
        return  # JINJA_ENVIRONMENT lacks jinja2.ext.i18n; templates will say so
    translations = translations_for(generator.theme, code)
    env.install_gettext_callables(
        lambda message: escape(translations.gettext(message)),
        lambda singular, plural, n: escape(translations.ngettext(singular, plural, n)),
        newstyle=True,
    )
    env.filters.update(
        day=lambda day: day_text(day, code),
        year=lambda year: year_text(year, code),
        number=lambda number: number_text(number, code),
        listed=lambda items: list_text(items, code),
        place=lambda parts: place_text(parts, code),
        marked=lambda value: marked(value, code),
        lang_attribute=lambda item: lang_attribute(item, code),
    )
