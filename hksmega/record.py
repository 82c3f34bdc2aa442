"""What one build knows besides Pelican's context, handed from the pipeline to the
plugin and back in the setting HKSMEGA_RECORD.

The pipeline (build.py) makes a record for every Pelican run; the plugin's
handlers read from it (each file as validated and converted once) and fill it
(which source made each page, which items the build leaves out, the sitemap's
entries). The content cache in it outlives a build, for the dev server and for
`invoke check` followed by a build: a file whose bytes have not changed is not
parsed, validated or converted again. No module keeps state between builds.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pelican.writers import Writer

from hksmega.problems import ContentError, Problem

SETTING = "HKSMEGA_RECORD"


@dataclass
class Validated:
    """One Markdown file, read, validated and converted once. A language's run converts
    only the files it shows (translations.files_to_convert): until then `html` is None."""

    digest: str
    fields: object  # yamlsource.Fields, or None when the front matter could not be read
    html: object  # the body as Markdown converts it, before sanitising; None until converted
    problems: list
    body: str = ""  # the Markdown, until it is converted
    body_line: int = 1


@dataclass
class BuildRecord:
    # path -> Validated; kept from build to build by whoever owns the record.
    cache: dict = field(default_factory=dict)
    # data file name (history.yaml) -> its value, as validation read it.
    data: dict = field(default_factory=dict)
    # English file (absolute path) -> {language code: validate.ContentFile}: each page's
    # English file and its translations (translations.py).
    families: dict = field(default_factory=dict)
    # File (absolute path) -> the date of its last commit, once a run has asked.
    commit_dates: object = None
    # Addresses every language's site shares ("images/", "theme/"): a link to one in a
    # page's text is not pointed at the language's site (translations.localise_links).
    shared_paths: tuple = ()
    # Notices from validation (drafts, missing facts): reported, never fatal.
    notices: list = field(default_factory=list)
    # built file (absolute) -> the content file it was made from.
    sources: dict = field(default_factory=dict)
    # address ("/news/a/") -> source, of drafts and future items: left out of the
    # public site, shown (marked) by the development build.
    not_public: dict = field(default_factory=dict)
    # (address, lastmod or None) of every public page, for sitemap.xml.
    sitemap: list = field(default_factory=list)
    # The share cards this language's pages name (site/share_image.ShareImage): the
    # pipeline draws each once, for every language, at the root.
    share_images: set = field(default_factory=set)
    # The pictures of content/images/ (site/images.Catalogue), read by the pipeline once
    # per build for every language, or by validation when there is no pipeline (`invoke
    # check`); the pictures this run's pages show.
    pictures: object = None
    pictures_used: set = field(default_factory=set)
    # What to write (the dev server's quick rebuild: devserver.Selection, which
    # `wants(name, content)`); None writes everything.
    only: object = None
    # Output files this build wrote.
    written: list = field(default_factory=list)

    def start(self, only=None):
        """Forget the last build's findings (not the cache) before the next one."""
        self.data, self.notices, self.sources, self.not_public = {}, [], {}, {}
        self.sitemap, self.written, self.only = [], [], only
        self.share_images, self.pictures_used = set(), set()
        self.families, self.commit_dates = {}, None


def of(settings):
    """The record of the build these settings belong to."""
    record = settings.get(SETTING)
    if record is None:
        raise ContentError([Problem(
            "pelicanconf.py", None, "", "a build through the site's pipeline: `invoke build` "
            "(or python -m hksmega.build), which also writes the stylesheet, sitemap and "
            "headers and checks every link", "Pelican run on its own")])
    return record


# The plugin's handlers that fill the record.

def remember_page(path, context):
    """content_written: each page written, and the content file it was made from."""
    remember_file(context, path, context.get("article") or context.get("page"))


def remember_file(settings, path, content=None):
    """A file this build wrote (a page, or a file the plugin writes itself, such as a
    calendar), and the content it was made from, if any."""
    build_record = of(settings)
    build_record.written.append(str(Path(path).resolve()))
    if content is not None and getattr(content, "source_path", None):
        # The file its text comes from: a translation, in a Chinese site.
        build_record.sources[str(Path(path).resolve())] = getattr(
            content, "text_source", content.source_path)


def wants(settings, name, content=None):
    """Whether this build writes the output file `name` (made from `content`): every
    file, but in the dev server's quick rebuild (`only`)."""
    only = of(settings).only
    return only is None or only.wants(name, content)


def remember_not_public(generator, items):
    """Drafts and future items, whether this build writes them (development) or not."""
    site = urlsplit(generator.settings["SITEURL"]).path.rstrip("/")  # "/zh-hant"
    for item in items:
        # The English file: its status is every language's.
        of(generator.settings).not_public[f"{site}/{item.url}"] = item.source_path


def remember_drafts(generator):
    """article_generator_pretaxonomy and page_generator_finalized: the drafts (Pelican
    counts a future item as a draft on the public site), before the development build
    shows them among the published items (drafts.py)."""
    remember_not_public(generator, [*getattr(generator, "drafts", []),
                                    *getattr(generator, "draft_pages", [])])


class SelectiveWriter(Writer):
    """Pelican's writer, writing only the pages the record asks for, if it asks."""

    def write_file(self, name, *args, **kwargs):
        if wants(self.settings, name, kwargs.get("article") or kwargs.get("page")):
            return super().write_file(name, *args, **kwargs)
        return None


def get_writer(pelican):
    return SelectiveWriter
