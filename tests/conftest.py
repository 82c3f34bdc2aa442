"""Shared fixtures: one production build of the real content per test session,
a local HTTP server for it, and headless Chromium driven by Playwright.
"""

import contextlib
import os
from pathlib import Path
import shutil
import subprocess
import sys
import threading
from urllib.parse import urlsplit

import pytest


ROOT = Path(__file__).resolve().parents[1]

# The hksmega package is installed (editable) by scripts/bootstrap.
from hksmega.tools.publishing import CONFIG_ENV  # noqa: E402
from hksmega.tools.server import QuietStaticSiteHandler, make_server  # noqa: E402

# Builds in tests see a publishing.yaml with no public address, so that filling
# in the real one (as docs/PUBLISHING.md says) changes no expected URL.
os.environ.setdefault(CONFIG_ENV, str(ROOT / "tests" / "fixtures" / "publishing.yaml"))


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium flags for a root, offline, headless machine: no sandbox (root), and
# no background traffic to Google's hosts (the network here is closed).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(output, settings="publishconf.py", *extra, cwd=ROOT):
    """Build through the pipeline as `invoke preview` does; warnings fail the build."""
    return subprocess.run(
        [sys.executable, "-m", "hksmega.build", "-s", settings, "-o", str(output), *extra],
        cwd=cwd, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"},
    )


def copy_project(destination):
    """Copy the project as it is now (tracked and new files, not ignored ones) to destination."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():  # a tracked file deleted in the working tree is listed too
            target = Path(destination) / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return Path(destination)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The production site, built once from the real content."""
    output = tmp_path_factory.mktemp("site")
    result = build_site(output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@contextlib.contextmanager
def served(directory, handler=QuietStaticSiteHandler):
    """The folder served on a free local port; gives its base URL."""
    server = make_server(directory, handler=handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site):
    with served(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class PageWatch:
    """What a page did that it should not: console errors, requests to other hosts,
    requests that failed (a page's own 404 status, as for 404.html, is not one)."""

    def __init__(self, page, base_url):
        self.errors = []
        self.foreign_requests = []
        self.failed_requests = []
        local = urlsplit(base_url).netloc
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r.url).netloc != local
            and self.foreign_requests.append(r.url),
        )
        page.on("requestfailed", lambda r: self.failed_requests.append(f"{r.url}: {r.failure}"))
        page.on(
            "response",
            lambda r: r.status >= 400
            and not r.request.is_navigation_request()
            and self.failed_requests.append(f"{r.url}: HTTP {r.status}"),
        )


@pytest.fixture
def make_page(browser, base_url):
    """Open pages in a fresh context: make_page(width=375, dark=True, js=False).
    `zoom=2` is browser zoom at 200 %: CSS pixels twice the size, so the layout
    viewport is width / 2 CSS px, as in a desktop browser zoomed in."""
    contexts = []

    def make(width=1280, height=900, dark=False, js=True, zoom=1):
        context = browser.new_context(
            viewport={"width": round(width / zoom), "height": round(height / zoom)},
            device_scale_factor=zoom,
            color_scheme="dark" if dark else "light",
            java_script_enabled=js,
            base_url=base_url,
        )
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(page, base_url)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    return make_page()

# axe's "incomplete" results (what it could not decide) are listed at the end
# of the run for a person to look at; they never fail a test. Each test reports them
# with its result, so that they reach the end of the run from every worker (xdist).
AXE_INCOMPLETE = {}  # line -> [where]


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "axe_incomplete" and report.when == "call":
            where, line = value
            AXE_INCOMPLETE.setdefault(line, []).append(where)


def pytest_collection_modifyitems(items):
    # Every test that starts Chromium is a browser test, whichever fixture brings it.
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def axe_incomplete(request):
    """Record axe's undecided results: axe_incomplete(where, lines)."""

    def record(where, lines):
        for line in lines:
            request.node.user_properties.append(("axe_incomplete", (where, line)))

    return record


def pytest_terminal_summary(terminalreporter, config):
    seen = AXE_INCOMPLETE
    if seen:
        terminalreporter.section("axe: incomplete results, to check by hand")
        for line, where in sorted(seen.items()):
            terminalreporter.write_line(f"{line}\n    on {', '.join(where)}")
