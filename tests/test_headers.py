"""Security headers: `_headers` and the <meta> policy say the same, and the site
works when a host sends them as real HTTP headers (which, unlike the <meta>
tag, also govern workers)."""

import functools
import re

import pytest

from conftest import PageWatch, build_site, served
from hksmega.tools.server import QuietStaticSiteHandler
from hksmega.site.headers import content_security_policy
from sitefiles import html_files, parse, url_of

PROBE_PATH = "/__probe/"
# Pages that only exist in this test: they show the policy is really enforced.
PROBES = {
    "wasm.html": ('<!doctype html><title>waiting</title>'
                  '<link rel="icon" href="/theme/icons/icon.svg"><script src="wasm.js"></script>'),
    # The smallest WebAssembly module: what Pagefind compiles, in the page and in a worker.
    "wasm.js": """
        const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
        WebAssembly.instantiate(bytes).then(() => {
          const worker = new Worker("worker.js");
          worker.onmessage = (event) => { document.title = "page ok, worker " + event.data; };
        }, (error) => { document.title = "page failed: " + error; });
    """,
    "worker.js": """
        WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
          .then(() => postMessage("ok"), (error) => postMessage("failed: " + error));
    """,
    "inline.html": ('<!doctype html><title>waiting</title>'
                    '<link rel="icon" href="/theme/icons/icon.svg">'
                    '<script>document.title = "inline script ran";</script>'
                    '<img src="http://example.invalid/tracker.png" alt="">'),
}


def parse_headers_file(text):
    """[(path pattern, {header: value})] from a Netlify / Cloudflare Pages `_headers` file."""
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules, path):
    """Every rule whose pattern matches adds its headers, as both hosts do."""
    found = {}
    for pattern, headers in rules:
        if re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), path):
            found.update(headers)
    return found


class HeadersHandler(QuietStaticSiteHandler):
    """A static host that reads `_headers`, like Netlify and Cloudflare Pages."""

    def __init__(self, *args, rules, probes, **kwargs):
        self.rules, self.probes = rules, probes
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        if path.startswith(PROBE_PATH):
            return str(self.probes / path[len(PROBE_PATH):].split("?")[0])
        return super().translate_path(path)

    def end_headers(self):
        for name, value in headers_for(self.rules, self.path.split("?")[0]).items():
            self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="module")
def rules(site):
    return parse_headers_file((site / "_headers").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def headers_url(site, rules, tmp_path_factory):
    probes = tmp_path_factory.mktemp("probes")
    for name, text in PROBES.items():
        (probes / name).write_text(text, encoding="utf-8")
    handler = functools.partial(HeadersHandler, rules=rules, probes=probes)
    with served(site, handler) as url:
        yield url


@pytest.fixture
def open_page(browser, headers_url):
    contexts = []

    def open_(url):
        context = browser.new_context(base_url=headers_url)
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(page, headers_url)
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        return page, response

    yield open_
    for context in contexts:
        context.close()


def test_headers_file_sends_the_security_headers_everywhere(rules):
    headers = headers_for(rules, "/any/page/")
    assert headers["Content-Security-Policy"] == content_security_policy()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "immutable" in headers_for(rules, "/theme/css/site.0123456789.css")["Cache-Control"]
    assert "Cache-Control" not in headers_for(rules, "/index.html")


def test_the_policy_allows_no_other_host_and_no_inline_script():
    policy = dict(
        (directive.split()[0], directive.split()[1:])
        for directive in content_security_policy().split("; ")
    )
    for directive, sources in policy.items():
        for source in sources:
            # Only keywords: no host, no scheme (https:, data:), no wildcard.
            assert re.fullmatch(r"'[a-z-]+'", source), f"{directive} {source}"
            assert source not in ("'unsafe-inline'", "'unsafe-eval'"), directive
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]  # Pagefind's WebAssembly
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_every_page_carries_the_same_policy_as_a_meta_tag(site):
    # The header's policy minus frame-ancestors, which browsers ignore in <meta>.
    expected = content_security_policy(for_meta=True)
    assert "frame-ancestors" not in expected
    assert expected == content_security_policy().replace("; frame-ancestors 'none'", "")
    for path in html_files(site):
        head = parse(path).head
        meta = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta and meta["content"] == expected, url_of(site, path)
        # It only governs what comes after it.
        assert not meta.find_all_previous(["script", "link", "style"]), url_of(site, path)


def meta_policy(page):
    meta = parse(page).head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return meta and meta["content"]


def test_development_builds_carry_the_same_policy(tmp_path):
    # The pull-request preview with drafts is a development build: the same policy as
    # production (the dev server keeps it too: tests/test_devserver.py).
    result = build_site(tmp_path / "dev", "pelicanconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert meta_policy(tmp_path / "dev" / "index.html") == content_security_policy(for_meta=True)


def test_every_page_works_under_the_real_headers(site, open_page):
    pages = html_files(site)
    assert len(pages) >= 20
    page, _ = open_page("/")
    for path in pages:
        url = url_of(site, path)
        # Deferred scripts run, and subresources load or are refused, before "load".
        response = page.goto(url, wait_until="load")
        assert response.headers["content-security-policy"] == content_security_policy(), url
        assert page.locator("h1").count() == 1, url
        assert page.watch.errors == [], url
        assert page.watch.foreign_requests == [], url


def test_webassembly_runs_in_pages_and_workers_under_the_headers(open_page):
    page, _ = open_page(PROBE_PATH + "wasm.html")
    page.wait_for_function("document.title !== 'waiting'")
    assert page.title() == "page ok, worker ok"
    assert page.watch.errors == []


def test_the_headers_block_inline_script_and_other_hosts(open_page):
    page, _ = open_page(PROBE_PATH + "inline.html")
    assert page.title() == "waiting"
    # Chromium reports the image request, then refuses to send it.
    assert page.watch.foreign_requests == ["http://example.invalid/tracker.png"]
    failed = []
    page.on("requestfailed", lambda request: failed.append((request.url, request.failure)))
    page.reload(wait_until="load")
    assert failed == [("http://example.invalid/tracker.png", "csp")]  # blocked by the policy
    violations = [e for e in page.watch.errors if "Content Security Policy" in e]
    assert any("inline script" in e for e in violations), page.watch.errors
    assert any("example.invalid" in e for e in violations), page.watch.errors
