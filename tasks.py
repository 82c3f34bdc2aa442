"""Tasks for building, checking and publishing the site: `invoke --list`.

This file only wires steps together; the logic lives in the hksmega package
(hksmega/), installed by scripts/bootstrap.
"""

import json
import os
from pathlib import Path
import shlex
import shutil
import sys

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent

CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "output": "output",
    "host": "127.0.0.1",
    "port": 8000,
}


def pelican_run(settings_file, *extra):
    """Build in-process through the pipeline (hksmega/build.py); Pelican's warnings
    are errors, so the site stays clean. `extra`: Pelican-style -o/-e arguments."""
    from hksmega.build import main as build_main

    if build_main(["-s", settings_file, "-o", CONFIG["output"], *extra]):
        raise Exit(
            "The build failed: see the messages above, fix the file they name, "
            "then run the command again.",
            code=1,
        )


def serve_output(port):
    from hksmega.tools.server import make_server

    ensure_port_free(port)
    server = make_server(CONFIG["output"], CONFIG["host"], port)
    print(f"Serving {CONFIG['output']}/ at http://{CONFIG['host']}:{port}/ (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


def ensure_port_free(port):
    """Say so before building when the port is taken, rather than after."""
    from hksmega.tools.server import PortInUse, make_server

    try:
        make_server(CONFIG["output"], CONFIG["host"], int(port)).server_close()
    except PortInUse as error:
        raise Exit(f"Cannot serve: {error}.", code=1) from None


@task
def clean(c):
    """Remove the generated site."""
    shutil.rmtree(CONFIG["output"], ignore_errors=True)


@task(help={"production": "Build with the production settings (publishconf.py) instead."})
def build(c, production=False):
    """Build the development site (drafts shown) into output/."""
    pelican_run(CONFIG["settings_publish" if production else "settings_base"])


@task
def rebuild(c):
    """Build the development site from scratch."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Rebuild the development site whenever a file changes (without serving it)."""
    from hksmega.tools.devserver import DevServer, init_logging_as_builds_do

    init_logging_as_builds_do()
    dev_server = DevServer(ROOT, CONFIG["settings_base"], CONFIG["output"])
    dev_server.build()
    dev_server.watch()


@task(help={"port": "Port to serve on (default 8000)."})
def serve(c, port=CONFIG["port"]):
    """Serve output/ at http://127.0.0.1:8000/."""
    serve_output(int(port))


@task(help={"port": "Port to serve on (default 8000)."})
def reserve(c, port=CONFIG["port"]):
    """Build the development site, then serve it."""
    build(c)
    serve(c, port)


@task(help={"port": "Port to serve on (default 8000)."})
def preview(c, port=CONFIG["port"]):
    """Build the production site (publishconf.py) and serve it locally."""
    from hksmega.problems import ContentError
    from hksmega.tools.publishing import load_publishing_config

    ensure_port_free(port)
    extra = []
    try:
        site_url = load_publishing_config()["site_url"]
    except ContentError as error:
        raise Exit(f"{error}\nFix publishing.yaml (docs/PUBLISHING.md), then run the command "
                   "again.", code=1) from None
    if not site_url:
        # No public address yet: feeds, sitemap and canonical links point here.
        origin = json.dumps(f"http://{CONFIG['host']}:{port}")
        extra = ["-e", f"SITE_ORIGIN={origin}", f"FEED_DOMAIN={origin}"]
    pelican_run(CONFIG["settings_publish"], *extra)
    serve(c, port)


@task(help={"port": "Port to serve on (default 8000)."})
def livereload(c, port=CONFIG["port"]):
    """Dev server: rebuild what each save changes and reload the browser."""
    from hksmega.tools.devserver import run

    ensure_port_free(port)
    run(ROOT, CONFIG["settings_base"], CONFIG["output"], CONFIG["host"], int(port))


@task(help={"links": "Also build the site to check every link (default); --no-links skips it"})
def check(c, links=True):
    """Validate all content and data, check every link, list the facts still missing."""
    from hksmega.tools.check import check_site, report

    code = report(check_site(links=links), sys.stdout)
    if code:
        raise Exit(code=code)


@task(
    positional=["kind", "title"],
    help={
        "kind": "news or event",
        "title": "The title, in quotes",
        "start": "For an event: when it started, YYYY-MM-DD or YYYY",
        "slug": "The file name (without .md), when the title does not give a good one; "
                "with --lang, the English file to translate",
        "lang": "Write a translation (zh-hant) of the English file --slug names",
    },
)
def new(c, kind, title, start="", slug="", lang=""):
    """Write a new news item or event (or, with --lang, a translation of one) as a draft
    from its template, and print its path."""
    import datetime
    from zoneinfo import ZoneInfo

    from hksmega.tools.scaffold import ScaffoldError, new_content, new_translation
    from pelican.settings import read_settings

    settings = read_settings(CONFIG["settings_base"])
    today = datetime.datetime.now(ZoneInfo(settings["TIMEZONE"])).date()
    try:
        if lang:
            path = new_translation(kind, title, settings, lang, slug)
        else:
            path = new_content(kind, title, settings, today, start=start or None,
                               slug=slug or None)
    except ScaffoldError as error:
        raise Exit(str(error), code=1) from None
    print(os.path.relpath(path))


@task
def translations(c):
    """Extract the theme's UI strings, update each language's catalogue, and list what is
    left to translate (docs/EDITING.md, "Translating")."""
    from hksmega.tools.catalogues import report, update

    print(report(update(ROOT)), end="")


@task
def docs(c):
    """Regenerate the field tables in docs/EDITING.md from the schemas."""
    from hksmega.plugin.schemas import update_field_tables

    guide = ROOT / "docs" / "EDITING.md"
    guide.write_text(update_field_tables(guide.read_text(encoding="utf-8")), encoding="utf-8")


@task(help={"runs": "How many times to measure each figure (the median is reported).",
            "items": "How many news items and events to generate (half each)."})
def bench(c, runs=3, items=1000):
    """Measure builds, the check and the dev server on a generated corpus against stock Pelican."""
    from hksmega.tools.bench import run_benchmarks

    run_benchmarks(ROOT, int(runs), ROOT / "docs" / "benchmarks.md", int(items))


@task(
    help={
        "target": "gh-pages (the default), dir:PATH or rsync:USER@HOST:PATH",
        "dry-run": "Do everything but the final push or switch; print what would change.",
        "allow-dirty": "Publish even though the working tree has uncommitted changes.",
        "any-branch": "Publish from another branch than publishing.yaml's publish_from.",
    }
)
def publish(c, target="gh-pages", dry_run=False, allow_dirty=False, any_branch=False):
    """Build, check and publish the production site (docs/PUBLISHING.md)."""
    from hksmega.tools.publish import PublishError, publish as publish_site

    try:
        publish_site(ROOT, target, dry_run=dry_run, allow_dirty=allow_dirty, any_branch=any_branch)
    except PublishError as error:
        raise Exit(f"Nothing was published: {error}", code=1) from None


@task(help={"k": "Only run tests whose names match this expression."})
def tests(c, k=""):
    """Run the whole test suite."""
    args = ["-k", k] if k else []
    c.run(shlex.join([sys.executable, "-m", "pytest", *args]), pty=os.isatty(1))
