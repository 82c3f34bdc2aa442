"""The Atom and RSS feeds: absolute addresses, a meaningful order, and each event's date.

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

Each language's site has its own feeds (/zh-hant/feeds/all.atom.xml), in its
words and dates; a page shown there only in English (a fallback:
translations.py) is not in them.
"""

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from feedgenerator import get_tag_uri
from markupsafe import Markup

from hksmega.addresses import absolute
from hksmega.plugin import i18n
from hksmega.plugin.dates import PartialDate
from hksmega.plugin.events import is_event
from hksmega.problems import ContentError, Problem


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
        # RSS reads a <guid> as the item's address unless told it is not: a tag: URI is not.
        item["unique_id_is_permalink"] = False


def when_happened(event, code, _):
    """When an event happened, for a feed entry's title: "2005", "since 2002, as recorded
    in 2010", "dates not recorded". The same cases as partials/event-when.html."""
    def date(d):
        return i18n.day_text(d.as_date(), code) if d.is_full else i18n.year_text(d.year, code)

    if event.ongoing:
        return _("since %(year)s, ongoing") % {"year": date(event.start)}
    if event.since:
        return _("since %(year)s, as recorded in %(recorded)s") % {
            "year": date(event.start), "recorded": i18n.year_text(event.recorded, code)}
    if event.start and event.end:
        return _("%(start)s to %(end)s") % {"start": date(event.start), "end": date(event.end)}
    if event.start:
        return date(event.start)
    return _("dates not recorded")


def literal_titles_and_dated_events(context, feed):
    """The feed's title in its language, entry titles as written, and each event entry's
    title saying when the event happened: "China Food Fair (2008)".

    Pelican passes every title through Markup(title).striptags(), which reads it as
    HTML: "Costs <b>" loses "<b>" and "&lt;" becomes "<". Feed titles are text
    (feedgenerator escapes them), so they get the title as the editor wrote it.
    """
    # The theme's catalogue, as the templates use it (i18n.py).
    code = context["DEFAULT_LANG"]
    _ = i18n.translations_for(context["THEME"], code).gettext
    feed.feed["title"] = feed_title(context, feed.feed["feed_url"], _)
    # RSS requires a description of the channel: the site's, as its home page gives it.
    home = context.get("home_page")
    feed.feed["description"] = Markup(home.summary).striptags() if home else ""
    feed.feed["language"] = context["LANGUAGE"].tag
    by_path = context["articles_by_path"]
    for item in feed.items:
        article = by_path.get(urlsplit(item["link"]).path)
        if article is None:
            continue
        item["title"] = article.title
        if is_event(article):
            item["title"] = _("%(title)s (%(when)s)") % {
                "title": article.title,
                "when": when_happened(article, code, _)}


def feed_title(context, feed_url, _):
    """"Association — News", in the feed's language: the feed's file names its section
    (feeds/news.atom.xml; feeds/all.rss.xml has them all)."""
    section = PurePosixPath(urlsplit(feed_url).path).name.split(".")[0]
    labels = {"all": _("News and events"), "news": _("News"), "events": _("Events")}
    if section not in labels:  # a new section needs its words here, and translated
        raise ContentError([Problem(feed_url, None, "feed", "a feed of " + ", ".join(labels),
                                    section)])
    return f"{context['data']['organisation']['name']} — {labels[section]}"


def index_articles_by_path(generator):
    """article_generator_finalized: `articles_by_path`, {address path ("/zh-hant/news/a/"):
    article} of this language's site, made once for all its feeds: every article's
    address is worked out anew whenever it is asked for."""
    site = urlsplit(generator.settings["SITEURL"]).path.rstrip("/")
    generator.context["articles_by_path"] = {
        f"{site}/{article.url}": article for article in generator.context.get("articles", [])}


def without_fallbacks(context, feed):
    """A language's feeds list the items written in it: not those it shows in English."""
    by_path = context["articles_by_path"]
    feed.items[:] = [item for item in feed.items if getattr(
        by_path.get(urlsplit(item["link"]).path), "translation_state", "") != "fallback"]
