"""`invoke bench --items N`: how the site's tools scale with the amount of content.

On a throw-away copy of the project, this writes a synthetic corpus of N items
(news items and events, about 400 words each, with front matter, headings,
lists and links to real pages of the corpus and the site), each with its
Traditional Chinese translation beside it (<slug>.zh-hant.md: a Chinese title,
summary and body of the same structure, with the same links, written without a
language prefix; an event's city in Chinese), and a few large phone photos
(PHOTOS: lead photos and an event's gallery, made once per run from a seed,
before anything is measured), then measures, in one run:

- our cold production build, `invoke build --production`, of the three sites
  (English, Traditional Chinese at /zh-hant/, Simplified Chinese at /zh-hans/),
  with the photos in its image cache (a warm cache: made by an earlier build, as
  in every build but the first after a photo is added);
- stock Pelican 4.12 on the same English Markdown only, with
  `pelican-quickstart`'s settings and the default theme, in a folder of its own,
  copying the same photos as static files (the two builds alternate: ours,
  stock, ours, stock ..., so that a busy machine slows both alike); the target
  compares wall times, as our build runs the languages in parallel processes,
  and CPU times are reported too;
- `invoke check` (validation, then builds to check the links);
- our production build with a cold image cache (empty: the first build after
  the photos were added, which makes them all), and its difference from the
  warm build, per photo;
- the dev server, `invoke livereload`: the time from saving an edit to the page
  in an open browser tab showing it, for an English item (and to the home page
  and the news index showing an edited title) and for its translation (and to
  the Simplified Chinese page serving the converted edit); then the whole
  site's rebuild after the item's photo is saved again unchanged; and that it
  processed no photo (each came from the warm image cache);
- the peak memory of each command: the largest sum of the resident sets of all
  its processes, sampled, and the largest resident set of any one of them.

Each command is given its image cache by an environment variable that the
copy's settings read for CACHE_PATH (pin_cache_path), and the files it writes
there are counted: a warm build that writes any, or a cold one that writes none,
is a failure in the report.

Everything runs as commands in the copy (`python -m invoke ...`), never by
importing the project's modules, so this file works whatever the project's
layout. Every wait is bounded: a timeout is a failure in the report, not a hang.
The figures go to docs/benchmarks.md between `<!-- bench: scale -->` markers;
other sections of that file are kept. Nothing here is asserted on timing by the
tests: speed depends on the machine.
"""

import ast
import datetime
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ITEMS = 1000
SECTION = re.compile(r"<!-- bench: scale -->.*?<!-- /bench: scale -->\n?", re.DOTALL)
# The earlier report (edit-to-browser time on the real content), which this one replaces.

# The targets, at N = 1,000 on two cores.
TARGET_BUILD_RATIO = 2.0      # wall time: our build of the three sites / stock Pelican's of
                              # the English items
TARGET_CHECK_RATIO = 1.5      # `invoke check`'s CPU time / one production build's
TARGET_TAB_SECONDS = 1.0      # save -> the open tab shows the edit (median), in English and
                              # in Traditional Chinese
TARGET_INDEX_SECONDS = 2.0    # save -> the home page and the news index show the new title
TARGET_PEAK_MB = 500          # the peak of the sum of the resident sets of a command's
                              # processes (the build's parent and workers together)

# How often the resident sets of a measured command's processes are summed (TreeMemory).
SAMPLE_SECONDS = 0.05
# Each edit waits until the tab has been quiet this long (Browser.settle), so that
# one edit's reload is never taken for the next one's.
PAUSE_BETWEEN_EDITS = 1.0
# Chromium as the test suite runs it: headless, offline, as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# The project's files that a copy leaves out when the project is not a git checkout.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "output", "build", "__pycache__",
                                    "*.egg-info", ".ruff_cache", ".pytest_cache")


# --- The copy of the project ------------------------------------------------------------

def copy_project(root, target):
    """Copy the project as it is now (tracked and new files, not ignored ones)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True, check=False)
    if listed.returncode:
        shutil.copytree(root, target, ignore=NOT_COPIED, dirs_exist_ok=True)
        return
    for name in filter(None, listed.stdout.split(b"\0")):
        source = root / os.fsdecode(name)
        if source.is_file():  # a tracked file deleted in the working tree is listed too
            destination = target / os.fsdecode(name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def content_folder(project, name):
    """The copy's folder of news or events: content/<name>, or wherever it has moved."""
    usual = project / "content" / name
    if usual.is_dir():
        return usual
    skip = {"tests", "docs", "theme", "output", ".git", "node_modules"}
    for path in sorted(project.rglob(name)):
        parts = path.relative_to(project).parts
        if path.is_dir() and not skip & set(parts) and len(parts) <= 3 and any(path.glob("*.md")):
            return path
    raise FileNotFoundError(f"no folder of {name} found in the project (looked for content/{name})")


def schema_choices(project, name):
    """A tuple of words assigned to `name` (such as EVENT_KINDS) in the copy's plugin code,
    read without importing it; () when no such assignment is found."""
    for path in sorted(project.glob("hksmega/**/*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in tree.body:
            if (isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)):
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    continue
                if isinstance(value, (tuple, list)) and value and all(
                        isinstance(word, str) for word in value):
                    return tuple(value)
    return ()


# --- The synthetic corpus ---------------------------------------------------------------

SUBJECTS = ["The Association", "Our members", "The delegation", "The organising committee",
            "Small and medium enterprises", "Exhibitors from Hong Kong", "The chairman",
            "Representatives of the trade", "Local manufacturers", "Young entrepreneurs",
            "Our partners on the Mainland", "Several speakers", "The visiting officials",
            # Real English has apostrophes, which the site's typography (smarty) must
            # convert: without them, the corpus would skip that cost (reader.Converters).
            "The Association's guests", "Hong Kong's exporters"]
VERBS = ["discussed", "presented", "reviewed", "promoted", "explored", "welcomed",
         "examined", "compared", "supported", "looked closely at", "shared views on",
         "set out", "reported on", "raised questions about"]
TOPICS = ["new markets for", "financing options for", "the export prospects of",
          "training programmes for", "the digital needs of", "quality standards for",
          "the supply chains of", "government support for", "the rising costs faced by",
          "trade rules that matter to", "succession planning in", "online sales by"]
SECTORS = ["food processing firms", "garment makers", "electronics suppliers",
           "logistics companies", "family businesses", "start-ups", "toy manufacturers",
           "jewellery traders", "printing houses", "bamboo product makers", "retailers",
           "software houses", "furniture workshops", "tea merchants"]
PLACES = ["Hong Kong", "Shenzhen", "Guangzhou", "Shanghai", "Beijing", "Tokyo", "Macao",
          "Dongguan", "Foshan", "Changsha", "Ningbo", "Singapore", "Kuala Lumpur", "Osaka"]
TAILS = ["over two days", "with local partners", "in a series of workshops",
         "before a full hall", "at a working lunch", "in small groups",
         "with officials from the city", "during a factory visit", "at the closing session"]
ENDINGS = ["Members agreed to meet again next year.",
           "A summary of the discussion was sent to the relevant government bureaus.",
           "Several firms signed letters of intent on the spot.",
           "The Association thanks everyone who took part.",
           "Questions from the floor ran well past the scheduled time."]
HEADINGS = ["Background", "What was discussed", "Who took part", "What comes next",
            "Key points", "The programme", "Outcomes", "Follow-up"]
SUBHEADINGS = ["Next steps", "For members", "Figures", "In brief", "Thanks"]
EVENT_WORDS = ["Seminar", "Trade fair", "Study mission", "Forum", "Exhibition", "Summit",
               "Visit", "Workshop"]
VENUES = ["Hong Kong Convention and Exhibition Centre", "Shenzhen Convention and Exhibition Center",
          "AsiaWorld-Expo", "Regal Hotel", "the Association's office",
          "China World Trade Center", "Guangzhou Pazhou Complex", "Tokyo Big Sight"]
EXTERNAL = ["https://www.tid.gov.hk/", "https://www.hktdc.com/", "https://www.info.gov.hk/",
            "https://www.sme.gov.hk/"]
REAL_PAGES = [("who we are", "/about/"), ("our history", "/history/"),
              ("all our events", "/events/"), ("all the news", "/news/")]
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2025, 12, 31)

# The translation's place names: an event's `city` and the places in the text.
CITIES = {"Hong Kong": "香港", "Shenzhen": "深圳", "Guangzhou": "廣州", "Shanghai": "上海",
          "Beijing": "北京", "Tokyo": "東京", "Macao": "澳門", "Dongguan": "東莞",
          "Foshan": "佛山", "Changsha": "長沙", "Ningbo": "寧波", "Singapore": "新加坡",
          "Kuala Lumpur": "吉隆坡", "Osaka": "大阪"}
# The Traditional Chinese for every phrase above, so that a translation says what its
# English says. A verb's or topic's {} is its object: a place and a sector ("深圳茶葉商").
ZH = {
    **CITIES,
    "The Association": "本會", "Our members": "本會會員", "The delegation": "代表團",
    "The organising committee": "籌備委員會", "Small and medium enterprises": "中小企業",
    "Exhibitors from Hong Kong": "香港參展商", "The chairman": "主席",
    "Representatives of the trade": "業界代表", "Local manufacturers": "本地廠商",
    "The Association's guests": "本會嘉賓", "Hong Kong's exporters": "香港出口商",
    "Young entrepreneurs": "青年企業家", "Our partners on the Mainland": "本會的內地合作夥伴",
    "Several speakers": "多位講者", "The visiting officials": "到訪的官員",
    "discussed": "討論了{}", "presented": "介紹了{}", "reviewed": "檢視了{}",
    "promoted": "推介了{}", "explored": "探討了{}", "welcomed": "歡迎{}",
    "examined": "研究了{}", "compared": "比較了{}", "supported": "支持{}",
    "looked closely at": "仔細審視了{}", "shared views on": "就{}交流意見",
    "set out": "闡述了{}", "reported on": "匯報了{}", "raised questions about": "對{}提出疑問",
    "new markets for": "{}的新市場", "financing options for": "{}的融資途徑",
    "the export prospects of": "{}的出口前景", "training programmes for": "{}的培訓計劃",
    "the digital needs of": "{}的數碼化需要", "quality standards for": "{}的品質標準",
    "the supply chains of": "{}的供應鏈", "government support for": "{}獲得的政府支援",
    "the rising costs faced by": "{}面對的成本上漲",
    "trade rules that matter to": "與{}相關的貿易規則",
    "succession planning in": "{}的接班安排", "online sales by": "{}的網上銷售",
    "food processing firms": "食品加工企業", "garment makers": "製衣廠商",
    "electronics suppliers": "電子產品供應商", "logistics companies": "物流公司",
    "family businesses": "家族企業", "start-ups": "初創企業", "toy manufacturers": "玩具製造商",
    "jewellery traders": "珠寶商", "printing houses": "印刷公司",
    "bamboo product makers": "竹製品廠商", "retailers": "零售商", "software houses": "軟件公司",
    "furniture workshops": "傢俬工場", "tea merchants": "茶葉商",
    "over two days": "一連兩天", "with local partners": "與本地夥伴一起",
    "in a series of workshops": "在一系列工作坊上", "before a full hall": "在座無虛席的會場上",
    "at a working lunch": "在工作午餐會上", "in small groups": "分組",
    "with officials from the city": "與當地政府官員一起", "during a factory visit": "在參觀工廠時",
    "at the closing session": "在閉幕環節上",
    "Members agreed to meet again next year.": "會員同意明年再聚。",
    "A summary of the discussion was sent to the relevant government bureaus.":
        "討論摘要已送交相關的政府政策局。",
    "Several firms signed letters of intent on the spot.": "多家企業即場簽署了合作意向書。",
    "The Association thanks everyone who took part.": "本會感謝所有參與者。",
    "Questions from the floor ran well past the scheduled time.": "台下提問踴躍，遠超預定時間。",
    "Background": "背景", "What was discussed": "討論內容", "Who took part": "參與者",
    "What comes next": "下一步", "Key points": "要點", "The programme": "活動程序",
    "Outcomes": "成果", "Follow-up": "跟進工作", "Next steps": "後續步驟",
    "For members": "會員須知", "Figures": "數據", "In brief": "簡報", "Thanks": "鳴謝",
    # Events, by EVENT_WORDS and the schema's kinds (lower case); another kind is "活動".
    "seminar": "研討會", "trade fair": "貿易展覽會", "study mission": "考察團", "forum": "論壇",
    "exhibition": "展覽會", "summit": "峰會", "visit": "訪問", "workshop": "工作坊",
    "ceremony": "典禮",
    "who we are": "本會簡介", "our history": "本會歷史", "all our events": "本會的所有活動",
    "all the news": "所有消息", "a related item": "相關消息", "the official site": "官方網站",
}


@dataclass
class Item:
    """One generated news item or event, and its Traditional Chinese translation."""

    folder: str          # "news" or "events"
    slug: str
    title: str
    date: datetime.date
    summary: str
    body: str = ""
    extra: dict = field(default_factory=dict)  # an event's start, end, kind ...
    zh: dict = field(default_factory=dict)     # the translation's title, summary (, city)
    zh_body: str = ""

    @property
    def url(self):
        return f"/{self.folder}/{self.slug}/"


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def draw(rng):
    """The phrases of one sentence: subject, verb, topic, sector, place, tail."""
    return [rng.choice(choices) for choices in (SUBJECTS, VERBS, TOPICS, SECTORS, PLACES, TAILS)]


def english(phrases):
    subject, verb, topic, sector, place, tail = phrases
    return f"{subject} {verb} {topic} {sector} in {place} {tail}."


def chinese(phrases, bold=False):
    """The same sentence in Traditional Chinese (its subject in bold when `bold`)."""
    subject, verb, topic, sector, place, tail = (ZH[phrase] for phrase in phrases)
    subject = f"**{subject}**" if bold else subject
    return f"{subject}{tail}{verb.format(topic.format(place + sector))}。"


def sentence(rng):
    """One sentence: (English, Traditional Chinese), as is every piece of text below."""
    phrases = draw(rng)
    return english(phrases), chinese(phrases)


def both(phrase):
    return phrase, ZH[phrase]


def paragraph(rng, count, link=None):
    """The same sentences in both languages, with the same word or phrase in bold, and the
    same link (text, Chinese text, url)."""
    drawn = [draw(rng) for _ in range(count)]
    sentences, zh = [english(p) for p in drawn], [chinese(p) for p in drawn]
    if rng.random() < 0.5:
        words = sentences[0].split(" ")
        at = rng.randrange(1, len(words) - 2)
        words[at] = f"**{words[at]}**"
        sentences[0] = " ".join(words)
        zh[0] = chinese(drawn[0], bold=True)
    if link:
        text, zh_text, url = link
        at = rng.randrange(len(sentences) + 1)
        sentences.insert(at, f"See [{text}]({url}) for more on this.")
        zh.insert(at, f"詳情請參閱[{zh_text}]({url})。")
    return " ".join(sentences), "".join(zh)


def heading(level, text):
    return tuple(f"{'#' * level} {words}" for words in both(text))


def listing(entries, numbered=False):
    marks = [f"{n}." if numbered else "-" for n in range(1, len(entries) + 1)]
    return tuple("\n".join(f"{mark} {entry[language]}" for mark, entry in zip(marks, entries))
                 for language in (0, 1))


def body(rng, links):
    """About 400 words of Markdown, and its translation with the same structure: paragraphs,
    three or four headings, two lists, and links (`links`: two related items, two pages of the
    site, another website; each (text, Chinese text, url), the url without a language prefix).
    Returns (English, Traditional Chinese)."""
    related, other, page, another_page, external = links
    first, second, third = rng.sample(HEADINGS, 3)
    bullets = [sentence(rng) for _ in range(3)]
    text, zh = sentence(rng)
    bullets.insert(1, (f"[{page[0].capitalize()}]({page[2]}): {text}",
                       f"[{page[1]}]({page[2]})：{zh}"))
    numbered = [sentence(rng) for _ in range(3)]
    parts = [
        paragraph(rng, 3, related),
        heading(2, first), paragraph(rng, 4), listing(bullets),
        heading(3, rng.choice(SUBHEADINGS)), paragraph(rng, 3, another_page),
        heading(2, second), paragraph(rng, 4, other), listing(numbered, numbered=True),
        heading(2, third), paragraph(rng, 2, external),
        both(rng.choice(ENDINGS)),
    ]
    return tuple("\n\n".join(part[language] for part in parts) + "\n" for language in (0, 1))


def random_day(rng, first=FIRST_DAY, last=LAST_DAY):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def make_corpus(items, kinds=(), roles=(), seed=2026):
    """`items` Items, half news and half events, all published and valid, each with its
    translation. The first news item is dated yesterday, so it is the newest: the home page
    and the news index list it. The same seed gives the same corpus."""
    rng = random.Random(seed)
    news_count = max(1, items // 2)
    corpus = []
    for number in range(items):
        is_news = number < news_count
        place, sector = rng.choice(PLACES), rng.choice(SECTORS)
        if is_news:
            subject, verb, topic = (rng.choice(words) for words in (SUBJECTS, VERBS, TOPICS))
            title = f"{subject} {verb} {topic} {sector} in {place}"
            zh = {"title": ZH[subject] + ZH[verb].format(ZH[topic].format(ZH[place] + ZH[sector]))}
            day = random_day(rng)
            item = Item("news", f"{slugify(title)[:60].strip('-')}-{number}", title, day, "",
                        zh=zh)
        else:
            kind = rng.choice(kinds) if kinds else None
            word = kind.capitalize() if kind else rng.choice(EVENT_WORDS)
            start = random_day(rng)
            title = f"{word} for {sector} in {place}, {start.year}"
            zh = {"title": f"{start.year}年{ZH[place]}{ZH[sector]}{ZH.get(word.lower(), '活動')}",
                  "city": ZH[place]}  # the venue is left to the English file
            extra = {"venue": rng.choice(VENUES), "city": place}
            if rng.random() < 0.3:
                extra["start"] = str(start.year)  # only the year is known
            else:
                extra["start"] = start.isoformat()
                if rng.random() < 0.5:
                    end = start + datetime.timedelta(days=rng.randrange(1, 4))
                    extra["end"] = end.isoformat()
            if kind:
                extra["kind"] = kind
            if roles:
                extra["role"] = rng.choice(roles)
            day = min(start + datetime.timedelta(days=rng.randrange(1, 90)), LAST_DAY)
            item = Item("events", f"{slugify(title)[:60].strip('-')}-{number}", title, day, "",
                        extra=extra, zh=zh)
        first, second = sentence(rng), sentence(rng)
        item.summary = f"{first[0]} {second[0]}"[:390]
        item.zh["summary"] = first[1] + second[1]
        corpus.append(item)
    corpus[0].date = datetime.date.today() - datetime.timedelta(days=1)
    for item in corpus:
        others = rng.sample(corpus, min(3, len(corpus)))
        links = [(*both("a related item"), others[0].url),
                 (others[1].title, others[1].zh["title"], others[1].url),
                 *((*both(name), url) for name, url in rng.sample(REAL_PAGES, 2)),
                 (*both("the official site"), rng.choice(EXTERNAL))]
        item.body, item.zh_body = body(rng, links)
    return corpus


# --- The photos -------------------------------------------------------------------------

# A few large photos, as an editor adds them from a phone: a 12-megapixel JPEG of
# 4-6 MB, stored as the sensor reads it (4032 x 3024) with an EXIF orientation (6: a
# photo taken upright, turned a quarter to show it), a GPS position and the camera's
# serial number. The first is the lead photo of the news item the dev server's edits
# change (so its page, the home page and the news index show it), the next two the
# lead photos of two events, the others the photos in a third event's folder
# (content/images/events/<its file name>/), which its `gallery` describes.
PHOTOS = 5
PHOTO_SIZE = (4032, 3024)
PHOTO_QUALITY = 92  # a phone's JPEG
PHOTO_ALT = ("Members and guests of the Association at the event",
             "本會會員及嘉賓在活動現場")
PHOTO_CAPTION = ("Photo {number} of the day", "當日照片之{number}")


@dataclass
class Photo:
    """One generated photo: its address (/images/...), the seed of its pixels, its EXIF
    orientation."""

    address: str
    seed: int
    orientation: int = 1

    @property
    def path(self):
        """Its file, under the content folder."""
        return Path(self.address.lstrip("/"))


def add_photos(corpus, count=PHOTOS, seed=2026):
    """Show `count` photos in the corpus (see PHOTOS), each item's fields as an editor
    writes them (image, image_alt in both languages, image_consent; a gallery with alt
    text and captions in both languages): the Photos to write."""
    if count <= 0:
        return []
    news = [item for item in corpus if item.folder == "news"]
    events = [item for item in corpus if item.folder == "events"]
    leads = [*news[:1], *events[:2]][:count]
    photos = [Photo(f"/images/bench/photo-{number}.jpg", seed + number,
                    6 if number % 3 == 1 else 1) for number in range(1, len(leads) + 1)]
    for item, photo in zip(leads, photos):
        item.extra.update({"image": photo.address, "image_alt": PHOTO_ALT[0],
                           "image_consent": "given"})
        item.zh["image_alt"] = PHOTO_ALT[1]
    if len(photos) < count and events:
        gallery_event = events[2] if len(events) > 2 else events[-1]
        entries = []
        for number in range(len(photos) + 1, count + 1):
            photo = Photo(f"/images/events/{gallery_event.slug}/photo-{number}.jpg",
                          seed + number, 6 if number % 3 == 1 else 1)
            photos.append(photo)
            entries.append({"image": photo.address,
                            "alt": {"en": PHOTO_ALT[0], "zh-hant": PHOTO_ALT[1]},
                            "caption": {"en": PHOTO_CAPTION[0].format(number=len(entries) + 1),
                                        "zh-hant": PHOTO_CAPTION[1].format(
                                            number=len(entries) + 1)}})
        gallery_event.extra.update({"gallery": entries, "image_consent": "given"})
    return photos


def noise(rng, size, mode="RGB"):
    from PIL import Image

    return Image.frombytes(mode, size, rng.randbytes(size[0] * size[1] * len(mode)))


def phone_exif(rng, orientation):
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchPhone"
    exif[ExifTags.Base.Model] = "BenchPhone 12"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = "2025:06:01 10:30:00"
    private = exif.get_ifd(ExifTags.IFD.Exif)
    private[ExifTags.Base.BodySerialNumber] = f"BENCH-{rng.randrange(10 ** 8):08d}"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (22.0, 17.0, float(rng.randrange(60)))
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (114.0, 10.0, float(rng.randrange(60)))
    return exif


def photo_bytes(seed, orientation=1, size=PHOTO_SIZE):
    """A phone photo's JPEG, the same for the same seed: soft light across the frame,
    blurred shapes and lines (edges), a fine texture and sensor noise, so that an
    encoder has the work a photo gives it (a flat colour would take none). The scene is
    drawn at a third of the size and enlarged, which keeps it about a second's work."""
    import io

    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    width, height = size
    small = (width // 3, height // 3)

    def colour(low=0, high=256):
        return tuple(rng.randrange(low, high) for _ in range(3))

    light = Image.linear_gradient("L").rotate(rng.uniform(-40, 40),
                                              resample=Image.Resampling.BICUBIC)
    scene = Image.composite(Image.new("RGB", small, colour(140)), Image.new("RGB", small,
                                                                           colour(0, 80)),
                            light.resize(small, Image.Resampling.BILINEAR))
    scene = Image.blend(scene, noise(rng, (16, 12)).resize(small, Image.Resampling.BICUBIC),
                        0.45)
    draw = ImageDraw.Draw(scene)
    for _ in range(rng.randrange(25, 45)):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        box = [x, y, x + rng.randrange(20, small[0] // 4), y + rng.randrange(20, small[1] // 2)]
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour())
    for _ in range(rng.randrange(20, 40)):
        draw.line([rng.randrange(small[0]), rng.randrange(small[1]), rng.randrange(small[0]),
                   rng.randrange(small[1])], fill=colour(), width=rng.randrange(1, 5))
    scene = scene.filter(ImageFilter.GaussianBlur(0.8))
    scene = Image.blend(scene, noise(rng, small), rng.uniform(0.16, 0.22))  # texture
    photo = scene.resize(size, Image.Resampling.BICUBIC)
    photo = Image.blend(photo, noise(rng, size, "L").convert("RGB"),
                        rng.uniform(0.04, 0.06))  # sensor noise
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=PHOTO_QUALITY, exif=phone_exif(rng, orientation),
               comment=b"BenchPhone camera")
    return out.getvalue()


def write_photos(photos, projects, size=PHOTO_SIZE):
    """Each photo once, into the content folder of each of `projects` (our copy and the
    stock site: the same bytes). Returns their sizes in bytes."""
    sizes = []
    for photo in photos:
        data = photo_bytes(photo.seed, photo.orientation, size)
        sizes.append(len(data))
        for project in projects:
            target = project / "content" / photo.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return sizes


def yaml_value(value):
    # A JSON string is a YAML double-quoted string; Chinese is written as such, not escaped.
    return json.dumps(value, ensure_ascii=False)


def yaml_lines(name, value, indent=""):
    """`name: value` as YAML in block style: a list of mappings (a gallery) as an editor
    writes it, one field a line."""
    if isinstance(value, dict):
        return [f"{indent}{name}:", *(line for key, inner in value.items()
                                      for line in yaml_lines(key, inner, indent + "  "))]
    if isinstance(value, list):
        lines = [f"{indent}{name}:"]
        for entry in value:
            inner = [line for key, field_value in entry.items()
                     for line in yaml_lines(key, field_value, indent + "    ")]
            lines += [f"{indent}  - {inner[0].lstrip()}", *inner[1:]]
        return lines
    return [f"{indent}{name}: {yaml_value(value)}"]


def our_markdown(item):
    """The item as an editor writes it: YAML front matter, then Markdown."""
    lines = ["---", f"title: {yaml_value(item.title)}", f"date: {item.date.isoformat()}"]
    lines += [line for name, value in item.extra.items() for line in yaml_lines(name, value)]
    lines += [f"summary: {yaml_value(item.summary)}", "---"]
    return "\n".join(lines) + "\n" + item.body


def translated_markdown(item):
    """The item's translation, <slug>.zh-hant.md: its own title and summary (and an event's
    city) in the front matter, every other field from the English file; then Markdown."""
    lines = ["---", *(f"{name}: {yaml_value(value)}" for name, value in item.zh.items()), "---"]
    return "\n".join(lines) + "\n" + item.zh_body


def stock_markdown(item):
    """The same item for stock Pelican, which reads `Name: value` headers, not YAML."""
    lines = [f"Title: {item.title}", f"Date: {item.date.isoformat()}", f"Slug: {item.slug}",
             f"Summary: {item.summary}"]
    return "\n".join(lines) + "\n\n" + item.body


# What `pelican-quickstart` writes (its development settings: no feeds), with our
# site's name; no THEME, so Pelican's default theme (notmyidea).
STOCK_SETTINGS = '''AUTHOR = "HKSMEGA"
SITENAME = "Hong Kong Small and Medium Enterprises General Association"
SITEURL = ""

PATH = "content"

TIMEZONE = "Asia/Hong_Kong"

DEFAULT_LANG = "en"

# Feed generation is usually not desired when developing
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Blogroll
LINKS = (
    ("Pelican", "https://getpelican.com/"),
    ("Python.org", "https://www.python.org/"),
    ("Jinja2", "https://palletsprojects.com/p/jinja/"),
    ("You can modify those links in your config file", "#"),
)

# Social widget
SOCIAL = (
    ("You can add links in your config file", "#"),
    ("Another social link", "#"),
)

DEFAULT_PAGINATION = 10

# Uncomment following line if you want document-relative URLs when developing
# RELATIVE_URLS = True
'''


def write_corpus(project, stock, corpus):
    """Write the corpus into the copy of the project, each item beside its translation, and
    into the stock Pelican site, in English only (the photos: write_photos)."""
    folders = {name: content_folder(project, name) for name in ("news", "events")}
    for item in corpus:
        folder = folders[item.folder]
        (folder / f"{item.slug}.md").write_text(our_markdown(item), encoding="utf-8")
        (folder / f"{item.slug}.zh-hant.md").write_text(translated_markdown(item),
                                                         encoding="utf-8")
        target = stock / "content" / item.folder / f"{item.slug}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(stock_markdown(item), encoding="utf-8")
    (stock / "pelicanconf.py").write_text(STOCK_SETTINGS, encoding="utf-8")
    return folders


# The copy's settings take their cache folder (Pelican's CACHE_PATH, where our build keeps
# the photos it has made) from the environment, so that the bench gives each command the
# cache it means: an empty one (cold: the photos are made) or the one an earlier build
# filled (warm). The stock site's settings use no cache.
CACHE_VARIABLE = "HKSMEGA_BENCH_CACHE_PATH"
CACHE_SETTING = f"""

# Added by `invoke bench` to its throw-away copy of the project: the cache folder (which
# keeps the photos a build made), cold or warm as the bench sets it for each command.
import os as _bench_os  # noqa: E402
CACHE_PATH = (_bench_os.environ.get("{CACHE_VARIABLE}")
              or globals().get("CACHE_PATH", "cache"))
"""


def pin_cache_path(project):
    """Append CACHE_SETTING to the copy's settings files (the production settings import
    the development ones, and may set CACHE_PATH after them)."""
    for name in ("pelicanconf.py", "publishconf.py"):
        path = project / name
        if path.is_file():
            with open(path, "a", encoding="utf-8") as settings:
                settings.write(CACHE_SETTING)


def cache_env(folder):
    return {CACHE_VARIABLE: str(folder)}


def cache_files(folder):
    """{path: (size, mtime)} of every file under `folder` ({} when it is missing)."""
    files = {}
    for path in Path(folder).rglob("*"):
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            files[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return files


def written_between(before, after):
    """How many files are new or changed in `after`, a later cache_files()."""
    return sum(before.get(path) != facts for path, facts in after.items())


# What our builds print when they made photos ("... 5 pictures processed"), as they
# report Pipeline.build()'s pictures_made; they say nothing when they made none.
PROCESSED = re.compile(r"(\d+) pictures? processed")


def pictures_said(text):
    return sum(int(number) for number in PROCESSED.findall(text))


# --- Running and measuring a command --------------------------------------------------

@dataclass
class Run:
    """One command's figures: seconds of wall and CPU time; in MB, the largest resident set
    of any one of its processes, and the peak of the sum of all of them (see TreeMemory)."""

    ok: bool
    wall: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    tree_mb: float = 0.0
    note: str = ""
    said: str = ""  # what it printed
    pictures: int = 0  # the photos it said it processed (pictures_said)
    cache_written: int = 0  # files it wrote into the cache folder (written_between)


def child_env(extra=None):
    env = {**os.environ, "COLUMNS": "200", **(extra or {})}
    env.pop("PYTHONPATH", None)  # the copy's code, and only it
    return env


# The measured command runs under this small launcher, which forks it and reports its
# wait4 figures. Run straight from the bench (a large process once Playwright or pytest
# is loaded), its ru_maxrss would start at the bench's own: Linux carries the peak of
# the memory a process had before exec() (here, the parent's, shared by vfork) into it.
LAUNCHER = """
import json, os, sys, time
result, args = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(args[0], args)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(result, "w") as out:
    json.dump({"status": os.waitstatus_to_exitcode(status), "wall": time.perf_counter() - started,
               "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}, out)
"""


def tree_rss_mb(root, itself=True):
    """The sum of the resident sets (VmRSS) of process `root`'s descendants, and of `root`
    when `itself`, in MB, read from /proc (a process that ends meanwhile is skipped)."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as stat:
                    # ppid is the 4th field of stat, after "(command name)", which may hold spaces.
                    parents[int(name)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    total_kb = 0
    for pid in tree if itself else tree[1:]:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
                total_kb += next((int(line.split()[1]) for line in status
                                  if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError):
            continue
    return total_kb / 1024


class TreeMemory(threading.Thread):
    """Every SAMPLE_SECONDS until stopped, the sum of the resident sets of a process tree
    (tree_rss_mb); `.peak_mb` is the largest sum seen. A `with` block samples while it runs."""

    def __init__(self, root, itself=True):
        super().__init__(daemon=True)
        self.root, self.itself, self.peak_mb, self.done = root, itself, 0.0, threading.Event()

    def run(self):
        while True:
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.root, self.itself))
            if self.done.wait(SAMPLE_SECONDS):
                return

    def stop(self):
        self.done.set()
        self.join()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def run_measured(args, cwd, log_path, timeout, env=None, cache=None):
    """Run `args` in a new process group and measure it with wait4: wall time, user+sys
    CPU time and the largest RSS of any one process, its descendants' included; and, by
    sampling /proc, the peak of the sum of their RSS. A timeout kills the group. `env`:
    more environment variables; `cache`: the cache folder it uses, to count the files it
    writes there."""
    result = Path(log_path).with_name("last-run.json")
    result.unlink(missing_ok=True)
    cached = cache_files(cache) if cache else {}
    with open(log_path, "ab") as log:
        log.write(f"\n$ {' '.join(map(str, args))}\n".encode())
        log.flush()
        start = log.tell()
        launcher = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER, str(result),
                                     *map(str, args)],
                                    cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                    env=child_env(env), start_new_session=True)
        with TreeMemory(launcher.pid, itself=False) as memory:  # the command, not the launcher
            try:
                launcher.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(launcher.pid, signal.SIGKILL)  # the group started above, and only it
                launcher.wait()
                return Run(ok=False, wall=timeout, note=f"timed out after {timeout:.0f} s")
    try:
        figures = json.loads(result.read_text())
    except (OSError, ValueError):
        return Run(ok=False, note=f"the launcher failed (exit status {launcher.returncode})")
    said = log_from(log_path, start)
    run = Run(ok=figures["status"] == 0, wall=figures["wall"], cpu=figures["cpu"],
              peak_mb=figures["maxrss_kb"] / 1024, tree_mb=memory.peak_mb, said=said,
              pictures=pictures_said(said),
              cache_written=written_between(cached, cache_files(cache)) if cache else 0)
    if not run.ok:
        run.note = f"exit status {figures['status']}"
    return run


def log_from(path, offset):
    """What was written to the log file `path` after `offset`."""
    try:
        with open(path, "rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def log_tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(encoding="utf-8", errors="replace")
                         .splitlines()[-lines:])
    except OSError:
        return ""


def cold_build(cwd, args, output, log_path, timeout, cache=None, empty_cache=False):
    """A build in a new process into an emptied output folder (Pelican's content cache is
    not on). Our build keeps the photos it makes in `cache` (stock Pelican has none):
    emptied first when `empty_cache` (a cold image cache), else as earlier builds left it."""
    shutil.rmtree(output, ignore_errors=True)
    if cache and empty_cache:
        shutil.rmtree(cache, ignore_errors=True)
    return run_measured(args, cwd, log_path, timeout, cache_env(cache) if cache else None,
                        cache)


# --- The dev server ------------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=2.0):
    """The page's text, or "" when the server does not answer in time."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def text_of(path):
    """A built page's text; "" while a rebuild has emptied the output folder."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return ""


def wait_until(condition, deadline, step=0.01):
    """Seconds waited until `condition()` holds, or None when `deadline` passes first."""
    started = time.perf_counter()
    while not condition():
        if time.monotonic() > deadline:
            return None
        time.sleep(step)
    return time.perf_counter() - started


class Poller(threading.Thread):
    """Fetches `url` from the server until it contains `text`; `.seconds` since `saved`."""

    def __init__(self, url, text, saved, deadline):
        super().__init__(daemon=True)
        self.url, self.text, self.saved, self.deadline = url, text, saved, deadline
        self.seconds = None

    def run(self):
        while time.monotonic() < self.deadline:
            if self.text in fetch(self.url, timeout=min(2.0, max(0.1, self.deadline
                                                               - time.monotonic()))):
                self.seconds = time.perf_counter() - self.saved
                return
            time.sleep(0.02)


class Browser:
    """Headless Chromium (Playwright) with one tab, showing one page of the dev server."""

    def __init__(self, url, chromium):
        self.url, self.chromium = url, chromium
        self.version, self.page, self._playwright, self._browser = "", None, None, None
        self.last_load = time.monotonic()

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=self.chromium, headless=True, args=CHROMIUM_ARGS)
        self.version = self._browser.version
        self.page = self._browser.new_page()
        self.page.on("load", lambda _page: setattr(self, "last_load", time.monotonic()))
        self.page.goto(self.url, timeout=60_000)
        self.last_load = time.monotonic()
        return self

    def open(self, url):
        """Show `url` in the tab, unless it already does."""
        if self.page.url != url:
            self.page.goto(url, timeout=60_000)
            self.last_load = time.monotonic()

    def settle(self, quiet, at_most=30):
        """Wait until the tab has not reloaded for `quiet` seconds (at most `at_most`),
        so that the next edit's reload is its own."""
        deadline = time.monotonic() + at_most
        while (left := min(self.last_load + quiet, deadline) - time.monotonic()) > 0:
            self.page.wait_for_timeout(left * 1000)  # lets Playwright note a "load" meanwhile

    def shows(self, text, deadline):
        """Seconds until the page's text includes `text` (the tab reloads itself when
        the dev server says a build finished), or None at the deadline."""
        from playwright.sync_api import Error
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        started = time.perf_counter()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                self.page.wait_for_function(
                    "t => document.body && document.body.innerText.includes(t)", arg=text,
                    timeout=left * 1000, polling=10)
                return time.perf_counter() - started
            except PlaywrightTimeout:
                return None
            except Error:  # the page navigated (reloaded) while being looked at: look again
                time.sleep(0.01)

    def __exit__(self, *exc):
        if self._browser:
            self._browser.close()
        if self._playwright:
            self._playwright.stop()


def append_paragraph(path, text):
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def retitle(path, title):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", lambda _: f"title: {yaml_value(title)}", text, count=1)
    path.write_text(text, encoding="utf-8")


def vm_hwm_mb(group):
    """The largest peak resident set so far (VmHWM) of the processes in process group
    `group`, in MB; 0 when unreadable."""
    peak = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            # pgrp is the 5th field of stat, after "(command name)", which may hold spaces.
            if int((proc / "stat").read_text().rsplit(")", 1)[1].split()[2]) != group:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except (OSError, ValueError, IndexError):
            continue
    return peak


def stop_group(process):
    """SIGTERM the process group started for `process`, SIGKILL it after 10 s."""
    try:
        os.killpg(process.pid, signal.SIGTERM)  # the session started for it, and only it
        process.wait(10)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class DevFigures:
    startup: Run = None
    disk: list = field(default_factory=list)          # body edit: saved -> page file written
    tab: list = field(default_factory=list)           # body edit: saved -> open tab shows it
    title_tab: list = field(default_factory=list)     # title edit: saved -> open tab shows it
    home: list = field(default_factory=list)          # title edit: saved -> / served shows it
    index: list = field(default_factory=list)         # title edit: saved -> /news/ shows it
    zh_tab: list = field(default_factory=list)        # translation edit: -> /zh-hant/ tab
    hans: list = field(default_factory=list)          # translation edit: -> /zh-hans/ served
    photo: list = field(default_factory=list)         # a photo saved again: -> site rebuilt
    pictures: int = None  # photos the server said it processed (its first build included)
    cache_written: int = None  # files it wrote into the image cache meanwhile
    peak_mb: float = 0.0  # the largest VmHWM of any one of the server's processes
    tree_mb: float = 0.0  # the peak of the sum of their resident sets (TreeMemory)
    builds: int = 0      # how many times the server built the site before its peak was read
    failures: list = field(default_factory=list)
    browser: str = ""


# The dev server's line after each build: "Built in 0.52 s (3 pages written)."
BUILT = re.compile(r"Built in [\d.]+ s \((\d+) pages? written")


def measure_dev_server(project, item, source, runs, startup_timeout, edit_timeout, log_path,
                       chromium, cache=None, photo=None):
    """Start `invoke livereload` in the copy, open `item`'s page in Chromium, and time
    `runs` body edits and `runs` title edits of its Markdown file `source`, then, with the
    tab on the item's Traditional Chinese page, `runs` edits of its translation (a sentence
    with 會議, which the Simplified page must show as 会议). Then `photo` (a file the item
    shows) is saved again unchanged, and the whole site's rebuild is timed. `cache`: the
    cache folder the server is given (warm: an earlier build made the photos); whatever
    the server writes there, and the photos it says it processed, are counted."""
    figures = DevFigures()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    built = project / "output" / item.folder / item.slug / "index.html"
    translation = source.with_name(f"{item.slug}.zh-hant.md")
    pages = {"body": base + item.url, "title": base + item.url,
             "translation": f"{base}/zh-hant{item.url}"}
    log = open(log_path, "ab")  # noqa: SIM115 (closed below)
    log.write(f"\n$ python -m invoke livereload --port {port}\n".encode())
    log.flush()
    log_start = log.tell()
    cached = cache_files(cache) if cache else {}
    started = time.perf_counter()
    # Unbuffered: each build's line is in the log as it is printed (a photo's rebuild is
    # timed by it).
    server = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT,
                              env=child_env({**(cache_env(cache) if cache else {}),
                                             "PYTHONUNBUFFERED": "1"}),
                              start_new_session=True)
    memory = TreeMemory(server.pid)
    memory.start()
    try:
        waited = wait_until(lambda: server.poll() is not None or fetch(base + item.url, 1.0),
                            time.monotonic() + startup_timeout, step=0.1)
        figures.startup = Run(ok=waited is not None and server.poll() is None,
                              wall=time.perf_counter() - started)
        figures.builds = 1
        if not figures.startup.ok:
            figures.startup.note = ("the server stopped" if server.poll() is not None
                                    else f"no page after {startup_timeout:.0f} s")
            figures.failures.append(f"dev server start: {figures.startup.note}")
            return figures
        with Browser(base + item.url, chromium) as browser:
            figures.browser = f"Chromium {browser.version}"
            for run in range(runs):
                for variant in ("body", "title", "translation"):
                    browser.open(pages[variant])
                    browser.settle(PAUSE_BETWEEN_EDITS)
                    marker = f"bench{run}{variant}{time.time_ns()}"
                    deadline = time.monotonic() + edit_timeout
                    pollers, on_disk = [], None
                    if variant == "body":
                        append_paragraph(source, f"Edited for the benchmark: {marker}.")
                    elif variant == "title":
                        retitle(source, f"Edited title {marker}")
                    else:
                        append_paragraph(translation, f"為基準測試修改的會議{marker}。")
                    saved = time.perf_counter()
                    figures.builds += 1
                    if variant == "title":
                        pollers = [Poller(base + "/", marker, saved, deadline),
                                   Poller(base + f"/{item.folder}/", marker, saved, deadline)]
                    elif variant == "translation":  # converted to Simplified by OpenCC
                        pollers = [Poller(f"{base}/zh-hans{item.url}", f"会议{marker}", saved,
                                          deadline)]
                    for poller in pollers:
                        poller.start()
                    if variant == "body":
                        on_disk = wait_until(lambda m=marker: m in text_of(built), deadline)
                    shown = browser.shows(f"會議{marker}" if variant == "translation" else marker,
                                          deadline)
                    shown = None if shown is None else time.perf_counter() - saved
                    for poller in pollers:
                        poller.join(max(0.0, deadline - time.monotonic()) + 3)
                    if variant == "body":
                        results = {"tab": shown, "disk": on_disk}
                    elif variant == "title":
                        results = {"title_tab": shown, "home": pollers[0].seconds,
                                   "index": pollers[1].seconds}
                    else:
                        results = {"zh_tab": shown, "hans": pollers[0].seconds}
                    for name, seconds in results.items():
                        if seconds is None:
                            figures.failures.append(
                                f"{variant} edit {run + 1}: {name} not current within "
                                f"{edit_timeout:.0f} s")
                        else:
                            getattr(figures, name).append(seconds)
            if photo is not None:
                browser.settle(PAUSE_BETWEEN_EDITS)
                resave_photo(photo, log_path, log_start, startup_timeout, figures)
    except Exception as error:  # noqa: BLE001 (a broken browser is a failure in the report)
        figures.failures.append(f"dev server: {type(error).__name__}: {error}")
    finally:
        # Not the server's ru_maxrss: it would start at the bench's own (see LAUNCHER).
        figures.peak_mb = vm_hwm_mb(server.pid)
        memory.stop()
        figures.tree_mb = memory.peak_mb
        stop_group(server)
        log.close()
        figures.pictures = pictures_said(log_from(log_path, log_start))
        if cache:
            figures.cache_written = written_between(cached, cache_files(cache))
    return figures


def resave_photo(photo, log_path, log_start, timeout, figures):
    """Save `photo` again, unchanged, as an editor's program may: the dev server rebuilds
    the whole site (a file under content/images/ changed), and its photos should all come
    from the image cache. Times the save until the server's line for a build of about as
    many pages as its first (the whole site: not a quick build still finishing)."""
    first = BUILT.search(log_from(log_path, log_start))
    if first is None:
        figures.failures.append("photo saved again: the dev server's first build said "
                                "nothing that could be read")
        return
    whole_site = int(first.group(1)) / 2
    offset = Path(log_path).stat().st_size
    photo.write_bytes(photo.read_bytes())
    figures.builds += 1
    seconds = wait_until(lambda: any(int(pages) >= whole_site for pages in BUILT.findall(
        log_from(log_path, offset))), time.monotonic() + timeout, step=0.02)
    if seconds is None:
        figures.failures.append(f"photo saved again: the site was not rebuilt within "
                                f"{timeout:.0f} s")
    else:
        figures.photo.append(seconds)


def in_thread(function, *args):
    """Run `function` in a thread of its own (Playwright's sync API refuses to start in a
    thread that already runs an asyncio loop, as a test session's browser may)."""
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # noqa: BLE001 (re-raised below)
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- The report ----------------------------------------------------------------------

def median(values):
    return statistics.median(values) if values else None


def machine():
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip()
                    for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal:")))
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    system = platform.platform(terse=True)
    try:
        release = Path("/etc/os-release").read_text()
        found = re.search(r'^PRETTY_NAME="?([^"\n]*)', release, re.MULTILINE)
        system = found.group(1) if found else system
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cores} CPU cores ({cpu or platform.machine()}){memory}, {system}, "
            f"Python {platform.python_version()}")


def package_version(name):
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001
        return "?"


def seconds(value):
    return "failed" if value is None else f"{value:.2f} s"


def each(values, unit=""):
    return ", ".join(f"{v:.2f}{unit}" for v in values) if values else "none"


def verdict(value, target):
    if value is None:
        return "not measured"
    return "met" if value <= target else "not met"


def figure_rows(figures):
    """(what, median, each run, target, met) for every row of the report's table."""
    ours, stock, check, dev = (figures[name] for name in ("ours", "stock", "check", "dev"))
    ours_cold, photos = figures.get("ours_cold", []), figures.get("photos", 0)

    def ok(runs):
        return [run for run in runs if run.ok]

    def runs_row(what, runs, attribute, unit=" s", target="", met=""):
        values = [getattr(run, attribute) for run in ok(runs)]
        failed = [run.note for run in runs if not run.ok]
        listed = each(values) + (f"; failed: {', '.join(failed)}" if failed else "")
        middle = median(values)
        shown = "failed" if middle is None else f"{middle:.2f}{unit}"
        return (what, shown, listed, target, met)

    ours_wall, stock_wall = median([r.wall for r in ok(ours)]), median([r.wall for r in ok(stock)])
    ours_cpu, stock_cpu = median([r.cpu for r in ok(ours)]), median([r.cpu for r in ok(stock)])
    check_cpu = median([r.cpu for r in ok(check)])
    wall_ratio = ours_wall / stock_wall if ours_wall and stock_wall else None
    cpu_ratio = ours_cpu / stock_cpu if ours_cpu and stock_cpu else None
    check_ratio = check_cpu / ours_cpu if check_cpu and ours_cpu else None
    pairs = [(o, s) for o, s in zip(ours, stock) if o.ok and s.ok and s.cpu and s.wall]
    # The photos' cost: each round's build with a cold image cache less its build with a
    # warm one, for each photo.
    cold_pairs = [(c, w) for c, w in zip(ours_cold, ours) if c.ok and w.ok] if photos else []
    per_photo = {name: [(getattr(c, name) - getattr(w, name)) / photos for c, w in cold_pairs]
                 for name in ("wall", "cpu")}
    made = sorted({run.pictures for run in ours_cold if run.ok})
    names = ("our production build", "stock Pelican", "`invoke check`",
             "our production build with a cold image cache")
    measured = (ours, stock, check, ours_cold)
    trees = {name: max((r.tree_mb for r in runs), default=0)
             for name, runs in zip(names, measured)}
    trees["the dev server"] = dev.tree_mb
    singles = {name: max((r.peak_mb for r in runs), default=0)
               for name, runs in zip(names, measured)}
    singles["the dev server"] = dev.peak_mb
    tree_peak, single_peak = max(trees.values()) or None, max(singles.values()) or None
    tab, zh_tab, home, index = (median(values) for values in (dev.tab, dev.zh_tab, dev.home,
                                                               dev.index))
    slowest_index = None if home is None or index is None else max(home, index)
    startup = dev.startup
    # What the server said it processed, and (the check that it made none unsaid) what
    # it wrote into the image cache: both none.
    if dev.pictures is None or dev.cache_written is None:
        dev_pictures, dev_said, dev_met = "not measured", "", "not measured"
    else:
        dev_pictures = str(dev.pictures)
        dev_said = (f"files written into the image cache meanwhile: {dev.cache_written}"
                    + (f", {len(dev.photo)} whole-site rebuild(s) after the photo was saved"
                       if dev.photo else ""))
        dev_met = "met" if dev.pictures == 0 and dev.cache_written == 0 else "not met"

    def megabytes(peaks):
        largest = max(peaks, key=peaks.get)
        return (", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks.items())
                + f" (the dev server after {dev.builds} builds); largest: {largest}")

    return [
        runs_row("Our cold production build, three sites (`invoke build --production`): wall",
                 ours, "wall"),
        runs_row("Our cold production build: CPU (all its processes)", ours, "cpu"),
        runs_row("Stock Pelican 4.12, quickstart settings, default theme, English only: wall",
                 stock, "wall"),
        runs_row("Stock Pelican: CPU", stock, "cpu"),
        ("Ours / stock, wall time", "failed" if wall_ratio is None else f"{wall_ratio:.2f}×",
         each([o.wall / s.wall for o, s in pairs], "×"), f"≤ {TARGET_BUILD_RATIO:.1f}×",
         verdict(wall_ratio, TARGET_BUILD_RATIO)),
        ("Ours / stock, CPU time", "failed" if cpu_ratio is None else f"{cpu_ratio:.2f}×",
         each([o.cpu / s.cpu for o, s in pairs], "×"), "", ""),
        runs_row("Our production build with a cold image cache (the first build after the "
                 "photos were added): wall", ours_cold, "wall"),
        runs_row("Our production build with a cold image cache: CPU (all its processes)",
                 ours_cold, "cpu"),
        ("Making the photos (cold image cache − warm), per photo: wall",
         seconds(median(per_photo["wall"])),
         each(per_photo["wall"]) + (f"; photos processed: {', '.join(map(str, made))}"
                                    if made else ""), "", ""),
        ("Making the photos (cold image cache − warm), per photo: CPU",
         seconds(median(per_photo["cpu"])), each(per_photo["cpu"]), "", ""),
        runs_row("`invoke check`: CPU", check, "cpu"),
        runs_row("`invoke check`: wall", check, "wall"),
        ("`invoke check` / one production build, CPU time",
         "failed" if check_ratio is None else f"{check_ratio:.2f}×", "",
         f"≤ {TARGET_CHECK_RATIO:.1f}×", verdict(check_ratio, TARGET_CHECK_RATIO)),
        ("Dev server (`invoke livereload`): start, first build, until the page is served",
         "failed" if not startup or not startup.ok else f"{startup.wall:.2f} s",
         startup.note if startup and not startup.ok else "", "", ""),
        ("Dev server: English body edit saved → page rebuilt on disk", seconds(median(dev.disk)),
         each(dev.disk), "", ""),
        ("Dev server: English body edit saved → shown in the open tab (`/news/<slug>/`)",
         seconds(tab), each(dev.tab), f"≤ {TARGET_TAB_SECONDS:.1f} s",
         verdict(tab, TARGET_TAB_SECONDS)),
        ("Dev server: English title edit saved → shown in the open tab",
         seconds(median(dev.title_tab)), each(dev.title_tab), f"≤ {TARGET_TAB_SECONDS:.1f} s",
         verdict(median(dev.title_tab), TARGET_TAB_SECONDS)),
        ("Dev server: English title edit saved → home page (/) served with it", seconds(home),
         each(dev.home), f"≤ {TARGET_INDEX_SECONDS:.1f} s (both)",
         verdict(slowest_index, TARGET_INDEX_SECONDS)),
        ("Dev server: English title edit saved → news index (/news/) served with it",
         seconds(index), each(dev.index), f"≤ {TARGET_INDEX_SECONDS:.1f} s (both)",
         verdict(slowest_index, TARGET_INDEX_SECONDS)),
        ("Dev server: translation edit saved → shown in the open tab (`/zh-hant/news/<slug>/`)",
         seconds(zh_tab), each(dev.zh_tab),
         f"≤ {TARGET_TAB_SECONDS:.1f} s", verdict(zh_tab, TARGET_TAB_SECONDS)),
        ("Dev server: translation edit saved → `/zh-hans/news/<slug>/` served with it, converted",
         seconds(median(dev.hans)), each(dev.hans), "", ""),
        ("Dev server: the news item's photo saved again, unchanged → whole site rebuilt",
         seconds(median(dev.photo)), each(dev.photo), "", ""),
        ("Dev server: photos processed (its first build, its rebuilds after all the saves above)",
         dev_pictures, dev_said, "0", dev_met),
        ("Peak memory, all processes of a command together (largest sum of their resident sets)",
         "failed" if tree_peak is None else f"{tree_peak:.0f} MB",
         megabytes(trees), f"≤ {TARGET_PEAK_MB} MB", verdict(tree_peak, TARGET_PEAK_MB)),
        ("Peak memory of any one process (largest resident set)",
         "failed" if single_peak is None else f"{single_peak:.0f} MB", megabytes(singles),
         "", ""),
    ]


def render(figures, runs, items, corpus_facts, started, finished, load):
    rows = figure_rows(figures)
    dev = figures["dev"]
    lines = [
        "<!-- bench: scale -->",
        "## Scale: builds, checks and the dev server on a large corpus",
        "",
        f"Measured by `invoke bench --items {items} --runs {runs}` on "
        f"{started:%Y-%m-%d %H:%M} UTC ({(finished - started).total_seconds() / 60:.0f} min): "
        f"{machine()}; Pelican {package_version('pelican')}, "
        f"{dev.browser or 'no browser'}. Load average {load[0]:.2f} at the start and "
        f"{load[1]:.2f} at the end: the cores are shared with other work, which adds noise.",
        "",
        f"Corpus: {corpus_facts}. Each figure is the median of {runs} run(s); "
        "the builds alternate ours, stock, `invoke check` and ours with a cold image cache "
        "in each round, after one untimed warm-up build of each (bytecode compiled, files in "
        "the page cache). A cold build is a new process writing into an empty output folder, "
        "with no Pelican content cache. Our build keeps the photos it makes in an image cache "
        "(in Pelican's `CACHE_PATH`, which the bench sets for each command): our cold "
        "production build, `invoke check` and the dev server find them there, made by the "
        "warm-up build, as every build does but the first after a photo is added; the build "
        "with a cold image cache starts with an empty one, as that first build does, and "
        "makes every photo.",
        "",
        "| What | Median | Each run | Target | Met |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {what} | {middle} | {listed} | {target} | {met} |"
          for what, middle, listed, target, met in rows),
        "",
        "Our production build writes three sites: English at /, Traditional Chinese at "
        "/zh-hant/ and Simplified Chinese at /zh-hans/ (converted from the Traditional text "
        "by OpenCC), the languages in parallel processes. Stock Pelican builds the generated "
        "English items only (the same Markdown, with Pelican's `Title:`, `Date:`, `Slug:` and "
        "`Summary:` headers): not the translations, nor the site's own pages; it also writes "
        "tag, author, category and archive pages, and the index of all articles, which we do "
        "not, and we validate every file and check every link. The build's target is on wall "
        f"time: three sites in at most {TARGET_BUILD_RATIO:.1f}× the time stock Pelican takes "
        "for one, on these cores, with the photos in the image cache (our build copies their "
        "files from it; stock Pelican copies the original photos as static files). The first "
        "build after photos are added makes them (every width in AVIF, WebP and JPEG, turned "
        "upright, without metadata): that cost is the build with a cold image cache, and, per "
        "photo, its difference from the same round's build with a warm one. CPU time is user + "
        "system time of the process and of every process it started and waited for "
        "(`wait4`): all the languages' work, and the processes that make the photos. `invoke "
        "check`'s CPU time is compared with one production build's.",
        "",
        f"Peak memory, all processes together: every {SAMPLE_SECONDS * 1000:.0f} ms the "
        "resident sets (VmRSS, from /proc) of the measured command and all its descendants "
        "(the build's parent and its workers; the dev server and what it starts) are summed, "
        "and the largest sum is kept. Pages a forked process shares with its parent count in "
        "each, so the sum errs high; a peak shorter than the interval can be missed. The "
        "one-process figure is each process's largest resident set (`ru_maxrss`, and VmHWM for "
        "the dev server's processes, which grows with every rebuild). Chromium is not counted.",
        "",
        "The dev server is timed with one Chromium tab open, which reloads itself when the "
        "server says a build ended: on the edited item's English page for the English edits "
        "(a paragraph appended to its Markdown file, then its title changed), then on its "
        "Traditional Chinese page for the edits of its translation (a sentence with 會議 "
        "appended to `<slug>.zh-hant.md`). The home page and the news index (title edit) "
        "and the Simplified Chinese page (translation edit: it must show 会议, the conversion "
        "of 會議, with the edit's marker) are timed by fetching them from the server until "
        "they show the edit. The edited news item shows a photo. Last, that photo is saved "
        "again unchanged, and the whole site's rebuild, which the server starts for any file "
        "of content/images/, is timed until the server prints that it is built. Photos "
        "processed by the dev server: the number its builds printed (our builds print how "
        "many photos they processed, from Pipeline.build()'s `pictures_made`, when there are "
        "any), and the files it wrote into the image cache meanwhile; both should be none, "
        "as every photo was in the cache when it started.",
    ]
    failures = [*figures.get("failures", []), *dev.failures]
    if failures:
        lines += ["", "Failures: " + "; ".join(failures) + "."]
    lines += ["<!-- /bench: scale -->", ""]
    return "\n".join(lines)


def write_report(path, section):
    """Put `section` in place of the old one, else at the end; other sections stay."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if SECTION.search(text):
        text = SECTION.sub(lambda _: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def describe_corpus(corpus, schema_fields, photos=(), sizes=(), photo_size=PHOTO_SIZE):
    """The report's description of the corpus: its items, and the photos (their sizes in
    bytes) they show."""
    items = len(corpus)
    words = statistics.mean(len(item.body.split()) for item in corpus)
    characters = statistics.mean(len(item.zh_body) for item in corpus)
    news = sum(item.folder == "news" for item in corpus)
    fields = "read from the schema" if schema_fields else "left out"
    facts = (f"{items} generated items ({news} news items, {items - news} events; "
             f"{words:.0f} words of Markdown each on average, with headings, lists "
             f"and links; event kinds and roles {fields}), each with its Traditional "
             "Chinese translation beside it (`<slug>.zh-hant.md`: a Chinese title "
             f"and summary, an event's city in Chinese, and {characters:.0f} "
             "characters of Markdown on average with the same headings, lists and "
             "links), added to the site's own content")
    if not photos:
        return facts
    gallery = sum(photo.address.startswith("/images/events/") for photo in photos)
    return facts + (
        f"; and {len(photos)} large photos as a phone takes them (JPEG, "
        f"{photo_size[0]} × {photo_size[1]} pixels, {statistics.mean(sizes) / 1e6:.1f} "
        f"MB on average, {sum(photo.orientation != 1 for photo in photos)} of them "
        "stored on their side with an EXIF orientation; a GPS position and a serial "
        "number; generated from a seed, the same in every run: soft light, blurred "
        "shapes, texture and noise): the lead photo (`image`, `image_alt` in both "
        "languages, `image_consent`) of the news item the dev server's edits change "
        f"and of {len(photos) - gallery - 1} event(s), and {gallery} in an event's "
        "folder, which its `gallery` describes; stock Pelican gets the same files in "
        "its content/images/, which it copies as static files")


# --- The whole run -------------------------------------------------------------------

def run_benchmarks(root, runs, report_path, items=DEFAULT_ITEMS, *, workdir=None,
                   chromium=None, photos=PHOTOS, photo_size=PHOTO_SIZE):
    """Measure on a copy of the project at `root` with `items` generated news items and
    events and `photos` large photos (of `photo_size`: smaller in the tests), `runs` times
    each, and write the figures into `report_path`'s scale section. `workdir` (kept
    afterwards) instead of a temporary folder, to look at the copy. Returns the table's
    rows."""
    root, runs, items = Path(root).resolve(), max(1, int(runs)), max(2, int(items))
    chromium = chromium or os.environ.get("CHROMIUM", "/usr/bin/chromium")
    started, load_start = datetime.datetime.now(datetime.UTC), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="hksmega-bench-") as tmp:
        base = Path(workdir) if workdir else Path(tmp)
        project, stock = base / "project", base / "stock"
        shutil.rmtree(project, ignore_errors=True)
        shutil.rmtree(stock, ignore_errors=True)
        project.mkdir(parents=True)
        stock.mkdir(parents=True)
        copy_project(root, project)
        kinds, roles = (schema_choices(project, "EVENT_KINDS"),
                        schema_choices(project, "EVENT_ROLES"))
        corpus = make_corpus(items, kinds, roles)
        shown = add_photos(corpus, photos)
        folders = write_corpus(project, stock, corpus)
        made = time.perf_counter()
        sizes = write_photos(shown, (project, stock), photo_size)
        made = time.perf_counter() - made
        pin_cache_path(project)
        caches = {"warm": base / "cache-warm", "cold": base / "cache-cold"}
        corpus_facts = describe_corpus(corpus, bool(kinds), shown, sizes, photo_size)
        print(f"Measuring on {base}: {corpus_facts}.", flush=True)
        if shown:
            print(f"The photos took {made:.1f} s to make (not measured).", flush=True)
        log = base / "bench.log"
        build_timeout = 120 + 2.0 * items
        # The photos are made once per build with a cold image cache: a minute each at most.
        cold_timeout = build_timeout + 60 * len(shown)
        python = sys.executable
        ours_args = [python, "-m", "invoke", "build", "--production"]
        stock_args = [python, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"]
        check_args = [python, "-m", "invoke", "check"]

        figures = {"ours": [], "stock": [], "check": [], "ours_cold": [],
                   "photos": len(shown), "failures": []}
        # The warm-up build of ours makes the photos into the warm image cache, which every
        # later command but the cold one finds them in.
        for name, cwd, args, cache in (("our build", project, ours_args, caches["warm"]),
                                       ("stock Pelican", stock, stock_args, None)):
            warm = cold_build(cwd, args, cwd / "output", log, cold_timeout, cache,
                              empty_cache=True)
            if not warm.ok:
                print(f"The warm-up {name} failed ({warm.note}):\n{log_tail(log)}",
                      file=sys.stderr, flush=True)
        if shown and not cache_files(caches["warm"]):
            figures["failures"].append(
                "the warm-up build wrote nothing into the image cache the bench set "
                f"({CACHE_VARIABLE}): the cache figures are not what they say")
        for round_ in range(runs):
            for name, cwd, args, cache in (
                    ("ours", project, ours_args, caches["warm"]),
                    ("stock", stock, stock_args, None),
                    ("check", project, check_args, caches["warm"]),
                    *([("ours_cold", project, ours_args, caches["cold"])] if shown else [])):
                if name == "check":
                    run = run_measured(args, cwd, log, build_timeout * 3, cache_env(cache),
                                       cache)
                else:
                    run = cold_build(cwd, args, cwd / "output", log,
                                     cold_timeout if name == "ours_cold" else build_timeout,
                                     cache, empty_cache=name == "ours_cold")
                figures[name].append(run)
                cached = ""
                if cache:
                    cached = (f", {run.pictures} photo(s) processed, {run.cache_written} "
                              "file(s) written into the image cache")
                print(f"round {round_ + 1}/{runs} {name}: "
                      + (f"CPU {run.cpu:.2f} s, wall {run.wall:.2f} s, peak {run.peak_mb:.0f} MB"
                         f"{cached}" if run.ok else f"failed ({run.note})"), flush=True)
                if not run.ok:
                    print(log_tail(log), file=sys.stderr, flush=True)
                elif name == "ours_cold" and not run.cache_written:
                    figures["failures"].append(
                        f"round {round_ + 1}: the build with a cold image cache wrote nothing "
                        "into it: it did not use the cache folder the bench set")
                elif cache and name != "ours_cold" and (run.cache_written or run.pictures):
                    figures["failures"].append(
                        f"round {round_ + 1}: {name} processed {run.pictures} photo(s) and "
                        f"wrote {run.cache_written} file(s) into the warm image cache: the "
                        "photos were made again")

        build_wall = median([r.wall for r in figures["ours"] if r.ok])
        edited = corpus[0]
        if build_wall is None:
            figures["dev"] = DevFigures(
                failures=["dev server not measured: the corpus did not build"])
        else:
            photo = project / "content" / shown[0].path if shown else None
            figures["dev"] = in_thread(
                measure_dev_server, project, edited, folders[edited.folder] / f"{edited.slug}.md",
                runs, 120 + 3 * build_wall, 30 + 3 * build_wall, log, chromium,
                caches["warm"] if shown else None, photo)
        for failure in figures["failures"] + figures["dev"].failures:
            print(f"failure: {failure}", file=sys.stderr, flush=True)
    finished = datetime.datetime.now(datetime.UTC)
    section = render(figures, runs, items, corpus_facts, started, finished,
                     (load_start, os.getloadavg()[0]))
    write_report(report_path, section)
    print(section)
    print(f"Written to {report_path}")
    return figure_rows(figures)
