"""The picture a chat app or social network shows with a link to the site: the
association's name on a plain card, drawn with Pillow at build time.

There is no logo (the brief has none, and none may be invented), so the card is
the name in the brand's colours. Each language's site shows its own name (the
English one until organisation.yaml has the Chinese). The file is named by what
it shows and how it is drawn, so a card is drawn once for every language that
shows the same name, a host may cache it for ever, and a change to the name or
to this file gives a new address. The pipeline (build.py) writes the cards once,
at the root, after the languages' runs.

The font is Noto Sans CJK (SIL Open Font License), Debian's fonts-noto-cjk,
which scripts/bootstrap installs: one family for Latin and Chinese alike, with
the glyph forms each Chinese language expects (languages.py: font_face).
"""

import functools
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from hksmega.problems import ContentError, Problem

# Open Graph's recommended size: sharp on a phone, 1.91:1 as Facebook, LinkedIn,
# X and WhatsApp crop it.
WIDTH, HEIGHT = 1200, 630
MARGIN = 96
# theme/css/00-tokens.css: --palette-blue-900, --palette-paper, --palette-gold-400.
BACKGROUND, TEXT, ACCENT = "#06345c", "#ffffff", "#ffbf47"
FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
# Largest first: the biggest size at which the name fits in MAX_LINES lines.
FONT_SIZES = range(88, 39, -4)
MAX_LINES = 4
LINE_SPACING = 1.25
# Hashed into each card's name, so that a change to how cards are drawn gives new files.
DRAWING = Path(__file__).read_bytes() + PIL.__version__.encode()


@dataclass(frozen=True)
class ShareImage:
    """One card: the text it shows, in the named face of FONT_FILE."""

    text: str
    face: str

    @functools.cached_property  # asked by every page written
    def path(self):
        """Its address under the output root: a hash of all that makes its pixels (the text,
        the face, the font file, Pillow and this file)."""
        key = "\0".join([self.text, self.face, font_digest()]).encode() + DRAWING
        return f"theme/share/{hashlib.sha256(key).hexdigest()[:12]}.png"

    @property
    def href(self):
        return self.path  # letters, digits and slashes only

    width = WIDTH
    height = HEIGHT
    mime = "image/png"


@functools.cache
def font_digest():
    """The font file's hash, once per process: a font package's update redraws the cards."""
    if not FONT_FILE.exists():
        raise missing_font()
    return hashlib.sha256(FONT_FILE.read_bytes()).hexdigest()


def missing_font():
    return ContentError([Problem(
        str(FONT_FILE), None, "", "the font Noto Sans CJK for the share image (Debian "
        "package fonts-noto-cjk, which scripts/bootstrap installs)", "no such file")])


def font(face, size):
    """FONT_FILE's face named `face` (a .ttc holds one face per region: "Noto Sans CJK HK")."""
    if not FONT_FILE.exists():
        raise missing_font()
    for index in range(32):
        try:
            candidate = ImageFont.truetype(FONT_FILE, size, index=index)
        except OSError:  # past the last face in the collection
            break
        if candidate.getname()[0] == face:
            return candidate
    raise ContentError([Problem(str(FONT_FILE), None, "", f"the face {face}", "none by that name")])


def wrap(text, font_, width):
    """`text` in lines no wider than `width`: broken at spaces, or between any two
    characters where it has none (Chinese)."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    lines, line = [], ""
    for word in words:
        candidate = f"{line}{joiner}{word}" if line else word
        if line and font_.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def layout(text, face):
    """The largest font at which `text` fits the card, and its lines."""
    for size in FONT_SIZES:
        font_ = font(face, size)
        lines = wrap(text, font_, WIDTH - 2 * MARGIN)
        if len(lines) <= MAX_LINES and all(
                font_.getlength(line) <= WIDTH - 2 * MARGIN for line in lines):
            return font_, lines
    raise ContentError([Problem(
        "content/data/organisation.yaml", None, "name", f"a name that fits the share card "
        f"in {MAX_LINES} lines at {FONT_SIZES[-1]} px", f"{text!r}, which is too long")])


def render(image):
    """The card as PNG bytes: the same bytes for the same card, every time."""
    font_, lines = layout(image.text, image.face)
    canvas = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle([0, HEIGHT - 24, WIDTH, HEIGHT], fill=ACCENT)
    line_height = font_.size * LINE_SPACING
    top = (HEIGHT - 24 - line_height * len(lines)) / 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=font_, fill=TEXT)
    # A few colours: a palette keeps the file small; no metadata, no timestamp.
    buffer = io.BytesIO()
    canvas.quantize(colors=64, dither=Image.Dither.NONE).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def write_share_images(output, images):
    """Each card in `images` that is not in `output` yet (the dev server's builds keep
    it), written whole or not at all."""
    for image in images:
        target = Path(output) / image.path
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")
        partial.write_bytes(render(image))
        partial.replace(target)
