"""Absolute addresses in the Atom feeds.

Pelican builds feed links from SITEURL, which we keep empty so that pages
link root-relatively. That leaves every feed's id as "/" (Atom requires an
absolute IRI, one per feed) and entry ids as "tag:None,...". SITE_ORIGIN is
the public address (publishing.yaml), so the feeds take it instead.
"""

from feedgenerator import get_tag_uri


def absolute(origin, url):
    return url if "://" in url else origin.rstrip("/") + "/" + url.lstrip("/")


def make_addresses_absolute(context, feed):
    origin = context["SITE_ORIGIN"]
    feed.feed["link"] = absolute(origin, feed.feed["link"])
    # Each feed (all, news, events) needs an id of its own: its own address.
    feed.feed["id"] = absolute(origin, feed.feed["feed_url"])
    for item in feed.items:
        item["link"] = absolute(origin, item["link"])
        # The entry's permanent id: its address and first publication date.
        item["unique_id"] = get_tag_uri(item["link"], item["pubdate"])
