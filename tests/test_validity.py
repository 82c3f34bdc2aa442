"""The Nu HTML Checker over every built HTML file and our stylesheet: no errors.

vnu runs once (its JVM takes seconds to start); the tests then read its report.
Every page type is a built page, so the every-page test covers each of them and
names any failing page by its URL."""

import pytest

from gates import vnu_errors
from sitefiles import html_files, url_of


@pytest.fixture(scope="module")
def vnu_report(site):
    stylesheets = sorted(site.rglob("*.css"))
    assert stylesheets, "the build wrote no stylesheet"
    return vnu_errors(html_files(site) + stylesheets)


def test_stylesheets_are_valid_css(site, vnu_report):
    errors = {path.name: vnu_report[path.resolve()] for path in site.rglob("*.css")}
    assert errors == {name: [] for name in errors}


def test_every_built_page_is_valid_html(site, vnu_report):
    errors = {url_of(site, path): vnu_report[path.resolve()] for path in html_files(site)}
    assert {url: found for url, found in errors.items() if found} == {}
