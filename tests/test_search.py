"""The site search, against the production build: Pagefind's index (hksmega/site/search.py)
searched in headless Chromium by the search page's script (theme/static/js/search.js),
as readers search, in each language. (Pagefind's Python package only builds indexes.)
Every page type's gates run on the search page too (tests/page_types.py); here, what
the search finds and how it behaves, and the 404 page that offers it."""

import json
import re
import shutil

import pytest

from conftest import ROOT, build_site, served
from contentcopy import built, copy_content
from gates import axe_violations, run_axe
from hksmega import languages
from hksmega.site import search
from sitefiles import parse

SUMMIT = "events/hong-kong-and-panyu-leadership-summit/"
# The sections the search page (without JavaScript, or with nothing found) and the
# 404 page offer, in every language.
SECTIONS = ["", "about/", "history/", "events/", "news/", "contact/"]
IN_CHINESE = [pytest.param(language, id=language.code) for language in languages.LANGUAGES
              if language.prefix]


def search_for(make_page, words, prefix="", **view):
    """The search page of the language at `prefix` once it has shown what it found."""
    page = make_page(**view)
    page.goto(f"/{prefix}search/?q={words}")
    page.locator('[data-search-results][aria-busy="false"]').wait_for(state="attached")
    return page


def results(page):
    """[{href, title, date, excerpt (HTML)}] of the results shown."""
    return page.eval_on_selector_all("[data-search-results] > li", """items => items.map(li => ({
        href: li.querySelector("h2 a").getAttribute("href"),
        title: li.querySelector("h2").textContent,
        date: (li.querySelector(".search-result__date") || {}).textContent || "",
        excerpt: li.querySelector(".search-result__excerpt").innerHTML}))""")


def only_marks_and_text(html):
    """The excerpt holds text and <mark> elements only (search.js copies nothing else)."""
    return re.sub(r"</?mark>", "", html) == re.sub(r"<[^>]*>", "", html)


def assert_clean(page):
    page.wait_for_load_state("networkidle")
    assert page.watch.errors == []
    assert page.watch.foreign_requests == []
    assert page.watch.failed_requests == []


def test_searching_panyu_in_english_finds_the_summit(make_page):
    page = search_for(make_page, "Panyu")
    found = {result["href"]: result for result in results(page)}
    summit = found["/" + SUMMIT]
    assert summit["title"] == "Hong Kong and Panyu Leadership Summit Conference"
    assert summit["date"] == "2005"  # when it happened, as its page shows it
    assert "<mark>Panyu</mark>" in summit["excerpt"]
    assert only_marks_and_text(summit["excerpt"])
    status = page.locator("[role=status]").inner_text()
    assert status == f"{len(found)} results for “Panyu”"
    assert page.locator("#search-query").input_value() == "Panyu"
    assert_clean(page)


@pytest.mark.parametrize("language", IN_CHINESE)
def test_searching_panyu_in_chinese_finds_the_summit_in_that_language(make_page, language):
    page = search_for(make_page, "番禺", language.prefix)
    found = {result["href"]: result for result in results(page)}
    summit = found["/" + language.prefix + SUMMIT]
    assert summit["date"] == "2005年"
    assert "<mark>番禺" in summit["excerpt"]
    assert only_marks_and_text(summit["excerpt"])
    # Each language searches its own index: only its own pages.
    assert all(href.startswith("/" + language.prefix) for href in found)
    assert "「番禺」" in page.locator("[role=status]").inner_text()
    assert_clean(page)


def test_results_have_no_accessibility_violations(make_page):
    page = search_for(make_page, "Panyu", width=375)
    assert results(page)
    assert axe_violations(run_axe(page)) == []


@pytest.mark.parametrize("prefix", ["", "zh-hant/"])
def test_the_header_search_box_leads_to_the_results(make_page, prefix):
    page = make_page(width=320)
    page.goto(f"/{prefix}about/")
    page.locator("#site-search").fill("Panyu")
    page.locator("#site-search").press("Enter")
    page.wait_for_url(f"**/{prefix}search/?q=Panyu")
    page.locator('[data-search-results][aria-busy="false"]').wait_for(state="attached")
    assert "/" + prefix + SUMMIT in [result["href"] for result in results(page)]
    assert_clean(page)


def test_searching_again_on_the_search_page_needs_no_reload(make_page):
    page = search_for(make_page, "Panyu")
    page.evaluate("() => { window.sameDocument = true; }")
    page.locator("#search-query").fill("Ningxiang")
    page.locator("#search-query").press("Enter")
    page.wait_for_function(
        "() => document.querySelector('[role=status]').textContent.includes('Ningxiang')")
    page.locator('[data-search-results][aria-busy="false"]').wait_for(state="attached")
    assert page.evaluate("() => window.sameDocument") is True
    assert page.url.endswith("/search/?q=Ningxiang")
    assert "/events/ningxiang-investment-seminar/" in [r["href"] for r in results(page)]


def test_nothing_found_says_so_and_offers_the_sections(make_page):
    page = search_for(make_page, "Qwxzv")
    assert results(page) == []
    assert page.locator("[role=status]").inner_text() == (
        "No results for “Qwxzv”: try other words.")
    lists = page.locator("[data-search-lists]")
    assert lists.is_visible()
    assert lists.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))") \
        == ["/" + url for url in SECTIONS]
    assert_clean(page)


def test_without_javascript_the_search_page_says_so_and_offers_the_sections(make_page):
    page = make_page(width=375, js=False)
    page.goto("/search/?q=Panyu")
    assert page.locator(".search__notice", has_text="Search needs JavaScript").is_visible()
    hrefs = page.locator("main a:visible").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["/" + url for url in SECTIONS]
    assert_clean(page)


def test_only_the_search_page_loads_pagefind(site):
    loads = [path for path in site.rglob("*.html")
             if "pagefind" in path.read_text(encoding="utf-8").replace("data-pagefind-", "")]
    assert sorted(path.relative_to(site).as_posix() for path in loads) == [
        f"{language.prefix}search/index.html" for language in
        sorted(languages.LANGUAGES, key=lambda language: language.prefix)]


def test_each_language_has_its_own_index_and_only_what_the_search_uses(site):
    for language in languages.LANGUAGES:
        bundle = site / language.prefix / "pagefind"
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [language.tag.lower()]
        assert not list(bundle.glob("*ui*")), "Pagefind's own UI is dropped (our CSP blocks it)"


# --- What is indexed ----------------------------------------------------------------

UNIQUE_WORD = "Zorblaxian"
ENGLISH_ONLY = f"""---
title: An English-only notice
date: 2026-11-20
summary: A notice not yet translated.
---
The {UNIQUE_WORD} delegation's visit is described here in English only.
"""
# Markup in a title and a text is shown as written in the results (search.js writes text).
MARKUP = '<img src="/x" onerror="window.hacked = true">'
WITH_MARKUP = f"""---
title: 'Quizzical {MARKUP} notice'
date: 2026-11-21
summary: A notice whose title holds markup.
---
The Quizzical notice quotes `{MARKUP}` as code.
"""


@pytest.fixture(scope="module")
def site_with_an_untranslated_item(tmp_path_factory):
    """A copy of the site with an English-only news item, and one with markup in it."""
    tmp_path = tmp_path_factory.mktemp("untranslated")
    content = copy_content(tmp_path, {"news/english-only.md": ENGLISH_ONLY,
                                      "news/with-markup.md": WITH_MARKUP})
    built(content, tmp_path / "site")
    with served(tmp_path / "site") as url:
        yield url


@pytest.mark.parametrize("prefix, found", [("", True), ("zh-hant/", False), ("zh-hans/", False)])
def test_a_page_shown_in_english_in_a_chinese_site_is_not_indexed_there(
        browser, site_with_an_untranslated_item, prefix, found):
    context = browser.new_context(base_url=site_with_an_untranslated_item)
    try:
        page = context.new_page()
        page.goto(f"/{prefix}news/english-only/")  # it is there, shown in English ...
        assert UNIQUE_WORD in page.locator("main").inner_text()
        page.goto(f"/{prefix}search/?q={UNIQUE_WORD}")  # ... but found in English only
        page.locator('[data-search-results][aria-busy="false"]').wait_for(state="attached")
        hrefs = [result["href"] for result in results(page)]
        assert hrefs == (["/news/english-only/"] if found else [])
    finally:
        context.close()


def test_markup_in_a_result_is_shown_as_written(browser, site_with_an_untranslated_item):
    context = browser.new_context(base_url=site_with_an_untranslated_item)
    try:
        page = context.new_page()
        page.goto("/news/with-markup/")
        title = page.locator("h1").inner_text()  # as written (with typographic quotes)
        assert "<img" in title
        page.goto("/search/?q=Quizzical")
        page.locator('[data-search-results][aria-busy="false"]').wait_for(state="attached")
        [found] = results(page)
        assert found["href"] == "/news/with-markup/"
        assert found["title"] == title
        assert only_marks_and_text(found["excerpt"])
        assert page.locator("[data-search-results] img").count() == 0
        assert page.evaluate("() => window.hacked") is None
    finally:
        context.close()


def test_the_index_leaves_out_lists_hidden_pages_and_the_home_page(site):
    marked = {path.relative_to(site).as_posix() for path in site.rglob("*.html")
              if "data-pagefind-body" in path.read_text(encoding="utf-8")}
    for language in languages.LANGUAGES:
        for address in ("", "news/", "events/", "search/"):
            assert f"{language.prefix}{address}index.html" not in marked
        assert f"{language.prefix}404.html" not in marked
        assert f"{language.prefix}{SUMMIT}index.html" in marked
        assert f"{language.prefix}about/index.html" in marked


# --- When Pagefind fails ---------------------------------------------------------------


def test_a_theme_that_marks_nothing_to_index_fails_the_build(tmp_path):
    # A template change that loses `searchable` would leave the search empty: the
    # build says so and publishes nothing.
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    for template in theme.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        template.write_text(re.sub(r"\{\{ \w+ \| searchable \}\}", "", text), encoding="utf-8")
    result = build_site(tmp_path / "site", "publishconf.py",
                        "-e", f"THEME={json.dumps(str(theme))}")
    assert result.returncode == 1
    said = result.stdout + result.stderr
    # Whichever language's index is checked first (they run as each language ends).
    assert re.search(r"where the templates marked \{'(en|zh-hant-hk|zh-hans)': 0\} pages", said)
    assert "Done: the site is in" not in result.stdout


def test_pagefind_failing_names_what_failed(tmp_path):
    with pytest.raises(search.SearchIndexError) as failure:
        search.Indexing(tmp_path / "no-such-site", languages.TRADITIONAL).finish([])
    assert "Pagefind could not index the site" in str(failure.value)
    assert "exit status 1" in str(failure.value)
    assert "not able to build an index" in str(failure.value)  # Pagefind's own reason


# --- The 404 page ---------------------------------------------------------------------


@pytest.mark.parametrize("language", languages.LANGUAGES, ids=lambda language: language.code)
def test_the_404_page_offers_search_and_the_main_sections(site, language):
    main = parse(site / language.prefix / "404.html").find("main").find("article")
    form = main.find("form")
    assert form["action"] == f"/{language.prefix}search/"
    assert form["method"] == "get"
    assert form.find("input", attrs={"type": "search", "name": "q"})
    hrefs = [a["href"] for a in main.find_all("a")]
    assert hrefs == [f"/{language.prefix}{url}" for url in SECTIONS]
