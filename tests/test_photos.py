"""Photos (hksmega/site/images.py, hksmega/plugin/pictures.py): what readers, search
engines, browsers and editors get once an editor puts pictures into content/images/.

One copy of the content, with pictures drawn by tests/photos.py, is built once for
the module (SITE_FILES: the World SME Expo with a lead photo and a gallery, the
website launch with a photo and a picture in its text). On it, this proves:

- every width (400 to 1600, never wider than the picture) comes in AVIF, WebP and
  JPEG, or PNG for a transparent picture, which keeps its alpha; the copy at the
  picture's own address is at most images.FULL_SIZE on its longer side;
- no published file keeps a phone's GPS position, serial numbers, make or comment,
  and the original file is published nowhere;
- every copy is upright (red along the top), as the EXIF orientation says;
- the pages of every language show the photos: the lead photo loaded at once, the
  gallery as plain links to the full-size copies, alt text in the page's language
  (or marked English), thumbnails in the lists, and og:image and JSON-LD naming
  the 1200-wide JPEG;
- a picture is processed once for all three languages, and never again while its
  bytes stay the same (a second build, a copy of the content, the dev server);
- `invoke check` and the build name every bad picture (unreadable, missing, without
  alt text, clashing names: errors that publish nothing; very large pictures, a
  folder photo without alt text: warnings; a picture no page shows: a notice);
- in Chromium, the lead photo loads as AVIF, a gallery link opens the full-size
  photo from the keyboard, and axe and the Nu HTML Checker find nothing wrong;
- a photo saved under two names, or named with a space or a comma, as cameras and
  editors name them, is published and shown all the same.
- pictures as they come: a portrait photo, one saved as JPEG and as PNG, a
  transparent GIF, a 16-bit scan, an opaque RGBA export, a name in Chinese shown in
  the Simplified site, a corrupt AVIF, a GPS block without a position.

Each message about a picture has its row in docs/EDITING.md's table (is_documented).
"""

import gc
import hashlib
import io
import json
import logging
import os
import shutil
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import photos
import pytest
from conftest import build_site, served
from contentcopy import DEVELOP, PUBLISH, copy_content, overrides, settings_args
from gates import axe_incomplete as incomplete_lines
from gates import axe_violations, run_axe, vnu_errors
from PIL import ExifTags, Image
from sitefiles import file_of, soup_at
from editingguide import is_documented

from hksmega.build import Pipeline
from hksmega.site import images
from hksmega.tools.check import check_site, report

ORIGIN = "http://127.0.0.1:8000"  # the test builds' SITE_ORIGIN (publishing.yaml has none)
PREFIXES = {"en": "", "zh-hant": "zh-hant/", "zh-hans": "zh-hans/"}
EVENT = "events/world-sme-expo/"
NEWS = "news/website-launch/"
FOLDER = "images/events/world-sme-expo/"  # the event's folder of photos

# The pictures of the module's site: address -> (how it is drawn, its size upright).
PICTURES = {
    # A phone photo, 3000 × 2000 upright, stored on its side: the event's lead photo.
    "images/expo-stand.jpg": (photos.phone_photo, (3000, 2000)),
    # A phone photo narrower than the widest width: 400, 800 and 1000 only.
    FOLDER + "visitors.jpg": (photos.phone_photo, (1000, 750)),
    FOLDER + "handshake.jpg": (photos.plain_photo, (1200, 800)),
    # In the event's folder, but in no `gallery` entry: shown last, without alt text.
    FOLDER + "stage.jpg": (photos.plain_photo, (800, 600)),
    "images/launch.jpg": (photos.plain_photo, (1600, 900)),
    # A transparent PNG, shown in the news item's text.
    "images/badge.png": (photos.transparent_png, (600, 400)),
}
PHONE_PHOTOS = ["images/expo-stand.jpg", FOLDER + "visitors.jpg"]

# The event's alt texts, as each language's page must show them.
LEAD_ALT = {"en": "The Association's stand at the World SME Expo",
            "zh-hant": "本會在世界中小企博覽會的攤位",
            "zh-hans": "本会在世界中小企博览会的摊位"}  # converted by the build (OpenCC)
VISITORS_ALT = {"en": "Visitors at the stand", "zh-hant": "參觀者在攤位",
                "zh-hans": "参观者在摊位"}
HANDSHAKE_ALT = "Two members shake hands"  # English only: lang="en" in a Chinese page
# The name of the link to the folder's photo with no alt text, third in the gallery.
UNNAMED_PHOTO = {"en": "Photo 3, full size", "zh-hant": "相片 3（原尺寸）",
                 "zh-hans": "相片 3（原尺寸）"}

EVENT_FIELDS = f"""\
image: /images/expo-stand.jpg
image_alt: {LEAD_ALT["en"]}
image_credit: A member of the Association
image_consent: given
gallery:
  - image: /{FOLDER}visitors.jpg
    alt: {{en: {VISITORS_ALT["en"]}, zh-hant: {VISITORS_ALT["zh-hant"]}}}
    caption: {{en: On the first day, zh-hant: 第一天}}
  - image: /{FOLDER}handshake.jpg
    alt: {HANDSHAKE_ALT}
"""
NEWS_FIELDS = """\
image: /images/launch.jpg
image_alt: The home page of the new website on a phone
image_consent: not needed
"""
NEWS_TEXT = "\n![The Association's badge](/images/badge.png)\n"


def with_fields(path, fields, text=""):
    """A content file of the real content, with `fields` before its summary and `text`
    after its own."""
    source = (Path(__file__).resolve().parents[1] / "content" / path).read_text(encoding="utf-8")
    assert "\nsummary:" in source, path
    return source.replace("\nsummary:", "\n" + fields.rstrip("\n") + "\nsummary:", 1) + text


SITE_FILES = {
    "events/world-sme-expo.md": with_fields("events/world-sme-expo.md", EVENT_FIELDS),
    "events/world-sme-expo.zh-hant.md": with_fields("events/world-sme-expo.zh-hant.md",
                                                    f"image_alt: {LEAD_ALT['zh-hant']}"),
    "news/website-launch.md": with_fields("news/website-launch.md", NEWS_FIELDS, NEWS_TEXT),
}


def draw_pictures(content, pictures=PICTURES):
    for address, (draw, (width, height)) in pictures.items():
        path = content / address
        path.parent.mkdir(parents=True, exist_ok=True)
        draw(path, width, height)


def settings_for(content, cache):
    """Settings overrides that build `content` with its own picture cache."""
    return {**overrides(content), "CACHE_PATH": str(cache)}


class WarningsCaught(logging.Handler):
    """Warnings logged during a build, by this process or the languages' processes it
    forks (each appends to one file): the command line makes them fatal."""

    def __init__(self, path):
        super().__init__(logging.WARNING)
        self.path = Path(path)

    def emit(self, record):
        with self.path.open("a", encoding="utf-8") as log:
            log.write(record.getMessage() + "\n")

    def said(self):
        return self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []


def build(settings, content, output, cache):
    """One build through the pipeline, in this process, as `invoke build` runs it: its
    BuildResult. A warning of Pelican's, which would end `invoke build`, fails the test."""
    gc.collect()  # nothing of this process's left to collect in the forked ones (opened())
    caught = WarningsCaught(Path(output).with_name(Path(output).name + ".warnings"))
    logging.getLogger().addHandler(caught)
    try:
        result = Pipeline(str(settings), output, settings_for(content, cache)).build()
    finally:
        logging.getLogger().removeHandler(caught)
    assert caught.said() == []
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The content with SITE_FILES and PICTURES, built once for production, into an
    empty cache of its own."""
    folder = tmp_path_factory.mktemp("photos")
    content = copy_content(folder, SITE_FILES)
    draw_pictures(content)
    output, cache = folder / "output", folder / "cache"
    result = build(PUBLISH, content, output, cache)
    return SimpleNamespace(folder=folder, content=content, output=output, cache=cache,
                           result=result)


# -- helpers to read what the build wrote --------------------------------------------------

def stem(address):
    return address.rsplit(".", 1)[0]


def published(output, address):
    """{relative path: file} of every published file of the picture at `address`: the
    copy at its own address and its widths (stem.<width>w.<format>)."""
    folder = (output / address).parent
    name = Path(address).name
    found = {f"{Path(address).parent.as_posix()}/{path.name}": path
             for path in folder.glob(Path(stem(name)).name + ".*w.*")}
    if (output / address).exists():
        found[address] = output / address
    return found


def widths_of(output, address):
    """{(width, suffix)} of a picture's published widths."""
    widths = set()
    for path in published(output, address):
        if path != address:
            width, suffix = path.rsplit(".", 2)[-2:]
            widths.add((int(width.removesuffix("w")), suffix))
    return widths


def opened(path):
    """The picture at `path`, decoded into memory, its file and decoder closed and gone.
    (An AVIF decoder left for the garbage collector would hang a build's forked process,
    which collects it there: dav1d waits for threads the fork did not copy.)"""
    with Image.open(path) as image:
        image.load()
        decoded = image.copy()
        decoded.format = image.format
    return decoded


def upright_height(address, width):
    full_width, full_height = PICTURES[address][1]
    return round(full_height * width / full_width)


def near(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


def srcset_addresses(value):
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def page_of(site, code, address):
    return soup_at(site.output, f"/{PREFIXES[code]}{address}")


# -- 1. Widths and formats ------------------------------------------------------------------

def test_a_phone_photo_comes_in_every_width_in_avif_webp_and_jpeg(site):
    address = "images/expo-stand.jpg"
    expected = {(width, suffix) for width in (400, 800, 1200, 1600)
                for suffix in ("avif", "webp", "jpg")}
    assert widths_of(site.output, address) == expected
    for width, suffix in expected:
        with opened(site.output / f"{stem(address)}.{width}w.{suffix}") as image:
            assert image.format == {"avif": "AVIF", "webp": "WEBP", "jpg": "JPEG"}[suffix]
            assert image.size == (width, upright_height(address, width)), (width, suffix)
    # The copy a gallery's "full size" link opens: the photo's own format, its longer side
    # at most FULL_SIZE (3000 × 2000 scaled down).
    with opened(site.output / address) as image:
        assert image.format == "JPEG"
        assert image.size == (images.FULL_SIZE, round(2000 * images.FULL_SIZE / 3000))


def test_a_picture_is_never_made_wider_than_it_is(site):
    address = FOLDER + "visitors.jpg"  # 1000 wide
    assert widths_of(site.output, address) == {
        (width, suffix) for width in (400, 800, 1000) for suffix in ("avif", "webp", "jpg")}
    for path in published(site.output, address).values():
        with opened(path) as image:
            assert image.width <= 1000, path
    with opened(site.output / address) as image:
        assert image.size == (1000, 750)


def test_a_transparent_png_falls_back_to_png_and_keeps_its_transparency(site):
    address = "images/badge.png"  # 600 × 400: transparent corners, an opaque disc
    assert widths_of(site.output, address) == {
        (width, suffix) for width in (400, 600) for suffix in ("avif", "webp", "png")}
    for path in published(site.output, address).values():
        with opened(path) as image:
            assert image.format == path.suffix[1:].upper()
            assert image.mode == "RGBA", path
            alpha = image.getchannel("A")
            assert alpha.getpixel((0, 0)) == 0, path  # a corner: transparent
            assert alpha.getpixel((image.width // 2, image.height // 2)) == 255, path


def test_the_images_folder_holds_the_made_files_only(site):
    # Pelican copies no picture as it is any more: only what the pipeline made is there.
    made = set()
    for address in PICTURES:
        made |= set(published(site.output, address))
    on_disk = {path.relative_to(site.output).as_posix()
               for path in (site.output / "images").rglob("*") if path.is_file()}
    assert on_disk == made
    # Widths × 3 formats, and the copy at its own address, of each picture in PICTURES.
    assert len(made) == (4 * 3 + 1) + (3 * 3 + 1) + (3 * 3 + 1) + (2 * 3 + 1) + (4 * 3 + 1) + (
        2 * 3 + 1)


# -- 2. No GPS position, serial number or comment --------------------------------------------

PRIVATE = [photos.SERIAL.encode(), photos.LENS_SERIAL.encode(), b"TestPhone",
           b"taken by"]  # the JPEG comment is "taken by <serial>"


@pytest.mark.parametrize("address", PHONE_PHOTOS)
def test_no_published_copy_keeps_the_phones_metadata(site, address):
    files = published(site.output, address)
    assert len(files) >= 10
    for name, path in files.items():
        data = path.read_bytes()
        assert [secret for secret in PRIVATE if secret in data] == [], name
        with opened(path) as image:
            exif = image.getexif()
            assert dict(exif) == {}, name
            assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}, name
            assert not {"exif", "comment", "xmp", "XML:com.adobe.xmp"} & set(image.info), name


def test_the_originals_are_published_nowhere(site):
    # Not at the picture's own address, nor anywhere else in any language's site.
    originals = {hashlib.sha256((site.content / address).read_bytes()).hexdigest(): address
                 for address in PICTURES}
    for path in site.output.rglob("*"):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            assert digest not in originals, (path, originals.get(digest))


# -- 3. Upright -----------------------------------------------------------------------------

@pytest.mark.parametrize("address", PHONE_PHOTOS)
def test_every_copy_of_a_phone_photo_is_turned_upright(site, address):
    width, height = PICTURES[address][1]
    for name, path in published(site.output, address).items():
        with opened(path) as image:
            pixels = image.convert("RGB")
            # Landscape, in the photo's proportions (to a pixel of rounding).
            assert abs(pixels.height - pixels.width * height / width) <= 1, (name, image.size)
            for x in (pixels.width // 10, pixels.width // 2, pixels.width * 9 // 10):
                assert near(pixels.getpixel((x, 1)), photos.RED), (name, x)
                assert near(pixels.getpixel((x, pixels.height - 2)), photos.BLUE), (name, x)
            # The sides are the grey middle: the photo was not turned the wrong way.
            assert near(pixels.getpixel((1, pixels.height // 2)), photos.GREY), name


# -- 4. The pages ---------------------------------------------------------------------------

def files_resolve(site, values):
    """The addresses among `values` with no file in the output."""
    return [value for value in values
            if not (site.output / unquote(urlsplit(value).path).lstrip("/")).is_file()]


@pytest.mark.parametrize("code", PREFIXES)
def test_the_event_page_leads_with_its_photo_loaded_at_once(site, code):
    page = page_of(site, code, EVENT)
    [lead] = page.select("figure.lead-photo picture")
    parts = lead.find_all(recursive=False)
    assert [(tag.name, tag.get("type")) for tag in parts] == [
        ("source", "image/avif"), ("source", "image/webp"), ("img", None)]
    avif, webp, img = parts
    assert srcset_addresses(avif["srcset"]) == [
        f"/images/expo-stand.{width}w.avif" for width in (400, 800, 1200, 1600)]
    assert srcset_addresses(webp["srcset"]) == [
        f"/images/expo-stand.{width}w.webp" for width in (400, 800, 1200, 1600)]
    assert srcset_addresses(img["srcset"]) == [
        f"/images/expo-stand.{width}w.jpg" for width in (400, 800, 1200, 1600)]
    assert files_resolve(site, [img["src"], *srcset_addresses(avif["srcset"]),
                                *srcset_addresses(webp["srcset"]),
                                *srcset_addresses(img["srcset"])]) == []
    # On the first screen: not lazy. Its box is sized before it loads: 3:2.
    assert "loading" not in img.attrs and "decoding" not in img.attrs
    width, height = int(img["width"]), int(img["height"])
    assert height == round(width * 2000 / 3000)
    assert img["alt"] == LEAD_ALT[code] and "lang" not in img.attrs
    assert all(tag.get("sizes") for tag in parts)


@pytest.mark.parametrize("code", PREFIXES)
def test_the_gallery_links_each_photo_to_its_full_size_copy(site, code):
    page = page_of(site, code, EVENT)
    links = page.select("section.gallery a")
    # The gallery's entries in their order, then the folder's other photo.
    assert [a["href"] for a in links] == [
        f"/{FOLDER}visitors.jpg", f"/{FOLDER}handshake.jpg", f"/{FOLDER}stage.jpg"]
    for a in links:
        assert a.attrs == {"href": a["href"]}  # a plain link: no script, no new window
        assert files_resolve(site, [a["href"]]) == []
        with opened(site.output / a["href"].lstrip("/")) as image:  # the full-size copy
            assert image.size == PICTURES[a["href"].lstrip("/")][1]
        [img] = a.select("picture img")
        assert (img["loading"], img["decoding"]) == ("lazy", "async")
        assert files_resolve(site, [img["src"], *srcset_addresses(img["srcset"])]) == []
        assert [s["type"] for s in a.select("picture source")] == ["image/avif", "image/webp"]


@pytest.mark.parametrize("code", PREFIXES)
def test_gallery_alt_text_is_in_the_pages_language_or_marked_english(site, code):
    page = page_of(site, code, EVENT)
    visitors, handshake, _ = page.select("section.gallery img")
    assert visitors["alt"] == VISITORS_ALT[code] and "lang" not in visitors.attrs
    assert handshake["alt"] == HANDSHAKE_ALT
    # In a Chinese page, an English alt text says so, for the screen reader's voice.
    assert handshake.get("lang") == (None if code == "en" else "en")


@pytest.mark.parametrize("code", PREFIXES)
def test_a_folder_photo_without_an_entry_is_shown_with_a_named_link(site, code):
    page = page_of(site, code, EVENT)
    last = page.select("section.gallery a")[-1]
    assert last["href"] == f"/{FOLDER}stage.jpg"
    assert last.select_one("img")["alt"] == ""
    # With no alt text, the link still has a name that a screen reader reads.
    assert last.get_text(strip=True) == UNNAMED_PHOTO[code]


def card(page, href):
    """The card (<li>) whose title links to `href`."""
    link = page.select_one(f'li.card a[href="{href}"]')
    assert link is not None, href
    return link.find_parent("li")


def assert_thumbnail(item, address):
    [img] = item.select(".card__photo picture img")
    assert img["alt"] == ""  # the title beside it names the link
    assert img["src"] == f"/{stem(address)}.400w.jpg"
    assert [s["srcset"] for s in item.select(".card__photo picture source")] == [
        f"/{stem(address)}.400w.avif", f"/{stem(address)}.400w.webp"]
    assert (img["loading"], img["decoding"]) == ("lazy", "async")


@pytest.mark.parametrize("code", PREFIXES)
def test_cards_show_the_thumbnail_with_empty_alt(site, code):
    prefix = PREFIXES[code]
    assert_thumbnail(card(page_of(site, code, "events/"), f"/{prefix}{EVENT}"),
                     "images/expo-stand.jpg")
    assert_thumbnail(card(page_of(site, code, "news/"), f"/{prefix}{NEWS}"), "images/launch.jpg")
    home = page_of(site, code, "")
    assert_thumbnail(card(home, f"/{prefix}{NEWS}"), "images/launch.jpg")
    if home.select_one(f'li.card a[href="/{prefix}{EVENT}"]'):  # among the latest events
        assert_thumbnail(card(home, f"/{prefix}{EVENT}"), "images/expo-stand.jpg")
    # An item without a photo has no photo box.
    others = [item for item in page_of(site, code, "events/").select("li.card")
              if not item.select_one(f'a[href="/{prefix}{EVENT}"]')]
    assert others and all(not item.select(".card__photo") for item in others)


def meta(page, key):
    return [tag["content"] for tag in page.select(f'meta[property="{key}"]')]


@pytest.mark.parametrize("code", PREFIXES)
def test_sharing_and_search_engines_get_the_1200_wide_jpeg(site, code):
    page = page_of(site, code, EVENT)
    shared = f"{ORIGIN}/images/expo-stand.1200w.jpg"
    assert meta(page, "og:image") == [shared]
    assert meta(page, "og:image:type") == ["image/jpeg"]
    assert meta(page, "og:image:width") == ["1200"]
    assert meta(page, "og:image:height") == ["800"]
    assert meta(page, "og:image:alt") == [LEAD_ALT[code]]
    with opened(site.output / urlsplit(shared).path.lstrip("/")) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 800))
    blocks = [json.loads(script.string)
              for script in page.select('script[type="application/ld+json"]')]
    [event] = [block for block in blocks if block.get("@type") == "Event"]
    assert event["image"] == shared
    news = page_of(site, code, NEWS)
    assert meta(news, "og:image") == [f"{ORIGIN}/images/launch.1200w.jpg"]
    [article] = [json.loads(script.string)
                 for script in news.select('script[type="application/ld+json"]')
                 if json.loads(script.string).get("@type") == "NewsArticle"]
    assert article["image"] == f"{ORIGIN}/images/launch.1200w.jpg"


def test_a_picture_in_the_text_becomes_a_picture_element(site):
    page = page_of(site, "en", NEWS)
    [img] = [img for img in page.select("article picture img")
             if img["src"].startswith("/images/badge.")]
    assert img["alt"] == "The Association's badge"
    assert srcset_addresses(img["srcset"]) == ["/images/badge.400w.png", "/images/badge.600w.png"]
    assert [s["type"] for s in img.parent.select("source")] == ["image/avif", "image/webp"]
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    assert (int(img["width"]), int(img["height"])) in {(400, 267), (600, 400)}


# -- 5. Processed once ----------------------------------------------------------------------

def cache_folders(cache):
    """The folders of made files (beside them: each picture's facts, a .json file)."""
    return sorted(path for path in (Path(cache) / "images").glob("*/*") if path.is_dir())


def test_each_picture_is_processed_once_for_all_three_languages(site):
    made = site.result.pictures_made
    assert len(made) == len(set(made))
    assert sorted(made) == sorted(PICTURES)
    folders = cache_folders(site.cache)
    assert len(folders) == len(PICTURES)
    assert not [folder for folder in folders if folder.name.endswith(".part")]


def image_bytes(output):
    return {path.relative_to(output).as_posix(): path.read_bytes()
            for path in (output / "images").rglob("*") if path.is_file()}


def test_a_second_build_processes_nothing_and_publishes_the_same_files(site, tmp_path):
    result = build(PUBLISH, site.content, tmp_path / "again", site.cache)
    assert result.pictures_made == []
    assert image_bytes(tmp_path / "again") == image_bytes(site.output)
    assert len(cache_folders(site.cache)) == len(PICTURES)


def test_changing_one_photo_processes_that_one_only(site, tmp_path):
    # A copy of the content (every file new on disk) and of its cache: the cache knows
    # pictures by their bytes, so nothing is made until a picture changes.
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(site.content, content)
    shutil.copytree(site.cache, cache)
    assert build(PUBLISH, content, tmp_path / "first", cache).pictures_made == []
    changed = FOLDER + "handshake.jpg"
    photos.plain_photo(content / changed, 1200, 900)  # new bytes, a new shape
    result = build(PUBLISH, content, tmp_path / "second", cache)
    assert result.pictures_made == [changed]
    with opened(tmp_path / "second" / changed) as image:
        assert image.size == (1200, 900)
    # The others' files are the same bytes as before.
    before, after = image_bytes(site.output), image_bytes(tmp_path / "second")
    assert {name for name in after if after[name] != before.get(name)} == set(
        published(tmp_path / "second", changed))


def test_the_dev_servers_pipeline_processes_nothing_on_its_second_build(site, tmp_path):
    # The dev server keeps one pipeline (cache={}: in this process) from build to build.
    cache = tmp_path / "cache"
    gc.collect()  # as build() does
    pipeline = Pipeline(str(DEVELOP), tmp_path / "output", settings_for(site.content, cache),
                        cache={})
    assert sorted(pipeline.build().pictures_made) == sorted(PICTURES)
    assert pipeline.build().pictures_made == []
    assert set(image_bytes(tmp_path / "output")) == set(image_bytes(site.output))


# -- 6. Messages for editors ----------------------------------------------------------------

def check(content, cache, links=True):
    """(exit code, lines) of `invoke check` on a content tree."""
    gc.collect()  # its build forks to make pictures: as build() does
    out = io.StringIO()
    code = report(check_site(settings_for(content, cache), links=links), out)
    return code, out.getvalue().splitlines()


def line_of(path, field):
    """The line number of `field:` in a content file."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(f"{field}:"))


def unreadable(content, name, found="a file Pillow cannot read ("):
    return (f"{content / 'images' / name}: expected a picture the site can read: a JPEG, PNG, "
            "WebP, AVIF or GIF file, saved whole (open it on a computer and save it again); "
            f"found {found}")


def missing(content, name):
    path = content / "news" / "website-launch.md"
    return (f"{path}:{line_of(path, 'image')}: image: expected a picture in content/images/, "
            "by its address: /images/ and its file name, such as /images/photo-name.jpg; found "
            f"/images/{name}, which is not there")


def without_alt(content, _):
    path = content / "news" / "website-launch.md"
    return (f"{path}:{line_of(path, 'image')}: image_alt: expected a description of the photo "
            "for readers who cannot see it (image_alt: ...); found an image without it")


def clash(content, _):
    return (f"{content / 'images' / 'booth.png'}: expected a file name of its own (the site "
            "publishes images/booth.400w.avif for images/booth.jpg too); found booth.png: "
            "rename one of them")


def news_with(fields):
    return {"news/website-launch.md": with_fields("news/website-launch.md", fields)}


# (id: files put into the content, pictures drawn, the start of the error line)
BAD = {
    "truncated-jpeg": ({}, {"images/cut.jpg": (photos.truncated_jpeg, (800, 600))},
                       lambda content: unreadable(content, "cut.jpg")),
    "text-named-jpg": ({"images/minutes.jpg": "Minutes of the meeting, not a photo.\n"}, {},
                       lambda content: unreadable(content, "minutes.jpg", (
                           "a file that is not a picture Pillow knows: an iPhone's HEIC photo, "
                           "or another kind of file renamed"))),
    "missing-file": (news_with("image: /images/no-such-photo.jpg\nimage_alt: A photo\n"
                               "image_consent: not needed"), {},
                     lambda content: missing(content, "no-such-photo.jpg")),
    "image-without-alt": (news_with("image: /images/launch.jpg\nimage_consent: not needed"),
                          {"images/launch.jpg": (photos.plain_photo, (800, 600))},
                          lambda content: without_alt(content, None)),
    "clashing-names": ({}, {"images/booth.jpg": (photos.plain_photo, (800, 600)),
                            "images/booth.png": (photos.plain_photo, (640, 480))},
                       lambda content: clash(content, None)),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_picture_is_an_error_of_check_and_build_and_nothing_is_published(case, tmp_path):
    files, pictures, expected = BAD[case]
    content = copy_content(tmp_path, files)
    draw_pictures(content, pictures)
    says = expected(content)

    code, lines = check(content, tmp_path / "cache")
    assert code == 1
    errors = [line for line in lines if line.startswith("error: ")]
    assert [line for line in errors if line.startswith("error: " + says)] == errors, lines
    assert len(errors) == 1, errors

    output = tmp_path / "output"
    built = build_site(output, "publishconf.py", *settings_args(content),
                       "CACHE_PATH=" + json.dumps(str(tmp_path / "cache")))
    assert built.returncode == 1
    assert "\n  " + says in built.stderr, built.stderr
    assert "Traceback" not in built.stderr
    assert not [path for path in output.rglob("*") if path.is_file()]  # nothing published


def test_unreadable_pictures_are_named_together_with_what_pillow_said(tmp_path):
    content = copy_content(tmp_path, {"images/minutes.jpg": "Minutes, not a photo.\n"})
    photos.truncated_jpeg(content / "images" / "cut.jpg")
    code, lines = check(content, tmp_path / "cache", links=False)
    errors = [line for line in lines if line.startswith("error: ")]
    assert code == 1 and len(errors) == 2, lines
    assert errors[0].startswith("error: " + unreadable(content, "cut.jpg"))
    assert "truncated" in errors[0]
    assert errors[1] == "error: " + unreadable(content, "minutes.jpg", (
        "a file that is not a picture Pillow knows: an iPhone's HEIC photo, or another kind "
        "of file renamed"))


def test_a_gallery_entry_naming_a_missing_file_is_an_error_at_its_line(tmp_path):
    fields = EVENT_FIELDS.replace(f"/{FOLDER}handshake.jpg", "/images/no-such-photo.jpg")
    content = copy_content(tmp_path, {"events/world-sme-expo.md": with_fields(
        "events/world-sme-expo.md", fields)})
    draw_pictures(content, {address: PICTURES[address] for address in
                            ("images/expo-stand.jpg", FOLDER + "visitors.jpg")})
    path = content / "events" / "world-sme-expo.md"
    line = path.read_text(encoding="utf-8").splitlines().index(
        "  - image: /images/no-such-photo.jpg") + 1
    code, lines = check(content, tmp_path / "cache", links=False)
    assert code == 1
    assert [line for line in lines if line.startswith("error: ")] == [(
        f"error: {path}:{line}: photo 2, image: expected a picture in content/images/, by its "
        "address: /images/ and its file name, such as /images/photo-name.jpg; found "
        "/images/no-such-photo.jpg, which is not there")]


def test_photos_without_alt_or_consent_warn_and_an_unused_picture_is_a_notice(tmp_path):
    fields = EVENT_FIELDS.replace("image_consent: given\n", "")
    content = copy_content(tmp_path, {"events/world-sme-expo.md": with_fields(
        "events/world-sme-expo.md", fields)})
    draw_pictures(content, {address: PICTURES[address] for address in
                            ("images/expo-stand.jpg", FOLDER + "visitors.jpg",
                             FOLDER + "handshake.jpg", FOLDER + "stage.jpg")})
    photos.plain_photo(content / "images" / "spare.jpg", 600, 400)  # no page shows it
    code, lines = check(content, tmp_path / "cache")
    assert code == 0, lines  # warnings and notices publish all the same
    event = content / "events" / "world-sme-expo.md"
    assert (f"warning: {content / FOLDER / 'stage.jpg'}: expected a description of each "
            "photo in the event's folder, for readers who cannot see it: a `gallery` entry "
            "with its image and alt (docs/EDITING.md, Adding photos); found none for "
            f"/{FOLDER}stage.jpg in {event}") in lines
    image_line = event.read_text(encoding="utf-8").splitlines().index(
        "image: /images/expo-stand.jpg") + 1
    assert (f"warning: {event}:{image_line}: image_consent: expected a record of consent for "
            "the page's photos: given (everyone who can be recognised agreed to their "
            "publication) or not needed (no one can be recognised); found nothing: the photos "
            "are published without a record of consent") in lines
    # The phones' photos (expo-stand.jpg, visitors.jpg) hold where they were taken.
    assert (f"warning: {content / 'images' / 'expo-stand.jpg'}: expected a photo without its "
            "location: the site publishes none, but the repository keeps the file as "
            "uploaded, where anyone who can read it can see where the photo was taken "
            "(docs/EDITING.md, Adding photos: upload it again without its location); found a "
            "GPS position in the file") in lines
    assert (f"notice: {content / 'images' / 'spare.jpg'}: expected a page that shows it "
            "(image:, gallery:, a photo in an event's folder, or ![...](/images/spare.jpg) in "
            "a text); found no page does, so it is not published") in lines
    # Only those pictures: every other one is shown, with its alt text.
    about_pictures = [line for line in lines if "/images/" in line or "image" in line]
    assert len(about_pictures) == 5, "\n".join(about_pictures)
    assert all(is_documented(line.split(": ", 1)[1]) for line in about_pictures)
    # Warnings come before notices, and the summary counts them apart.
    kinds = [line.split(":")[0] for line in lines if line.startswith(("warning:", "notice:"))]
    assert kinds == sorted(kinds, key=["warning", "notice"].index)
    assert lines[-1].startswith("0 error(s), 4 warning(s), ")


def test_very_large_pictures_are_warnings(tmp_path):
    content = copy_content(tmp_path)
    # 8000 × 5100: 40.8 megapixels, a small file.
    Image.new("RGB", (8000, 5100), photos.GREY).save(content / "images" / "poster.png")
    # Noise that no compressor shrinks: 2600 × 2600 × 3 bytes, over 20 MB.
    noise = Image.frombytes("RGB", (2600, 2600), os.urandom(2600 * 2600 * 3))
    noise.save(content / "images" / "scan.png", compress_level=0)
    assert (content / "images" / "scan.png").stat().st_size > 20_000_000
    # Reading is enough to warn (the check's build would process them for a minute).
    code, lines = check(content, tmp_path / "cache", links=False)
    assert code == 0, lines
    assert (f"warning: {content / 'images' / 'poster.png'}: expected a picture of at most 40 "
            "megapixels (larger ones are slow to process, and likely not meant: "
            "docs/EDITING.md, Adding photos); found 8000 × 5100 pixels (41 megapixels)") in lines
    [scan] = [line for line in lines if line.startswith(f"warning: {content / 'images' / 'scan.png'}")]
    assert scan.startswith(f"warning: {content / 'images' / 'scan.png'}: expected a picture of "
                           "at most 20 MB (larger ones are slow to process, and likely not "
                           "meant: docs/EDITING.md, Adding photos); found 20.")
    assert scan.endswith(" MB")


# -- 7. In a browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def photos_url(site):
    with served(site.output) as url:
        yield url


@pytest.fixture
def open_photos_page(browser, photos_url):
    """open_photos_page(address): the page, loaded in a fresh context of Chromium."""
    contexts = []

    def open_page(address):
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      base_url=photos_url)
        contexts.append(context)
        page = context.new_page()
        page.goto(address)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_the_lead_photo_loads_as_avif(open_photos_page):
    page = open_photos_page("/" + EVENT)
    lead = page.locator("figure.lead-photo img")
    lead.wait_for()
    page.wait_for_load_state("load")  # an eager image is loaded by then
    loaded = lead.evaluate("img => [img.complete, img.currentSrc, img.naturalWidth]")
    complete, current, natural_width = loaded
    assert complete and natural_width > 0, loaded
    assert urlsplit(current).path.startswith("/images/expo-stand.")
    assert current.endswith(".avif"), current


def test_a_gallery_link_opens_the_full_size_photo_from_the_keyboard(open_photos_page,
                                                                    photos_url):
    page = open_photos_page("/" + EVENT)
    link = page.locator("section.gallery a").first
    link.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == (
        f"/{FOLDER}visitors.jpg")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    response = navigation.value
    assert page.url == f"{photos_url}/{FOLDER}visitors.jpg"
    assert response.status == 200
    assert response.header_value("content-type") == "image/jpeg"
    # Chromium shows the photo itself: an image document of the full-size copy.
    assert page.evaluate("() => document.images[0].naturalWidth") == 1000


# Every page type that shows a photo, in every language: the event (lead photo and
# gallery), the news item (lead photo, photos in its text), and the lists with cards.
PHOTO_PAGES = [EVENT, NEWS, "news/", "events/", ""]


@pytest.mark.parametrize("address", [prefix + address for prefix in PREFIXES.values()
                                     for address in PHOTO_PAGES])
def test_pages_with_photos_have_no_accessibility_violations(open_photos_page, axe_incomplete,
                                                            address, request):
    page = open_photos_page("/" + address)
    assert page.locator("picture").count() >= 1
    results = run_axe(page)
    axe_incomplete(request.node.name, incomplete_lines(results))
    assert axe_violations(results) == []


def test_pages_with_photos_are_valid_html(site):
    pages = [file_of(site.output, f"/{PREFIXES[code]}{address}")
             for code in PREFIXES for address in PHOTO_PAGES]
    assert {path: errors for path, errors in vnu_errors(pages).items() if errors} == {}


# -- 8. Pictures as editors name them -------------------------------------------------------
# Both fail with the pipeline as first written (photos commit 82ee299): the first build
# stops on a FileNotFoundError, the second on link errors blamed on theme/templates.

def test_the_same_photo_under_two_names_is_published_under_both(tmp_path):
    # An editor copies a photo into an event's folder and leaves it in images/ too: the
    # same bytes at two addresses, each with its own files.
    content = copy_content(tmp_path, {"news/website-launch.md": with_fields(
        "news/website-launch.md", "", "\n![The booth](/images/booth.jpg)\n")})
    photos.plain_photo(content / "images" / "booth.jpg", 800, 600)
    (content / FOLDER).mkdir(parents=True)
    shutil.copyfile(content / "images" / "booth.jpg", content / FOLDER / "booth-copy.jpg")
    output = tmp_path / "output"
    build(PUBLISH, content, output, tmp_path / "cache")
    for address in ("images/booth.jpg", FOLDER + "booth-copy.jpg"):
        assert widths_of(output, address) == {
            (width, suffix) for width in (400, 800) for suffix in ("avif", "webp", "jpg")}
        with opened(output / address) as image:
            assert image.size == (800, 600)


def test_a_photo_named_with_a_space_or_a_comma_is_shown_from_working_addresses(tmp_path):
    # Cameras and phones name files "IMG 0001.jpg"; an editor may write "day1,morning.jpg".
    # In srcset a space ends an address (and the site's link check splits at commas).
    content = copy_content(tmp_path)
    (content / FOLDER).mkdir(parents=True)
    photos.plain_photo(content / FOLDER / "our stand.jpg", 900, 600)
    photos.plain_photo(content / FOLDER / "day1,morning.jpg", 800, 600)
    output = tmp_path / "output"
    build(PUBLISH, content, output, tmp_path / "cache")
    page = soup_at(output, "/" + EVENT)
    links = page.select("section.gallery a")
    assert [unquote(a["href"]) for a in links] == [
        f"/{FOLDER}day1,morning.jpg", f"/{FOLDER}our stand.jpg"]
    for a in links:
        img = a.select_one("img")
        candidates = [*srcset_addresses(img["srcset"]),
                      *(address for source in a.select("source")
                        for address in srcset_addresses(source["srcset"]))]
        assert len(candidates) == 2 * 3  # 400 and 800 wide, in three formats
        site = SimpleNamespace(output=output)
        assert files_resolve(site, [a["href"], img["src"], *candidates]) == []


def test_a_photo_only_a_draft_shows_or_none_shows_is_not_published(tmp_path):
    # The public site gets a photo with the first published page that shows it; Pelican's
    # own copy of content/images/ publishes documents only (pictures.copy_only_documents).
    draft = with_fields("news/website-launch.md", "status: draft\n" + NEWS_FIELDS)
    content = copy_content(tmp_path, {"news/website-launch.md": draft,
                                      "images/minutes.pdf": b"%PDF-1.4 minutes\n"})
    photos.phone_photo(content / "images" / "launch.jpg", 1200, 800)
    photos.plain_photo(content / "images" / "spare.jpg", 600, 400)
    output = tmp_path / "output"
    result = build(PUBLISH, content, output, tmp_path / "cache")
    # Made once all the same, so that the next build has none to make.
    assert sorted(result.pictures_made) == ["images/launch.jpg", "images/spare.jpg"]
    assert sorted(path.name for path in (output / "images").iterdir()) == ["minutes.pdf"]
    # The dev server shows the draft, and its photo with it.
    preview = tmp_path / "preview"
    result = build(DEVELOP, content, preview, tmp_path / "cache")
    assert result.pictures_made == []
    assert (preview / "images" / "launch.jpg").exists()
    assert not (preview / "images" / "spare.jpg").exists()


# Pictures as they come.

def test_pictures_as_they_come_are_published_as_they_look(tmp_path):
    content = copy_content(tmp_path, {"news/website-launch.md": with_fields(
        "news/website-launch.md", NEWS_FIELDS, "".join(
            f"\n![Picture {number}](/images/{name})\n" for number, name in enumerate(
                ["portrait.jpg", "same.jpg", "same-copy.png", "sign.gif", "scan.png",
                 "export.webp"], start=1)))})
    photos.upright(3000, 4000).save(content / "images" / "portrait.jpg")
    photos.plain_photo(content / "images" / "launch.jpg", 1200, 800)
    photos.plain_photo(content / "images" / "same.jpg", 900, 600, "JPEG")
    shutil.copyfile(content / "images" / "same.jpg", content / "images" / "same-copy.png")
    sign = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    sign.paste((200, 30, 30, 255), (100, 50, 200, 150))
    sign.save(content / "images" / "sign.gif")
    Image.new("I;16", (500, 400), 40000).save(content / "images" / "scan.png")
    Image.new("RGBA", (600, 400), (20, 90, 160, 255)).save(content / "images" / "export.webp",
                                                          lossless=True)
    output = tmp_path / "output"
    build(PUBLISH, content, output, tmp_path / "cache")
    images_folder = output / "images"
    # A portrait photo's widths stop at its full-size copy: nothing is enlarged.
    with opened(images_folder / "portrait.jpg") as full:
        assert max(full.size) == images.FULL_SIZE and full.width < full.height
    assert max(width for width, _ in widths_of(output, "images/portrait.jpg")) == full.width
    # The same bytes as a JPEG and as a PNG: each published in its own format.
    assert opened(images_folder / "same.jpg").format == "JPEG"
    assert opened(images_folder / "same-copy.png").format == "PNG"
    assert opened(images_folder / "same-copy.400w.png").format == "PNG"
    # A GIF keeps its transparent corner; a 16-bit grey scan stays grey, not white.
    gif = opened(images_folder / "sign.gif").convert("RGBA")
    assert gif.getpixel((0, 0))[3] == 0 and gif.getpixel((150, 100))[3] == 255
    assert opened(images_folder / "scan.png").convert("L").getpixel((10, 10)) == 40000 // 256
    # A WebP export in RGBA with no transparent pixel is a photo: its fallback is a JPEG.
    assert (images_folder / "export.400w.jpg").exists()
    assert not (images_folder / "export.400w.png").exists()


def test_a_picture_named_in_chinese_is_shown_in_the_simplified_site(tmp_path):
    # OpenCC would make 攤位 摊位 in the Simplified site's copy of the text: the address
    # stays as written, and only the words change.
    translation = with_fields("news/website-launch.zh-hant.md", "",
                              "\n![攤位的照片](/images/攤位.jpg)\n")
    content = copy_content(tmp_path, {"news/website-launch.md": with_fields(
        "news/website-launch.md", "", "\n![The stand](/images/攤位.jpg)\n"),
        "news/website-launch.zh-hant.md": translation})
    photos.plain_photo(content / "images" / "攤位.jpg", 800, 600)
    output = tmp_path / "output"
    build(PUBLISH, content, output, tmp_path / "cache")
    page = soup_at(output, "/zh-hans/news/website-launch/")
    [img] = page.select("article picture img")
    assert img["alt"] == "摊位的照片"
    assert unquote(img["src"]) == "/images/攤位.800w.jpg"


def test_a_corrupt_avif_and_a_gps_block_without_a_position(tmp_path):
    content = copy_content(tmp_path)
    buffer = io.BytesIO()
    photos.upright(64, 48).save(buffer, "AVIF")
    data = bytearray(buffer.getvalue())
    data[len(data) // 2:] = bytes(len(data) - len(data) // 2)  # its image data zeroed
    (content / "images" / "broken.avif").write_bytes(bytes(data))
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSVersionID] = b"\x02\x02\x00\x00"
    photos.upright(400, 300).save(content / "images" / "no-position.jpg", exif=exif)
    code, lines = check(content, tmp_path / "cache", links=False)
    assert code == 1
    [error] = [line for line in lines if line.startswith("error: ")]
    assert error.startswith(f"error: {content / 'images' / 'broken.avif'}: expected a picture "
                            "the site can read"), error
    assert is_documented(error.split(": ", 1)[1])
    assert not [line for line in lines if "no-position.jpg" in line and "GPS" in line]
