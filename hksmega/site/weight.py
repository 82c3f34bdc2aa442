"""The page-weight budget, defined once: the production build refuses a page over
it, and the test suite's weight gate (tests/gates.py) uses the same functions.

A first view that fits in the first round trips of a new connection (about
14 KB: TCP's initial congestion window of 10 segments) shows up fast on a phone
on a slow network, whatever the distance to the server. The first view is the
page, its stylesheets (but print ones) and its scripts, as served gzipped.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from hksmega.problems import Problem
from hksmega.site.pages import gzip_size, read_page

FIRST_VIEW_BYTES = 14 * 1024
# One stylesheet may block rendering; nothing else may.
RENDER_BLOCKING_REQUESTS = 1
FONT_FILE = re.compile(r"\.(woff2?|ttf|otf|eot)$", re.I)
@dataclass
class FirstView:
    """What a browser needs from the server to show a page: its files and their cost."""

    url: str
    transfers: dict = field(default_factory=dict)  # local URL -> gzip size in bytes
    render_blocking: list = field(default_factory=list)
    foreign: list = field(default_factory=list)
    fonts: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.transfers.values())


def file_of(site, url):
    """The built file a URL like /about/ serves: about/index.html."""
    rel = unquote(urlsplit(url).path).lstrip("/")
    return Path(site) / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def first_view(site, url, cache=None, page=None):
    """The page at `url` (or its facts, `page`: pages.Page), its stylesheets (but print
    ones) and its scripts, gzipped. `cache` ({path: (size, text)}) spares reading
    and compressing the same stylesheet for every page."""
    cache = {} if cache is None else cache
    page = page or read_page(Path(site), file_of(site, url))
    view = FirstView(url)
    view.transfers[url] = page.gzipped
    for tag, attributes in page.assets:
        rel = set(attributes.get("rel", "").lower().split())
        for name in ("href", "src"):
            value = attributes.get(name) or ""
            if value and urlsplit(value).netloc and not rel & {"canonical", "alternate"}:
                view.foreign.append(f"<{tag} {name}={value}>")
        stylesheet = (tag == "link" and "stylesheet" in rel
                      and (attributes.get("media") or "all").strip().lower() != "print")
        script = tag == "script" and attributes.get("src")
        if tag == "link" and "preload" in rel and attributes.get("as") == "font":
            view.fonts.append(attributes.get("href") or "")
        if not (stylesheet or script):
            continue
        ref = attributes.get("href") if stylesheet else attributes["src"]
        if urlsplit(ref).netloc:
            continue  # counted as foreign above
        # Root-relative, as the theme writes them: the same file on every page.
        target = urlsplit(ref if ref.startswith("/") else urljoin(url, ref)).path
        if target not in cache:
            try:
                data = (Path(site) / unquote(target).lstrip("/")).read_bytes()
            except OSError:
                continue  # missing: the link checker (links.py) says so
            cache[target] = (gzip_size(data), data.decode("utf-8", "replace"))
        size, text = cache[target]
        view.transfers[target] = size
        if stylesheet:
            view.render_blocking.append(target)
            view.render_blocking += [f"@import in {target}"] * len(re.findall(r"@import\b", text))
            view.fonts += [f"@font-face in {target}"] * len(re.findall(r"@font-face\b", text))
            view.foreign += [f"url({m}) in {target}" for m in re.findall(
                r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", text)]
        elif not ("async" in attributes or "defer" in attributes
                  or attributes.get("type") == "module"):
            view.render_blocking.append(target)
    view.foreign += [f"<{tag} {name}={value}>" for tag, name, value in page.links
                     if tag not in ("a", "link", "script") and "//" in value
                     and urlsplit(value).netloc]
    for style in page.styles:
        view.render_blocking += ["@import in <style>"] * len(re.findall(r"@import\b", style))
        view.fonts += ["@font-face in <style>"] * len(re.findall(r"@font-face\b", style))
    return view


def weight_problems(site, url, cache=None, page=None):
    """Over budget, too many render-blocking requests, web fonts, other hosts."""
    view = first_view(site, url, cache, page)
    problems = []
    if view.total > FIRST_VIEW_BYTES:
        parts = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in view.transfers.items())
        problems.append(
            f"first view is {view.total / 1024:.1f} KB gzipped, over the "
            f"{FIRST_VIEW_BYTES / 1024:.0f} KB budget ({parts})"
        )
    if len(view.render_blocking) > RENDER_BLOCKING_REQUESTS:
        problems.append(f"{len(view.render_blocking)} render-blocking requests, at most "
                        f"{RENDER_BLOCKING_REQUESTS}: {view.render_blocking}")
    problems += [f"web font: {font}" for font in view.fonts]
    problems += [f"request to another host: {ref}" for ref in view.foreign]
    return problems


def font_files(site):
    return [path for path in Path(site).rglob("*") if FONT_FILE.search(path.name)]


def check_site_weight(output, pages, source_of):
    """Problems for every page (`pages`: {address: pages.Page}) over budget, blamed on
    the file it was made from (`source_of`: built file -> source file), or on the
    theme for list pages."""
    cache, problems = {}, []
    for address, page in pages.items():
        found = weight_problems(output, address, cache, page)
        if found:
            source = source_of.get(str(page.path)) or "theme/templates/"
            problems.append(Problem(
                str(source), None, "", f"a page whose first view is at most "
                f"{FIRST_VIEW_BYTES // 1024} KB gzipped, with one stylesheet and nothing from "
                "another host (it must load fast on a phone)",
                f"{address}: {'; '.join(found)}"))
    return problems
