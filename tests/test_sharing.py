"""What search engines, chat apps and social networks read from every page: its title,
description, canonical address, Open Graph and Twitter card tags, and the share card
the build draws (hksmega/site/share_image.py)."""

from urllib.parse import urlsplit

from PIL import Image
import pytest

from contentcopy import built, copy_content
from hksmega import languages
from sitefiles import file_of, html_files, language_of, parse, url_of

ORIGIN = "http://127.0.0.1:8000"  # the session build's SITE_ORIGIN (publishing.yaml has none yet)
NAME = "Hong Kong Small and Medium Enterprises General Association"
ENGLISH, TRADITIONAL, SIMPLIFIED = languages.LANGUAGES


def meta(page, key):
    """The content of <meta property=key> or <meta name=key>; every one of them."""
    return [tag["content"] for tag in page.select(f'meta[property="{key}"], meta[name="{key}"]')]


def one(page, key):
    found = meta(page, key)
    assert len(found) == 1, (key, found)
    return found[0]


def pages_of(site):
    return [path for path in html_files(site) if "theme" not in path.parts]


def card_file(site, page):
    """The built file of a page's share card, from its og:image address."""
    image = one(page, "og:image")
    assert image.startswith(ORIGIN + "/theme/share/") and image.endswith(".png"), image
    return file_of(site, urlsplit(image).path)


def test_every_page_has_its_title_description_canonical_and_sharing_tags(site):
    checked = 0
    for path in pages_of(site):
        page, language = parse(path), language_of(site, path)
        where = url_of(site, path)
        heading = page.select_one("h1").get_text(" ", strip=True)
        title = page.title.get_text()
        # "Page — Association"; the home page is the association's own.
        assert title == NAME if where == f"/{language.prefix}" else title.endswith(f" — {NAME}")
        description = one(page, "description")
        assert description.strip() and "<" not in description, where
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical.startswith(ORIGIN + "/"), where
        assert one(page, "og:url") == canonical
        assert one(page, "og:title") == (title.removesuffix(f" — {NAME}") or NAME)
        assert one(page, "og:description") == description
        assert one(page, "og:site_name") == NAME
        assert one(page, "og:type") == ("article" if page.select_one("article h1") and (
            "/news/" in where or "/events/" in where) else "website"), where
        assert one(page, "og:locale") == language.og_locale
        assert one(page, "og:image:alt") == NAME
        assert card_file(site, page).exists(), where
        assert one(page, "twitter:card") == "summary_large_image"
        assert heading, where
        checked += 1
    assert checked >= 3 * 20


def test_og_locale_alternates_are_the_pages_other_languages(site):
    for language in languages.LANGUAGES:
        page = parse(file_of(site, f"/{language.prefix}about/"))
        assert sorted(meta(page, "og:locale:alternate")) == sorted(
            other.og_locale for other in languages.LANGUAGES if other is not language)


def test_news_and_events_say_when_they_were_published(site):
    page = parse(file_of(site, "/news/website-launch/"))
    assert one(page, "article:published_time").startswith("2026-")
    assert meta(parse(file_of(site, "/about/")), "article:published_time") == []


def test_the_share_card_is_drawn_once_for_every_language_that_shows_the_same_name(site):
    cards = {card_file(site, parse(file_of(site, f"/{language.prefix}")))
             for language in languages.LANGUAGES}
    # No Chinese name yet: every site shows the English one, on one card.
    [card] = cards
    assert sorted((site / "theme" / "share").iterdir()) == [card]
    with Image.open(card) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
        assert not image.info.get("exif")
        # The brand's blue, and white text on it; nothing else drawn from outside.
        colours = {colour for _, colour in image.convert("RGB").getcolors(1200 * 630)}
        assert (6, 52, 92) in colours and (255, 255, 255) in colours


@pytest.fixture(scope="module")
def named_site(tmp_path_factory):
    """The site once organisation.yaml has a Chinese name (a test's, not a fact)."""
    tmp = tmp_path_factory.mktemp("named")
    content = copy_content(tmp)
    data = content / "data" / "organisation.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        'zh-hant: ""', "zh-hant: 測試商會名稱", 1), encoding="utf-8")
    built(content, tmp / "output")
    return tmp / "output"


def test_a_chinese_name_gets_its_own_card_in_each_chinese_site(named_site):
    cards = {language.code: card_file(named_site, parse(file_of(
        named_site, f"/{language.prefix}news/"))) for language in languages.LANGUAGES}
    assert len(set(cards.values())) == 3 and all(card.exists() for card in cards.values())
    for language, name in [(TRADITIONAL, "測試商會名稱"), (SIMPLIFIED, "测试商会名称")]:
        page = parse(file_of(named_site, f"/{language.prefix}news/"))
        assert one(page, "og:image:alt") == one(page, "og:site_name") == name
        assert page.title.get_text() == f"{page.select_one('h1').get_text()} — {name}"
