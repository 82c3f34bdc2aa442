"""Production settings: `invoke preview` and `invoke publish` build with these."""

from pathlib import Path
import sys

# pelicanconf.py beside this file, as pelican-quickstart's publishconf.py imports it.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403
from hksmega.problems import hide_tracebacks_of_content_errors  # noqa: E402
from hksmega.tools.publishing import load_publishing_config  # noqa: E402

# publishing.yaml is checked here, before the plugin loads: a bad value must end
# the build with its message, not a traceback.
hide_tracebacks_of_content_errors()

# The public address lives in publishing.yaml (docs/PUBLISHING.md). Links in
# pages stay root-relative, so the same output works on any host and under
# `invoke preview`; feeds, the sitemap and canonical links need it absolute.
SITE_ORIGIN = load_publishing_config()["site_url"] or SITE_ORIGIN  # noqa: F405

FEED_DOMAIN = SITE_ORIGIN
# Atom and RSS (some readers and mail clients know only RSS), for all items and for
# each section: feeds/news.rss.xml, feeds/events.atom.xml ...
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"

# Drafts and future-dated items never reach the public.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# The search index is built by the production build only (hksmega/site/search.py).
HKSMEGA = {**HKSMEGA, "SHOW_DRAFTS": False, "SEARCH_INDEX": True}  # noqa: F405
