"""The build pipeline: Pelican for each language's site, then the steps over the whole
output tree, once. Every task goes through it: build, preview, livereload, check,
publish.

Pipeline.build() reads top to bottom:

1. the settings (the production settings check publishing.yaml), and the name
   of the stylesheet bundle, which every page links to;
2. one Pelican run per language (languages.py): English at the root, each other
   language under its prefix (/zh-hant/), with the same content tree. The plugin
   validates every content and data file first (each read and validated once; a
   file unchanged since the last build of this pipeline comes from its cache) and
   converts the Markdown its language shows; Pelican reads and writes the pages
   (the dev server: only those it asks for), and reads each page it wrote once
   for the checks. A one-off build runs the languages in processes side by side: a
   written language in each (English; Traditional Chinese), and a language
   converted from one (Simplified) after it in the same process, taking the files
   its run converted, so each is converted once. Each run empties its own folder
   once its content is valid;
3. once over the whole output tree: the photos of content/images/ (read before the
   runs, so every page knows their sizes; made once into the image cache, for every
   language, while no search index runs; copied for the pages that show them:
   site/images.py), the stylesheet and the theme's files (written
   once, by the English run, for every language), `_headers`, the share cards
   (one per name, whichever languages show it), sitemap.xml with
   every language's pages and robots.txt, then the checks: every link resolves,
   every page fits the page-weight budget, nothing but the site's own files is in
   the output. In a production build, Pagefind indexes each language's pages for
   the site's search (site/search.py), one language at a time, from the moment
   they are written and at most one other run is going, beside the other
   languages' runs and the checks; the build waits for it last.

A problem anywhere ends the build with ContentError and the whole list.
"""

import argparse
import json
import logging
import multiprocessing
import queue
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.contents import Content
from pelican.log import init as init_logging
from pelican.settings import read_settings

from hksmega import languages
from hksmega.problems import ContentError, hide_tracebacks_of_content_errors
from hksmega.record import SETTING, BuildRecord
from hksmega.plugin import pictures, validate
from hksmega.plugin import settings as plugin_settings
from hksmega.site import (golive, headers, images, links, search, share_image, sitemap,
                          stylesheet, weight)
from hksmega.site.pages import read_pages

logger = logging.getLogger("pelican")


def load_settings(settings_file, overrides=None):
    """Pelican's settings from a file, with overrides; an HKSMEGA override is merged
    into the file's HKSMEGA rather than replacing it."""
    overrides = dict(overrides or {})
    ours = overrides.pop("HKSMEGA", {})
    settings = read_settings(str(settings_file), override=overrides)
    settings["HKSMEGA"] = {**settings.get("HKSMEGA", {}), **ours}
    return settings


def language_overrides(base, code):
    """The settings that make `base` (the settings file's) build `code`'s site."""
    language = languages.BY_CODE[code]
    root = base["SITEURL"]
    overrides = {
        "DEFAULT_LANG": code,
        "LANGUAGE": language,
        "LANGUAGES": languages.LANGUAGES,
        "ORIGINAL_LANGUAGE": languages.ORIGINAL,
        "SITE_ROOT": root,
        # Each run reads the English files; the plugin gives it its language's text.
        "IGNORE_FILES": [*base["IGNORE_FILES"], *languages.TRANSLATION_FILES],
        # Each run empties its own folder once its content is valid (a bad file keeps
        # the last good site); the root's run keeps the other languages' folders.
        "OUTPUT_RETENTION": [*base.get("OUTPUT_RETENTION", []), *(
            other.prefix.rstrip("/") for other in languages.LANGUAGES if other.prefix)],
    }
    if language.prefix:
        prefix = language.prefix.rstrip("/")
        overrides.update(
            OUTPUT_PATH=str(Path(base["OUTPUT_PATH"]) / prefix),
            SITEURL=f"{root}/{prefix}",
            FEED_DOMAIN=f"{base['FEED_DOMAIN']}/{prefix}" if base.get("FEED_DOMAIN") else "",
            # Images, the stylesheet and the theme's files: once, at the root.
            STATIC_PATHS=[], THEME_STATIC_PATHS=[])
    return overrides


def shared_paths(base):
    """Addresses every language shares: what the English run copies to the root."""
    return tuple(f"{path.strip('/')}/" for path in [
        *base["STATIC_PATHS"], base["THEME_STATIC_DIR"]])


@dataclass
class Findings:
    """What one language's run found, as its worker hands it back."""

    code: str
    notices: list = field(default_factory=list)
    sources: dict = field(default_factory=dict)
    not_public: dict = field(default_factory=dict)
    sitemap: list = field(default_factory=list)
    share_images: set = field(default_factory=set)
    pictures_used: set = field(default_factory=set)
    written: list = field(default_factory=list)
    pages: dict = field(default_factory=dict)  # address -> pages.Page, of the pages written
    errors: list = field(default_factory=list)  # Problems that end the build
    failure: str = ""  # a fatal warning of Pelican's, logged already


class BuildCancelled(Exception):
    """Pipeline.cancel() stopped the build's processes (the dev server: a newer save)."""


@dataclass
class BuildResult:
    output: Path
    notices: list  # what validation found that is not wrong: drafts, missing facts
    written: list  # the pages this build wrote
    seconds: float
    pictures_made: list = field(default_factory=list)  # addresses of pictures processed


class Pipeline:
    """Builds the sites of one settings file into one folder, as often as asked (the dev
    server): the content cache is kept from one build to the next."""

    def __init__(self, settings_file, output=None, overrides=None, as_public_site=False,
                 cache=None, pictures=None):
        """`as_public_site`: a development build that checks links as the public site
        would have them (`invoke check`); `cache`: validated files to start from, kept
        from build to build (the languages then run in this process, one after the
        other, unless build() says otherwise); `pictures`: an images.Catalogue read
        already."""
        self.settings_file = settings_file
        self.overrides = dict(overrides or {})
        if output is not None:
            self.overrides["OUTPUT_PATH"] = str(output)
        self.as_public_site = as_public_site
        self.in_process = cache is not None
        self.cache = cache if cache is not None else {}
        self.pictures = pictures or images.Catalogue()  # kept from build to build
        self.cancelled = False  # cancel() sets it; whoever called cancel() clears it

    def settings(self):
        return load_settings(self.settings_file, self.overrides)

    def build(self, only=None, codes=None, in_process=None):
        """Build the sites; `only` (tools.devserver.Selection) writes just the pages it
        wants, into the output as it is (the dev server's quick rebuild after a save);
        `codes`: the languages to build, in that order (default: all); `in_process`:
        whether here or in processes of their own (default: as the pipeline was made)."""
        started = time.perf_counter()
        base = self.settings()
        css, stylesheet_name = stylesheet.bundle(base["THEME"])
        output = Path(base["OUTPUT_PATH"]).resolve()
        codes = codes or [language.code for language in languages.LANGUAGES]
        # Read once here, for every language's run (a Chinese run has no STATIC_PATHS).
        validate.read_pictures(base, self.pictures)
        job = SiteJob(self.settings_file, self.overrides, stylesheet_name, only,
                      shared_paths(base), str(output), self.pictures)
        # Each language's search index, begun once its pages are written (search.py).
        indexes = (search.SearchIndexes(output)
                   if only is None and plugin_settings.get(base, "SEARCH_INDEX") else None)
        # Photos not made yet (the first build after they were added) take as much memory
        # as an index: the indexes wait until they are made, after the languages' runs.
        pictures_cache = Path(base["CACHE_PATH"]) / "images"
        photos_waiting = images.to_make(self.pictures.pictures.values(), pictures_cache)

        def progress(finding, builds_running):
            if indexes is None:
                return
            if finding is not None and not (finding.errors or finding.failure):
                indexes.add(finding.code)
            if not photos_waiting:
                indexes.advance(builds_running)

        try:
            findings = self.run(job, codes, self.in_process if in_process is None else
                                in_process, progress)
            errors = [problem for f in findings for problem in f.errors]
            if errors:
                raise ContentError(unique(errors))
            failure = next((f.failure for f in findings if f.failure), "")
            if failure:
                raise RuntimeError(failure)
            # Every picture once, for every language (those no page shows too: the cache
            # is then complete, and the next build has nothing to wait for).
            made = images.make_all(self.pictures.pictures.values(), pictures_cache)
            photos_waiting = False
            progress(None, builds_running=0)
            stylesheet.write_stylesheet(output, css, stylesheet_name)
            headers.write_headers_file(output)
            share_image.write_share_images(output, set().union(*(f.share_images
                                                                 for f in findings)))
            # Only the pictures a page shows are published: a draft's photos wait for it.
            used = set().union(*(f.pictures_used for f in findings))
            images.copy_pictures(output, [p for a, p in self.pictures.pictures.items()
                                          if a in used], pictures_cache)
            notices = pictures.unused(self.pictures.pictures, used)
            if only is None:
                sitemap.write_sitemap(output, base["SITE_ORIGIN"],
                                      {f.code: f.sitemap for f in findings})
            problems = self.check_output(output, findings,
                                         between=lambda: progress(None, builds_running=0))
            if problems:
                raise ContentError(problems)
            if indexes:
                indexes.finish({f.code: f.pages.values() for f in findings})
        finally:
            if indexes:
                indexes.stop()
        return BuildResult(output, unique([n for f in findings for n in f.notices] + notices),
                           [path for f in findings for path in f.written],
                           time.perf_counter() - started, made)

    def run(self, job, codes, in_process, progress):
        """Each language's run: here, one after the other, or in processes of their own.
        `progress(findings or None, how many processes still run)` is called with each
        language's Findings as soon as it has them, and between them."""
        if self.cancelled:
            raise BuildCancelled()
        if in_process:
            findings = []
            for code in codes:
                findings.append(job.run(code, self.cache))
                progress(findings[-1], builds_running=1)
            return findings
        # fork: each process starts with this one's modules, settings and cache, at once.
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        processes = [context.Process(target=work, args=(job, group, results, self.cache))
                     for group in process_groups(codes)]
        for process in processes:
            process.start()
        findings = []
        try:
            while len(findings) < len(codes):
                # Asked before waiting: a process puts its result before it ends, so when
                # all had ended and the queue stays empty, a result is lost, not late.
                running = sum(process.is_alive() for process in processes)
                try:
                    findings.append(results.get(timeout=0.1))
                    progress(findings[-1], running)
                except queue.Empty:
                    progress(None, running)
                    if self.cancelled:
                        raise BuildCancelled() from None
                    if not running:
                        raise RuntimeError("a language's build process ended with no "
                                           "result (out of memory?)") from None
        except BaseException:
            # Cancelled, or failing here (Pagefind would not start): no run goes on alone,
            # and none is still writing when the next build (a newer save) writes the same
            # page, which would leave the older copy on disk.
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(timeout=5)
                if process.is_alive():
                    process.kill()
                    process.join()
            raise
        for process in processes:
            process.join()
        return sorted(findings, key=lambda f: codes.index(f.code))

    def cancel(self):
        """Stop a build running in processes (from another thread): it ends them within
        a tenth of a second and raises BuildCancelled. What they wrote stays: the next
        build writes it again."""
        self.cancelled = True

    def check_output(self, output, findings, between=lambda: None):
        """The checks over the output tree, of the pages written (every page, but in a
        quick rebuild), as each language's run read them; `between` is called after each
        (a search index may begin once the one before it has ended)."""
        pages = {address: page for f in findings for address, page in f.pages.items()}
        sources = {path: source for f in findings for path, source in f.sources.items()}
        not_public = {address: source for f in findings
                      for address, source in f.not_public.items()}
        checks = [
            lambda: links.find_broken_links(output, sources, not_public, pages,
                                            as_public_site=self.as_public_site),
            lambda: weight.check_site_weight(output, pages, sources),
            lambda: golive.check_only_site_files(output),
        ]
        problems = []
        for check in checks:
            problems += check()
            between()
        return problems


@dataclass
class SiteJob:
    """One build's Pelican runs, one per language: what each process needs."""

    settings_file: str
    overrides: dict
    stylesheet_name: str
    only: object
    shared_paths: tuple
    output: str
    pictures: images.Catalogue

    def settings(self, code):
        base = load_settings(self.settings_file, self.overrides)
        return load_settings(self.settings_file,
                             {**self.overrides, **language_overrides(base, code)})

    def run(self, code, cache):
        """Build `code`'s site, with the files `cache` holds as validated already."""
        settings = self.settings(code)
        build_record = BuildRecord(cache=cache, shared_paths=self.shared_paths,
                                   pictures=self.pictures)
        build_record.start(self.only)
        settings[SETTING] = build_record
        settings["STYLESHEET"] = self.stylesheet_name
        if self.only is not None:
            settings["DELETE_OUTPUT_DIRECTORY"] = False  # a quick rebuild writes into it
        findings = Findings(code)
        try:
            forget_previous_builds()
            Pelican(settings).run()
        except ContentError as error:
            findings.errors = error.problems
            return findings
        except RuntimeError as error:  # a fatal warning, logged just before
            findings.failure = str(error)
            return findings
        findings.notices = build_record.notices
        findings.sources, findings.not_public = build_record.sources, build_record.not_public
        findings.sitemap, findings.written = build_record.sitemap, build_record.written
        findings.share_images = build_record.share_images
        findings.pictures_used = build_record.pictures_used
        # Read once here, in this language's process, for the checks over the whole site.
        findings.pages = read_pages(Path(self.output), [
            Path(path) for path in build_record.written if path.endswith(".html")])
        return findings


def process_groups(codes):
    """The languages each process builds, in order: a written language, then those
    converted from it (Simplified after Traditional), which take the files its run
    converted (so each file is converted once, and OpenCC converts its HTML once)."""
    groups = [[code] for code in codes if languages.BY_CODE[code].converted_from not in codes]
    for code in codes:
        source = languages.BY_CODE[code].converted_from
        if source in codes:
            next(group for group in groups if source in group).append(code)
    return groups


def work(job, codes, results, cache):
    """One process: its languages' Findings go to `results`, one each, whatever happens."""
    cache = dict(cache)  # the parent's, as it was: a kept cache (the dev server)
    for code in codes:
        try:
            results.put(job.run(code, cache))
        except BaseException:  # noqa: BLE001 (a bug: the parent reports it, and does not wait)
            results.put(Findings(code, failure=traceback.format_exc()))


def unique(problems):
    """Problems once each: every language's run validates the same files."""
    return list(dict.fromkeys(problems))


def forget_previous_builds():
    """Pelican keeps every article's HTML in a memo on its class, so a process that
    builds again (the dev server) would keep every build's articles. (The plugin
    makes Pelican forget the warnings it has shown: problems.forget_logged_warnings.)"""
    for name in ("get_content", "get_summary"):
        Content.__dict__[name].cache.clear()


# `python -m hksmega.build`: what `invoke build` runs, and the tests and publishing with it.

def parse_overrides(pairs):
    """`-e KEY=JSON ...`, as Pelican's own command line takes them."""
    overrides = {}
    for pair in pairs or []:
        key, _, value = pair.partition("=")
        overrides[key] = json.loads(value)
    return overrides


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m hksmega.build", description=__doc__.split(
        "\n")[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default=None)
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[])
    args = parser.parse_args(argv)
    # Pelican's warnings are errors, so the site stays at zero warnings; plain lines.
    init_logging(logging.WARNING, fatal="warnings", handler=None, name="pelican")
    hide_tracebacks_of_content_errors()
    try:
        result = Pipeline(args.settings, args.output,
                          parse_overrides(args.extra_settings)).build()
    except ContentError as error:
        logger.critical("%s: %s", type(error).__name__, error)
        return 1
    except RuntimeError as error:  # a fatal warning, logged just before
        logger.critical("%s", error)
        return 1
    for notice in sorted(result.notices, key=lambda p: p.sort_key()):
        if notice.severity != "error":
            print(f"{notice.severity}: {notice}")
    print(f"Done: the site is in {result.output} ({result.seconds:.2f} s"
          f"{pictures_processed(result)}).")
    return 0


def pictures_processed(result):
    """What a build's last line adds when it made photos, "; 5 pictures processed" (they
    are kept in the cache, where the next builds find them); else nothing."""
    count = len(result.pictures_made)
    return f"; {count} picture{'s' if count != 1 else ''} processed" if count else ""


if __name__ == "__main__":
    sys.exit(main())
