"""axe-core on every page type, narrow and wide, light and dark, with and
without JavaScript on a phone: no violation of WCAG 2.2 A/AA or of axe's best
practices, whatever its impact. Undecided results are listed at the end."""

import pytest

from gates import axe_incomplete as incomplete_lines, axe_violations, run_axe
from page_types import every_page_type_and

# (width, JavaScript on): on a phone the menu folds only with JavaScript.
VIEWS = {"375": (375, True), "375-nojs": (375, False), "1280": (1280, True)}


@every_page_type_and("view, scheme", {
    f"{view}-{scheme}": (view, scheme) for view in VIEWS for scheme in ("light", "dark")},
    ["375-light", "1280-dark"])
def test_no_accessibility_violations(make_page, axe_incomplete, url, view, scheme, request):
    width, js = VIEWS[view]
    page = make_page(width=width, dark=scheme == "dark")
    if not js:
        # axe itself needs JavaScript (its timers do not run in a context with
        # JavaScript off), so "no JavaScript" means: the site's scripts are empty.
        page.route("**/*.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    page.goto(url)
    results = run_axe(page)
    axe_incomplete(request.node.callspec.id, incomplete_lines(results))
    assert axe_violations(results) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_menu_on_a_phone_has_no_violations(make_page, axe_incomplete, scheme, request):
    # The folded menu's links only appear once it is open: check them open too.
    page = make_page(width=375, dark=scheme == "dark")
    page.goto("/")
    page.locator("[data-menu-toggle]").click()
    results = run_axe(page)
    axe_incomplete(request.node.name, incomplete_lines(results))
    assert axe_violations(results) == []
