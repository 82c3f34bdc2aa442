"""The one table of page types the quality gates check: {page type: representative URL}.

Every gate that opens or measures one page at a time (browser, accessibility,
page weight) is parametrised over this table with `@every_page_type`, the page
type being the test id, so a failure names the page. (HTML validity checks every
built page, these among them: tests/test_validity.py.) A new kind of page joins
every gate by getting a line here; the test files never list pages themselves.
Pick the URL whose page shows the most of its type (the fullest event, the first
page of an index).
"""

import pytest

PAGE_TYPES = {
    "home": "/",
    "page": "/about/",
    "history": "/history/",
    "contact": "/contact/",
    "accessibility": "/accessibility/",
    "legal-privacy": "/privacy/",
    "legal-copyright": "/copyright/",
    "news-index": "/news/",
    "news-item": "/news/website-launch/",
    "events-index": "/events/",
    "event": "/events/hong-kong-and-panyu-leadership-summit/",
    "not-found": "/404.html",
}

every_page_type = pytest.mark.parametrize("url", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
