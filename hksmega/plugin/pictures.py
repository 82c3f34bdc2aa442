"""Pictures in pages: one <picture> for every photo a page shows, and which photos
each page shows.

A photo is written once, by picture(): AVIF and WebP sources, then an <img> with
the JPEG or PNG, each offering the widths the build made (site/images.py) with
`sizes` for where the page shows it, and `width` and `height`, so the page keeps
its place while the photo loads. What shows it:

- an event's or news item's `image`: at the top of its page (loaded at once, as
  it is on the first screen), in cards on the home and index pages, and as the
  page's Open Graph image (partials/sharing.html);
- an event's `gallery`, and the photos in its folder (content/images/events/<file
  name>/): a grid of photos, each a link to the photo at full size;
- `![alt](/images/photo.jpg)` in a text: the reader rewrites the <img> Markdown
  writes.

Everything but the lead photo loads lazily, when the reader scrolls to it.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from markupsafe import Markup

from hksmega import languages, record
from hksmega.plugin import settings as plugin_settings
from hksmega.site import images

# Where a page shows a photo: (the widths to offer, or None for all; `sizes`, the
# width it takes on screen). theme/css: the content column is at most 42rem (--measure),
# with 1rem of margin either side on a phone; a gallery shows two a row on a phone,
# three from 46rem; a card's photo is 7rem.
COLUMN = (None, "(min-width: 46rem) 42rem, calc(100vw - 2rem)")
KINDS = {
    "lead": COLUMN,
    "text": COLUMN,
    "gallery": ((400, 800), "(min-width: 46rem) 13rem, calc(50vw - 1.5rem)"),
    "card": ((400,), None),
}
DEFAULT_WIDTH = 800
# An event's folder of photos, by its English file's name.
GALLERY_FOLDER = "images/events/{name}/"


def picture(photo, alt, kind="text", eager=False, code=None):
    """The <picture> of `photo` (images.Picture), shown as `kind` (KINDS) with `alt`; in
    a page in `code`, an alt text in another language says so (lang=)."""
    limit, sizes = KINDS[kind]
    if kind == "lead" and photo.height > photo.width:
        # theme/css/51-photos.css: a lead photo is at most 70vh tall, so a portrait one
        # is narrower than the column.
        sizes = f"calc(70vh * {photo.width} / {photo.height})"
    variants = photo.variants(photo.widths(limit))
    sizes_attribute = Markup(' sizes="{}"').format(sizes) if sizes and len(
        variants[photo.fallback]) > 1 else ""
    sources = Markup("").join(
        Markup('<source type="{}" srcset="{}"{}>').format(
            images.MIME[format], srcset(variants[format]), sizes_attribute)
        for format in images.MODERN)
    fallback = variants[photo.fallback]
    # For a browser that knows no srcset: a width that suits most screens.
    default = max((v for v in fallback if v.width <= DEFAULT_WIDTH), key=lambda v: v.width,
                  default=fallback[0])
    lang = getattr(alt, "lang", code)
    attributes = Markup(' lang="{}"').format(languages.BY_CODE[lang].tag) if (
        code and lang != code and str(alt)) else ""
    attributes += Markup(' fetchpriority="high"' if eager else ' loading="lazy" decoding="async"')
    return Markup('<picture>{}<img src="/{}" srcset="{}"{} width="{}" height="{}" alt="{}"{}>'
                  '</picture>').format(sources, default.href, srcset(fallback),
                                       sizes_attribute, default.width, default.height, alt,
                                       attributes)


def srcset(variants):
    if len(variants) == 1:
        return f"/{variants[0].href}"
    return ", ".join(f"/{variant.href} {variant.width}w" for variant in variants)


@dataclass
class Photo:
    """One photo of a gallery: alt and caption in the page's language (or marked English)."""

    picture: images.Picture
    alt: str
    caption: str
    listed: bool = True  # in the `gallery` field; else found in the event's folder


def by_address(address, pictures):
    """The Picture at `address` ("/images/booth.jpg", or "/images/IMG%201.jpg"), or None."""
    return pictures.get(unquote(str(address)).lstrip("/")) if address else None


def gallery(fields, source_path, pictures):
    """An event's photos: those its `gallery` lists, then the others in its folder (but its
    `image`, shown above), in name order as a person reads it (2 before 10)."""
    entries = fields.get("gallery") if isinstance(fields.get("gallery"), list) else []
    listed = [Photo(by_address(entry["image"], pictures), entry.get("alt") or "",
                    entry.get("caption") or "") for entry in entries
              if isinstance(entry, dict) and isinstance(entry.get("image"), str)]
    listed = [photo for photo in listed if photo.picture]  # validation reports the others
    shown = {photo.picture.path for photo in listed}
    lead = by_address(fields.get("image"), pictures)
    shown |= {lead.path} if lead else set()
    folder = GALLERY_FOLDER.format(name=Path(source_path).stem)
    return listed + [Photo(pictures[address], "", "", listed=False) for address in sorted(
        (a for a in pictures if a.startswith(folder) and a not in shown), key=natural_order)]


def natural_order(text):
    """"photo-2" before "photo-10", "B" beside "b"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower())
            for part in re.split(r"(\d+)", text)]


def add_to_metadata(metadata, fields, source_path, pictures):
    """The page's photos as the templates use them: `picture` (its `image`) and, for an
    event, `gallery` ([Photo]); and `pictures_shown`, their addresses (responsive_text adds
    the text's), which the build publishes if it publishes the page (note_pictures_shown)."""
    metadata["picture"] = by_address(fields.get("image"), pictures)
    if Path(source_path).parent.name == "events":  # content/events/<name>.md
        metadata["gallery"] = gallery(fields, source_path, pictures)
    shown = {photo.picture.path for photo in metadata.get("gallery", [])}
    metadata["pictures_shown"] = shown | ({metadata["picture"].path} if metadata["picture"]
                                          else set())


class _Attributes(HTMLParser):
    def handle_starttag(self, tag, attributes):
        self.found = dict(attributes)


def attributes_of(tag):
    parser = _Attributes()
    parser.feed(tag)
    return parser.found


IMG = re.compile(r"<img\b[^>]*>")
LINKED = re.compile(r'<a\b[^>]*?\shref="/(images/[^"]+)"')


def responsive_text(html, pictures, shown):
    """A text's images of content/images/ (`![alt](/images/booth.jpg)`) as <picture>s;
    they, and the pictures it links to, are added to `shown`. Images an editor wrote as
    a <picture> themselves are left as they are."""
    shown.update(address for address in (unquote(a) for a in LINKED.findall(html))
                 if address in pictures)
    if "<img" not in html:
        return html

    def rewrite(match):
        attributes = attributes_of(match.group(0))
        photo = by_address(attributes.get("src"), pictures)
        if photo is None:
            return match.group(0)
        shown.add(photo.path)
        if "srcset" in attributes or "<picture" in html:
            return match.group(0)
        return str(picture(photo, attributes.get("alt") or ""))

    return IMG.sub(rewrite, html)


def note_pictures_shown(generator):
    """article_generator_finalized, page_generator_finalized: the pictures of the items
    this build publishes (and, in the dev server, its drafts, listed with them by now:
    drafts.py), which the pipeline publishes; a draft's photos wait for it."""
    items = [*getattr(generator, "articles", []), *getattr(generator, "pages", []),
             *getattr(generator, "hidden_pages", [])]
    if plugin_settings.get(generator.settings, "SHOW_DRAFTS"):
        items += getattr(generator, "draft_pages", [])
    used = record.of(generator.settings).pictures_used
    for item in items:
        used.update(getattr(item, "pictures_shown", ()))


def add_template_function(generator):
    """generator_init: `picture(photo, alt, kind, eager)` for every template, in this
    run's language (as i18n.py's filters are)."""
    code = generator.settings["DEFAULT_LANG"]

    def in_page_language(photo, alt, kind="text", eager=False):
        return picture(photo, alt, kind, eager, code)

    generator.env.globals["picture"] = in_page_language


# What Pelican copies from content/images/ as it is: documents. Pictures are published
# by the pipeline alone (site/images.py), so an original, with its GPS position and
# camera serial number, never is.
PUBLISHED_AS_IS = {".pdf"}


def copy_only_documents(generator):
    """static_generator_finalized: Pelican's static files, but the pictures."""
    kept = [static for static in generator.staticfiles
            if Path(static.source_path).suffix.lower() in PUBLISHED_AS_IS]
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = kept


def unused(pictures, used):
    """Notices for the pictures no page shows, which are not published (a draft's photos,
    until it is published; a photo uploaded and forgotten)."""
    return [images.problem(picture.source, "a page that shows it (image:, gallery:, a photo in "
                           "an event's folder, or ![...](/" + picture.path + ") in a text)",
                           "no page does, so it is not published", "notice")
            for address, picture in sorted(pictures.items()) if address not in used]
