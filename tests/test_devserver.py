"""The dev server as an editor uses it: open a page, save the file, and the open tab
shows the change; save a mistake, and the tab shows what to fix until it is fixed.
Run as `invoke livereload` runs, in a copy of the project, in real Chromium."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from contentcopy import project_copy

NEWS = "content/news/website-launch.md"
# Bounds on waiting for the server, not speed assertions (docs/benchmarks.md has those).
WAIT_MS = 30_000


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dev_server(tmp_path):
    project = project_copy(tmp_path)
    port = free_port()
    log = open(tmp_path / "dev.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url + "/", timeout=1).close()
            break
        time.sleep(0.1)
    try:
        yield project, url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        log.close()


def edit(project, old, new):
    path = project / NEWS
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def wait_for_text(page, text):
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text,
                           timeout=WAIT_MS, polling=50)


def test_a_saved_edit_reloads_the_open_tab_and_a_mistake_shows_what_to_fix(
        dev_server, browser):
    project, url = dev_server
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(url + "/news/website-launch/")
    # The page keeps its Content Security Policy: the reload script is a file.
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1

    edit(project, "\n---\n", "\n---\nA sentence saved just now.\n\n")
    wait_for_text(page, "A sentence saved just now.")

    edit(project, "title:", "title: Broken: title:")
    wait_for_text(page, "The site could not be built")
    assert "content/news/website-launch.md:2:" in page.inner_text("main")

    edit(project, "title: Broken: title:", "title:")
    wait_for_text(page, "A sentence saved just now.")
    assert page.locator("h1").count() == 1
    assert errors == []


def test_a_missing_page_gets_the_sites_own_404(dev_server):
    _, url = dev_server
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url + "/no-such-page/")
    assert missing.value.code == 404
    assert "there is no page at this address" in missing.value.read().decode()


def test_a_saved_translation_reloads_its_tab_and_the_converted_page_follows(dev_server, browser):
    project, url = dev_server
    page = browser.new_page()
    page.goto(url + "/zh-hant/news/website-launch/")
    path = project / "content/news/website-launch.zh-hant.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n會議紀錄已經更新。\n", encoding="utf-8")
    wait_for_text(page, "會議紀錄已經更新。")
    # The Simplified page is made from it, in the same rebuild.
    simplified = browser.new_page()
    simplified.goto(url + "/zh-hans/news/website-launch/")
    deadline = time.monotonic() + WAIT_MS / 1000
    while "会议纪录已经更新。" not in simplified.inner_text("main"):
        assert time.monotonic() < deadline, simplified.inner_text("main")
        time.sleep(0.1)
        simplified.reload()
