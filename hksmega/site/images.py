"""Photos: every picture in content/images/, made ready for readers once, whichever
languages' pages show it.

An editor drops a 6 MB phone photo into content/images/. Readers get, at the
picture's own address (/images/booth.jpg), a copy no larger than FULL_SIZE, and
beside it the widths a page offers in `srcset` (booth.800w.avif, .webp and a
JPEG, or a PNG for a picture with transparency). Every published copy is turned
upright as the camera's EXIF orientation says, and carries no metadata: no GPS
position, no camera serial number, no comment. The original is never published.

The pipeline (build.py) reads the pictures once per build, before the languages'
runs, so every page knows each picture's size (`width` and `height`, so nothing
jumps while it loads); after the runs it makes the files and copies them into
the output, at the root, for every language. Made files are kept in a cache
folder keyed by the picture's bytes and by RECIPE, the widths and encoder
settings below: a picture is processed once, not once per build or per language,
and the dev server never processes an unchanged one again.
"""

import hashlib
import io
import json
import os
import shutil
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import PIL
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from hksmega.problems import ContentError, Problem

# The pictures the pipeline reads, by suffix: the format it publishes at the picture's
# own address. (PDFs in content/images/ are published as they are, by Pelican.)
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP",
           ".avif": "AVIF", ".gif": "GIF"}
# The widths a page offers (`srcset`): a phone at 1x to a wide screen at 2x. The
# content column is 42rem (672 px), so 1600 covers it at 2x with room to spare.
WIDTHS = (400, 800, 1200, 1600)
# The copy at the picture's own address, which a gallery links to as "full size": its
# longer side as long as a large screen is wide, and half (or a quarter) of what
# phones take (4000, 4032 or 8064), so that a JPEG is decoded at that scale at once
# (Image.draft), with a quarter of the memory and time.
FULL_SIZE = 2000
# The width shared on social networks (og:image): Open Graph recommends 1200.
SHARE_WIDTH = 1200
# Modern formats first: a browser takes the first it knows (<picture>); JPEG or PNG
# for the rest. Quality settings that keep a photo clean at about a tenth of its size.
MODERN = ("AVIF", "WEBP")
ENCODER = {
    "AVIF": {"quality": 55, "speed": 8},  # 6 (the default) is 4x slower for 5% less
    "WEBP": {"quality": 78, "method": 4},
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "GIF": {"optimize": True},
}
SUFFIX = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png", "GIF": "gif"}
MIME = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg",
        "PNG": "image/png", "GIF": "image/gif"}
# Bump when the code that makes the files changes what it makes.
RECIPE_VERSION = 2
RECIPE = hashlib.sha256(json.dumps(
    [RECIPE_VERSION, WIDTHS, FULL_SIZE, ENCODER, PIL.__version__]).encode()).hexdigest()[:10]
# Over these, a picture is slow to process and likely not what the editor meant to add
# (a scan at print resolution, a panorama): `invoke check` warns.
LARGE_BYTES = 20_000_000
LARGE_PIXELS = 40_000_000
# Pillow refuses, as a likely decompression bomb, what is over twice its own limit; a
# picture over the limit is read, with a warning of Pillow's we do not need (ours is above).
warnings.simplefilter("ignore", Image.DecompressionBombWarning)
READABLE = ("a picture the site can read: a JPEG, PNG, WebP, AVIF or GIF file, "
            "saved whole (open it on a computer and save it again)")
# EXIF orientations that turn the picture a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Variant:
    """One published file of a picture: its address under the output root, its size, and
    its name in the picture's cache folder (which two pictures of the same bytes share)."""

    path: str
    width: int
    height: int
    format: str
    cache_name: str

    @property
    def mime(self):
        return MIME[self.format]

    @property
    def href(self):
        """Its address as a link writes it: "IMG 1.jpg" is "IMG%201.jpg" (a space would
        end an address in srcset)."""
        return quote(self.path)


@dataclass(frozen=True)
class Picture:
    """One picture of content/images/, as read (its pixels are not decoded until made)."""

    source: str  # the file
    path: str  # its address under the output root: images/booth.jpg
    digest: str  # of its bytes
    width: int  # as shown: upright, its EXIF orientation applied
    height: int
    format: str  # the published format of the copy at its own address
    transparent: bool
    size: int  # bytes
    located: bool = False  # the file holds a GPS position (no published copy does)

    @property
    def fallback(self):
        """The format for browsers without AVIF and WebP: PNG keeps transparency and
        the sharp edges of a drawing; a photo is a JPEG."""
        return "PNG" if self.transparent or self.format in ("PNG", "GIF") else "JPEG"

    def widths(self, limit=None):
        """The widths offered (of `limit`, if given), never wider than the copy at its own
        address (a portrait photo's is narrower than the photo)."""
        return sorted({min(width, self.full_size.width) for width in limit or WIDTHS})

    def variant(self, width, format):
        stem = PurePosixPath(self.path).with_suffix("")
        return Variant(f"{stem}.{width}w.{SUFFIX[format]}", width, self.height_at(width), format,
                       f"{width}w.{SUFFIX[format]}")

    def variants(self, widths=None):
        """{format: [Variant, narrowest first]}, modern formats first."""
        widths = widths or self.widths()
        return {format: [self.variant(width, format) for width in widths]
                for format in (*MODERN, self.fallback)}

    @property
    def full_size(self):
        width = round(self.width * min(1, FULL_SIZE / max(self.width, self.height)))
        return Variant(self.path, max(1, width), self.height_at(width), self.format,
                       f"full.{SUFFIX[self.format]}")

    @property
    def shared(self):
        """The copy social networks show (og:image): a JPEG or PNG, about 1200 wide."""
        return self.variant(min(self.width, SHARE_WIDTH), self.fallback)

    def height_at(self, width):
        return max(1, round(self.height * width / self.width))

    def files(self):
        """Every file published for it, the copy at its own address first."""
        return [self.full_size, *(v for vs in self.variants().values() for v in vs)]


def problem(path, expected, found, severity="error"):
    return Problem(str(path), None, "", expected, found, severity)


class Catalogue:
    """The pictures under the image folders, read once: kept from build to build (the
    dev server), a file is read again only when its size or time changes, and what a
    picture is (its size, format ...) is kept in the cache beside its files, so that a
    new build process only hashes it."""

    def __init__(self):
        self.memo = {}  # path -> ((size, mtime), Picture or error Problem)
        self.pictures = {}  # address ("images/booth.jpg") -> Picture, of the last read
        self.problems = []

    def read(self, root, paths, cache):
        """Read the pictures among `paths` (files under the content folder `root`; `cache`:
        the image cache's folder): fills `pictures` and `problems` (unreadable: an error;
        too large, or located: a warning; two whose files would have one name: an error)."""
        self.pictures, self.problems = {}, []
        memo = {}
        for path in paths:
            if Path(path).suffix.lower() not in FORMATS:
                continue
            stat = os.stat(path)
            key = (stat.st_size, stat.st_mtime_ns)
            known = self.memo.get(str(path))
            found = known[1] if known and known[0] == key else read_picture(path, root, cache)
            memo[str(path)] = (key, found)
            if isinstance(found, Problem):
                self.problems.append(found)
                continue
            self.pictures[found.path] = found
            self.problems += warnings_about(found)
        self.memo = memo
        self.problems += clashes(self.pictures.values())
        return self.problems


def read_picture(path, root, cache):
    """The Picture of one file, or the Problem that it cannot be read."""
    data = Path(path).read_bytes()
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    known = Path(cache) / digest[:2] / f"{digest}-facts{FACTS_VERSION}.json"
    try:
        found = json.loads(known.read_text(encoding="utf-8"))
        found = {name: kind(found[name]) for name, kind in FACTS.items()}
    except (OSError, ValueError, KeyError, TypeError):  # not there yet, or not as written
        found = facts(data, path)
        if isinstance(found, Problem):
            return found
        write_atomically(known, json.dumps(found).encode())
    return Picture(str(path), Path(path).relative_to(root).as_posix(), digest,
                   found["width"], found["height"], FORMATS[Path(path).suffix.lower()],
                   found["transparent"], len(data), found["located"])


# What facts() finds, kept in the cache beside the made files; bump the version when
# facts() changes what it finds.
FACTS = {"width": int, "height": int, "transparent": bool, "located": bool}
FACTS_VERSION = 1
NOT_A_PICTURE = ("a file that is not a picture Pillow knows: an iPhone's HEIC photo, or "
                 "another kind of file renamed")
# EXIF GPS tags that place a photo: its latitude and its longitude.
GPS_POSITION = (ExifTags.GPS.GPSLatitude, ExifTags.GPS.GPSLongitude)


def facts(data, path):
    """What a picture is: its size upright, whether it has transparency or a GPS
    position; or the Problem that it cannot be read. Its pixels are decoded once, to
    find a truncated file, at an eighth of their size where the format can."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            format = image.format
            exif = image.getexif()
            orientation = exif.get(ExifTags.Base.Orientation, 1)
            gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
            located = any(tag in gps for tag in GPS_POSITION) or (
                b"GPSLatitude" in as_bytes(image.info.get("xmp")))
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
            transparent = is_transparent(image)
    except Image.DecompressionBombError:
        return problem(path, f"a picture of at most {2 * Image.MAX_IMAGE_PIXELS // 1_000_000} "
                       "megapixels (Pillow refuses larger ones, as a file made to exhaust "
                       "memory would be)", "a larger one")
    except UnidentifiedImageError:
        return problem(path, READABLE, NOT_A_PICTURE)
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 (a decoder's own: RuntimeError for AVIF ...)
        return problem(path, READABLE, f"a file Pillow cannot read ({error})")
    if format not in MIME:
        return problem(path, READABLE, f"a {format} file")
    if orientation in QUARTER_TURNS:
        width, height = height, width
    return {"width": width, "height": height, "transparent": transparent, "located": located}


def as_bytes(value):
    return value.encode() if isinstance(value, str) else value or b""


def is_transparent(image):
    """Whether any pixel is not fully opaque (an RGBA export of a photo often has none)."""
    if "transparency" in image.info:
        image = image.convert("RGBA")
    if "A" not in image.getbands():
        return False
    return image.getchannel("A").getextrema()[0] < 255


def write_atomically(target, data):
    """`target` written whole or not at all: a build beside this one (a test, CI) reads it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(partial, target)


LOCATED = ("a photo without its location: the site publishes none, but the repository keeps "
           "the file as uploaded, where anyone who can read it can see where the photo was "
           "taken (docs/EDITING.md, Adding photos: upload it again without its location)")


def warnings_about(picture):
    """What is likely unintended: a GPS position in the repository, a very large picture."""
    found = []
    if picture.located:
        found.append(problem(picture.source, LOCATED, "a GPS position in the file", "warning"))
    if picture.size > LARGE_BYTES:
        found.append(problem(picture.source, f"a picture of at most {LARGE_BYTES // 1_000_000} "
                             "MB (larger ones are slow to process, and likely not meant: "
                             "docs/EDITING.md, Adding photos)",
                             f"{picture.size / 1_000_000:.1f} MB", "warning"))
    pixels = picture.width * picture.height
    if pixels > LARGE_PIXELS:
        found.append(problem(picture.source, f"a picture of at most {LARGE_PIXELS // 1_000_000} "
                             "megapixels (larger ones are slow to process, and likely not "
                             "meant: docs/EDITING.md, Adding photos)",
                             f"{picture.width} × {picture.height} pixels "
                             f"({pixels / 1_000_000:.0f} megapixels)", "warning"))
    return found


def clashes(pictures):
    """Two pictures whose published files would have the same name (booth.jpg and
    booth.png both make booth.400w.webp): an error naming both."""
    owners, found = {}, []
    for picture in sorted(pictures, key=lambda p: p.path):
        for variant in picture.files():
            other = owners.setdefault(variant.path, picture)
            if other is not picture:
                found.append(problem(picture.source, f"a file name of its own (the site "
                                     f"publishes {variant.path} for {other.path} too)",
                                     f"{PurePosixPath(picture.path).name}: rename one of them"))
                break
    return found


# Making the files: once per picture and RECIPE, into the cache.

def made_folder(cache, picture):
    """Where a picture's files are kept: by its bytes and the format of its own address
    (the same photo as booth.jpg and booth.png makes a JPEG and a PNG), and RECIPE."""
    return (Path(cache) / picture.digest[:2] /
            f"{picture.digest}-{SUFFIX[picture.format]}-{RECIPE}")


def make(picture, cache, threads=0):
    """Make every file of `picture` into the cache, unless it is there: True if this
    call made them, or the Problem that the picture could not be read after all.
    `threads`: how many the AVIF encoder may use (0: every core).

    The pixels are decoded once, no larger than the largest file needs, and turned
    upright in place; each width is resized once, for its three formats."""
    folder = made_folder(cache, picture)
    if folder.is_dir():
        return False
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        with Image.open(picture.source) as pixels:
            full = picture.full_size
            turned = pixels.getexif().get(ExifTags.Base.Orientation, 1) in QUARTER_TURNS
            pixels.draft("RGB", (full.height, full.width) if turned else (full.width,
                                                                          full.height))
            pixels.load()
            ImageOps.exif_transpose(pixels, in_place=True)
            icc = pixels.info.get("icc_profile") if pixels.mode in ("RGB", "RGBA") else None
            pixels = as_mode(pixels, "RGBA" if picture.transparent else "RGB")
            for width, variants in by_width(picture.files()):
                resized = pixels if width == pixels.width else pixels.resize(
                    (width, variants[0].height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                for variant in variants:
                    save(resized, variant, partial / variant.cache_name, icc, threads)
        partial.rename(folder)
    except MemoryError:
        raise
    except OSError as error:
        if folder.is_dir():
            return False  # another build made it meanwhile: the same bytes
        return problem(picture.source, READABLE, f"a file Pillow cannot read ({error})")
    except Exception as error:  # noqa: BLE001 (a decoder's own: RuntimeError for AVIF ...)
        return problem(picture.source, READABLE, f"a file Pillow cannot read ({error})")
    finally:
        shutil.rmtree(partial, ignore_errors=True)  # gone once renamed; else half made
    return True


def as_mode(pixels, mode):
    """`pixels` in `mode`; 16-bit grey (a scan) scaled to 8 bits, not clipped to white."""
    if pixels.mode.startswith("I;16"):
        pixels = pixels.convert("I").point(lambda value: value / 256).convert("L")
    return pixels if pixels.mode == mode else pixels.convert(mode)


def by_width(variants):
    """[(width, [Variant])], widest first."""
    widths = {}
    for variant in variants:
        widths.setdefault(variant.width, []).append(variant)
    return sorted(widths.items(), reverse=True)


def save(pixels, variant, target, icc, threads=0):
    """One file: with no metadata but the colour profile (no EXIF, no GPS, no comment:
    only the encoder's options and `icc_profile` are passed, and `info` is emptied)."""
    options = dict(ENCODER[variant.format])
    if variant.format == "JPEG" and pixels.mode == "RGBA":
        pixels = on_white(pixels)  # a transparent PNG named .jpg
    if variant.format == "GIF":
        pixels, transparency = as_palette(pixels)
        if transparency is not None:
            options["transparency"] = transparency
    pixels.info = {}
    if icc and variant.format != "GIF":
        options["icc_profile"] = icc
    if variant.format == "AVIF" and threads:
        options["max_threads"] = threads
    pixels.save(target, variant.format, **options)


def on_white(pixels):
    white = Image.new("RGB", pixels.size, "white")
    white.paste(pixels, mask=pixels.getchannel("A"))
    return white


def as_palette(pixels):
    """(a GIF's palette image, its transparent index or None): GIF has one transparent
    colour, which the pixels less than half opaque take."""
    if pixels.mode != "RGBA":
        return pixels.convert("P", palette=Image.Palette.ADAPTIVE), None
    palette = pixels.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=255)
    palette.paste(255, mask=pixels.getchannel("A").point(lambda alpha: 255 if alpha < 128
                                                          else 0))
    return palette, 255


def make_all(pictures, cache):
    """Make the pictures not in the cache yet, one per core at a time: the addresses of
    those made. Threads, not processes: Pillow lets go of Python's lock while it
    decodes, resizes and encodes, and threads share one process's memory."""
    # One of each: two pictures of the same bytes and format share their files.
    todo = list({made_folder(cache, p): p for p in pictures
                 if not made_folder(cache, p).is_dir()}.values())
    cores = os.cpu_count() or 1
    workers = max(1, min(len(todo), cores))
    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(lambda p: make(p, cache, max(1, cores // workers)), todo))
    problems = [r for r in results if isinstance(r, Problem)]
    if problems:
        raise ContentError(problems)
    return [p.path for p, made in zip(todo, results) if made is True]


def to_make(pictures, cache):
    """Whether any of `pictures` is not in the cache yet."""
    return any(not made_folder(cache, picture).is_dir() for picture in pictures)


def copy_pictures(output, pictures, cache):
    """Every file of `pictures` (made: make_all) copied from the cache into `output`."""
    for picture in pictures:
        folder = made_folder(cache, picture)
        for variant in picture.files():
            target = Path(output) / variant.path
            source = folder / variant.cache_name
            if is_copy(target, source):
                continue  # a quick rebuild (the dev server's) writes into the output as it is
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def is_copy(target, source):
    """Whether `target` was copied from `source`: as large, and copied after it was made."""
    try:
        copied, made = target.stat(), source.stat()
    except FileNotFoundError:
        return False
    return copied.st_size == made.st_size and copied.st_mtime_ns >= made.st_mtime_ns
