"""Development settings: `invoke build`, `invoke livereload`.

Production overrides live in publishconf.py. Facts about the association do
not belong here: they live in content/data/*.yaml.
"""

from jinja2 import select_autoescape

SITENAME = "Hong Kong Small and Medium Enterprises General Association"
SITE_SHORTNAME = "HKSMEGA"
# Feeds name an author for every entry; the association publishes them all.
AUTHOR = SITENAME
# Links in pages are root-relative (SITEURL stays empty); SITE_ORIGIN is the
# absolute address for feeds, the sitemap and canonical links.
SITEURL = ""
SITE_ORIGIN = "http://127.0.0.1:8000"
TIMEZONE = "Asia/Hong_Kong"
DEFAULT_LANG = "en"

PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
# Processed photos are kept in cache/images/ (hksmega/site/images.py); git ignores it.
CACHE_PATH = "cache"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["news", "events"]
STATIC_PATHS = ["images"]
# content/data holds YAML read by our plugin; no reader claims .yaml, but be explicit.
# A README.md explains a folder to editors browsing it on GitHub; it is not a page.
# Hidden files and folders (.git, .env, an editor's lock file .#name) are never published.
IGNORE_FILES = [".*", "data", "README.md"]

# Content is Markdown only (hksmega/plugin/reader.py). Pelican's reStructuredText and
# HTML readers are off: they would read other files as pages, and docutils warns
# that it has no Chinese.
READERS = {"rst": None, "html": None, "htm": None}

# Our package, installed by scripts/bootstrap (pyproject.toml); its Pelican plugin.
PLUGINS = ["hksmega.plugin"]

# Clean directory URLs that the Chinese sites will mirror under /zh-hant/ and /zh-hans/.
# News and events are articles; their folder is their category, and the category
# is the first part of their URL: /news/<slug>/, /events/<slug>/.
USE_FOLDER_AS_CATEGORY = True
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
# On the dev server a draft is where it will be once published, marked "Draft"
# (hksmega/plugin/drafts.py); publishconf.py writes no drafts at all.
DRAFT_URL = ARTICLE_URL
DRAFT_SAVE_AS = ARTICLE_SAVE_AS
DRAFT_PAGE_URL = PAGE_URL
DRAFT_PAGE_SAVE_AS = PAGE_SAVE_AS
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = 10
# /news/ pages by 10; /events/ (grouped by year) by 40, which keeps a page
# well inside the 14 KB first-view budget (tests/test_weight.py).
PAGINATED_TEMPLATES = {"category": None, "events": 40}

# Pages we do not want: no index of all articles (the home page is
# content/pages/index.md), no tag, author, category-list or archive pages.
DIRECT_TEMPLATES = []
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""

SLUGIFY_SOURCE = "basename"

# Start every build from an empty output/, so a renamed page's old copy cannot
# keep a link to it looking fine. (A build that fails validation stops before
# this, and the dev server keeps serving the last good site.)
DELETE_OUTPUT_DIRECTORY = True

# No feeds while developing; publishconf.py turns them on.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = False

# Every list of articles (the feeds, /news/, the home page): newest publication
# first, then the event that happened latest, then by slug (hksmega/plugin/feeds.py).
from hksmega.plugin.feeds import newest_first  # noqa: E402

ARTICLE_ORDER_BY = newest_first

DEFAULT_DATE_FORMAT = "%-d %B %Y"

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

# Every value a template writes is escaped (HTML and XML alike), so no field,
# data file or setting can add markup; the Markdown body and summaries are
# written through the `sanitised` filter (hksmega/plugin/sanitise.py). Every
# UI string goes through gettext; hksmega/plugin/i18n.py installs the translations.
JINJA_ENVIRONMENT = {
    "autoescape": select_autoescape(("html", "xml"), default=True),
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}

# Main navigation: the addresses, relative to the site root; the theme names each
# (partials/site-labels.html, where the translation catalogue sees the words).
MENU = ["about/", "history/", "events/", "news/", "contact/"]
# Pages reached through a menu item rather than listed in the menu, which stays
# short on a phone: each page of a section lists them all above its title
# (partials/section-nav.html), and the menu marks the section as current.
MENU_SECTIONS = {"about/": ["about/", "advocacy/", "social-responsibility/"]}
FOOTER_MENU = ["privacy/", "copyright/", "accessibility/"]

# Our plugin's own settings, checked at start-up (hksmega/plugin/settings.py).
HKSMEGA = {
    "DATA_PATH": "content/data",
    "SHOW_DRAFTS": True,
    # The <meta> policy is in every page, drafts' too (the pull-request previews)
    # and on the dev server, whose reload script is a file of its own.
    "CSP_META_TAG": True,
}
