"""The gates themselves: each one fails on a page broken in the way it guards
against, and passes on the real page the broken one was copied from.

The broken page is /about/ from the production build with defects added: an
image without alt text, faint text, a <div> straight inside a <ul>, a 30 KB
stylesheet, a link whose focus is invisible, an element wider than any screen
and a paragraph that print hides.
"""

import hashlib
import shutil

import pytest

from conftest import served
from gates import (
    FIRST_VIEW_BYTES,
    axe_violations,
    horizontal_overflow,
    keyboard_problems,
    print_contrast_problems,
    print_hidden_content,
    run_axe,
    vnu_errors,
    weight_problems,
)
from sitefiles import file_of

GOOD, BROKEN = "/about/", "/broken/"

DEFECTS_HTML = """
<img src="/theme/icons/icon.svg" width="48" height="48">
<p class="gate-faint">Faint text that few can read.</p>
<ul><div>A div where only list items may be.</div></ul>
<p><a class="gate-no-focus" href="/">A link whose focus cannot be seen</a></p>
<div class="gate-wide">Wider than any screen.</div>
<p class="gate-screen-only">Content that disappears on paper.</p>
"""

DEFECTS_CSS = """
.gate-faint { color: #b5b5b5; }
.gate-no-focus:focus-visible { outline: 3px solid transparent; box-shadow: none; }
.gate-wide { width: 2000px; }
@media print { .gate-screen-only { display: none; } }
"""


def padding_css(size):
    """Valid rules that gzip barely shrinks (hashes), `size` bytes of them."""
    rules, length, number = [], 0, 0
    while length < size:
        digest = hashlib.sha256(str(number).encode()).hexdigest()
        rule = f".pad-{digest[:16]} {{ --pad: #{digest[16:22]}; }}\n"
        rules.append(rule)
        length += len(rule)
        number += 1
    return "".join(rules)


@pytest.fixture(scope="module")
def broken_site(site, tmp_path_factory):
    """A copy of the build with /broken/: /about/ plus every defect."""
    root = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(site, root)
    html = file_of(root, GOOD).read_text(encoding="utf-8")
    stylesheet = next((root / "theme" / "css").glob("site.*.css"))
    heavy = root / "theme" / "css" / "broken.css"
    heavy.write_text(stylesheet.read_text() + DEFECTS_CSS + padding_css(30 * 1024))
    html = html.replace(f'href="/{stylesheet.relative_to(root).as_posix()}"',
                        'href="/theme/css/broken.css"')
    html = html.replace("</main>", DEFECTS_HTML + "</main>")
    assert "broken.css" in html and "gate-faint" in html
    file_of(root, BROKEN).parent.mkdir()
    file_of(root, BROKEN).write_text(html, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def broken_url(broken_site):
    with served(broken_site) as url:
        yield url


@pytest.fixture
def open_both(make_page, broken_url):
    """The good and the broken page, opened alike: open_both(width=1280)."""

    def open_pages(width=1280):
        pages = [make_page(width=width) for _ in (GOOD, BROKEN)]
        for page, url in zip(pages, (GOOD, BROKEN)):
            page.goto(broken_url + url)
        return pages

    return open_pages


def rule_ids(lines):
    return {line.split(" ", 1)[0] for line in lines}


def test_axe_finds_the_missing_alt_text_and_the_faint_text(open_both):
    good, broken = (axe_violations(run_axe(page)) for page in open_both())
    assert good == []
    assert {"image-alt", "color-contrast"} <= rule_ids(broken)
    assert any(".gate-faint" in line for line in broken if line.startswith("color-contrast"))


def test_vnu_finds_the_invalid_element(broken_site):
    good, broken = (file_of(broken_site, url).resolve() for url in (GOOD, BROKEN))
    errors = vnu_errors([good, broken])
    assert errors[good] == []
    assert any("div" in error and "ul" in error for error in errors[broken]), errors[broken]


def test_vnu_overlooks_only_its_known_mistake(tmp_path):
    # Our policy's 'wasm-unsafe-eval' passes; a misspelt keyword in its place does not.
    page = ("<!doctype html><html lang=en><title>t</title>"
            "<meta http-equiv=Content-Security-Policy content=\"script-src 'self' {}\">")
    valid, misspelt = tmp_path / "valid.html", tmp_path / "misspelt.html"
    valid.write_text(page.format("'wasm-unsafe-eval'"))
    misspelt.write_text(page.format("'wasm-unsafe-evil'"))
    errors = vnu_errors([valid, misspelt])
    assert errors[valid.resolve()] == []
    assert len(errors[misspelt.resolve()]) == 1


def test_the_weight_budget_finds_the_30_kb_stylesheet(broken_site):
    assert weight_problems(broken_site, GOOD) == []
    problems = weight_problems(broken_site, BROKEN)
    assert len(problems) == 1
    assert f"over the {FIRST_VIEW_BYTES // 1024} KB budget" in problems[0]
    assert "broken.css" in problems[0]


def test_the_keyboard_gate_finds_the_invisible_focus(open_both):
    good, broken = (keyboard_problems(page) for page in open_both())
    assert good == []
    assert [p for p in broken if "focus indicator" in p] == [
        'no visible focus indicator on <a> "A link whose focus cannot be seen" (/)'
    ]


def test_the_reflow_gate_finds_the_wide_element(open_both):
    good, broken = (horizontal_overflow(page) for page in open_both(width=320))
    assert good == []
    assert len(broken) == 1 and "gate-wide" in broken[0]


def test_the_print_gates_find_the_hidden_paragraph_and_the_faint_text(open_both):
    good, broken = open_both()
    assert print_hidden_content(good) == []
    hidden = print_hidden_content(broken)
    assert len(hidden) == 1 and "gate-screen-only" in hidden[0]
    assert print_contrast_problems(good) == []
    assert [line.split(" ")[0] for line in print_contrast_problems(broken)] == ["color-contrast"]
