"""The site's languages: the one table that everything per language reads.

English is the original, at the root of the site. Traditional Chinese (Hong
Kong) is written by people, beside each English file (`about.zh-hant.md`) and
in data files (`text: {en: ..., zh-hant: ...}`). Simplified Chinese is made by
the build from the Traditional text with OpenCC, as Hong Kong government sites
do, unless an editor writes a page by hand (`about.zh-hans.md`). A page with no
translation is still served in every language, with the English text marked
and a notice (see `sources` below and plugin/translations.py).
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Language:
    # Pelican's language code, lower-case (Pelican lower-cases DEFAULT_LANG, and a
    # mixed-case code would not match); also the suffix of translation files
    # (about.zh-hant.md) and the key in data files ({en: ..., zh-hant: ...}).
    code: str
    tag: str          # BCP 47, for lang= and hreflang=
    locale: str       # Babel's locale: dates, numbers, lists, the UI catalogue
    og_locale: str    # Open Graph's og:locale
    prefix: str       # where its site lives, under the root: "" or "zh-hant/"
    name: str         # its name in itself, for the language switcher
    date_format: str  # a full date, as a Babel pattern
    year_format: str  # a year alone
    # A place's parts, city first ("Zhongshan, Guangdong") or the largest first ("廣東中山").
    place_separator: str
    place_from_largest: bool
    # Simplified Chinese: the language whose text OpenCC converts into this one.
    converted_from: str = ""
    opencc: str = ""  # the OpenCC configuration that does it
    # The face of Noto Sans CJK for drawn text (site/share_image.py): the glyph
    # forms its readers expect; its Latin letters are the same in every face.
    font_face: str = "Noto Sans CJK SC"

    def url(self, site_root, path=""):
        """The root-relative address of `path` ("about/") in this language's site."""
        return f"{site_root}/{self.prefix}{path}"


ENGLISH = Language("en", "en", "en", "en_GB", "", "English", "d MMMM y", "y", ", ", False)
TRADITIONAL = Language("zh-hant", "zh-Hant-HK", "zh_Hant_HK", "zh_HK", "zh-hant/", "繁體中文",
                       "y年M月d日", "y年", "", True, font_face="Noto Sans CJK HK")
SIMPLIFIED = Language("zh-hans", "zh-Hans", "zh_Hans_CN", "zh_CN", "zh-hans/", "简体中文",
                      "y年M月d日", "y年", "", True, converted_from="zh-hant", opencc="hk2s")

LANGUAGES = (ENGLISH, TRADITIONAL, SIMPLIFIED)
ORIGINAL = ENGLISH
BY_CODE = {language.code: language for language in LANGUAGES}
# Languages an editor writes by hand, in a data file's per-language text.
WRITTEN = tuple(language.code for language in LANGUAGES if not language.converted_from)
# Those that translate the English: each has translation files and a UI catalogue.
TRANSLATED = tuple(language for language in LANGUAGES[1:] if not language.converted_from)
# x-default: where a reader whose language is none of these is sent.
X_DEFAULT = ORIGINAL

# about.zh-hant.md: the language is the last part of the name before .md.
TRANSLATION_NAME = re.compile(
    r"^(?P<base>.+)\.(?P<code>" + "|".join(re.escape(l.code) for l in LANGUAGES[1:]) + r")$")
# What Pelican must not read as pages of their own: each language's site reads
# the English files, and the plugin gives it the translation's text instead.
TRANSLATION_FILES = [f"*.{language.code}.md" for language in LANGUAGES[1:]]


def of_address(address):
    """The language whose site an address ("/zh-hant/about/", "zh-hant/about/") is in."""
    path = address.lstrip("/")
    return next((language for language in LANGUAGES[1:] if path.startswith(language.prefix)),
                ORIGINAL)


def split_name(path):
    """(the English file's stem, language code) of a content file: about.zh-hant.md
    gives ("about", "zh-hant"), about.md gives ("about", "en")."""
    stem = Path(path).stem
    match = TRANSLATION_NAME.match(stem)
    return (match["base"], match["code"]) if match else (stem, ORIGINAL.code)


def translation_path(original, code):
    """The translation of the English file `original` into `code`, where it would be."""
    original = Path(original)
    return original.with_name(f"{original.stem}.{code}{original.suffix}")


def sources(code):
    """Where a page's text comes from in `code`, best first: (language of the file,
    whether OpenCC converts it). Simplified: its own page, else the Traditional one
    converted, else English."""
    language = BY_CODE[code]
    chain = [(code, False)]
    if language.converted_from:
        chain.append((language.converted_from, True))
    if code != ORIGINAL.code:
        chain.append((ORIGINAL.code, False))
    return chain


@functools.lru_cache(maxsize=None)
def _opencc(config):
    import opencc  # only the Simplified site needs it

    return opencc.OpenCC(config)


def convert(text, code):
    """`text` (Traditional) as `code` writes it: OpenCC for Simplified; unchanged otherwise.
    Markup passes through: OpenCC changes only Chinese characters."""
    language = BY_CODE[code]
    if not language.opencc or not text:
        return text
    return _opencc(language.opencc).convert(text)
