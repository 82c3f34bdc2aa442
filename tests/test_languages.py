"""Three languages from one content tree: English at /, Traditional Chinese at /zh-hant/,
Simplified Chinese (converted by OpenCC) at /zh-hans/ (hksmega/languages.py).

What a reader or a tool gets: every page in every language, a switcher to the same
page, reciprocal hreflang alternates, links that stay in the reader's language, no
Traditional character in the Simplified site, and honest notices where a
translation is missing or older than the English.
"""

import datetime
import io
import os
import re
import subprocess
from xml.etree import ElementTree

import feedparser
import pytest

from conftest import ROOT
from contentcopy import build_copy, built, copy_content, overrides
from hksmega import languages
from hksmega.tools.catalogues import left_to_translate
from hksmega.tools.check import check_site, report
from hksmega.tools.scaffold import ScaffoldError, new_translation
from sitefiles import html_files, language_of, parse, soup_at, url_of

ENGLISH, TRADITIONAL, SIMPLIFIED = languages.LANGUAGES
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def within_site(site, path):
    """(language, address within its site): ("zh-hant", "about/") for /zh-hant/about/."""
    language = language_of(site, path)
    return language, url_of(site, path)[1 + len(language.prefix):]


def pages_of(site):
    return [path for path in html_files(site) if "theme" not in path.parts]


def test_every_page_exists_in_every_language(site):
    english = [within_site(site, p)[1] for p in pages_of(site)
               if language_of(site, p) is ENGLISH]
    assert len(english) >= 20
    for language in languages.LANGUAGES:
        found = {within_site(site, p)[1] for p in pages_of(site)
                 if language_of(site, p) is language}
        assert found == set(english), language.code


def test_each_page_says_its_language(site):
    for path in pages_of(site):
        assert parse(path).html["lang"] == language_of(site, path).tag, url_of(site, path)


def test_the_switcher_on_every_page_leads_to_the_same_page_in_each_other_language(site):
    for path in pages_of(site):
        language, address = within_site(site, path)
        links = parse(path).select("header .language-switcher a")
        expected = {(f"/{other.prefix}{address}", other.tag, other.name)
                    for other in languages.LANGUAGES if other is not language}
        assert {(a["href"], a["hreflang"], a.get_text(strip=True)) for a in links} == expected, (
            url_of(site, path))
        assert all(a["lang"] == a["hreflang"] for a in links)


def alternates(path):
    return {link["hreflang"]: link["href"] for link in
            parse(path).select('head link[rel="alternate"][hreflang]')}


def test_hreflang_alternates_are_complete_and_reciprocal(site):
    origin = parse(site / "index.html").select_one('link[rel="canonical"]')["href"].rstrip("/")
    checked = 0
    for path in pages_of(site):
        found = alternates(path)
        if not found:
            continue
        language, address = within_site(site, path)
        tags = {language.tag: language for language in languages.LANGUAGES}
        # Every language the page is written in, itself included, and x-default: English.
        assert set(found) == {*tags, "x-default"}, url_of(site, path)
        assert found["x-default"] == found[ENGLISH.tag] == f"{origin}/{address}"
        for tag, href in found.items():
            if tag == "x-default":
                continue
            assert href == f"{origin}/{tags[tag].prefix}{address}"
            target = site / href.removeprefix(origin + "/")
            target = target / "index.html" if href.endswith("/") else target
            assert alternates(target) == found, (url_of(site, path), href)
        checked += 1
    assert checked == len(pages_of(site))


def test_links_in_a_pages_text_stay_in_its_language(site):
    seen = 0
    for path in pages_of(site):
        language, _ = within_site(site, path)
        if language is ENGLISH:
            continue
        for a in parse(path).select("main a[href^='/']"):
            if a.find_parent(class_="language-note"):
                continue  # "read the English version" leaves the language on purpose
            assert a["href"].startswith(f"/{language.prefix}"), (url_of(site, path), a["href"])
            seen += 1
    assert seen > 50
    # A link an editor wrote in Markdown (/history/ in about.md) lands in the same language.
    assert "](/history/)" in (ROOT / "content" / "pages" / "about.md").read_text()
    for language in languages.LANGUAGES:
        hrefs = [a["href"] for a in soup_at(site, f"/{language.prefix}about/").select("main a")]
        assert f"/{language.prefix}history/" in hrefs


def is_traditional_only(character):
    return languages.convert(character, SIMPLIFIED.code) != character


def test_the_simplified_site_has_no_traditional_only_character_and_says_which_prevails(site):
    assert [c for c in "會國體發" if not is_traditional_only(c)] == []  # the check can fail
    for path in pages_of(site):
        if language_of(site, path) is not SIMPLIFIED:
            continue
        page = parse(path)
        for element in page.select(f'[lang="{TRADITIONAL.tag}"]'):
            element.decompose()  # the links to the Traditional pages name them in Traditional
        text = page.get_text(" ") + " ".join(m.get("content", "") for m in page.select("meta"))
        assert [c for c in text if is_traditional_only(c)] == [], url_of(site, path)
        note = page.select_one("main .language-note")
        assert note and "以繁体中文版本为准" in note.get_text(), url_of(site, path)
    for language in (ENGLISH, TRADITIONAL):
        assert not soup_at(site, f"/{language.prefix}about/").select("main .language-note")


def test_chinese_pages_have_chinese_text_dates_and_labels(site):
    page = soup_at(site, "/zh-hant/events/hong-kong-and-panyu-leadership-summit/")
    summary = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
               for dt in page.select("main .event-summary dt")}
    assert summary["日期"] == "2005年"
    assert "番禺" in summary.values()
    added = page.select("main .article-header__meta time")[-1]
    day = datetime.date.fromisoformat(added["datetime"])
    assert added.get_text() == f"{day.year}年{day.month}月{day.day}日"
    assert page.select_one("header .site-nav__list").get_text(" ", strip=True).startswith("關於本會")
    history = soup_at(site, "/zh-hant/history/").get_text()
    assert "自2002年起" in history and "Since" not in history


def test_the_association_name_is_english_and_marked_until_the_chinese_one_is_given(site):
    for language in (TRADITIONAL, SIMPLIFIED):
        hero = soup_at(site, f"/{language.prefix}").select_one("main h1")
        assert hero.span["lang"] == "en"
        assert hero.get_text(strip=True) == (
            "Hong Kong Small and Medium Enterprises General Association")


def test_every_ui_string_is_translated():
    # Against the strings the templates use now, extracted as `invoke translations` does.
    assert languages.TRANSLATED
    for language in languages.TRANSLATED:
        assert left_to_translate(ROOT, language.code) == [], language.code


def test_static_files_and_the_stylesheet_are_written_once(site):
    for language in languages.LANGUAGES[1:]:
        assert not (site / language.prefix / "theme").exists()
    stylesheets = [p for p in site.rglob("*.css")]
    assert len(stylesheets) == 1 and stylesheets[0].parent == site / "theme" / "css"


def test_each_language_has_its_feeds_and_the_sitemap_lists_every_language(site):
    for language in languages.LANGUAGES:
        feed = feedparser.parse(site / language.prefix / "feeds" / "all.atom.xml")
        assert not feed.bozo and feed.entries
        assert all(f"/{language.prefix}" in entry.link for entry in feed.entries)
        assert feed.feed.links  # the feed's own address
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    urls = {url.find(f"{SITEMAP}loc").text: {
        link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        for url in sitemap}
    about = [loc for loc in urls if loc.endswith("about/")]
    assert len(about) == 3
    for loc in about:
        assert urls[loc] == urls[about[0]] and set(urls[loc]) == {
            *(language.tag for language in languages.LANGUAGES), "x-default"}


# A copy of the content with one translation removed and one out of date.

@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("languages")
    content = copy_content(tmp)
    (content / "pages" / "advocacy.zh-hant.md").unlink()
    (content / "news" / "website-launch.zh-hant.md").unlink()
    (content / "pages" / "accessibility.zh-hant.md").unlink()
    # The English copy of social-responsibility changed after its translation.
    english = content / "pages" / "social-responsibility.md"
    english.write_text(english.read_text().replace("---\n", "---\nmodified: 2026-11-28\n", 1))
    translation = content / "pages" / "social-responsibility.zh-hant.md"
    translation.write_text(translation.read_text().replace("---\n", "---\nmodified: 2026-11-01\n",
                                                           1))
    # A hand-written Simplified page replaces the converted one.
    (content / "pages" / "copyright.zh-hans.md").write_text(
        "---\ntitle: 版权及免责声明\n---\n这一页由人手写成。\n", encoding="utf-8")
    output = tmp / "output"
    built(content, output)
    return content, output


def notes(page):
    return [note.get_text(" ", strip=True) for note in page.select("main .language-note")]


def test_a_page_without_translation_is_served_in_english_marked_and_not_indexed(changed_site):
    _, site = changed_site
    for language in (TRADITIONAL, SIMPLIFIED):
        page = soup_at(site, f"/{language.prefix}advocacy/")
        assert page.html["lang"] == language.tag  # the site's interface stays the reader's
        assert page.select_one("main article")["lang"] == "en"
        assert any("英文" in note for note in notes(page))
        assert page.select_one('meta[name="robots"]')["content"] == "noindex"
        assert page.select_one('link[rel="canonical"]')["href"].endswith("/advocacy/")
        assert "/zh-han" not in page.select_one('link[rel="canonical"]')["href"]
        assert not alternates(site / language.prefix / "advocacy" / "index.html")
        # The English page lists only the languages it is written in.
        assert language.tag not in alternates(site / "advocacy" / "index.html")
        sitemap = (site / "sitemap.xml").read_text()
        assert f"/{language.prefix}advocacy/</loc>" not in sitemap
        feed = feedparser.parse(site / language.prefix / "feeds" / "all.atom.xml")
        assert not any("website-launch" in entry.link for entry in feed.entries)
        assert soup_at(site, f"/{language.prefix}news/website-launch/").select_one(
            "main article")["lang"] == "en"
        # A page whose template adds the site's own words marks only the English text.
        statement = soup_at(site, f"/{language.prefix}accessibility/")
        assert statement.select_one("main h1").find_parent(lang=True)["lang"] == "en"
        assert statement.select_one("main article > h2").find_parent(lang=True).name == "html"
    assert "/advocacy/</loc>" in (site / "sitemap.xml").read_text()
    feed = feedparser.parse(site / "feeds" / "all.atom.xml")
    assert any("website-launch" in entry.link for entry in feed.entries)
    # Translated pages have no such note.
    assert not notes(soup_at(site, "/zh-hant/about/"))


def test_a_translation_older_than_its_english_page_says_so(changed_site):
    _, site = changed_site
    for language in (TRADITIONAL, SIMPLIFIED):
        page = soup_at(site, f"/{language.prefix}social-responsibility/")
        [note] = [n for n in page.select("main .language-note") if n.a["href"] ==
                  "/social-responsibility/"]
        assert "英文版本" in note.get_text()
        assert page.select_one('meta[name="robots"]') is None
    assert not any(n.a and n.a["href"] == "/about/"
                   for n in soup_at(site, "/zh-hant/about/").select("main .language-note"))


def test_a_hand_written_simplified_page_replaces_the_converted_one(changed_site):
    _, site = changed_site
    page = soup_at(site, "/zh-hans/copyright/")
    assert page.select_one("main h1").get_text() == "版权及免责声明"
    assert "这一页由人手写成" in page.select_one("main").get_text()
    assert not any("自动转换" in note for note in notes(page))
    assert soup_at(site, "/zh-hant/copyright/").select_one("main h1").get_text() != (
        "版权及免责声明")


def test_check_lists_each_languages_untranslated_and_outdated_pages(changed_site):
    content, _ = changed_site
    out = io.StringIO()
    assert report(check_site(overrides(content), links=False), out) == 0, out.getvalue()
    notices = [line for line in out.getvalue().splitlines() if "translation" in line]
    assert sorted(notices) == sorted([
        f"notice: {content / 'news' / 'website-launch.md'}: expected a translation into 繁體中文 "
        "(zh-hant): website-launch.zh-hant.md; found none yet, so the zh-hant site shows the "
        "English text",
        f"notice: {content / 'pages' / 'advocacy.md'}: expected a translation into 繁體中文 "
        "(zh-hant): advocacy.zh-hant.md; found none yet, so the zh-hant site shows the "
        "English text",
        f"notice: {content / 'pages' / 'accessibility.md'}: expected a translation into "
        "繁體中文 (zh-hant): accessibility.zh-hant.md; found none yet, so the zh-hant site "
        "shows the English text",
        f"notice: {content / 'pages' / 'social-responsibility.zh-hant.md'}: expected a "
        "translation (zh-hant) updated since its English file changed, on 2026-11-28; found "
        "last changed on 2026-11-01 (readers are told the English page is newer)",
    ])


def git(folder, *args, date=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def test_without_modified_fields_the_last_commits_say_which_is_newer(tmp_path):
    content = copy_content(tmp_path)
    git(content, "init", "-q")
    git(content, "add", ".")
    git(content, "commit", "-qm", "all", date="2026-01-01T12:00:00+08:00")
    english = content / "pages" / "privacy.md"
    english.write_text(english.read_text() + "\nOne more sentence.\n")
    git(content, "commit", "-qam", "English changed", date="2026-02-01T12:00:00+08:00")
    result = build_copy(content, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    changed = soup_at(tmp_path / "output", "/zh-hant/privacy/")
    assert any(n.a and n.a["href"] == "/privacy/" for n in changed.select("main .language-note"))
    unchanged = soup_at(tmp_path / "output", "/zh-hant/copyright/")
    assert not unchanged.select("main .language-note")


def test_a_translation_holds_only_the_words_readers_see(tmp_path):
    content = copy_content(tmp_path, {
        "news/website-launch.zh-hant.md": "---\ntitle: 網站啟用\ndate: 2026-11-20\n---\n內容。\n",
        "news/orphan.zh-hant.md": "---\ntitle: 孤兒\n---\n內容。\n"})
    out = io.StringIO()
    assert report(check_site(overrides(content), links=False), out) == 1
    errors = [line for line in out.getvalue().splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {content / 'news' / 'orphan.zh-hant.md'}: expected a translation beside its "
        f"English file, {content / 'news' / 'orphan.md'}; found no such file",
        f"error: {content / 'news' / 'website-launch.zh-hant.md'}:3: date: expected no date "
        "here: it is set in the English file, for every language; found it here",
    ]


def test_invoke_new_writes_a_translation_beside_its_english_file(tmp_path):
    content = copy_content(tmp_path)
    (content / "events" / "world-sme-expo.zh-hant.md").unlink()
    path = new_translation("event", "世界中小企業博覽會", {"PATH": str(content)}, "zh-hant",
                           "world-sme-expo")
    assert path == content / "events" / "world-sme-expo.zh-hant.md"
    text = path.read_text()
    assert "title: 世界中小企業博覽會" in text and "status: draft" in text
    assert "A translation of world-sme-expo.md" in text
    out = io.StringIO()
    assert report(check_site(overrides(content), links=False), out) == 0, out.getvalue()
    with pytest.raises(ScaffoldError, match="zh-hans"):
        new_translation("event", "x", {"PATH": str(content)}, "zh-hans", "world-sme-expo")
    with pytest.raises(ScaffoldError, match="already exists"):
        new_translation("event", "x", {"PATH": str(content)}, "zh-hant", "world-sme-expo")


def test_a_draft_translation_shows_on_the_dev_server_only(tmp_path):
    content = copy_content(tmp_path)
    translation = content / "pages" / "about.zh-hant.md"
    translation.write_text(translation.read_text().replace("---\n", "---\nstatus: draft\n", 1))
    for settings, shown_in in (("pelicanconf.py", "zh"), ("publishconf.py", "en")):
        output = tmp_path / settings
        result = build_copy(content, output, settings)
        assert result.returncode == 0, result.stderr
        page = soup_at(output, "/zh-hant/about/")
        article_lang = page.select_one("main article").get("lang")
        if shown_in == "zh":
            assert article_lang is None and any("草稿" in note for note in notes(page))
        else:
            assert article_lang == "en" and any("英文" in note for note in notes(page))


def test_a_missing_address_in_a_language_gets_that_languages_404(make_page):
    page = make_page()
    response = page.goto("/zh-hant/no/such/page/")
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == TRADITIONAL.tag
    assert page.locator("h1").inner_text() != "Page not found"


def test_chinese_text_is_set_for_chinese(make_page):
    # Room between lines for dense characters; no faked italics or bold; emphasis with
    # dots, as Chinese marks it; no letter-spacing; the English in a Chinese page as before.
    page = make_page(width=375)
    page.goto("/zh-hant/about/")
    styles = page.evaluate("""() => {
        const body = getComputedStyle(document.body);
        const probe = document.createElement("em");
        probe.textContent = "重要";
        document.querySelector("main p").append(probe);
        const em = getComputedStyle(probe);
        return {lineHeight: parseFloat(body.lineHeight) / parseFloat(body.fontSize),
                synthesis: body.fontSynthesis || body.fontSynthesisWeight,
                emStyle: em.fontStyle, emphasis: em.textEmphasisStyle,
                spacing: body.letterSpacing};
    }""")
    assert styles["lineHeight"] >= 1.75
    assert styles["synthesis"] == "none"
    assert styles["emStyle"] == "normal" and "dot" in styles["emphasis"]
    assert styles["spacing"] == "normal"
    page.goto("/about/")
    assert page.evaluate("""() => { const body = getComputedStyle(document.body);
        return parseFloat(body.lineHeight) / parseFloat(body.fontSize); }""") < 1.75


def test_every_ui_string_in_the_templates_is_a_literal():
    # `_(label)` would hide the words from the catalogue: labels come from a table of
    # literals (partials/site-labels.html, partials/event-labels.html).
    calls = []
    for template in sorted((ROOT / "theme" / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        calls += [(template.name, call) for call in re.findall(r"\b_\(\s*([^\s\"'])", text)]
    assert calls == []
