"""Every built page read once, by a fast HTML parser (lexbor, through selectolax),
into the facts the whole-site steps need: its links, its ids, what its first
view costs, and whether the site search indexes it. The link checker (links.py) and the page-weight budget
(weight.py) both work from these facts, so a build parses each page once.
"""

import gzip
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=9))

# Attributes that point at another file of the site (or elsewhere).
LINK_ATTRIBUTES = ("href", "src", "srcset", "poster", "data", "action")
SELECTOR = ",".join(f"[{name}]" for name in LINK_ATTRIBUTES)


@dataclass
class Page:
    """One built HTML file, as the checks see it."""

    path: Path
    address: str  # how a reader asks for it: /news/ for news/index.html
    size: int = 0
    gzipped: int = 0  # its size as served gzipped (weight.py)
    # (tag, attribute, address) of every link, image, script, form ...
    links: list = field(default_factory=list)
    ids: set = field(default_factory=set)
    # (tag, {attribute: value}) of <link> and <script> elements.
    assets: list = field(default_factory=list)
    styles: list = field(default_factory=list)  # text of <style> elements
    searchable: bool = False  # its content is marked for the site search (search.py)


def address_of(output, path):
    """The address a reader uses for a built file: /news/ for news/index.html."""
    rel = Path(path).relative_to(output).as_posix()
    return "/" + rel.removesuffix("index.html")


def read_page(output, path):
    data = Path(path).read_bytes()
    page = Page(Path(path), address_of(output, path), len(data), gzip_size(data))
    tree = LexborHTMLParser(data.decode("utf-8"))
    for node in tree.css(SELECTOR):
        attributes = node.attributes
        for name in LINK_ATTRIBUTES:
            value = attributes.get(name)
            if not value:
                continue
            if name == "srcset":  # "a.jpg 1x, b.jpg 2x": the addresses only
                page.links += [(node.tag, name, part.split()[0])
                               for part in value.split(",") if part.strip()]
            else:
                page.links.append((node.tag, name, value))
    page.ids = {node.attributes["id"] for node in tree.css("[id]") if node.attributes.get("id")}
    page.assets = [(node.tag, dict(node.attributes)) for node in tree.css("link, script")]
    page.styles = [node.text() for node in tree.css("style")]
    page.searchable = tree.css_first("[data-pagefind-body]") is not None
    return page


def read_pages(output, paths=None):
    """{address: Page} for `paths` (every .html file under `output` when None)."""
    output = Path(output)
    paths = sorted(output.rglob("*.html")) if paths is None else paths
    return {page.address: page for page in (read_page(output, path) for path in paths)}
