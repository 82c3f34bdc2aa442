"""What people do in a real browser, on every page type: keyboard only, a phone
with and without JavaScript, dark mode, print, 320 px and 200 % zoom. Nothing
may log an error, fail to load or reach another host."""

from gates import (
    clipped_text,
    contrast_ratio,
    horizontal_overflow,
    keyboard_problems,
    parse_rgb,
    print_contrast_problems,
    print_hidden_content,
)
from page_types import every_page_type, every_page_type_and

FOCUSED_ID = "() => document.activeElement && document.activeElement.id"


def open_page(make_page, url, **view):
    """The page once loaded: its deferred script has run by then."""
    page = make_page(**view)
    page.goto(url)
    return page


@every_page_type
def test_loads_cleanly(make_page, url):
    page = open_page(make_page, url)
    page.wait_for_load_state("networkidle")  # late requests too
    assert page.watch.errors == []
    assert page.watch.foreign_requests == []
    assert page.watch.failed_requests == []


def test_a_missing_address_at_any_depth_gets_the_whole_404_page(make_page):
    page = make_page()
    response = page.goto("/no/such/page/")
    page.wait_for_load_state("networkidle")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    # Root-relative links: its stylesheet and script load from any depth.
    assert page.watch.failed_requests == []
    assert page.evaluate("() => document.styleSheets.length") >= 1


# --- Keyboard ------------------------------------------------------------------


@every_page_type
def test_skip_link_comes_first_and_moves_focus_to_main(make_page, url):
    page = open_page(make_page, url)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED_ID) == "main"
    assert page.url.endswith("#main")


@every_page_type_and("width, js", {"1280": (1280, True), "375": (375, True),
                                   "375-nojs": (375, False)}, ["375-nojs"])
def test_every_control_is_reached_by_tab_with_a_visible_focus(make_page, url, width, js):
    # On a phone with JavaScript the menu is folded: its button is a tab stop.
    assert keyboard_problems(open_page(make_page, url, width=width, js=js)) == []


# --- The menu on a phone ------------------------------------------------------------


def nav_links(page):
    return page.locator("#site-nav-list a")


@every_page_type
def test_phone_menu_with_javascript_opens_and_closes(make_page, url):
    page = open_page(make_page, url, width=375)
    toggle = page.locator("[data-menu-toggle]")
    links = nav_links(page)
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not links.first.is_visible()

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert all(link.is_visible() for link in links.all())

    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not links.first.is_visible()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-menu-toggle')")


def test_phone_menu_works_from_the_keyboard(make_page):
    page = open_page(make_page, "/", width=375)
    toggle = page.locator("[data-menu-toggle]")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    first = nav_links(page).first
    focused_href = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused_href == first.get_attribute("href")
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not first.is_visible()


@every_page_type
def test_phone_menu_without_javascript_shows_every_link(make_page, url):
    page = open_page(make_page, url, width=375, js=False)
    assert not page.locator("[data-menu-toggle]").is_visible()
    links = nav_links(page)
    assert links.count() >= 1
    assert all(link.is_visible() for link in links.all())


# --- Dark mode and print ------------------------------------------------------------

BODY_COLOURS = "() => [getComputedStyle(document.body).color, " \
               "getComputedStyle(document.body).backgroundColor]"


@every_page_type
def test_dark_mode_changes_the_colours_and_keeps_text_readable(make_page, url):
    light = [parse_rgb(c) for c in open_page(make_page, url).evaluate(BODY_COLOURS)]
    dark = [parse_rgb(c) for c in open_page(make_page, url, dark=True).evaluate(BODY_COLOURS)]
    assert dark != light
    text, background = dark
    assert sum(background) < sum(text), "dark mode: light text on a dark background"
    assert contrast_ratio(text, background) >= 4.5  # axe checks every other pair


@every_page_type_and("scheme", {"light": "light", "dark": "dark"}, ["light"])
def test_print_hides_no_content_and_stays_readable(make_page, url, scheme):
    # A phone or laptop in dark mode prints too: paper is white either way.
    page = open_page(make_page, url, dark=scheme == "dark")
    assert print_hidden_content(page) == []
    assert print_contrast_problems(page) == []


# --- Reflow and zoom ------------------------------------------------------------------


@every_page_type_and("js", {"js": True, "nojs": False}, ["js"])
def test_no_horizontal_scrolling_at_320_px(make_page, url, js):
    page = open_page(make_page, url, width=320, js=js)
    assert horizontal_overflow(page) == []
    if js:  # the open menu must fit too
        page.locator("[data-menu-toggle]").click()
        assert horizontal_overflow(page) == []


@every_page_type
def test_text_fits_at_200_percent_zoom(make_page, url):
    # A 1280 px wide window zoomed to 200 %: a 640 CSS px layout at 2 device
    # pixels per CSS pixel, exactly what the browser's zoom does.
    page = open_page(make_page, url, width=1280, height=900, zoom=2)
    assert page.evaluate("() => [innerWidth, devicePixelRatio]") == [640, 2]
    assert horizontal_overflow(page) == []
    assert clipped_text(page) == []
