"""The one table of page types the quality gates check: {page type: representative URL}.

Every gate that opens or measures one page at a time (browser, accessibility,
page weight) is parametrised over this table with `@every_page_type`, the page
type being the test id, so a failure names the page. (HTML validity checks every
built page, these among them: tests/test_validity.py.) A new kind of page joins
every gate by getting a line here; the test files never list pages themselves.
Pick the URL whose page shows the most of its type (the fullest event, the first
page of an index). Each is checked in every language (languages.py): /zh-hant/about/ ...
"""

import pytest

from hksmega import languages

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
    "search": "/search/",
}

# Every page type in every language: /zh-hant/about/ ...; ids "page", "page-zh-hant".
IN_EVERY_LANGUAGE = {
    name + (f"-{language.code}" if language.prefix else ""): "/" + language.prefix + url[1:]
    for language in languages.LANGUAGES for name, url in PAGE_TYPES.items()}

every_page_type = pytest.mark.parametrize("url", list(IN_EVERY_LANGUAGE.values()),
                                          ids=list(IN_EVERY_LANGUAGE))


def every_page_type_and(names, variants, in_other_languages):
    """Every page type in every language, with each of `variants` ({id: values for
    `names`}) in English, and the `in_other_languages` ids of them elsewhere: the same
    stylesheet and scripts lay out other words, so the variants most sensitive to them
    (the narrowest, the fullest menu) are enough there, and the suite stays fast."""
    params = []
    for page_id, url in IN_EVERY_LANGUAGE.items():
        english = languages.of_address(url) is languages.ORIGINAL
        for variant_id, values in variants.items():
            if english or variant_id in in_other_languages:
                values = values if isinstance(values, tuple) else (values,)
                params.append(pytest.param(url, *values, id=f"{page_id}-{variant_id}"))
    return pytest.mark.parametrize(f"url, {names}", params)
