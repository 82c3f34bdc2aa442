"""The public address of a page or file of the site: one function for every place
that needs it absolute (canonical links, feeds, the sitemap, robots.txt).

Pages link to each other root-relatively (SITEURL stays empty), so the same
output works on any host; SITE_ORIGIN (publishing.yaml's site_url in
production) makes an address absolute. A later site under a prefix (/zh-hant/)
gives its prefix here, and nowhere else.
"""

from jinja2 import pass_context


def absolute(origin, path, prefix=""):
    """`path` ("news/a/", "/news/a/", or already absolute) at `origin`, under `prefix`."""
    if "://" in path:
        return path
    parts = [origin.rstrip("/"), prefix.strip("/"), path.lstrip("/")]
    return "/".join(part for part in parts[:2] if part) + "/" + parts[2]


def in_language_site(settings, path, language=None):
    """`path`'s public address in the site of `language` (languages.Language; default: the
    language whose settings, or page context, these are)."""
    language = language or settings["LANGUAGE"]
    return absolute(settings["SITE_ORIGIN"], path, f"{settings['SITE_ROOT']}/{language.prefix}")


@pass_context
def in_site(context, path, language=None):
    """`{{ canonical_path | absolute }}`: the page's public address in this language's
    site; `absolute(language)`: in that language's. It reads the page's context, so
    Jinja never works it out once at compile time (as it would for `"" | absolute`):
    every language's site shares the compiled templates."""
    return in_language_site(context, path, language)


def add_template_filter(generator):
    generator.env.filters["absolute"] = in_site
    # Macros imported without the page's context (partials/cards.html, which Jinja then
    # makes once, not once per page) still link within this language's site.
    generator.env.globals["SITEURL"] = generator.settings["SITEURL"]
