"""sitemap.xml with absolute URLs, dates taken from the content only, and each
page's versions in the other languages (xhtml:link hreflang).

Not pelican-sitemap: it stamps index pages with the build time (so the same
commit never builds the same bytes), prefixes SITEURL, which we keep empty
for root-relative links, and writes broken alternates for translations. Our
public address is the SITE_ORIGIN setting. A page shown in a language only in
English (a fallback: plugin/translations.py) is not listed in that language.
"""

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pelican.generators import Generator

from hksmega import languages, record
from hksmega.addresses import absolute


def newest_date(items):
    dates = [getattr(item, "modified", None) or item.date for item in items]
    return max(dates) if dates else None


def is_listed(item):
    return getattr(item, "translation_state", "original") != "fallback"


def sitemap_entries(context):
    """(url, lastmod or None) for every public page of one language's site, by URL."""
    articles = context.get("articles", [])
    # The home page is a page with an empty URL; it changes with the newest item.
    entries = {"": newest_date(articles)}
    for page in context.get("pages", []):
        if page.url and is_listed(page):
            entries[page.url] = getattr(page, "modified", None) or getattr(page, "date", None)
    for category, category_articles in context.get("categories", []):
        entries[category.url] = newest_date(category_articles)
    for article in articles:
        if is_listed(article):
            entries[article.url] = getattr(article, "modified", None) or article.date
    return sorted(entries.items())


def render(origin, entries_by_language):
    """`entries_by_language`: {language code: [(url within its site, lastmod)]}."""
    versions = {}  # url within a site -> {language code: lastmod}
    for code, entries in entries_by_language.items():
        for url, lastmod in entries:
            versions.setdefault(url, {})[code] = lastmod
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for url, by_code in sorted(versions.items()):
        alternates = [] if len(by_code) < 2 else [
            (language.tag, absolute(origin, language.prefix + url))
            for language in languages.LANGUAGES if language.code in by_code]
        if alternates and languages.X_DEFAULT.code in by_code:
            alternates.append(("x-default", absolute(origin, languages.X_DEFAULT.prefix + url)))
        for language in languages.LANGUAGES:
            if language.code not in by_code:
                continue
            lines.append(f"<url><loc>{escape(absolute(origin, language.prefix + url))}</loc>")
            lastmod = by_code[language.code]
            if lastmod:
                lines.append(f"<lastmod>{lastmod.date().isoformat()}</lastmod>")
            for tag, address in alternates:
                lines.append(f'<xhtml:link rel="alternate" hreflang="{tag}" '
                             f"href={quoteattr(address)}/>")
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(origin):
    """Every crawler may read everything; the sitemap says where it all is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(origin, 'sitemap.xml')}\n"


class SitemapEntries(Generator):
    """Gives the build's record the sitemap's entries, once every context is made;
    the pipeline (build.py) writes sitemap.xml and robots.txt for the whole site."""

    def generate_output(self, writer):
        record.of(self.settings).sitemap.extend(sitemap_entries(self.context))


def write_sitemap(output, origin, entries_by_language):
    Path(output, "sitemap.xml").write_text(render(origin, entries_by_language),
                                           encoding="utf-8")
    Path(output, "robots.txt").write_text(robots_txt(origin), encoding="utf-8")


def get_generators(pelican):
    return SitemapEntries
