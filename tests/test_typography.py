"""Titles get the typography the text under them gets ("Hong Kong’s"), as plain text:
no HTML entity and no markup, so that templates escape a title like any other text."""

import re
from xml.etree import ElementTree

import pytest

from contentcopy import PUBLISH
from hksmega.build import load_settings
from hksmega.plugin.typography import smart_text, text_converter
from sitefiles import html_files, parse, url_of


@pytest.fixture(scope="module")
def typeset():
    return text_converter(load_settings(PUBLISH)["MARKDOWN"])


@pytest.mark.parametrize("text, typeset_text", [
    ("Hong Kong's Return to China", "Hong Kong’s Return to China"),
    ('The "Since" year -- and more...', "The “Since” year – and more…"),
    # Markdown and HTML in a title are the characters typed, not markup.
    ("*Not emphasis*, `not code`, [a link?](/x/)", "*Not emphasis*, `not code`, [a link?](/x/)"),
    ("R & D <b>bold?</b>", "R & D <b>bold?</b>"),
    ("1. Not a list", "1. Not a list"),
    ("# Not a heading", "# Not a heading"),
    ("A title\nfolded over lines", "A title folded over lines"),
])
def test_a_title_is_typeset_as_plain_text(text, typeset_text, typeset):
    assert smart_text(text, typeset) == typeset_text


STRAIGHT = re.compile(r"['\"]")


def test_no_title_on_the_site_keeps_a_straight_quote(site):
    for path in html_files(site):
        soup = parse(path)
        titles = [soup.title, *soup.select("h1, .card__title a, .timeline__text")]
        for title in titles:
            assert not STRAIGHT.search(title.get_text()), (url_of(site, path), title)
    raw = (site / "events" / "tenth-anniversary-of-return-and-inaugural-ceremony" /
           "index.html").read_text(encoding="utf-8")
    assert "<h1>Tenth Anniversary of Hong Kong’s Return to China," in raw  # a character


def test_feed_entry_titles_are_typeset_text(site):
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.parse(site / "feeds" / "all.atom.xml").getroot()
    titles = [entry.findtext(f"{atom}title") for entry in root.iter(f"{atom}entry")]
    assert any("Hong Kong’s" in title for title in titles)
    assert not [title for title in titles if STRAIGHT.search(title) or "&" in title]
