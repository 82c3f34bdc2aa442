"""The site search's index, written by Pagefind once over the whole output tree.

A production build (HKSMEGA["SEARCH_INDEX"], on in publishconf.py) runs Pagefind's
extended binary, which segments Chinese words, from the `pagefind-bin-extended`
package: no network, no Node. It indexes the pages whose templates mark their
content `data-pagefind-body` (plugin/searchable.py) and writes one bundle to
/pagefind/, with one index per language, as each page's <html lang> says. The
search page's own script (theme/static/js/search.js) loads it; nothing else does.

Of the bundle, only what that script uses is kept (Pagefind's own UI, which our
policy could not run, is dropped), and the bundle's entry file is written with its
languages in a fixed order: Pagefind lists them as they finish, and the same
commit must build the same bytes.
"""

import fnmatch
import json
import re
import shutil
import subprocess
from pathlib import Path

from hksmega import languages

BUNDLE = "pagefind"  # /pagefind/, at the root of the site: every language's index
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
    """Pagefind indexing the built site in `output` into `output`/pagefind/, in a process
    of its own: it runs while the pipeline checks the same pages (two cores: the checks
    take one, Pagefind the other), and finish() waits for it."""

    def __init__(self, output):
        self.output = Path(output)
        if (self.output / BUNDLE).exists():
            shutil.rmtree(self.output / BUNDLE)  # nothing left from a last build
        command = [str(executable()), "--site", str(self.output), "--output-subdir", BUNDLE,
                   "--quiet"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)

    def finish(self, pages):
        """Wait for the index and check it against `pages` (pages.Page, as the build read
        them); SearchIndexError says what went wrong."""
        said, _ = self.process.communicate()
        said = EXPECTED_OUTPUT.sub("", said).strip()
        if self.process.returncode != 0 or said:
            raise SearchIndexError(
                f"Pagefind could not index the site in {self.output} (exit status "
                f"{self.process.returncode}): {said or 'it gave no reason'}")
        keep_only_what_search_uses(self.output / BUNDLE)
        check_index(self.output / BUNDLE, pages)

    def stop(self):
        """End Pagefind if it still runs (the build failed before it was needed)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def keep_only_what_search_uses(bundle):
    for path in bundle.iterdir():
        if any(fnmatch.fnmatchcase(path.name, pattern) for pattern in KEPT):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def marked_pages(pages):
    """{language tag, as Pagefind writes it: number of pages marked for the index}."""
    counts = {language.tag.lower(): 0 for language in languages.LANGUAGES}
    for page in pages:
        if page.searchable:
            counts[languages.of_address(page.address).tag.lower()] += 1
    return counts


def check_index(bundle, pages):
    """Pagefind indexed exactly the pages the templates marked, in every language: with
    none marked it would index every page, lists and 404 included, and a language
    with none would have an empty search. The entry file is written in a fixed order."""
    entry_path = bundle / ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable {entry_path}: {error}") from error
    indexed = {tag: found.get("page_count", 0)
               for tag, found in entry.get("languages", {}).items()}
    marked = marked_pages(pages)
    if indexed != marked or not all(marked.values()):
        raise SearchIndexError(
            f"Pagefind indexed {indexed or 'nothing'}, where the templates marked {marked} "
            "pages for the search (data-pagefind-body, from the `searchable` filter: "
            "hksmega/plugin/searchable.py); each language needs some")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")), encoding="utf-8")
