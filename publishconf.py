"""Production settings: `invoke preview` and `invoke publish` build with these."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403
from plugins.hksmega.publishing import load_publishing_config  # noqa: E402

# The public address lives in publishing.yaml (docs/PUBLISHING.md). Links in
# pages stay root-relative, so the same output works on any host and under
# `invoke preview`; feeds, the sitemap and canonical links need it absolute.
SITE_ORIGIN = load_publishing_config()["site_url"] or "http://127.0.0.1:8000"
SITEURL = ""
RELATIVE_URLS = False

FEED_DOMAIN = SITE_ORIGIN
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True

# Drafts and future-dated items never reach the public.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

HKSMEGA = {**HKSMEGA, "SHOW_DRAFTS": False, "CSP_META_TAG": True}  # noqa: F405
