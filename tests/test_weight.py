"""Page weight on the production build.

The budget itself (each page's first view: HTML, stylesheets, scripts, gzipped,
within the budget in hksmega/site/weight.py, at most one render-blocking request,
nothing from another host) is enforced by every build on every page
(hksmega/build.py, Pipeline.check_output), so the session's `site` fixture
would not build otherwise; tests/test_check.py shows a page over it failing the
build, and tests/test_gates.py shows the gate finding a heavy stylesheet. Here:
that the measure counts what a page loads, and that no web font is shipped."""

from gates import first_view, font_files
from page_types import every_page_type


@every_page_type
def test_page_type_first_view_counts_its_stylesheet_and_script(site, url):
    # A first view of the HTML alone would pass any budget: the measure must see
    # the page's stylesheet and script.
    view = first_view(site, url)
    assert len(view.transfers) >= 2, "a page with neither stylesheet nor script? check first_view"


def test_no_web_fonts_in_the_build(site):
    assert font_files(site) == []
