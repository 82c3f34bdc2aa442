"""JSON-LD (issue 13): each page tells search engines what it is, from what it shows.

The association (Organization) on the home and about pages, an Event on each event
page, a NewsArticle on each news item, breadcrumbs on every page below the home
page; every block valid JSON with its type's properties, no empty value, and
nothing in it that could end its <script> element.
"""

import datetime
import json
import re

import jinja2
import pytest
import yaml
from conftest import ROOT
from contentcopy import built, copy_content
from markupsafe import Markup
from sitefiles import english_files, file_of, html_files, parse, url_of

from hksmega import languages
from hksmega.plugin.dates import PartialDate
from hksmega.plugin.reader import split_front_matter
from hksmega.plugin.schemas import EVENT_ROLES, RELATIONS
from hksmega.plugin.structured_data import (
    RELATION_PROPERTIES,
    RELATIONS_LEFT_OUT,
    ROLE_PROPERTIES,
    ROLES_LEFT_OUT,
    breadcrumbs,
    json_ld,
    pruned,
)

ORGANISATION = yaml.safe_load(
    (ROOT / "content" / "data" / "organisation.yaml").read_text(encoding="utf-8"))
# Production builds in tests have no public address (conftest.py): the default origin.
ORIGIN = "http://127.0.0.1:8000"
MEMBER_OF = "China International Cooperation Association of SMEs"
# What would end the <script> element, open a comment in it or end a line in JavaScript.
NEVER_RAW = ("<", ">", "&", "\u2028", "\u2029")


def blocks(soup):
    """Each JSON-LD block of a page: (its raw text, its value)."""
    return [(script.string or "", json.loads(script.string or ""))
            for script in soup.select('script[type="application/ld+json"]')]


def of_type(soup, kind):
    """The one block of type `kind` on a page."""
    found = [value for _, value in blocks(soup) if value.get("@type") == kind]
    assert len(found) == 1, f"{len(found)} blocks of type {kind}"
    return found[0]


def empty_values(value, path="$"):
    """Where `value` holds an empty value (None, blank text, [], {}), at any depth."""
    if value is None or value == [] or value == {} or (
            isinstance(value, str) and not value.strip()):
        return [path]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in empty_values(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in empty_values(item, f"{path}[{i}]")]
    return []


def in_language(url):
    """(the language of a page's URL, its path within that language's site)."""
    language = languages.of_address(url)
    return language, url.lstrip("/").removeprefix(language.prefix)


def site_root(language):
    return f"{ORIGIN}/{language.prefix}"


def expected_types(url):
    """The block types a page has, by what it is."""
    _, path = in_language(url)
    if path == "404.html":
        return set()
    if path == "":
        return {"Organization"}
    kinds = {"BreadcrumbList"}
    if path == "about/":
        kinds.add("Organization")
    if re.fullmatch(r"events/[^/]+/", path):  # not events/page/2/
        kinds.add("Event")
    if re.fullmatch(r"news/[^/]+/", path):
        kinds.add("NewsArticle")
    return kinds


def canonical(soup):
    return soup.find("link", rel="canonical")["href"]


def metadata_of(path):
    metadata, _, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    return metadata


# -- the serialiser and the builders -----------------------------------------------------

HOSTILE = "Expo </script><script>alert(1)</script> & <!-- note\u2028line\u2029para -->"


def test_json_ld_escapes_what_could_end_the_script_and_gives_back_the_exact_text():
    written = json_ld({"name": HOSTILE, "list": [HOSTILE], "nested": {"a": "x&y"}})
    assert isinstance(written, Markup)
    assert [sign for sign in NEVER_RAW if sign in written] == []
    assert "\\u003c/script\\u003e" in written
    assert json.loads(written) == {"name": HOSTILE, "list": [HOSTILE], "nested": {"a": "x&y"}}


def test_json_ld_is_the_same_whatever_order_the_keys_were_given_in():
    assert json_ld({"b": 1, "a": {"d": 2, "c": 3}}) == json_ld({"a": {"c": 3, "d": 2}, "b": 1})


@pytest.mark.parametrize("value", [PartialDate(2005), datetime.date(2005, 1, 1),
                                   float("nan"), {1, 2}])
def test_json_ld_refuses_what_is_not_plain_json(value):
    with pytest.raises((TypeError, ValueError)):
        json_ld({"startDate": value})


def test_pruned_leaves_out_empty_values_at_every_depth_and_keeps_zero_and_false():
    value = {"@type": "Event", "name": "A", "none": None, "blank": "  ", "list": [None, "", []],
             "location": {"@type": "Place", "address": {"@type": "PostalAddress",
                                                        "addressLocality": ""}},
             "count": 0, "flag": False, "html": Markup("<b>Trade</b> &amp; fair")}
    assert pruned(value) == {"@type": "Event", "name": "A", "count": 0, "flag": False,
                             "html": "Trade & fair"}


def test_a_builder_refuses_what_is_not_text_such_as_an_undefined_template_variable():
    trail = [("Home", "https://example.org/"), (jinja2.Undefined(name="page_title"),
                                                "https://example.org/a/")]
    with pytest.raises(TypeError, match="expected text"):
        breadcrumbs(trail)


def test_every_event_role_and_relation_is_mapped_or_left_out_on_purpose():
    assert set(ROLE_PROPERTIES) | set(ROLES_LEFT_OUT) == set(EVENT_ROLES)
    assert not set(ROLE_PROPERTIES) & set(ROLES_LEFT_OUT)
    assert set(RELATION_PROPERTIES) | set(RELATIONS_LEFT_OUT) == set(RELATIONS)
    assert not set(RELATION_PROPERTIES) & set(RELATIONS_LEFT_OUT)
    assert set(ROLE_PROPERTIES.values()) | set(RELATION_PROPERTIES.values()) == {
        "organizer", "sponsor"}


# -- the production site -----------------------------------------------------------------

def test_every_page_has_one_valid_block_per_type_it_is_and_nothing_empty(site):
    pages = html_files(site)
    assert len(pages) > 60
    seen = set()
    for path in pages:
        url, soup = url_of(site, path), parse(path)
        found = blocks(soup)
        types = [value.get("@type") for _, value in found]
        assert sorted(types) == sorted(expected_types(url)), url
        for raw, value in found:
            assert value["@context"] == "https://schema.org", url
            assert empty_values(value) == [], url
            assert [sign for sign in NEVER_RAW if sign in raw] == [], url
        # In the head, where it belongs: nothing in the page's body is structured data.
        assert not soup.body.select('script[type="application/ld+json"]'), url
        seen.update(types)
    assert seen == {"Organization", "Event", "NewsArticle", "BreadcrumbList"}


@pytest.mark.parametrize("language", languages.LANGUAGES, ids=lambda l: l.code)
@pytest.mark.parametrize("path", ["", "about/"])
def test_the_association_is_described_by_its_facts_in_each_language(site, language, path):
    soup = parse(file_of(site, "/" + language.prefix + path))
    organisation = of_type(soup, "Organization")
    # Its name as the header shows it: the language's, else the English one.
    assert organisation["name"] == soup.select_one(".site-header__long").get_text()
    assert organisation["name"] == ORGANISATION["name"]["en"]  # no Chinese name given yet
    assert organisation["alternateName"] == ORGANISATION["short_name"] == "HKSMEGA"
    assert organisation["url"] == site_root(language)
    assert organisation["foundingDate"] == str(ORGANISATION["founded"]) == "1995"
    assert organisation["memberOf"] == {"@type": "Organization", "name": MEMBER_OF}
    # The facts organisation.yaml leaves empty are left out, never made up.
    for field, key in {"address": "address", "phone": "telephone", "fax": "faxNumber",
                       "email": "email", "social": "sameAs"}.items():
        assert (key in organisation) == bool(ORGANISATION[field]), key


def test_the_association_gives_its_contact_details_once_they_are_filled(tmp_path):
    content = copy_content(tmp_path)
    data = content / "data" / "organisation.yaml"
    data.write_text(data.read_text(encoding="utf-8")
                    .replace('phone: ""', 'phone: "+852 0000 0000"')
                    .replace('email: ""', 'email: "office@example.org"'), encoding="utf-8")
    built(content, tmp_path / "out")
    organisation = of_type(parse(file_of(tmp_path / "out", "/about/")), "Organization")
    assert (organisation["telephone"], organisation["email"]) == (
        "+852 0000 0000", "office@example.org")
    assert "address" not in organisation and "faxNumber" not in organisation


EVENT_FILES = english_files(ROOT / "content" / "events")


@pytest.mark.parametrize("language", languages.LANGUAGES, ids=lambda l: l.code)
@pytest.mark.parametrize("source", EVENT_FILES, ids=lambda p: p.stem)
def test_an_event_says_what_its_content_says_and_no_more(site, source, language):
    metadata = metadata_of(source)
    url = f"/{language.prefix}events/{source.stem}/"
    soup = parse(file_of(site, url))
    event = of_type(soup, "Event")
    assert event["name"] == soup.find("h1").get_text()
    assert event["url"] == canonical(soup)
    assert event["inLanguage"] == language.tag  # every event is translated
    assert event["description"] == soup.find("meta", attrs={"name": "description"})["content"]
    # Dates exactly as the file gives them: a year stays a year; none is made up.
    for field, key in (("start", "startDate"), ("end", "endDate")):
        given = metadata.get(field)
        assert event.get(key) == (None if given is None else str(given)), field
    # Where: a venue and address, or the countries a visit went to; nothing if neither.
    place = {f: metadata[f] for f in ("venue", "city", "region", "country", "countries")
             if f in metadata}
    assert ("location" in event) == bool(place)
    if language is languages.ORIGINAL and "countries" in place:
        assert event["location"] == [{"@type": "Country", "name": name}
                                     for name in place["countries"]]
    elif language is languages.ORIGINAL and place:
        address = {"addressLocality": place.get("city"), "addressRegion": place.get("region"),
                   "addressCountry": place.get("country")}
        assert event["location"] == pruned({
            "@type": "Place", "name": place.get("venue"),
            "address": {"@type": "PostalAddress", **address}})
    # The association as organiser or sponsor only where the file records that role.
    association = {"@type": "Organization", "name": ORGANISATION["name"]["en"],
                   "url": site_root(language)}
    for key in ("organizer", "sponsor"):
        expected = [association] if ROLE_PROPERTIES.get(metadata.get("role")) == key else None
        assert event.get(key) == expected, key


@pytest.mark.parametrize("slug, organizer, sponsor", [
    ("hong-kong-and-panyu-leadership-summit", True, False),  # co-organiser
    ("ningxiang-investment-seminar", True, False),  # host
    ("tenth-anniversary-of-return-and-inaugural-ceremony", True, False),  # organiser
    ("china-food-fair-shenzhen-2008", False, True),  # sponsor
    ("china-international-foodstuffs-trade-fair", False, True),  # co-sponsor
    ("world-sme-expo", False, False),  # exhibitor
    ("study-missions", False, False),  # no role recorded
])
def test_the_association_organises_or_sponsors_what_its_role_says(site, slug, organizer,
                                                                   sponsor):
    event = of_type(parse(file_of(site, f"/events/{slug}/")), "Event")
    assert ("organizer" in event, "sponsor" in event) == (organizer, sponsor)


def test_the_events_cover_each_kind_of_date_and_place():
    """The event pages above hold a year alone, an event "since" a year, no dates at all,
    a venue, a city and region, several countries and each mapped role kind."""
    every = [metadata_of(path) for path in EVENT_FILES]
    assert any(m.get("since") and "end" not in m for m in every)
    assert any("start" not in m for m in every)
    assert any("countries" in m for m in every) and any("venue" in m for m in every)
    assert {ROLE_PROPERTIES.get(m.get("role")) for m in every} >= {"organizer", "sponsor", None}


@pytest.mark.parametrize("language", languages.LANGUAGES, ids=lambda l: l.code)
def test_a_news_item_is_a_news_article_published_by_the_association(site, language):
    soup = parse(file_of(site, f"/{language.prefix}news/website-launch/"))
    article = of_type(soup, "NewsArticle")
    assert article["headline"] == soup.find("h1").get_text()
    published = soup.select_one(".article-header__meta time")["datetime"]
    assert re.fullmatch(re.escape(published) + r"T\d\d:\d\d:\d\d\+08:00",
                        article["datePublished"])
    assert article["url"] == canonical(soup)
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical(soup)}
    assert article["inLanguage"] == language.tag
    association = {"@type": "Organization", "name": ORGANISATION["name"]["en"],
                   "url": site_root(language)}
    assert article["publisher"] == article["author"] == association
    assert "dateModified" not in article  # the file has no `modified`


@pytest.mark.parametrize("url, names", [
    ("/about/", ["Home", "About the Association"]),
    ("/advocacy/", ["Home", "About", "Advocacy for SMEs"]),
    ("/privacy/", ["Home", "Privacy notice"]),
    ("/events/", ["Home", "Events"]),
    ("/news/", ["Home", "News"]),
    ("/news/website-launch/", ["Home", "News", "The Association’s website"]),
    ("/zh-hant/events/world-sme-expo/", ["主頁", "活動", "World SME Expo"]),
    ("/zh-hans/advocacy/", ["主页", "关于本会", None]),
])
def test_breadcrumbs_lead_from_the_home_page_through_the_section(site, url, names):
    soup = parse(file_of(site, url))
    trail = of_type(soup, "BreadcrumbList")["itemListElement"]
    language, _ = in_language(url)
    assert [step["position"] for step in trail] == list(range(1, len(names) + 1))
    assert all(step["@type"] == "ListItem" for step in trail)
    assert [step["name"] for step in trail][:len(names) - 1] == names[:-1]
    assert trail[-1]["name"] == (names[-1] or soup.find("h1").get_text())
    assert trail[0]["item"] == site_root(language)
    assert trail[-1]["item"] == f"{ORIGIN}{url}"


def test_every_breadcrumb_leads_to_a_page_of_the_same_language(site):
    for path in html_files(site):
        url, soup = url_of(site, path), parse(path)
        if "BreadcrumbList" not in expected_types(url):
            continue
        language, _ = in_language(url)
        for step in of_type(soup, "BreadcrumbList")["itemListElement"]:
            assert step["item"].startswith(site_root(language)), (url, step)
            assert file_of(site, step["item"].removeprefix(ORIGIN)).is_file(), (url, step)


# -- hostile values ----------------------------------------------------------------------

TRICK = "</script><script>alert(1)</script> & <!-- x \u2028 y"
HOSTILE_EVENT = f"""\
---
title: {json.dumps("Expo " + TRICK)}
date: 2026-01-15
start: 2026-01-10
role: sponsor
venue: {json.dumps("Hall " + TRICK)}
city: {json.dumps("Town & <b>")}
summary: {json.dumps("About " + TRICK)}
---
A plain paragraph.
"""
HOSTILE_NEWS = f"""\
---
title: {json.dumps("News " + TRICK)}
date: 2026-01-15
---
A plain paragraph.
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    content = copy_content(tmp, {"events/hostile-event.md": HOSTILE_EVENT,
                                 "news/hostile-news.md": HOSTILE_NEWS})
    built(content, tmp / "site")
    return tmp / "site"


@pytest.mark.parametrize("language", languages.LANGUAGES, ids=lambda l: l.code)
@pytest.mark.parametrize("url, kind", [("events/hostile-event/", "Event"),
                                       ("news/hostile-news/", "NewsArticle")])
def test_a_hostile_value_stays_text_inside_its_script_element(hostile_site, language, url,
                                                               kind):
    soup = parse(file_of(hostile_site, f"/{language.prefix}{url}"))
    # The page's own scripts only: menu.js and the two data blocks.
    scripts = [script.get("src") or script.get("type") for script in soup.find_all("script")]
    assert sorted(scripts) == ["/theme/js/menu.js", "application/ld+json", "application/ld+json"]
    for raw, _ in blocks(soup):
        assert [sign for sign in NEVER_RAW if sign in raw] == []
    value = of_type(soup, kind)
    title = soup.find("h1").get_text()
    assert "</script><script>alert(1)</script> & <!" in title
    assert value["name" if kind == "Event" else "headline"] == title
    assert of_type(soup, "BreadcrumbList")["itemListElement"][-1]["name"] == title
    if kind == "Event":
        # Not typeset and not folded: exactly as the file gives it, line separator and all.
        assert value["location"] == {
            "@type": "Place", "name": "Hall " + TRICK,
            "address": {"@type": "PostalAddress", "addressLocality": "Town & <b>"}}
        assert value["description"] == soup.find(
            "meta", attrs={"name": "description"})["content"]
        assert "</script><script>alert(1)</script> & <!" in value["description"]
        assert value["sponsor"][0]["name"] == ORGANISATION["name"]["en"]


def test_an_english_text_in_another_language_site_points_at_the_english_page(hostile_site):
    soup = parse(file_of(hostile_site, "/zh-hant/events/hostile-event/"))
    event = of_type(soup, "Event")
    # No translation: the English text, which the English page is the one to index.
    assert event["inLanguage"] == "en"
    assert event["url"] == canonical(soup) == f"{ORIGIN}/events/hostile-event/"
    trail = of_type(soup, "BreadcrumbList")["itemListElement"]
    assert trail[-1]["item"] == f"{ORIGIN}/zh-hant/events/hostile-event/"
