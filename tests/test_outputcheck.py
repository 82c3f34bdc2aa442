"""The checks `invoke publish` runs on a built site: the real site passes them,
and each kind of broken output is caught and named."""

from pathlib import Path
from xml.etree import ElementTree

import pytest

from hksmega.site.golive import ATOM, check_output
from hksmega.tools.publishing import problems_before_publishing

ORIGIN = "http://127.0.0.1:8000"  # the session build's SITE_ORIGIN (publishing.yaml has none yet)
SITE = "https://www.example.org"

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
<link href="{self}" rel="self"/><id>{self}</id><updated>2026-01-02T00:00:00+08:00</updated>
<entry><title>One</title><link href="{entry}" rel="alternate"/><id>tag:x,2026-01-02:/one/</id>
<updated>2026-01-02T00:00:00+08:00</updated></entry></feed>
"""
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News</title><link>{site}/</link><description></description>
<item><title>One</title><link>{entry}</link><guid>tag:x,2026-01-02:/one/</guid></item>
</channel></rss>
"""
SITEMAP = """<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{loc}</loc></url></urlset>
"""
CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HKSMEGA//Events//EN\r\n"
            "BEGIN:VEVENT\r\nUID:one@example.org\r\nDTSTAMP:20260102T000000Z\r\n"
            "{start}END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_the_built_site_passes_the_publish_checks(site):
    assert check_output(site, ORIGIN) == []


def test_each_feed_has_its_own_absolute_id_and_entries_on_the_site(site):
    ids = []
    for feed in sorted((site / "feeds").glob("*.atom.xml")):
        root = ElementTree.parse(feed).getroot()
        ids.append(root.findtext(ATOM + "id"))
        assert ids[-1] == f"{ORIGIN}/feeds/{feed.name}"
        for entry in root.findall(ATOM + "entry"):
            assert entry.find(ATOM + "link").get("href").startswith(ORIGIN + "/")
            assert entry.findtext(ATOM + "id").startswith("tag:127.0.0.1,")
    assert len(ids) == len(set(ids)) >= 3


def test_each_rss_feed_names_itself_and_its_items_absolutely(site):
    feeds = sorted((site / "feeds").glob("*.rss.xml"))
    assert [feed.name for feed in feeds] == ["all.rss.xml", "events.rss.xml", "news.rss.xml"]
    for feed in feeds:
        channel = ElementTree.parse(feed).getroot().find("channel")
        assert channel.find(ATOM + "link").get("href") == f"{ORIGIN}/feeds/{feed.name}"
        assert channel.findtext("link") == f"{ORIGIN}/"
        for item in channel.findall("item"):
            assert item.findtext("link").startswith(ORIGIN + "/")
            assert item.findtext("guid").startswith("tag:127.0.0.1,")
            # A tag: URI is an id, not an address: RSS must be told so.
            assert item.find("guid").get("isPermaLink") == "false"


def test_robots_txt_announces_the_sitemap_and_feed_entries_name_an_author(site):
    from pelicanconf import SITENAME

    assert f"Sitemap: {ORIGIN}/sitemap.xml" in (site / "robots.txt").read_text().splitlines()
    root = ElementTree.parse(site / "feeds" / "all.atom.xml").getroot()
    authors = {entry.findtext(f"{ATOM}author/{ATOM}name") for entry in root.findall(ATOM + "entry")}
    assert authors == {SITENAME}


def write_site(folder, feed_entry=f"{SITE}/one/", loc=f"{SITE}/", calendar=None):
    folder.mkdir()
    (folder / "index.html").write_text('<!doctype html><title>x</title><a href="/">home</a>')
    (folder / "feeds").mkdir()
    (folder / "feeds/news.atom.xml").write_text(
        FEED.format(self=f"{SITE}/feeds/news.atom.xml", entry=feed_entry))
    (folder / "feeds/news.rss.xml").write_text(RSS.format(site=SITE, entry=feed_entry))
    (folder / "sitemap.xml").write_text(SITEMAP.format(loc=loc))
    if calendar is not None:
        (folder / "events.ics").write_text(calendar, newline="")
    return folder


def messages(problems):
    return "\n".join(str(problem) for problem in problems)


def test_a_sound_small_site_passes(tmp_path):
    site = write_site(tmp_path / "site", calendar=CALENDAR.format(start="DTSTART:20260301\r\n"))
    assert check_output(site, SITE) == []


@pytest.mark.parametrize("damage, expected", [
    (dict(feed_entry="/one/"),
     "<entry> 1: <link>: expected an address under https://www.example.org/"),
    (dict(feed_entry="http://127.0.0.1:8000/one/"), "found http://127.0.0.1:8000/one/"),
    (dict(feed_entry="/one/"), "news.rss.xml: <item> 1: <link>: expected an address under"),
    (dict(loc="http://127.0.0.1:8000/"), "<url> 1: <loc>: expected an address under"),
    (dict(calendar="BEGIN:VCALENDAR\r\nnonsense\r\nEND:VCALENDAR\r\n"),
     "events.ics: expected an iCalendar file (RFC 5545)"),
    (dict(calendar=CALENDAR.format(start="")), "VEVENT 1: DTSTART: expected a value; found none"),
])
def test_broken_output_is_caught_and_named(tmp_path, damage, expected):
    site = write_site(tmp_path / "site", **damage)
    assert expected in messages(check_output(site, SITE))


def test_unparsable_xml_and_a_missing_sitemap_are_caught(tmp_path):
    site = write_site(tmp_path / "site")
    (site / "sitemap.xml").unlink()
    (site / "feeds/news.atom.xml").write_text("<feed><entry></feed>")
    found = messages(check_output(site, SITE))
    assert "news.atom.xml:1: expected well-formed XML" in found
    assert "sitemap.xml: expected a sitemap; found no such file" in found


def test_a_broken_link_is_caught_by_the_one_link_checker(tmp_path):
    from hksmega.site.links import find_broken_links

    site = write_site(tmp_path / "site")
    (site / "index.html").write_text('<!doctype html><title>x</title><a href="/gone/">x</a>')
    assert "found /gone/ (no such page or file" in messages(find_broken_links(site))


@pytest.mark.parametrize("config, expected", [
    ({"site_url": SITE, "cname": "www.example.org"}, ""),
    ({"site_url": "http://localhost:8000", "cname": ""}, ""),
    ({"site_url": SITE, "cname": "https://www.example.org"}, "cname: expected a host name"),
    ({"site_url": SITE, "cname": "example.org"}, "cname: expected the host of site_url"),
])
def test_publishing_yaml_is_checked_before_anything_is_built(config, expected):
    # The form of site_url is its schema's business, and an empty site_url is refused
    # by `invoke publish` itself (both: test_publish.py); here, what publishing needs
    # on top: a custom domain that is a host name and matches site_url.
    full = {"remote": "origin", "branch": "gh-pages", "publish_from": "main", **config}
    found = messages(problems_before_publishing(full, Path("publishing.yaml")))
    assert (expected in found) if expected else found == ""


def test_a_mistyped_link_gets_the_nearest_real_address_and_its_source_line(tmp_path):
    from hksmega.site.links import find_broken_links

    source = tmp_path / "news.md"
    source.write_text("---\ntitle: x\n---\nSee [the summit](/events/panyu-sumit/).\n")
    for page, body in {"events/panyu-summit/index.html": "<p>Summit</p>",
                       "news/index.html": '<a href="/events/panyu-sumit/">the summit</a>'}.items():
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text(f"<!doctype html><title>x</title>{body}")
    [problem] = find_broken_links(tmp_path, {str(tmp_path / "news/index.html"): str(source)})
    assert (problem.path, problem.line, problem.field) == (str(source), 4, "link")
    assert "did you mean /events/panyu-summit/?" in problem.found


def test_a_broken_link_no_source_holds_is_blamed_on_the_templates(tmp_path):
    from hksmega.site.links import TEMPLATES, find_broken_links

    source = tmp_path / "about.md"
    source.write_text("---\ntitle: About\n---\nThe word /members/ is here, but not as a link.\n")
    (tmp_path / "about").mkdir()
    (tmp_path / "about/index.html").write_text(
        '<!doctype html><title>x</title><nav><a href="/members/">Members</a></nav>')
    [problem] = find_broken_links(tmp_path, {str(tmp_path / "about/index.html"): str(source)})
    assert (problem.path, problem.line, problem.field) == (TEMPLATES, None, "link")
