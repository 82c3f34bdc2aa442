"""The dev server (`invoke livereload`): the development site, rebuilt as files are
saved, and the open browser tab reloaded once the page is current.

It keeps pace with a large site by building in one process, again and again,
through one Pipeline (build.py): a file whose bytes have not changed is not
validated or converted again, and a saved news item or event rewrites only its
own page in each language and the pages that list it (the home page, its
section's index, the history timeline; not even those when only its text
changed and it has a summary of its own); anything else rebuilds everything.
The saved file's language is built first, here, and its tab reloads; the other
languages follow in processes of their own (build.py), which the next save
stops and takes over.

When a save has a mistake, every page the tab asks for is a page of its own with
the messages (file, line, what to fix), until the next good build, which sends
the tab back to the page. The reload script is a file of this server and talks
to it through server-sent events, so the pages keep their Content Security
Policy: nothing inline. Misses get the site's own 404 page.
"""

import functools
import logging
import os
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import watchfiles
from pelican.log import init as init_logging

from hksmega import languages
from hksmega.build import BuildCancelled, Pipeline, pictures_processed
from hksmega.plugin.reader import read_markdown
from hksmega.plugin.schemas import is_empty
from hksmega.problems import ContentError
from hksmega.tools.server import StaticSiteHandler, make_server

PREFIX = "/__dev/"
# Each page says which build it was served from: a build that ends while the page
# loads still reloads it (builds can follow each other closely: one per language).
RELOAD_SCRIPT = '<script src="' + PREFIX + 'reload.js?since={number}" defer></script>'
# Reloads the page when the server says a build finished (a server-sent event).
RELOAD_JS = b"""// Dev server only: reload the page when a build newer than it has finished.
var since = new URL(document.currentScript.src).searchParams.get("since");
new EventSource("/__dev/events?since=" + since).addEventListener("built", function () {
  window.location.reload();
});
"""
logger = logging.getLogger(__name__)


@dataclass
class State:
    """The last build's outcome: its number (the tab reloads when it changes), and the
    problems that stopped it, if any."""

    number: int = 0
    problems: tuple = ()


class DevServer:
    def __init__(self, root, settings_file, output, host="127.0.0.1", port=8000):
        self.root = Path(root).resolve()
        self.output = Path(output).resolve()
        # One process, and a cache kept from build to build (build.py).
        self.pipeline = Pipeline(settings_file, self.output, cache={})
        self.settings = self.pipeline.settings()
        self.state = State()
        self.changed = threading.Condition()
        # Open tabs (their event streams), and whether one has loaded the page of the last
        # build (its stream opened): the other languages wait for that, so as not to
        # slow it down.
        self.listeners = 0
        self.page_loaded = threading.Event()
        # The other languages' build, in the background: (thread, Selection, codes).
        self.background = None
        self.host, self.port = host, port

    # Building.

    def listing_pages(self):
        """The output files that list items: the home page, each section's index
        (with its further pages) and the history timeline."""
        sections = [self.settings["CATEGORY_SAVE_AS"].format(slug=folder)
                    for folder in self.settings["ARTICLE_PATHS"]]
        return {"index.html", "history/index.html", *sections}

    def build(self, changed=None):
        """Build everything, or (with `changed`: content files saved) only their pages
        and the lists: the saved files' pages in their language first, here; then the
        lists and the other languages in the background, in processes of their own,
        so that the next save need not wait for them. Each build tells the open tabs."""
        unfinished = self.stop_background()
        if changed is None:
            return self.build_once(None, None)
        sources = frozenset(str(english_file(path)) for path in changed)
        first, *rest = rebuild_order(changed)
        # The saved page first, alone; then, in the background, the lists (which show
        # titles, dates and summaries: a change to the text alone of items with a
        # summary of their own leaves them as they are) and the other languages.
        listings = () if all(map(self.text_alone_changed, changed)) else self.listing_pages()
        later = Selection(frozenset(listings), sources)
        later_codes = {*(rest[0] if rest else []), *(first if listings else [])}
        if unfinished:  # what the stopped build had still to write, the next one writes
            later = later.merged(unfinished[0])
            later_codes |= set(unfinished[1])
        later_codes = [language.code for language in languages.LANGUAGES
                       if language.code in later_codes]
        if self.build_once(Selection(frozenset(), sources), first) and later_codes:
            thread = threading.Thread(target=self.build_in_background,
                                      args=(later, later_codes), daemon=True)
            self.background = (thread, later, later_codes)
            thread.start()

    def text_alone_changed(self, path):
        """Whether a saved file's front matter is as it was, with a summary of its own."""
        before = self.pipeline.cache.get(str(path))
        try:
            fields, _, _ = read_markdown(path)
        except ContentError:
            return False  # the build says what is wrong
        return (before is not None and before.fields is not None
                and not is_empty(fields.get("summary")) and dict(fields) == dict(before.fields))

    def build_in_background(self, only, codes):
        if self.listeners:
            self.page_loaded.wait(timeout=1.0)  # the reloaded tab first
        self.build_once(only, codes, in_process=False)

    def stop_background(self):
        """Stop the other languages' build, if it is still going: (its Selection, its
        languages), for the next build to do; else None."""
        if self.background is None:
            return None
        thread, only, codes = self.background
        self.background = None
        if not thread.is_alive():
            return None
        self.pipeline.cancel()
        self.page_loaded.set()  # if it is still waiting for the tab
        thread.join()
        self.pipeline.cancelled = False
        return only, codes

    def build_once(self, only, codes, in_process=None):
        """One build; whether it succeeded (a cancelled one says nothing)."""
        try:
            result = self.pipeline.build(only, codes, in_process)
        except BuildCancelled:
            return False
        except Exception as error:  # noqa: BLE001 (a template error too: show it, keep watching)
            problems = tuple(map(str, getattr(error, "problems", None)
                                 or [f"{type(error).__name__}: {error}"]))
            for line in problems:
                print(f"  {line}")
            print("Fix the file named above and save it: the page then rebuilds and reloads.")
        else:
            problems = ()
            print(f"Built in {result.seconds:.2f} s ({len(result.written)} pages written"
                  f"{pictures_processed(result)}).")
        with self.changed:
            self.page_loaded.clear()
            self.state = State(self.state.number + 1, problems)
            self.changed.notify_all()
        return not problems

    def watch(self):
        """Rebuild on every save under content/ or theme/ (not hksmega/ or the settings:
        a running process keeps their old code; restart the server after changing them)."""
        content = Path(os.path.abspath(self.root / self.settings["PATH"]))
        articles = [content / folder for folder in self.settings["ARTICLE_PATHS"]]
        for changes in watchfiles.watch(content, self.root / self.settings["THEME"],
                                        debounce=50, step=20):
            saved = {Path(path) for _, path in changes}
            in_content = all(any(path.parent == folder for folder in articles)
                             and path.suffix == ".md" and path.exists() for path in saved)
            # A saved news item or event: its page and the lists; anything else (a page,
            # whose title other pages show, data, images, theme, a file deleted):
            # everything.
            self.build(saved if in_content and self.state.problems == () else None)

    def serve(self):
        self.build()
        threading.Thread(target=self.watch, daemon=True).start()
        handler = functools.partial(DevRequestHandler, dev_server=self)
        server = make_server(self.output, self.host, self.port, handler=handler)
        print(f"Dev server at http://{self.host}:{self.port}/ (Ctrl+C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            server.server_close()


def english_file(path):
    """The English file whose pages a saved file (perhaps a translation) makes."""
    base, _ = languages.split_name(path)
    return Path(path).with_name(base + Path(path).suffix)


def rebuild_order(saved):
    """The languages a quick rebuild writes, as [[first], [the rest]]: the saved files'
    language first, so its tab shows the edit soonest. A translation makes its own
    language's page and the languages converted from it; an English file, every
    language's (its dates and status are theirs too)."""
    first = [languages.split_name(path)[1] for path in saved]
    affected = set()
    for code in first:
        affected |= {code} if code != languages.ORIGINAL.code else {
            language.code for language in languages.LANGUAGES}
        affected |= {language.code for language in languages.LANGUAGES
                     if language.converted_from == code}
    order = [language.code for language in languages.LANGUAGES if language.code in affected]
    head = [code for code in order if code in first][:1]
    rest = [code for code in order if code not in head]
    return [head, rest] if rest else [head]


@dataclass(frozen=True)
class Selection:
    """What a quick build writes: these output files, and every page made from these
    content files (record.SelectiveWriter asks `wants`)."""

    names: frozenset
    sources: frozenset

    def merged(self, other):
        return Selection(self.names | other.names, self.sources | other.sources)

    def wants(self, name, content):
        return name in self.names or (
            content is not None and str(getattr(content, "source_path", "")) in self.sources)


def error_page(problems, number):
    items = "\n".join(f"<li><code>{escape(line)}</code></li>" for line in problems)
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>The site could not be built</title>"
            f'<link rel="icon" href="/theme/icons/icon.svg" type="image/svg+xml">'
            f"{RELOAD_SCRIPT.format(number=number)}</head><body>"
            f"<main><h1>The site could not be built</h1><p>Fix what these lines name and "
            f"save the file: this page then shows the site again.</p><ul>{items}</ul>"
            f"</main></body></html>\n").encode()


class DevRequestHandler(StaticSiteHandler):
    """The built site, with the reload script in every page, the build's problems in
    place of any page while there are some, and the reload events."""

    def __init__(self, *args, dev_server, **kwargs):
        self.dev_server = dev_server
        super().__init__(*args, **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        route = urlsplit(self.path)
        if route.path == PREFIX + "reload.js":
            return self.send_body(RELOAD_JS, "text/javascript; charset=utf-8")
        if route.path == PREFIX + "events":
            since = parse_qs(route.query).get("since", [""])[0]
            return self.send_events(int(since) if since.isdigit() else None)
        state = self.dev_server.state  # one build's: its problems and its number
        wants_page = route.path.endswith(("/", ".html"))
        if state.problems and wants_page:
            # 200: the page the tab asked for is, for now, this message.
            return self.send_body(error_page(state.problems, state.number),
                                  "text/html; charset=utf-8")
        path = Path(self.translate_path(self.path))
        page = path / "index.html" if path.is_dir() else path
        if page.suffix == ".html" and page.is_file():
            script = RELOAD_SCRIPT.format(number=state.number)
            html = page.read_text(encoding="utf-8").replace("</head>", script + "</head>",
                                                            1)
            return self.send_body(html.encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def send_body(self, body, content_type, status=200):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def send_events(self, since=None):
        """One "built" event each time a build finishes after build `since` (the page's),
        for as long as the tab is open."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        server = self.dev_server
        seen = server.state.number if since is None else since
        with server.changed:
            server.listeners += 1
            if seen == server.state.number:
                server.page_loaded.set()  # a page of the last build has loaded
        try:
            while True:
                with server.changed:
                    server.changed.wait_for(lambda: server.state.number != seen, timeout=15)
                if server.state.number != seen:
                    seen = server.state.number
                    self.wfile.write(b"event: built\ndata: \n\n")
                else:
                    self.wfile.write(b": still here\n\n")  # keeps the connection open
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded
        finally:
            with server.changed:
                server.listeners -= 1


def init_logging_as_builds_do():
    # Pelican's warnings are errors here too, as in every build (build.main).
    init_logging(logging.WARNING, fatal="warnings", handler=None, name="pelican")


def run(root, settings_file, output, host, port):
    init_logging_as_builds_do()
    DevServer(root, settings_file, output, host, port).serve()
