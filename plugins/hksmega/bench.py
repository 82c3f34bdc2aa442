"""`invoke bench`: how soon the dev server shows an edit, and how long builds take.

Everything runs on a throw-away copy of the project, so the real content is
never touched. The figures go to docs/benchmarks.md, between markers, so other
sections of that file stay as they are. Nothing here is asserted by the tests:
speed depends on the machine.
"""

import datetime
import os
import platform
from pathlib import Path
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

EDITED = Path("content") / "news" / "website-launch.md"
SECTION = re.compile(r"<!-- bench: editing -->.*?<!-- /bench: editing -->\n?", re.DOTALL)
# livereload ignores a second change within a few seconds of the last reload.
PAUSE_BETWEEN_EDITS = 3.5
TIMEOUT = 60


def copy_project(root, target):
    for name in ("pelicanconf.py", "publishconf.py", "publishing.yaml", "tasks.py"):
        shutil.copyfile(root / name, target / name)
    for name in ("plugins", "theme"):
        (target / name).symlink_to(root / name)
    shutil.copytree(root / "content", target / "content")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, what):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {TIMEOUT} s for {what}")
        time.sleep(0.01)


def responds(url):
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except OSError:
        return False


def text_of(path):
    """A built page's text; "" while a rebuild has emptied output/ (each build starts
    from an empty folder, see pelicanconf.py)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def edit(project, marker):
    path = project / EDITED
    path.write_text(path.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")


def measure_dev_server(project, runs):
    """Seconds from saving an edit to (the rebuilt page on disk, the page in the browser)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/news/website-launch/"
    built = project / "output" / "news" / "website-launch" / "index.html"
    log = open(project / "livereload.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    on_disk, in_browser = [], []
    try:
        wait_for(lambda: responds(url), "the dev server to start")
        with Browser(url) as browser:
            for run in range(runs):
                time.sleep(PAUSE_BETWEEN_EDITS)
                marker = f"bench-{run}-{time.time_ns()}"
                edit(project, marker)
                saved = time.perf_counter()
                wait_for(lambda: marker in text_of(built), "the rebuild")
                on_disk.append(time.perf_counter() - saved)
                if browser.page:
                    browser.wait_for_text(marker)
                    in_browser.append(time.perf_counter() - saved)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the session started above, and only it
        server.wait(timeout=10)
        log.close()
    return on_disk, in_browser


class Browser:
    """Headless Chromium showing the page, when Playwright and Chromium are installed
    (they come with the test dependencies); otherwise only the rebuild is timed."""

    def __init__(self, url):
        self.url, self.page, self._playwright = url, None, None

    def __enter__(self):
        chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            return self
        if not Path(chromium).exists():
            return self
        self._playwright = sync_playwright().start()
        browser = self._playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox"])
        self.page = browser.new_page()
        self.page.goto(self.url)
        return self

    def wait_for_text(self, text):
        self.page.wait_for_function("t => document.body.innerText.includes(t)", arg=text,
                                    timeout=TIMEOUT * 1000, polling=10)

    def __exit__(self, *exc):
        if self._playwright:
            self._playwright.stop()


def measure_build(project, settings_file, runs):
    """Seconds for a whole build in a new Python process, as `invoke preview` runs it."""
    times = []
    for run in range(runs):
        output = project / f"bench-output-{run}"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pelican", "-s", settings_file, "-o", str(output),
                        "--fatal", "warnings", "--log-handler", "plain"],
                       cwd=project, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def measure_validation(project, runs):
    """Seconds to validate every content and data file (done at the start of each build)."""
    code = ("import sys, time; sys.path[:0] = ['.', 'plugins']\n"
            "from hksmega.check import load_settings, validate_content\n"
            "settings = load_settings('publishconf.py')\n"
            f"for _ in range({runs}):\n"
            "    started = time.perf_counter(); validate_content(settings)\n"
            "    print(time.perf_counter() - started)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, check=True,
                            capture_output=True, text=True)
    return [float(line) for line in result.stdout.split()]


def row(what, times):
    if not times:
        return f"| {what} | not measured (Playwright or Chromium missing) | |"
    return (f"| {what} | {statistics.median(times):.2f} s | "
            + ", ".join(f"{t:.2f}" for t in times) + " |")


def render(figures, runs, files):
    cpu = os.cpu_count()
    return "\n".join([
        "<!-- bench: editing -->",
        "## Editing: the dev server and the builds",
        "",
        f"Measured by `invoke bench` on {datetime.date.today().isoformat()}: {cpu} CPU cores, "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, "
        f"{files} content and data files; median of {runs} runs.",
        "",
        "| What | Median | Each run (s) |",
        "| --- | --- | --- |",
        row("Dev server (`invoke livereload`): edit saved → page rebuilt", figures["disk"]),
        row("Dev server: edit saved → shown in the open browser tab", figures["browser"]),
        row("Production build (`publishconf.py`), new Python process", figures["production"]),
        row("Development build (`pelicanconf.py`), new Python process", figures["development"]),
        row("Validation of all content and data (part of every build)", figures["validation"]),
        "",
        "The dev server notices a saved file by looking every 0.8 s (livereload's",
        "polling), then rebuilds the whole site and reloads the open tab, so each",
        "figure lies between one rebuild and one rebuild plus 0.8 s. The machine's",
        "cores are shared with other work, which adds noise.",
        "<!-- /bench: editing -->",
        "",
    ])


def write_report(path, section):
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    text = SECTION.sub(lambda _: section, text) if SECTION.search(text) else (
        text.rstrip("\n") + "\n\n" + section)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def run_benchmarks(root, runs, report_path):
    root = Path(root)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        copy_project(root, project)
        files = len([p for p in (project / "content").rglob("*") if p.is_file()])
        print(f"Measuring on a copy of the project in {project} ...")
        disk, browser = measure_dev_server(project, runs)
        figures = {
            "disk": disk,
            "browser": browser,
            "production": measure_build(project, "publishconf.py", runs),
            "development": measure_build(project, "pelicanconf.py", runs),
            "validation": measure_validation(project, runs),
        }
    section = render(figures, runs, files)
    write_report(Path(report_path), section)
    print(section)
    print(f"Written to {report_path}")
