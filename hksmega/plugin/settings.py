"""Our namespaced settings (`HKSMEGA = {...}`), with defaults, checked at start."""

import datetime

from hksmega.plugin.schemas import SiteUrl
from hksmega.problems import ContentError, Problem

DEFAULTS = {
    # Folder of the YAML data files (organisation.yaml, history.yaml, ...).
    "DATA_PATH": "content/data",
    # Show drafts in listings with a badge (development only).
    "SHOW_DRAFTS": False,
    # The Content Security Policy as a <meta> tag in every page (headers.py).
    "CSP_META_TAG": True,
    # Index the built site for its search page with Pagefind (site/search.py): the
    # production build does; the dev server's builds do not.
    "SEARCH_INDEX": False,
    # The day the build takes as today (YYYY-MM-DD), for "Upcoming events"; None: the
    # clock's day in TIMEZONE (events.today). Tests and previews set it.
    "TODAY": None,
}


def get(settings, key):
    return {**DEFAULTS, **settings.get("HKSMEGA", {})}[key]


def is_day(value):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return True
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10


def check_settings(pelican):
    given = pelican.settings.get("HKSMEGA", {})
    problems = [
        Problem("pelicanconf.py", None, f"HKSMEGA[{key!r}]",
                "one of " + ", ".join(sorted(DEFAULTS)), repr(key))
        for key in sorted(set(given) - set(DEFAULTS))
    ]
    today = {**DEFAULTS, **given}["TODAY"]
    if today is not None and not is_day(today):
        problems.append(Problem("pelicanconf.py", None, "HKSMEGA['TODAY']",
                                "a date as YYYY-MM-DD, or None for the clock's day",
                                repr(today)))
    # Every absolute address the site writes starts with it (canonical links, feeds).
    origin = pelican.settings.get("SITE_ORIGIN", "")
    found = SiteUrl().mismatch(origin)
    if found:
        problems.append(Problem("pelicanconf.py", None, "SITE_ORIGIN", SiteUrl.expected, found))
    if problems:
        raise ContentError(problems)
