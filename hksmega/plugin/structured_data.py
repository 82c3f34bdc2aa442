"""Structured data: what a page is about, for search engines, as JSON-LD (schema.org).

The association (Organization) on the home and about pages, an Event on each
event page, a NewsArticle on each news item, and a BreadcrumbList on every page
below the home page (theme/templates/partials/structured-data.html says which).
Each builder makes a plain dict from what the page itself shows: Pelican's
objects and content/data/*.yaml as the templates see them (data.py), so no fact
is added here, and a year stays a year (dates.PartialDate). `pruned` leaves out
every empty value, so a fact the content does not give is absent, not empty.

`json_ld` writes a dict into the page. It goes in a <script type="application/
ld+json"> data block: a browser never runs it, so the Content Security Policy
stays as it is; but the HTML parser still ends the element at the first
"</script", so the text must never hold one.
"""

import json

from markupsafe import Markup

from hksmega import languages

CONTEXT = "https://schema.org"

# The association's role at an event (schemas.EVENT_ROLES), as the schema.org property
# that says it; only roles that property fits. A host of a seminar organises it. An
# exhibitor or participant is neither organiser nor sponsor, and schema.org has no
# property for them on an Event: they are left out (tests check every role is decided).
ROLE_PROPERTIES = {"organiser": "organizer", "co-organiser": "organizer", "host": "organizer",
                   "sponsor": "sponsor", "co-sponsor": "sponsor"}
ROLES_LEFT_OUT = ("exhibitor", "participant")
# Other organisations named with an event (schemas.RELATIONS), likewise.
RELATION_PROPERTIES = {"organised by": "organizer", "sponsored by": "sponsor"}
RELATIONS_LEFT_OUT = ("under the aegis of", "awarded by", "on behalf of", "visited",
                      "in co-operation with")

# What is left of a node with nothing but these is empty: a Place with no part of a place.
ONLY_SAYS_WHAT_IT_IS = {"@context", "@type"}


def text(value):
    """Plain text: Markup (a UI string, a summary's HTML) as the words a reader sees, other
    text as written (a title is text, never markup); None stays None (left out). Anything
    else is a template's mistake (an undefined variable would read as ""): TypeError."""
    if value is None:
        return None
    if isinstance(value, Markup):
        return value.striptags()
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"structured data: expected text or nothing, found {value!r}")


def html_text(html):
    """The words of an HTML fragment that is not Markup yet (Pelican's summary)."""
    return None if html is None else Markup(html).striptags()


def pruned(value):
    """`value` without empty values (None, blank text, [], {}, a node that only says its
    type), at every depth; Markup becomes its text."""
    if isinstance(value, dict):
        kept = {key: pruned(item) for key, item in value.items()}
        kept = {key: item for key, item in kept.items() if not is_empty(item)}
        return {} if set(kept) <= ONLY_SAYS_WHAT_IT_IS else kept
    if isinstance(value, (list, tuple)):
        return [item for item in map(pruned, value) if not is_empty(item)]
    if isinstance(value, Markup):
        return text(value)
    return value


def is_empty(value):
    return value is None or value == [] or value == {} or (
        isinstance(value, str) and not value.strip())


def organisation_reference(facts, site_url):
    """The association where another node names it (publisher, organizer): its name and
    its site's address."""
    return {"@type": "Organization", "name": text(facts.get("name")), "url": site_url}


def organisation(facts, site_url):
    """The association, from organisation.yaml (`facts`, as the templates get it: data.py)
    in the page's language: its name in that language, else the English one; only the
    facts the file gives. `site_url` is the absolute address of this language's site."""
    member_of = facts.get("member_of")
    return pruned({
        "@context": CONTEXT,
        **organisation_reference(facts, site_url),
        "alternateName": text(facts.get("short_name")),
        "foundingDate": str(facts["founded"]) if facts.get("founded") else None,
        "memberOf": {"@type": "Organization", "name": text(member_of)} if member_of else None,
        "address": text(facts.get("address")),
        "telephone": text(facts.get("phone")),
        "faxNumber": text(facts.get("fax")),
        "email": text(facts.get("email")),
        "sameAs": [text(account.get("url")) for account in facts.get("social") or []],
    })


def place(event):
    """Where an event was: its venue and address, or the countries a visit went to."""
    countries = getattr(event, "countries", None) or []
    if countries:
        return [{"@type": "Country", "name": text(country)} for country in countries]
    return {
        "@type": "Place",
        "name": text(getattr(event, "venue", None)),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": text(getattr(event, "city", None)),
            "addressRegion": text(getattr(event, "region", None)),
            "addressCountry": text(getattr(event, "country", None)),
        },
    }


def roles(event, association):
    """{organizer: [...], sponsor: [...]}: the association by its recorded role, and the
    organisations the event names as organising or sponsoring it."""
    found = {}
    role = getattr(event, "role", None)
    if role in ROLE_PROPERTIES:
        found.setdefault(ROLE_PROPERTIES[role], []).append(association)
    for other in getattr(event, "organisations", None) or []:
        if other.get("relation") in RELATION_PROPERTIES:
            found.setdefault(RELATION_PROPERTIES[other["relation"]], []).append(
                {"@type": "Organization", "name": text(other.get("name"))})
    return found


def event(article, url, association, image=None):
    """An event page (`article`, prepared by events.py): its dates exactly as the content
    gives them ("2005" or "2005-11-03"; an event "since" a year has a start and no end),
    where it was, and what the association did there. `url` is the page's absolute
    address; `association` the organisation_reference; `image` its photo's, if any."""
    start, end = getattr(article, "start", None), getattr(article, "end", None)
    return pruned({
        "@context": CONTEXT,
        "@type": "Event",
        "name": text(article.title),
        "startDate": start.isoformat() if start else None,
        "endDate": end.isoformat() if end else None,
        "location": place(article),
        "description": html_text(getattr(article, "summary", None)),
        "url": url,
        "image": image,
        "inLanguage": language_tag(article),
        **roles(article, association),
    })


def news_article(article, url, association, image=None):
    """A news item: published (and modified) as date-times with Hong Kong's offset."""
    modified = getattr(article, "modified", None)
    return pruned({
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": text(article.title),
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat() if modified else None,
        "description": html_text(getattr(article, "summary", None)),
        "inLanguage": language_tag(article),
        "url": url,
        "image": image,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": association,
        "publisher": association,
    })


def breadcrumbs(trail):
    """The way down from the home page: `trail` is [(name, absolute address), ...]."""
    return pruned({
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": text(name), "item": url}
            for position, (name, url) in enumerate(trail, start=1)],
    })


def language_tag(item):
    """The BCP 47 tag of the language an item's text is in (English on a fallback)."""
    return languages.BY_CODE[item.text_lang].tag


# In JSON these stand for the same characters, and none of them can end the
# <script> element, open a comment in it (<!--) or end a line in old JavaScript parsers.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                             "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_ld(value):
    """The `json_ld` filter: `value` as the text of a JSON-LD <script> element.

    The one place that marks structured data safe: json.dumps escapes every quote,
    backslash and control character of every value, and then every <, > and & (and
    the two line separators) becomes its \\u escape, which JSON reads as the same
    character. What is left holds no "<", so no value can end the element ("</script")
    or open a comment in it ("<!--"), and a JSON parser gives back each value exactly.
    json.dumps refuses anything that is not plain data (a date, a template's Undefined)."""
    written = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False,
                         separators=(",", ":"))
    return Markup(written.translate(SCRIPT_SAFE))


def add_template_functions(generator):
    """The builders as the template global `schema_org`, and the `json_ld` filter."""
    generator.env.globals["schema_org"] = {
        "organisation": organisation, "organisation_reference": organisation_reference,
        "event": event, "news_article": news_article, "breadcrumbs": breadcrumbs,
    }
    generator.env.filters["json_ld"] = json_ld
