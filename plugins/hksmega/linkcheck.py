"""One link checker for the built site: every internal link and image must resolve.

It runs at the end of every build (so `invoke build`, `invoke check`, `invoke
preview` and `invoke publish` all use it) and reports the source file that
holds each broken link, since that is the file an editor must fix.
"""

import difflib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import ContentError, Problem, relative

# Attributes that point at another file of the site.
LINK_ATTRIBUTES = {"href", "src", "srcset", "poster", "data"}

# output file (absolute) -> source file, filled while Pelican writes pages.
_sources = {}
# address ("/news/a/") -> source file, of drafts and items dated in the future,
# which this build does not write: a link to one is broken, and says why.
_unpublished = {}


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (line, tag, attribute, url)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name not in LINK_ATTRIBUTES or not value:
                continue
            if name == "srcset":  # "a.jpg 1x, b.jpg 2x": the addresses only
                urls = [part.strip().split(" ")[0] for part in value.split(",")]
            else:
                urls = [value]
            self.links.extend((line, tag, name, url) for url in urls if url)


def collect(path):
    parser = _LinkCollector()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    return parser


def resolve(output_dir, page, url):
    """The built file a URL points at, or None when the URL leaves the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # another site, mailto:, tel: ...
    if not parts.path:
        return Path(page)  # "#fragment" on the same page
    path = unquote(parts.path)
    base = Path(output_dir) if path.startswith("/") else Path(page).parent
    target = base / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def page_url(output_dir, page):
    """The address a reader uses for a built file: /news/ for news/index.html."""
    rel = Path(page).relative_to(Path(output_dir).resolve()).as_posix()
    return "/" + rel.removesuffix("index.html")


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


# What an editor calls the link; anything else keeps its HTML name.
FIELD_NAMES = {("a", "href"): "link", ("img", "src"): "image", ("img", "srcset"): "image"}


def nearest_address(url, addresses):
    """A "did you mean" for a mistyped address, from the site's real ones."""
    path = urlsplit(url).path
    close = difflib.get_close_matches(path, addresses, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def find_broken_links(output_dir, sources=None, unpublished=None):
    """Problems for every internal link, image or fragment that points nowhere.

    `sources` maps built pages to the files they were made from; with it, each
    problem names the file to fix, and each broken link is reported once, with
    the pages it shows on.
    """
    sources = _Sources(sources or {})
    unpublished = unpublished or {}
    pages = {page.resolve(): collect(page) for page in sorted(Path(output_dir).rglob("*.html"))}
    addresses = sorted(page_url(output_dir, page) for page in pages)
    found = {}  # (source, line, field, url, reason) -> addresses of the pages
    for page, collected in pages.items():
        for _, tag, attribute, url in collected.links:
            target = resolve(output_dir, page, url)
            if target is None:
                continue
            fragment = urlsplit(url).fragment
            address = page_url(output_dir, target.resolve())
            if not target.exists() and address in unpublished:
                draft = relative(unpublished[address])
                reason = (f"{draft} is a draft or dated in the future, so this build leaves it "
                          "out: publish it first, or remove the link")
            elif not target.exists():
                reason = "no such page or file" + nearest_address(url, addresses)
            elif fragment and target.suffix == ".html":
                ids = (pages.get(target.resolve()) or collect(target)).ids
                if fragment in ids:
                    continue
                reason = f"no element with id {fragment!r} there"
            else:
                continue
            field = FIELD_NAMES.get((tag, attribute), f"<{tag} {attribute}>")
            for source, line in sources.blame(page, url):
                shown_on = found.setdefault((source, line, field, url, reason), [])
                if page_url(output_dir, page) not in shown_on:
                    shown_on.append(page_url(output_dir, page))
    return [Problem(source, line, field, "a link to a page or file of this site",
                    f"{url} ({reason}; on {', '.join(shown_on)})")
            for (source, line, field, url, reason), shown_on in found.items()]


def remember_source(path, context):
    content = context.get("article") or context.get("page")
    if content is not None and getattr(content, "source_path", None):
        _sources[str(Path(path).resolve())] = content.source_path


def sources_of_pages():
    """{built file: source file} of this build's pages so far."""
    return dict(_sources)


def remember_unpublished(generator):
    """article_ and page_generator_finalized: the items this build does not write."""
    unwritten = [*getattr(generator, "drafts", []), *getattr(generator, "draft_pages", [])]
    for item in unwritten:
        if not item.save_as:
            _unpublished["/" + item.url] = item.source_path


def forget_sources(pelican):
    _sources.clear()
    _unpublished.clear()


def check_built_site(pelican):
    problems = find_broken_links(pelican.output_path, dict(_sources), dict(_unpublished))
    if problems:
        raise ContentError(problems)
