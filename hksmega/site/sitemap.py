"""sitemap.xml with absolute URLs and dates taken from the content only.

Not pelican-sitemap: it stamps index pages with the build time (so the same
commit never builds the same bytes) and prefixes SITEURL, which we keep empty
for root-relative links. Our public address is the SITE_ORIGIN setting.
"""

from pathlib import Path
from xml.sax.saxutils import escape

from pelican.generators import Generator

from hksmega import record
from hksmega.addresses import absolute


def newest_date(items):
    dates = [getattr(item, "modified", None) or item.date for item in items]
    return max(dates) if dates else None


def sitemap_entries(context):
    """(url, lastmod or None) for every public page, sorted by URL."""
    articles = context.get("articles", [])
    # The home page is a page with an empty URL; it changes with the newest item.
    entries = {"": newest_date(articles)}
    for page in context.get("pages", []):
        if page.url:
            entries[page.url] = getattr(page, "modified", None) or getattr(page, "date", None)
    for category, category_articles in context.get("categories", []):
        entries[category.url] = newest_date(category_articles)
    for article in articles:
        entries[article.url] = getattr(article, "modified", None) or article.date
    return sorted(entries.items())


def render(origin, entries):
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in entries:
        lines.append(f"<url><loc>{escape(absolute(origin, url))}</loc>")
        if lastmod:
            lines.append(f"<lastmod>{lastmod.date().isoformat()}</lastmod>")
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


def write_sitemap(output, origin, entries):
    Path(output, "sitemap.xml").write_text(render(origin, sorted(entries)), encoding="utf-8")
    Path(output, "robots.txt").write_text(robots_txt(origin), encoding="utf-8")


def get_generators(pelican):
    return SitemapEntries
