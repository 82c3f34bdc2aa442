"""Drafts and items dated in the future: marked on the dev server, absent from the
public site (its pages, listings, sitemap and feeds)."""

import pytest

from contentcopy import built, copy_content
from sitefiles import html_files, soup_at

FRONT = "---\ntitle: {title}\ndate: {date}\n{more}---\nThe text of {title}.\n"
ITEMS = {
    # path under content/: (title, date, more front matter)
    "news/draft-news.md": ("Draft news item", "2026-01-05", "status: draft\n"),
    "news/future-news.md": ("Future news item", "2999-01-01", ""),
    "events/draft-event.md": ("Draft event", "2026-01-05", "status: draft\nstart: 2026\n"),
    # A start in the future does not hide an event: only its publication date does.
    "events/coming-event.md": ("Coming event", "2026-01-05", "start: 2999-06-01\nkind: seminar\n"),
    "pages/draft-page.md": ("Draft page", "2026-01-05", "status: draft\n"),
}
HIDDEN = {"/news/draft-news/": "Draft news item", "/news/future-news/": "Future news item",
          "/events/draft-event/": "Draft event", "/draft-page/": "Draft page"}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The content plus ITEMS, built with the production and the development settings."""
    tmp = tmp_path_factory.mktemp("drafts")
    files = {path: FRONT.format(title=title, date=date, more=more)
             for path, (title, date, more) in ITEMS.items()}
    content = copy_content(tmp, files)
    outputs = {}
    for name, settings in (("production", "publishconf.py"), ("development", "pelicanconf.py")):
        built(content, tmp / name, settings)
        outputs[name] = tmp / name
    return outputs


def all_text(site, pattern):
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(site.rglob(pattern)))


def test_production_has_no_draft_or_future_item_anywhere(builds):
    site = builds["production"]
    html, feeds = all_text(site, "*.html"), all_text(site / "feeds", "*.xml")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not (site / "drafts").exists()
    for url, title in HIDDEN.items():
        assert not (site / url.strip("/")).exists(), url
        assert title not in html, title
        assert url not in html and url not in sitemap, url
        assert title not in feeds and url not in feeds, title
    assert feeds.count("<entry>") >= 12  # the feeds themselves were written


def test_production_keeps_an_event_whose_start_is_in_the_future(builds):
    site = builds["production"]
    assert soup_at(site, "/events/coming-event/").find("h1").get_text(strip=True) == "Coming event"
    assert "/events/coming-event/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert soup_at(site, "/events/").find("a", href="/events/coming-event/")
    assert not soup_at(site, "/events/coming-event/").select(".badge")


def badge(soup):
    return [b.get_text(strip=True) for b in soup.select("main .badge")]


@pytest.mark.parametrize("url, title", HIDDEN.items())
def test_development_shows_each_at_its_usual_address_with_a_badge(builds, url, title):
    soup = soup_at(builds["development"], url)
    assert soup.find("h1").get_text(strip=True) == title
    note = soup.select_one("main .status-note")
    assert note is not None and note.find_next("h1") is not None, url
    assert badge(soup) == ["Scheduled" if "future" in url else "Draft"]


def test_development_lists_drafts_with_a_badge(builds):
    site = builds["development"]
    assert not (site / "drafts").exists()
    for listing, url in (("/news/", "/news/draft-news/"), ("/events/", "/events/draft-event/"),
                         ("/", "/news/draft-news/")):
        link = soup_at(site, listing).find("a", href=url)
        assert link is not None, (listing, url)
        card_title = link.find_parent(class_="card__title")
        assert [b.get_text(strip=True) for b in card_title.select(".badge")] == ["Draft"]


def test_published_items_carry_no_badge(builds):
    for name, site in builds.items():
        for path in html_files(site):
            text = path.read_text(encoding="utf-8")
            if not any(title in text for title in HIDDEN.values()):
                assert 'class="badge' not in text, (name, path)
