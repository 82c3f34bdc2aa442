"""The Atom feeds: a meaningful order that no build changes, and event entries that say
when the event happened (an entry's own date is only when its page was added)."""

import calendar
import os
import subprocess
import sys
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser

from conftest import ROOT, copy_project
from hksmega.plugin.dates import PartialDate
from hksmega.plugin.reader import split_front_matter
from sitefiles import english_files

FEEDS = ["all.atom.xml", "events.atom.xml", "news.atom.xml"]
ORIGIN = "http://127.0.0.1:8000"  # the session build's SITE_ORIGIN (publishing.yaml has none yet)


def content_metadata():
    """{URL path: front matter} of every news item and event."""
    found = {}
    for folder in ("news", "events"):
        for path in english_files(ROOT / "content" / folder):
            metadata, _, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
            found[f"/{folder}/{path.stem}/"] = metadata
    return found


def entries(site, name):
    return feedparser.parse((site / "feeds" / name).read_bytes()).entries


def path_of(entry):
    return urlsplit(entry.link).path


def test_entries_are_newest_first_then_by_when_the_event_happened_then_by_slug(site):
    metadata = content_metadata()

    def rule(entry):
        item = metadata[path_of(entry)]
        start = PartialDate.parse(item["start"]) if item.get("start") is not None else None
        happened = (0, -start.year, -(start.month or 0), -(start.day or 0)) if start else (1,)
        return (-calendar.timegm(entry.published_parsed), happened, path_of(entry))

    for name in FEEDS:
        found = [path_of(entry) for entry in entries(site, name)]
        assert found == [path_of(e) for e in sorted(entries(site, name), key=rule)], name
    # Today every page has the same publication date, so the events read as a history.
    events = [path_of(entry) for entry in entries(site, "events.atom.xml")]
    assert events[:2] == ["/events/china-food-fair-shenzhen-2008/",
                          "/events/china-international-bamboo-product-trade-expo-2008/"]
    assert events[-2:] == ["/events/world-sme-expo/", "/events/study-missions/"]


def test_the_order_is_the_same_whatever_order_the_files_are_read_in(site, tmp_path):
    project = copy_project(tmp_path / "project")
    # Files written again in the opposite order, and another hash seed (Pelican reads
    # the files as a set): neither may change a feed.
    for path in sorted((project / "content" / "events").glob("*.md"), reverse=True):
        text = path.read_bytes()
        path.unlink()
        path.write_bytes(text)
    result = subprocess.run(
        [sys.executable, "-m", "hksmega.build", "-s", "publishconf.py",
         "-o", str(tmp_path / "out")],
        cwd=project, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "7"})
    assert result.returncode == 0, result.stdout + result.stderr
    for name in FEEDS:
        assert [e.id for e in entries(tmp_path / "out", name)] == [
            e.id for e in entries(site, name)], name


def test_each_event_entry_says_when_the_event_happened(site):
    metadata = content_metadata()
    found = entries(site, "events.atom.xml")
    assert len(found) == len([path for path in metadata if path.startswith("/events/")])
    for entry in found:
        item = metadata[path_of(entry)]
        start = item.get("start")
        when = (f"since {start}, as recorded in {item['recorded']}" if item.get("since")
                else str(start) if start else "dates not recorded")
        assert entry.title == item["title"].replace("'", "\u2019") + f" ({when})"
    news = entries(site, "news.atom.xml")
    assert [entry.title for entry in news] == ["The Association\u2019s website"]


def test_the_sitemap_dates_each_item_by_its_content(site):
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {url.findtext(f"{namespace}loc"): url.findtext(f"{namespace}lastmod")
               for url in ElementTree.parse(site / "sitemap.xml").getroot()}
    for path, item in content_metadata().items():
        assert lastmod[ORIGIN + path] == str(item.get("modified") or item["date"])[:10], path


def test_every_feed_of_every_language_parses_and_atom_and_rss_agree(site):
    from hksmega import languages

    for language in languages.LANGUAGES:
        folder = site / language.prefix / "feeds"
        for name in ("all", "news", "events"):
            atom, rss = (feedparser.parse((folder / f"{name}.{kind}.xml").read_bytes())
                         for kind in ("atom", "rss"))
            for feed in (atom, rss):
                assert not feed.bozo, (language.code, name, feed.get("bozo_exception"))
                # "Association — News", the section in the feed's language.
                _, section = feed.feed.title.rsplit(" — ", 1)
                assert section == {"all": "News and events", "news": "News", "events": "Events"
                                   }[name] if language.prefix == "" else section.isascii() is False
                assert feed.feed.language == language.tag
            assert atom.entries, (language.code, name)
            assert [e.link for e in atom.entries] == [e.link for e in rss.entries]
            assert [e.title for e in atom.entries] == [e.title for e in rss.entries]
            assert all(e.link.startswith(f"{ORIGIN}/{language.prefix}") for e in rss.entries)


def test_pages_announce_the_feeds_and_say_where_to_follow_them(site):
    from sitefiles import soup_at

    for url, feeds in {"/about/": ["all"], "/news/": ["all", "news"],
                       "/zh-hant/events/": ["all", "events"]}.items():
        page = soup_at(site, url)
        prefix = "/zh-hant" if url.startswith("/zh-hant/") else ""
        # The feeds' types (application/atom+xml, rss+xml): /events/ announces its
        # calendar too (test_calendar.py).
        announced = [link["href"] for link in page.select(
            'head link[rel="alternate"][type$="+xml"]')]
        assert announced == [f"{ORIGIN}{prefix}/feeds/{name}.{kind}.xml"
                             for name in feeds for kind in ("atom", "rss")], url
        # Visible too, in words: the footer's for all items, a section's on its index.
        visible = [a["href"] for a in page.select(".feed-links a[type$=\"+xml\"]")]
        assert visible == [f"{prefix}/feeds/{name}.{kind}.xml"
                           for name in reversed(feeds) for kind in ("rss", "atom")], url
