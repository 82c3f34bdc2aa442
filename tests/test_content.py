"""The brief's facts reach the site, on the page each belongs to, and nothing more."""

import re
import shutil

import pytest
import yaml

from conftest import ROOT
from contentcopy import built, copy_content
from sitefiles import html_files, language_of, parse, soup_at, url_of

FIXTURES = ROOT / "tests" / "fixtures"
BRIEF = (FIXTURES / "association-brief.txt").read_text(encoding="utf-8")
FACTS = yaml.safe_load((FIXTURES / "brief_facts.yaml").read_text(encoding="utf-8"))
# Typography the Markdown "smarty" extension adds, and spacing, never change a fact.
TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                            "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalise(text):
    text = re.sub(r"\s+", " ", text.translate(TYPOGRAPHY))
    # get_text(" ") also spaces out inline tags: "the <strong>Expo</strong>," -> "the Expo ,".
    text = re.sub(r"\s+(?=[,.;:!?)])", "", text)
    return text.strip().casefold()


def main_text(site, url):
    return normalise(soup_at(site, url).find("main").get_text(" "))


def brief_sentences():
    text = normalise(BRIEF)
    for heading in FACTS["headings"]:
        text = text.replace(normalise(heading), " ")
    # A sentence ends at a full stop, except the one in "Mr.".
    return [s for s in re.split(r"(?<=\.)(?<!mr\.)\s+", normalise(text)) if s]


def test_the_fixture_covers_every_sentence_of_the_brief():
    listed = [normalise(entry["brief"]) for entry in FACTS["sentences"]]
    sentences = brief_sentences()
    assert len(sentences) == 22
    assert [s for s in sentences if s not in listed] == []
    assert [s for s in listed if s not in sentences] == []


@pytest.mark.parametrize("entry", FACTS["sentences"], ids=lambda e: e["brief"][:40])
def test_every_fact_of_the_brief_is_on_its_page(site, entry):
    for url, phrases in entry["pages"].items():
        text = main_text(site, url)
        missing = [p for p in phrases if normalise(p) not in text]
        assert missing == [], f"{url} lacks these facts"


# Years, counts and anniversaries are the facts easiest to get wrong or invent.
FACT_PAGES = ["/", "/about/", "/history/", "/events/", "/advocacy/", "/social-responsibility/"]
NUMBER = re.compile(r"\b\d+(?:st|nd|rd|th)?\b")


def test_pages_about_the_association_state_no_number_the_brief_lacks(site):
    brief_numbers = set(NUMBER.findall(normalise(BRIEF)))
    event_pages = [url_of(site, p) for p in sorted((site / "events").glob("*/index.html"))]
    assert len(event_pages) >= 9
    for url in FACT_PAGES + event_pages:
        main = soup_at(site, url).find("main")
        # When this site published a page, or news about the site, is no fact of the brief.
        for about_the_site in main.select(".article-header__meta, [aria-labelledby=latest-news]"):
            about_the_site.decompose()
        invented = set(NUMBER.findall(normalise(main.get_text(" ")))) - brief_numbers
        assert invented == set(), url


def test_headings_never_skip_a_level(site):
    for path in html_files(site):
        levels = [int(h.name[1]) for h in parse(path).find("main").find_all(re.compile("^h[1-6]$"))]
        assert levels and levels[0] == 1, url_of(site, path)
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert skips == [], url_of(site, path)


def test_home_page_introduces_the_association_and_points_onwards(site):
    main = soup_at(site, "/").find("main")
    intro = main.select_one(".hero__intro")
    # What the Association is, at a glance, from the brief alone.
    text = normalise(intro.get_text(" "))
    for fact in ["a non-profit organisation incorporated in hong kong in 1995",
                 "a member of the china international cooperation association of smes",
                 "information, consultancy, training services",
                 "study missions to six countries",
                 "since 2002 it has taken part as an exhibitor in the world sme expo "
                 "(as recorded in 2010)"]:
        assert fact in text
    assert [a["href"] for a in intro.select("a")] == ["/advocacy/", "/social-responsibility/"]
    sections = {h.get_text(strip=True): h.find_parent("section") for h in main.find_all("h2")}
    assert list(sections) == ["Events", "Latest news", "History", "Get in touch or join"]
    recent = [a["href"] for a in sections["Events"].select(".card__title a")]
    assert recent == ["/events/china-food-fair-shenzhen-2008/",
                      "/events/china-international-bamboo-product-trade-expo-2008/",
                      "/events/tenth-anniversary-of-return-and-inaugural-ceremony/"]
    assert sections["Latest news"].select_one(".card__title a")["href"] == "/news/website-launch/"
    assert sections["History"].find("a", href="/history/")
    assert sections["Get in touch or join"].find("a", href="/contact/")


def test_the_only_news_is_the_launch_of_this_website(site):
    assert [url_of(site, p) for p in sorted((site / "news").glob("*/index.html"))] == [
        "/news/website-launch/"]


COMING = "contact details for the association are coming soon"


def test_contact_page_without_details_says_they_are_coming(site):
    organisation = yaml.safe_load((ROOT / "content" / "data" / "organisation.yaml").read_text())
    assert not (organisation["phone"] or organisation["email"] or organisation["address"])
    for url in ["/contact/", "/accessibility/"]:
        main = soup_at(site, url).find("main")
        assert COMING in normalise(main.get_text(" ")), url
        assert not main.select('a[href^="tel:"], a[href^="mailto:"]'), url
    # The home page promises no details it cannot give yet.
    home = normalise(soup_at(site, "/").find("main").get_text(" "))
    assert "are coming soon" in home and "find out how to get in touch" not in home


def build_with_organisation_field(tmp_path, field, value):
    """The site built from a copy whose organisation.yaml has `field` filled in."""
    content = copy_content(tmp_path)
    data = content / "data" / "organisation.yaml"
    data.write_text(data.read_text().replace(f'{field}: ""', f'{field}: "{value}"'))
    built(content, tmp_path / "out")
    return tmp_path / "out"


def test_contact_page_shows_a_phone_number_once_it_is_filled(tmp_path):
    build_with_organisation_field(tmp_path, "phone", "+852 0000 0000")
    for url in ["/contact/", "/accessibility/"]:
        main = soup_at(tmp_path / "out", url).find("main")
        assert main.find("a", href="tel:+85200000000").get_text() == "+852 0000 0000", url
        assert COMING not in normalise(main.get_text(" ")), url
        # Only the filled channel is shown; empty ones leave no label behind.
        assert [dt.get_text() for dt in main.select(".contact-list dt")] == ["Phone"], url
    home = normalise(soup_at(tmp_path / "out", "/").find("main").get_text(" "))
    assert "find out how to get in touch" in home and "are coming soon" not in home


def test_privacy_notice_says_what_the_site_does_and_the_site_does_it(site):
    text = main_text(site, "/privacy/")
    for claim in ["personal data (privacy) ordinance (cap. 486)", "no cookies", "no analytics",
                  "its only form is the search box", "the words of a search"]:
        assert claim in text
    # The claims hold for every built page and script: the only form is the search box,
    # a GET to the site's own search page, with the words searched for and nothing else.
    for path in html_files(site):
        page = parse(path)
        assert not page.find(["iframe", "textarea", "select"]), url_of(site, path)
        assert len(page.find_all("input")) == len(page.find_all("form")), url_of(site, path)
        search_page = f"/{language_of(site, path).prefix}search/"
        for form in page.find_all("form"):
            assert (form["action"], form["method"]) == (search_page, "get")
            assert [(i["type"], i["name"]) for i in form.find_all("input")] == [("search", "q")]
    for script in site.rglob("*.js"):
        assert "cookie" not in script.read_text().lower(), script


def test_legal_pages_are_linked_from_every_page_footer(site):
    for url in ["/privacy/", "/copyright/", "/accessibility/"]:
        assert soup_at(site, url).find("h1")
    for path in html_files(site):
        footer_links = {a["href"] for a in parse(path).select("footer a")}
        prefix = language_of(site, path).prefix  # each language's own legal pages
        assert {f"/{prefix}{page}/" for page in ("privacy", "copyright", "accessibility")
                } <= footer_links, url_of(site, path)


def test_accessibility_statement_names_its_standard_and_how_to_report(site):
    main = soup_at(site, "/accessibility/").find("main")
    text = normalise(main.get_text(" "))
    assert "wcag) 2.2 at level aa" in text
    assert "report a problem" in [normalise(h.get_text()) for h in main.find_all("h2")]


def test_office_hours_alone_are_shown_and_contact_details_still_coming(tmp_path):
    output = build_with_organisation_field(tmp_path, "office_hours", "Mon to Fri")
    main = soup_at(output, "/contact/").find("main")
    assert [dt.get_text() for dt in main.select(".contact-list dt")] == ["Office hours"]
    assert COMING in normalise(main.get_text(" "))


def test_sections_without_published_items_still_have_their_index(tmp_path):
    # Only drafts in news/ and no events at all: the menu's links must still work.
    content = copy_content(tmp_path)
    shutil.rmtree(content / "events")
    history = content / "data" / "history.yaml"
    history.write_text(re.sub(r"\n  event: [a-z0-9-]+", "", history.read_text()))
    for page in (content / "pages").glob("*.md"):  # links to the events, now gone
        page.write_text(re.sub(r"\[([^]]*)\]\(/events/[^)]+\)", r"\1", page.read_text()))
    launch = content / "news" / "website-launch.md"
    launch.write_text(launch.read_text().replace("---\n", "---\nstatus: draft\n", 1))
    built(content, tmp_path / "out")
    for url in ["/news/", "/events/"]:
        main = soup_at(tmp_path / "out", url).find("main")
        assert "There is nothing here yet." in main.get_text(), url
        assert not main.select(".card"), url


# Every page the brief's facts are on (tests/fixtures/brief_facts.yaml), but event pages,
# which the events index lists.
BRIEF_PAGES = sorted({url for entry in FACTS["sentences"] for url in entry["pages"]
                      if not url.startswith("/events/") or url == "/events/"})


def test_every_page_of_the_brief_is_in_the_menu_or_one_click_from_it(site):
    menu = [a["href"] for a in soup_at(site, "/").select("#site-nav-list a")]
    # The phone menu stays as short as it is: the rest are one click from a menu page.
    assert len(menu) == 5
    one_click = set(menu)
    for url in menu:
        nav = soup_at(site, url).select_one("main .section-nav")
        one_click |= {a["href"] for a in nav.select("a")} if nav else set()
    home = soup_at(site, "/")
    one_click |= {"/"} | {a["href"] for a in home.select("main a")}
    assert {"/advocacy/", "/social-responsibility/", "/about/"} <= set(BRIEF_PAGES)
    assert [url for url in BRIEF_PAGES if url not in one_click] == []


@pytest.mark.parametrize("url", ["/about/", "/advocacy/", "/social-responsibility/"])
def test_the_about_section_lists_its_pages_above_each_and_the_menu_marks_it(site, url):
    soup = soup_at(site, url)
    nav = soup.select_one("main .section-nav")
    # First in <main>, before the title: the obvious next click from "About" in the menu.
    assert nav is soup.find("main").find(["nav", "h1"])
    links = [(a["href"], a.get("aria-current")) for a in nav.select("a")]
    assert links == [(href, "page" if href == url else None)
                     for href in ["/about/", "/advocacy/", "/social-responsibility/"]]
    marked = [(a["href"], a["aria-current"]) for a in soup.select("#site-nav-list a[aria-current]")]
    assert marked == [("/about/", "page" if url == "/about/" else "true")]
