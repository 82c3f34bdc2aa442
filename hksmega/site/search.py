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


def write_search_index(output):
    """Index the built site in `output` into `output`/pagefind/; SearchIndexError says
    what went wrong."""
    output = Path(output)
    shutil.rmtree(output / BUNDLE, ignore_errors=True)  # nothing left from a last build
    command = [str(executable()), "--site", str(output), "--output-subdir", BUNDLE, "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    said = EXPECTED_OUTPUT.sub("", result.stdout + result.stderr).strip()
    if result.returncode != 0 or said:
        raise SearchIndexError(
            f"Pagefind could not index the site in {output} (exit status {result.returncode}"
            f"): {said or 'it gave no reason'}")
    keep_only_what_search_uses(output / BUNDLE)
    check_index(output / BUNDLE)


def keep_only_what_search_uses(bundle):
    for path in bundle.iterdir():
        if not any(fnmatch.fnmatchcase(path.name, pattern) for pattern in KEPT):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def check_index(bundle):
    """Every language has an index with pages in it (a template that lost its
    `searchable` filter would leave a language's search empty), in a fixed order."""
    entry_path = bundle / ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable {entry_path}: {error}") from error
    found = entry.get("languages", {})
    empty = [language.tag for language in languages.LANGUAGES
             if not found.get(language.tag.lower(), {}).get("page_count")]
    if empty:
        raise SearchIndexError(
            f"Pagefind indexed no page in {', '.join(empty)} (it indexes only pages marked "
            f"data-pagefind-body, by the `searchable` filter); it found {sorted(found)}")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")), encoding="utf-8")
