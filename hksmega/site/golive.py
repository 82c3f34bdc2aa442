"""Checks on a built site before it goes live: feeds, sitemap, calendars, files.

`invoke publish` runs them on the fresh production build it is about to publish
(whose build has checked every link and page already, links.py and weight.py).
Feeds, the sitemap and any calendar (*.ics) must parse, and the addresses they
give must be on the site's public address. Nothing hidden (such as .git) and no
symbolic link may be in the output: every build checks that too.
"""

import os
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import icalendar

from hksmega.problems import Problem

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def check_output(output, site_url):
    """Every problem that must keep this build off the public site."""
    output = Path(output)
    return (
        check_xml_files(output, site_url)
        + check_sitemap_exists(output)
        + check_calendars(output)
        + check_only_site_files(output)
    )


def check_only_site_files(output):
    """No symbolic link and no hidden file or folder (.git, .env) in what goes live:
    the build never copies them, and this makes sure of it."""
    problems = []
    for entry in sorted(unexpected_entries(output), key=lambda entry: entry.path):
        path = Path(entry.path)
        problems.append(Problem(str(path), None, "", "only the site's own files, no hidden "
                                "file and no symbolic link", path.relative_to(output).as_posix()))
    return problems


def unexpected_entries(folder, hidden=False):
    """Hidden files and folders, what is in them, and symbolic links under `folder`.
    scandir knows each entry's type without asking the disk again, which keeps this
    fast on a site of thousands of pages."""
    with os.scandir(folder) as entries:
        for entry in entries:
            inside_hidden = hidden or entry.name.startswith(".")
            if inside_hidden or entry.is_symlink():
                yield entry
            if entry.is_dir(follow_symlinks=False):
                yield from unexpected_entries(entry.path, inside_hidden)


def check_xml_files(output, site_url):
    problems = []
    for path in sorted(output.rglob("*.xml")):
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as error:
            problems.append(
                Problem(str(path), error.position[0], "", "well-formed XML", str(error)))
            continue
        if root.tag == f"{ATOM}feed":
            problems += check_atom_feed(path, root, site_url)
        elif root.tag == "rss":
            problems += check_rss_feed(path, root, site_url)
        elif root.tag == f"{SITEMAP}urlset":
            problems += check_sitemap(path, root, site_url)
    return problems


def check_atom_feed(path, feed, site_url):
    problems = []

    def expect(element, name, where):
        child = element.find(ATOM + name)
        if child is None or not (child.text or "").strip():
            problems.append(Problem(str(path), None, f"{where}<{name}>", "a value", "none"))
            return None
        return child.text.strip()

    def expect_on_site(url, where):
        if not url.startswith(site_url + "/"):
            problems.append(Problem(str(path), None, where, f"an address under {site_url}/",
                                    url or "none"))

    def expect_date(element, name, where):
        text = expect(element, name, where)
        if text:
            try:
                datetime.fromisoformat(text)
            except ValueError:
                problems.append(
                    Problem(str(path), None, f"{where}<{name}>", "an RFC 3339 date", text))

    expect(feed, "title", "")
    expect(feed, "id", "")
    expect_date(feed, "updated", "")
    links = {link.get("rel", "alternate"): link.get("href", "")
             for link in feed.findall(ATOM + "link")}
    expect_on_site(links.get("self", ""), '<link rel="self">')
    for number, entry in enumerate(feed.findall(ATOM + "entry"), start=1):
        where = f"<entry> {number}: "
        expect(entry, "title", where)
        expect(entry, "id", where)
        expect_date(entry, "updated", where)
        link = entry.find(ATOM + "link")
        expect_on_site("" if link is None else link.get("href", ""), where + "<link>")
    return problems


def check_rss_feed(path, rss, site_url):
    """RSS 2.0: a channel with a title and the site's address; each item with a title,
    a permanent id and an address on the site."""
    problems = []
    channel = rss.find("channel")
    if channel is None:
        return [Problem(str(path), None, "<rss>", "a <channel>", "none")]
    items = [("", channel, ("title", "link"))] + [
        (f"<item> {number}: ", item, ("title", "link", "guid"))
        for number, item in enumerate(channel.findall("item"), start=1)]
    for where, element, required in items:
        for name in required:
            if not (element.findtext(name) or "").strip():
                problems.append(Problem(str(path), None, f"{where}<{name}>", "a value", "none"))
        link = (element.findtext("link") or "").strip()
        if link and not (link + "/").startswith(site_url + "/"):
            problems.append(Problem(str(path), None, f"{where}<link>",
                                    f"an address under {site_url}/", link))
    return problems


def check_sitemap(path, urlset, site_url):
    problems = []
    for number, url in enumerate(urlset.findall(SITEMAP + "url"), start=1):
        loc = (url.findtext(SITEMAP + "loc") or "").strip()
        if not loc.startswith(site_url + "/"):
            problems.append(Problem(str(path), None, f"<url> {number}: <loc>",
                                    f"an address under {site_url}/", loc or "none"))
    return problems


def check_sitemap_exists(output):
    if (output / "sitemap.xml").exists():
        return []
    return [Problem(str(output / "sitemap.xml"), None, "", "a sitemap", "no such file")]


def check_calendars(output):
    """Any calendar the site offers must parse, and every event needs what RFC 5545 requires."""
    problems = []
    for path in sorted(output.rglob("*.ics")):
        try:
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
        except ValueError as error:
            problems.append(
                Problem(str(path), None, "", "an iCalendar file (RFC 5545)", str(error)))
            continue
        for component in calendar.walk():
            for property_name, error in component.errors:
                problems.append(Problem(str(path), None, f"{component.name} {property_name}",
                                        "a valid value", str(error)))
        for number, event in enumerate(calendar.walk("VEVENT"), start=1):
            for required in ("UID", "DTSTAMP", "DTSTART"):
                if required not in event:
                    problems.append(Problem(str(path), None, f"VEVENT {number}: {required}",
                                            "a value", "none"))
    return problems
