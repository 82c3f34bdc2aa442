"""Drafts and scheduled items: on the dev server, marked; never on the public site.

The public site (publishconf.py) leaves out every item with `status: draft`
(DRAFT_SAVE_AS = "": no page, so no listing, feed or sitemap entry) and every
item whose `date` is still to come (WITH_FUTURE_DATES = False: Pelican treats
it as a draft until a build on or after that day).

On the dev server (HKSMEGA["SHOW_DRAFTS"], development settings) an editor
sees drafts where readers will see them once published: in the listings and at
their usual address (pelicanconf.py: DRAFT_URL = ARTICLE_URL), with a "Draft"
badge; items dated in the future carry a "Scheduled" badge.
"""

import datetime

from pelican.utils import order_content

from hksmega import record
from hksmega.plugin import settings


def show_drafts_in_listings(generator):
    """article_generator_pretaxonomy: drafts join the published articles before the
    categories (/news/, /events/) and every listing are made from them."""
    if not settings.get(generator.settings, "SHOW_DRAFTS"):
        return
    generator.articles = order_content(generator.articles + generator.drafts,
                                       generator.settings["ARTICLE_ORDER_BY"])
    generator.translations += generator.drafts_translations
    generator.drafts, generator.drafts_translations = [], []
    now = datetime.datetime.now(datetime.timezone.utc)
    for article in generator.articles + generator.translations:
        article.scheduled = article.status != "draft" and article.date > now
    record.remember_not_public(generator, [a for a in generator.articles if a.scheduled])
