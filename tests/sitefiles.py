"""Reading the built site as a reader's tools do: its HTML files, parsed."""

from pathlib import Path

from bs4 import BeautifulSoup

from hksmega import languages


def english_files(folder):
    """The English content files of a folder (not their translations, about.zh-hant.md)."""
    return sorted(path for path in Path(folder).glob("*.md")
                  if languages.split_name(path)[1] == languages.ORIGINAL.code)


def html_files(site):
    return sorted(Path(site).rglob("*.html"))


def language_of(site, path):
    """The language whose site a built file belongs to: its folder (/zh-hant/...), else English."""
    return languages.of_address(Path(path).relative_to(site).as_posix())


def url_of(site, path):
    """The URL a reader uses for a built file: /about/ for about/index.html."""
    rel = Path(path).relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def parse(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def file_of(site, url):
    """The built file a URL like /about/ serves: about/index.html."""
    rel = url.lstrip("/")
    return Path(site) / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def soup_at(site, url):
    """Parse the page a URL like /about/ serves."""
    return parse(file_of(site, url))
