"""One link checker for the built site: every internal link and image must resolve.

The build pipeline (build.py) runs it once per build over the whole output tree
(so `invoke build`, `invoke check`, `invoke preview` and `invoke publish` all use
it), from the facts of each page read once (pages.py). Addresses resolve against
the output root, so a link from one site's page to another's (a later language
under /zh-hant/) is checked like any other. Each problem names the source file
that holds the broken link, since that is the file an editor must fix.
"""

import difflib
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hksmega import languages
from hksmega.problems import Problem, relative
from hksmega.site.pages import read_pages


def site_files(output):
    """Every file of the built site, as addresses relative to its root ("news/index.html")."""
    found = set()
    for folder, _, names in os.walk(output):
        rel = os.path.relpath(folder, output)
        found.update(posixpath.normpath(posixpath.join(rel, n)) if rel != "." else n
                     for n in names)
    return found


def target_of(page_address, url):
    """The file (relative to the site's root) a link on a page points at, or None when
    it leaves the site; "" for a fragment on the page itself."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # another site, mailto:, tel: ...
    if not parts.path:
        return ""
    path = unquote(parts.path)
    base = page_address if page_address.endswith("/") else posixpath.dirname(page_address) + "/"
    joined = posixpath.normpath(posixpath.join(base, path)).lstrip("/")
    if path.endswith("/") or joined == "." or joined == "":
        joined = posixpath.join("" if joined in (".", "") else joined, "index.html")
    return joined


class _Sources:
    """Which source file to blame for a link: the page's own, if its text has the link;
    else any source whose text has it (a summary shown in a list, say)."""

    def __init__(self, sources):
        self.of_page = sources
        self._texts = {}

    def text(self, source):
        if source not in self._texts:
            try:
                self._texts[source] = Path(source).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._texts[source] = ""
        return self._texts[source]

    def blame(self, page, url):
        """[(source, line of the link in it)]; when no source holds the link, it
        comes from the theme (the menu, say), and the templates are to blame."""
        own = self.of_page.get(str(page))
        if own and self.link_in(own, url):
            holding = [own]
        else:
            holding = sorted({s for s in self.of_page.values() if self.link_in(s, url)})
        return [(source, self.link_in(source, url)) for source in holding] or [(TEMPLATES, None)]

    def link_in(self, source, url):
        """The line where `source` links to `url` (Markdown or HTML), or None."""
        quoted = re.escape(url)
        found = re.search(rf"\]\(\s*<?{quoted}>?[\s)]|^\s*\[[^]]+\]:\s*<?{quoted}>?\s*$"
                          rf"|(?:href|src|srcset)=[\"']{quoted}[\"']", self.text(source), re.M)
        return self.text(source).count("\n", 0, found.start()) + 1 if found else None


TEMPLATES = "theme/templates/"


def as_written(page_address, url):
    """A link as the editor wrote it: the build points a link in a Chinese page's text at
    its own language's site (/zh-hant/about/ for /about/), so one mistake in a file is
    one message, with every language's page it shows on."""
    prefix = "/" + languages.of_address(page_address).prefix
    if prefix != "/" and url.startswith(prefix):
        return "/" + url[len(prefix):]
    return url


# What an editor calls the link; anything else keeps its HTML name.
FIELD_NAMES = {("a", "href"): "link", ("img", "src"): "image", ("img", "srcset"): "image"}


def nearest_address(url, addresses):
    """A "did you mean" for a mistyped address, from the site's real ones."""
    path = urlsplit(url).path
    close = difflib.get_close_matches(path, addresses, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def find_broken_links(output_dir, sources=None, not_public=None, pages=None, files=None,
                      as_public_site=False):
    """Problems for every internal link, image or fragment that points nowhere.

    `pages` ({address: pages.Page}) are the pages whose links to check (every page
    of the output when None); `files`, every file of the site (read from disk when
    None). `sources` maps built pages to the files they were made from: with it,
    each problem names the file to fix, and each broken link is reported once,
    with the pages it shows on. `not_public` maps the addresses of drafts and
    future items to their files, so that a link to one says so. A development
    build writes them; `as_public_site` then also refuses what the public site
    would: a link from a published item's page to one of them.
    """
    output = Path(output_dir).resolve()
    pages = read_pages(output) if pages is None else pages
    files = site_files(output) if files is None else files
    not_public = not_public or {}
    public_sources = set((sources or {}).values()) - set(not_public.values())
    sources = _Sources(sources or {})
    addresses = sorted({"/" + f.removesuffix("index.html") for f in files if f.endswith(".html")})
    ids = {}  # file -> ids, read only for fragments that need them
    found = {}  # (source, line, field, url, reason) -> addresses of the pages
    for page in pages.values():
        own_file = page.address.lstrip("/") + ("index.html" if page.address.endswith("/") else "")
        for tag, attribute, url in page.links:
            target = target_of(page.address, url)
            if target is None:
                continue
            target = target or own_file
            if target not in files and posixpath.join(target, "index.html") in files:
                target = posixpath.join(target, "index.html")  # /news without its slash
            fragment = urlsplit(url).fragment
            wanted = "/" + target.removesuffix("index.html")
            own = sources.of_page.get(str(page.path))
            # In a development build, a published item's own text linking to a draft
            # (not a listing the build made, which the public site would not have).
            leaves_public_site = wanted in not_public and (target not in files or (
                as_public_site and own in public_sources and sources.link_in(own, url)))
            if leaves_public_site:
                reason = (f"{relative(not_public[wanted])} is a draft or dated in the future, "
                          "so this build leaves it out: publish it first, or remove the link")
            elif target not in files:
                reason = "no such page or file" + nearest_address(url, addresses)
            elif fragment and target.endswith(".html"):
                if target not in ids:
                    known = pages.get(wanted)
                    ids[target] = (known or read_pages(output, [output / target])[wanted]).ids
                if fragment in ids[target]:
                    continue
                reason = f"no element with id {fragment!r} there"
            else:
                continue
            field = FIELD_NAMES.get((tag, attribute), f"<{tag} {attribute}>")
            written = as_written(page.address, url)
            if written != url:
                reason = reason.replace(url, written)
            for source, line in sources.blame(page.path, written):
                shown_on = found.setdefault((source, line, field, written, reason), [])
                if page.address not in shown_on:
                    shown_on.append(page.address)
    return [Problem(source, line, field, "a link to a page or file of this site",
                    f"{url} ({reason}; on {', '.join(shown_on)})")
            for (source, line, field, url, reason), shown_on in found.items()]
