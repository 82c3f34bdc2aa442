"""Which pages the site search indexes: the `searchable` template filter.

Pagefind (hksmega/site/search.py) indexes only pages that mark their content with
`data-pagefind-body`, so a page is left out unless its template asks for this and
the page is one readers should find: published (never a draft, a hidden page such
as 404.html, or the search page) and in the language of its site (never the English
text shown in a Chinese site while it waits for a translation: the English page is
the one to find).
"""

from markupsafe import Markup


def is_searchable(item):
    return (getattr(item, "status", "") == "published"
            and getattr(item, "translation_state", "original") != "fallback")


def searchable(item):
    """` data-pagefind-body` for the element holding a searchable page's content."""
    return Markup(" data-pagefind-body") if is_searchable(item) else ""


def add_template_filter(generator):
    generator.env.filters["searchable"] = searchable
