"""`invoke bench` works end to end at a small scale: it generates a corpus, each item
with its Traditional Chinese translation, and large photos, that our build accepts,
measures every figure, and writes the report without losing the rest of
docs/benchmarks.md. No figure is compared with a target here: speed depends on the
machine; but every build's image cache must be cold or warm as the bench means, and the
dev server must process no photo.
"""

import io
import re
import shutil

import pytest
import yaml
from PIL import ExifTags, Image

from conftest import ROOT
from hksmega.tools.bench import (PHOTO_SIZE, add_photos, make_corpus, our_markdown, photo_bytes,
                                  run_benchmarks, translated_markdown)

# The bench opens the dev server's page in Chromium itself, without the `browser` fixture
# (scripts/test installs both; a missing one fails the test, as in the other gates).
browser = pytest.mark.browser

NUMBER = re.compile(r"^\d+(\.\d+)?( ?(s|×|MB))?$")
ROWS = [
    "Our cold production build, three sites (`invoke build --production`): wall",
    "Our cold production build: CPU (all its processes)",
    "Stock Pelican 4.12, quickstart settings, default theme, English only: wall",
    "Stock Pelican: CPU",
    "Ours / stock, wall time",
    "Ours / stock, CPU time",
    ("Our production build with a cold image cache (the first build after the photos were "
     "added): wall"),
    "Our production build with a cold image cache: CPU (all its processes)",
    "Making the photos (cold image cache − warm), per photo: wall",
    "Making the photos (cold image cache − warm), per photo: CPU",
    "`invoke check`: CPU",
    "`invoke check`: wall",
    "`invoke check` / one production build, CPU time",
    "Dev server (`invoke livereload`): start, first build, until the page is served",
    "Dev server: English body edit saved → page rebuilt on disk",
    "Dev server: English body edit saved → shown in the open tab (`/news/<slug>/`)",
    "Dev server: English title edit saved → shown in the open tab",
    "Dev server: English title edit saved → home page (/) served with it",
    "Dev server: English title edit saved → news index (/news/) served with it",
    "Dev server: translation edit saved → shown in the open tab (`/zh-hant/news/<slug>/`)",
    "Dev server: translation edit saved → `/zh-hans/news/<slug>/` served with it, converted",
    "Dev server: the news item's photo saved again, unchanged → whole site rebuilt",
    "Dev server: photos processed (its first build, its rebuilds after all the saves above)",
    "Peak memory, all processes of a command together (largest sum of their resident sets)",
    "Peak memory of any one process (largest resident set)",
]
TRANSLATED_FIELDS = {"title", "summary", "venue", "city", "region", "country", "countries",
                     "image_alt"}
LINK = re.compile(r"\]\(([^)]+)\)")
BLOCK = re.compile(r"(?m)^(#+|-|\d+\.) ")  # headings and list items


def test_every_item_has_a_translation_of_the_same_shape():
    corpus = make_corpus(8)
    add_photos(corpus)
    for item in corpus:
        _, front, body = translated_markdown(item).split("---\n", 2)
        english = our_markdown(item).split("---\n", 2)[2]
        fields = yaml.safe_load(front)
        assert "title" in fields and set(fields) <= TRANSLATED_FIELDS
        assert all(re.search("[\u4e00-\u9fff]", fields[name]) for name in fields)
        assert LINK.findall(body) == LINK.findall(english), "the same links, no language prefix"
        assert BLOCK.findall(body) == BLOCK.findall(english)
        assert body.count("\n\n") == english.count("\n\n")  # as many paragraphs
        assert "city" in fields if item.folder == "events" else "city" not in fields


def test_the_photos_are_shown_as_an_editor_writes_them():
    corpus = make_corpus(8)
    photos = add_photos(corpus, 5)
    assert len({photo.address for photo in photos}) == 5
    leads = [item for item in corpus if "image" in item.extra]
    assert leads[0] is corpus[0], "the item the dev server's edits change shows a photo"
    for item in leads:
        fields = yaml.safe_load(our_markdown(item).split("---\n", 2)[1])
        assert fields["image_alt"] and fields["image_consent"] == "given"
        assert yaml.safe_load(translated_markdown(item).split("---\n", 2)[1])["image_alt"]
    (event,) = [item for item in corpus if "gallery" in item.extra]
    fields = yaml.safe_load(our_markdown(event).split("---\n", 2)[1])
    folder = f"/images/events/{event.slug}/"
    assert [entry["image"] for entry in fields["gallery"]] == [
        photo.address for photo in photos if photo.address.startswith(folder)]
    assert all(entry["alt"]["en"] and entry["alt"]["zh-hant"] for entry in fields["gallery"])


def test_a_photo_is_a_large_phone_jpeg_the_same_every_time():
    data = photo_bytes(7, orientation=6)
    assert data == photo_bytes(7, orientation=6)
    assert 3_000_000 < len(data) < 6_500_000
    with Image.open(io.BytesIO(data)) as photo:
        assert photo.format == "JPEG" and photo.size == PHOTO_SIZE
        exif = photo.getexif()
        assert exif[ExifTags.Base.Orientation] == 6
        assert exif.get_ifd(ExifTags.IFD.GPSInfo)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    path = tmp / "benchmarks.md"
    shutil.copyfile(ROOT / "docs" / "benchmarks.md", path)
    # Photos of a quarter of a phone's size: the same work, in less time.
    run_benchmarks(ROOT, 1, path, items=6, workdir=tmp / "work", photo_size=(1008, 756))
    return path.read_text(encoding="utf-8"), tmp / "work"


def table(text):
    section = re.search(r"<!-- bench: scale -->(.*?)<!-- /bench: scale -->", text, re.DOTALL)
    assert section, "no scale section in the report"
    rows = {}
    for line in section.group(1).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 5 and cells[0] not in ("What", "---"):
            rows[cells[0]] = cells[1:]
    return section.group(1), rows


@browser
def test_every_row_has_a_figure(report):
    _, rows = table(report[0])
    assert list(rows) == ROWS
    for what, (middle, _each, _target, met) in rows.items():
        assert NUMBER.match(middle), f"{what}: {middle!r}"
        assert met in ("", "met", "not met"), f"{what}: {met!r}"


@browser
def test_the_report_names_the_machine_date_and_scale(report):
    section, _ = table(report[0])
    assert "`invoke bench --items 6 --runs 1`" in section
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", section)
    assert "CPU cores" in section and "Python 3." in section and "Chromium" in section
    assert "Failures" not in section


@browser
def test_the_corpus_was_generated_in_the_copy_only(report):
    work = report[1]
    for folder in ("news", "events"):
        real = {p.name for p in (ROOT / "content" / folder).glob("*.md")}
        copied = {p.name for p in (work / "project" / "content" / folder).glob("*.md")}
        added = copied - real
        assert real < copied and len(added) == 6, "three items and their translations"
        assert {name.replace(".zh-hant.md", ".md") for name in added} == {
            name for name in added if not name.endswith(".zh-hant.md")}
    stock = [p.name for p in (work / "stock" / "content").rglob("*.md")]
    assert len(stock) == 6 and not any(name.endswith(".zh-hant.md") for name in stock)
    ours = {p.relative_to(work / "project" / "content"): p.read_bytes()
            for p in (work / "project" / "content" / "images").rglob("*.jpg")}
    theirs = {p.relative_to(work / "stock" / "content"): p.read_bytes()
              for p in (work / "stock" / "content" / "images").rglob("*.jpg")}
    assert len(ours) == 5 and ours == theirs, "the same photos, for stock Pelican to copy"
    assert not list((ROOT / "content" / "images").rglob("photo-*.jpg"))


@browser
def test_each_build_had_the_image_cache_it_was_meant_to(report):
    _, rows = table(report[0])
    cold = rows["Our production build with a cold image cache: CPU (all its processes)"]
    assert "photos processed: 5" in rows[
        "Making the photos (cold image cache − warm), per photo: wall"][1]
    assert NUMBER.match(cold[0])
    middle, each, _target, met = rows[
        "Dev server: photos processed (its first build, its rebuilds after all the saves above)"]
    assert (middle, met) == ("0", "met"), each
    assert "image cache meanwhile: 0" in each


@browser
def test_other_sections_are_kept_and_the_old_one_replaced(report):
    text = report[0]
    assert "## The test suite" in text
    assert text.count("<!-- bench: scale -->") == 1
