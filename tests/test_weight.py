"""Page-weight budgets on the production build: each page type's first view
(HTML, stylesheets, scripts; gzipped) fits the budget in tests/gates.py, with
at most one render-blocking request, no web font and nothing from another host."""

from gates import first_view, font_files, weight_problems
from page_types import every_page_type
from sitefiles import html_files, url_of


@every_page_type
def test_page_type_first_view_within_budget(site, url):
    view = first_view(site, url)
    assert len(view.transfers) >= 2, "a page with neither stylesheet nor script? check first_view"
    assert weight_problems(site, url) == []


def test_every_page_within_budget(site):
    # Index pages paginate to stay inside the budget: every page of them counts.
    problems = {url: found for url in map(lambda p: url_of(site, p), html_files(site))
                if (found := weight_problems(site, url))}
    assert problems == {}


def test_no_web_fonts_in_the_build(site):
    assert font_files(site) == []

