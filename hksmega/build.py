"""The build pipeline: Pelican for the site, then the steps over the whole output
tree, once. Every task goes through it: build, preview, livereload, check, publish.

Pipeline.build() reads top to bottom:

1. the settings (the production settings check publishing.yaml), and the name
   of the stylesheet bundle, which every page links to;
2. Pelican's run: the plugin validates every content and data file first (each
   read, validated and converted once; a file unchanged since the last build of
   this pipeline comes from its cache), then Pelican reads and writes the pages
   (the dev server: only those it asks for);
3. once over the whole output tree: the stylesheet, `_headers`, sitemap.xml and
   robots.txt, then the checks: every link resolves, every page fits the
   page-weight budget, nothing but the site's own files is in the output.

A problem anywhere ends the build with ContentError and the whole list.
"""

import argparse
import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican
from pelican.contents import Content
from pelican.log import init as init_logging
from pelican.settings import read_settings

from hksmega.problems import ContentError, hide_tracebacks_of_content_errors
from hksmega.record import SETTING, BuildRecord
from hksmega.site import golive, headers, links, sitemap, stylesheet, weight
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


@dataclass
class BuildResult:
    output: Path
    notices: list  # what validation found that is not wrong: drafts, missing facts
    written: list  # the pages this build wrote
    seconds: float


class Pipeline:
    """Builds the site of one settings file into one folder, as often as asked (the dev
    server): the content cache is kept from one build to the next."""

    def __init__(self, settings_file, output=None, overrides=None, as_public_site=False,
                 cache=None):
        """`as_public_site`: a development build that checks links as the public site
        would have them (`invoke check`); `cache`: validated files to start from."""
        self.settings_file = settings_file
        self.overrides = dict(overrides or {})
        if output is not None:
            self.overrides["OUTPUT_PATH"] = str(output)
        self.as_public_site = as_public_site
        self.record = BuildRecord(cache=cache if cache is not None else {})

    def settings(self):
        return load_settings(self.settings_file, self.overrides)

    def build(self, only=None):
        """Build the site; `only` (tools.devserver.Selection) writes just the pages it
        wants, into the output as it is (the dev server's quick rebuild after a save)."""
        started = time.perf_counter()
        settings = self.settings()
        self.record.start(only)
        settings[SETTING] = self.record
        if only is not None:
            settings["DELETE_OUTPUT_DIRECTORY"] = False
        css, settings["STYLESHEET"] = stylesheet.bundle(settings["THEME"])
        forget_previous_builds()
        Pelican(settings).run()
        output = Path(settings["OUTPUT_PATH"]).resolve()
        stylesheet.write_stylesheet(output, css, settings["STYLESHEET"])
        headers.write_headers_file(output)
        if only is None:
            sitemap.write_sitemap(output, settings["SITE_ORIGIN"], self.record.sitemap)
        problems = self.check_output(output)
        if problems:
            raise ContentError(problems)
        return BuildResult(output, self.record.notices, self.record.written,
                           time.perf_counter() - started)

    def check_output(self, output):
        """The checks over the output tree: of every page, or of the pages written."""
        written = None if self.record.only is None else [
            Path(path) for path in self.record.written if path.endswith(".html")]
        pages = read_pages(output, written)
        return (
            links.find_broken_links(output, self.record.sources, self.record.not_public,
                                    pages, as_public_site=self.as_public_site)
            + weight.check_site_weight(output, pages, self.record.sources)
            + golive.check_only_site_files(output)
        )


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
            print(f"notice: {notice}")
    print(f"Done: the site is in {result.output} ({result.seconds:.2f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
