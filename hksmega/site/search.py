"""The site search's index: Pagefind, over each language's pages as soon as they are built.

A production build (HKSMEGA["SEARCH_INDEX"], on in publishconf.py) runs Pagefind's
extended binary, which segments Chinese words, from the `pagefind-bin-extended`
package: no network, no Node. It indexes the pages whose templates mark their
content `data-pagefind-body` (plugin/searchable.py). Each language gets a bundle
of its own in its own site (/pagefind/, /zh-hant/pagefind/ ...), written by a
Pagefind process begun once that language's pages are written (and memory
allows: SearchIndexes): it runs while the other languages are still being built
and the pipeline checks the pages, on whichever core is free. The search page's own script
(theme/static/js/search.js) loads its language's bundle; nothing else does.

Of each bundle, only what that script uses is kept (Pagefind's own UI, which our
policy could not run, is dropped), and its entry file is written in a fixed order,
so that the same commit builds the same bytes.
"""

import fnmatch
import json
import re
import shutil
import subprocess
from pathlib import Path

from hksmega import languages

BUNDLE = "pagefind"  # each language's index, at the root of its site: /zh-hant/pagefind/
ENTRY = "pagefind-entry.json"
# What search.js needs from the bundle: the library, its worker, its WebAssembly,
# the entry file, each language's metadata, and the index's chunks and fragments.
KEPT = ("pagefind.js", "pagefind-worker.js", ENTRY, "pagefind.*.pf_meta", "wasm.*.pagefind",
        "index", "fragment", "filter")
# What Pagefind says on every run, as it should: Chinese words are not stemmed.
EXPECTED_OUTPUT = re.compile(
    r"Note: Pagefind doesn't support stemming for the language zh-[a-z-]+\. \n"
    r"Search will still work, but will not match across root words\.\n")


class SearchIndexError(RuntimeError):
    """Pagefind failed, or wrote an index that is not the one the site needs."""


def executable():
    """Pagefind's extended binary, as its package installs it."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as error:
        raise SearchIndexError(
            "the search index needs Pagefind's extended binary: install it with "
            ".venv/bin/pip install -c constraints.txt 'pagefind[extended]'") from error
    return get_executable()


class Indexing:
    """Pagefind indexing `language`'s site in `output` into its pagefind/ folder, in a
    process of its own; finish() waits for it."""

    def __init__(self, output, language, binary=None):
        self.language = language
        site = Path(output) / language.prefix
        self.bundle = site / BUNDLE
        if self.bundle.exists():
            shutil.rmtree(self.bundle)  # nothing left from a last build
        command = [str(binary or executable()), "--site", str(site), "--output-subdir", BUNDLE,
                   "--quiet"]
        if not language.prefix:  # the root's folders include the other languages' sites
            command += ["--glob", own_pages(site)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)

    def finish(self, pages):
        """Wait for the index and check it against `pages` (pages.Page, as the build read
        them); SearchIndexError says what went wrong."""
        said, _ = self.process.communicate()
        said = EXPECTED_OUTPUT.sub("", said).strip()
        if self.process.returncode != 0 or said:
            raise SearchIndexError(
                f"Pagefind could not index the site in {self.bundle.parent} (exit status "
                f"{self.process.returncode}): {said or 'it gave no reason'}")
        keep_only_what_search_uses(self.bundle)
        check_index(self.bundle, pages, self.language)

    def running(self):
        return self.process.poll() is None

    def stop(self):
        """End Pagefind if it still runs (the build failed before it was needed)."""
        if self.running():
            self.process.kill()
            self.process.wait()


class SearchIndexes:
    """Every language's index, one Pagefind at a time: each takes 150 to 250 MB at 1,000
    items, so one begins once its language's pages are written and at most one
    language's build still runs beside it (500 MB for all the build's processes)."""

    def __init__(self, output):
        self.output = Path(output)
        self.binary = executable()  # before any language's run: a missing one says so at once
        self.waiting, self.started = [], []

    def add(self, code):
        self.waiting.append(code)

    def advance(self, builds_running):
        """Begin the next index if none is running and at most one build is."""
        if self.waiting and builds_running <= 1 and not any(
                index.running() for index in self.started):
            language = languages.BY_CODE[self.waiting.pop(0)]
            self.started.append(Indexing(self.output, language, self.binary))

    def finish(self, pages_by_code):
        """Wait for every index, begun in turn, and check each against its language's pages
        ({code: pages.Page}); SearchIndexError says what went wrong."""
        finished = 0
        while self.waiting or finished < len(self.started):
            if finished == len(self.started):
                self.advance(builds_running=0)
            index = self.started[finished]
            index.finish(pages_by_code[index.language.code])
            finished += 1

    def stop(self):
        for index in self.started:
            index.stop()


def own_pages(root):
    """A glob of the HTML files in the root site's own folders: not in another language's
    site (/zh-hant/), which has its own index."""
    others = {language.prefix.rstrip("/") for language in languages.LANGUAGES if language.prefix}
    folders = sorted(entry.name for entry in root.iterdir()
                     if entry.is_dir() and entry.name not in others | {BUNDLE})
    return "{" + ",".join(folders) + "}/**/*.html"


def keep_only_what_search_uses(bundle):
    for path in bundle.iterdir():
        if any(fnmatch.fnmatchcase(path.name, pattern) for pattern in KEPT):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def check_index(bundle, pages, language):
    """Pagefind indexed as many pages of `language` as the templates marked (`pages`:
    pages.Page, as the build read them), all in that language: with none marked it
    would index every page, lists and 404 included, and a site with none would have
    an empty search. The entry file is written in a fixed order."""
    entry_path = bundle / ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable {entry_path}: {error}") from error
    indexed = {tag: found.get("page_count", 0)
               for tag, found in entry.get("languages", {}).items()}
    marked = {language.tag.lower(): sum(1 for page in pages if page.searchable)}
    if indexed != marked or not all(marked.values()):
        raise SearchIndexError(
            f"Pagefind indexed {indexed or 'nothing'}, where the templates marked {marked} "
            "pages for the search (data-pagefind-body, from the `searchable` filter: "
            "hksmega/plugin/searchable.py); each language needs some")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")), encoding="utf-8")
