"""What a link to the site shows when it is shared: the card each page names
(`SHARE_IMAGE` in every template's context, for og:image), and the record of
it, from which the pipeline draws each card once (site/share_image.py)."""

from hksmega import languages, record
from hksmega.site.share_image import ShareImage


def add_share_image_to_context(generator):
    """The association's name as this language's site shows it (data.py: the English
    one until organisation.yaml has this language's), drawn in its own language's face."""
    name = generator.context["data"]["organisation"]["name"]
    image = ShareImage(str(name), languages.BY_CODE[name.lang].font_face)
    generator.context["SHARE_IMAGE"] = image
    record.of(generator.settings).share_images.add(image)


def add_home_page_to_context(generator):
    """`home_page` for every template: the page that describes the site (its summary is
    the description of a page with none of its own, and of the feeds). Found once here,
    not on every page: each page's address is worked out anew whenever it is asked for."""
    generator.context["home_page"] = next(
        (page for page in generator.pages if page.url == ""), None)
