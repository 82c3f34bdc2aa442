"""The Atom feeds: absolute addresses, a meaningful order, and each event's date.

Pelican builds feed links from SITEURL, which we keep empty so that pages
link root-relatively. That leaves every feed's id as "/" (Atom requires an
absolute IRI, one per feed) and entry ids as "tag:None,...". SITE_ORIGIN is
the public address (publishing.yaml), so the feeds take it instead.

Every event page was published on the same day, so publication dates alone
order nothing. newest_first (ARTICLE_ORDER_BY in pelicanconf.py, so the same
order holds in the feeds, /news/ and the home page) breaks ties by when the
event happened, then by slug; and each event entry's title says when it
happened, as the content gives it ("World SME Expo (since 2002, as recorded
in 2010)"), since an entry's own date is only when the page was added.
"""

import gettext
from pathlib import Path
from urllib.parse import urlsplit

from feedgenerator import get_tag_uri
from markupsafe import Markup
from pelican.utils import strftime

from hksmega.addresses import absolute
from hksmega.plugin.dates import PartialDate
from hksmega.plugin.events import is_event


def newest_first(article):
    """The sort key of every list of articles (ARTICLE_ORDER_BY): the newest publication
    date first; on one day, the event that happened latest first (a news item, or an
    event whose dates are not recorded, after those with a start); then by slug, so
    that the order never depends on the order in which the files were read."""
    try:
        start = PartialDate.parse(article.metadata.get("start"))
    except ValueError:  # no start (or a bad one, which validation has refused already)
        start = None
    happened = (0, *(-part for part in start.sort_key())) if start else (1,)
    return (-article.date.timestamp(), happened, article.slug)


def make_addresses_absolute(context, feed):
    origin = context["SITE_ORIGIN"]
    feed.feed["link"] = absolute(origin, feed.feed["link"])
    # Each feed (all, news, events) needs an id of its own: its own address.
    feed.feed["id"] = absolute(origin, feed.feed["feed_url"])
    for item in feed.items:
        item["link"] = absolute(origin, item["link"])
        # The entry's permanent id: its address and first publication date.
        item["unique_id"] = get_tag_uri(item["link"], item["pubdate"])


def when_happened(event, date_format, _):
    """When an event happened, for a feed entry's title: "2005", "since 2002, as recorded
    in 2010", "dates not recorded". The same cases as partials/event-when.html."""
    def date(d):
        return strftime(d.as_date(), date_format) if d.is_full else str(d.year)

    if event.ongoing:
        return _("since %(year)s, ongoing") % {"year": date(event.start)}
    if event.since:
        return _("since %(year)s, as recorded in %(recorded)s") % {
            "year": date(event.start), "recorded": event.recorded}
    if event.start and event.end:
        return _("%(start)s to %(end)s") % {"start": date(event.start), "end": date(event.end)}
    if event.start:
        return date(event.start)
    return _("dates not recorded")


def literal_titles_and_dated_events(context, feed):
    """Titles as written, and each event entry's title saying when the event happened:
    "China Food Fair (2008)".

    Pelican passes every title through Markup(title).striptags(), which reads it as
    HTML: "Costs <b>" loses "<b>" and "&lt;" becomes "<". Feed titles are text
    (feedgenerator escapes them), so they get the title as the editor wrote it.
    """
    # The theme's catalogue, as the templates use it (i18n.py): the same strings,
    # translated once a catalogue exists for the language.
    _ = gettext.translation("messages", localedir=str(Path(context["THEME"]) / "translations"),
                            languages=[context["DEFAULT_LANG"]], fallback=True).gettext
    # Pelican's title is "SITENAME - category", stripped as a whole.
    stripped_name = Markup(context["SITENAME"]).striptags()
    if feed.feed["title"].startswith(stripped_name):
        category = feed.feed["title"][len(stripped_name):].strip()
        feed.feed["title"] = " ".join(filter(None, [context["SITENAME"], category]))
    by_path = {"/" + article.url: article for article in context.get("articles", [])}
    for item in feed.items:
        article = by_path.get(urlsplit(item["link"]).path)
        if article is None:
            continue
        item["title"] = article.title
        if is_event(article):
            item["title"] = _("%(title)s (%(when)s)") % {
                "title": article.title,
                "when": when_happened(article, context["DEFAULT_DATE_FORMAT"], _)}
