"""`invoke check`: the validation every build runs (plugin/validate.py), then one
build to check every link and page, and the notices: facts the site still lacks.
One line per problem, errors first."""

import contextlib
import io
import logging
import tempfile
from dataclasses import dataclass

from hksmega.build import load_settings
from hksmega.plugin import translations
from hksmega.plugin.validate import errors_in, validate_content
from hksmega.problems import ContentError, Problem
from hksmega.record import BuildRecord
from hksmega.tools.publishing import load_publishing_config, missing_site_url

# `invoke check`: the same validation, then the links of one build.

class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@dataclass
class CheckResult:
    problems: list
    links_checked: bool


def check_site(overrides=None, links=True):
    """Validate the content and data as the production build sees them; then, with
    `links`, build the site once to check every link and page.

    One build checks what both would: the development build writes every page,
    drafts and future items too, so the links in a draft are checked now, before
    it is published; and it judges the other pages' links as the public site has
    them, where a link to a draft or future item is broken. The files validated
    here are not read or converted again by the build (one cache).
    """
    try:
        # The production settings read publishing.yaml, and refuse a bad address.
        settings = load_settings("publishconf.py", overrides)
    except ContentError as error:
        return CheckResult(error.problems, links_checked=False)
    validated = BuildRecord()
    problems = validate_content(settings, validated, every_language=True)
    # Each language's to-do list: pages not translated yet, and translations outdated.
    problems += translations.to_do(validated.families, validated.cache,
                                   translations.commit_dates(settings["PATH"]))
    if not load_publishing_config()["site_url"]:
        problems.append(missing_site_url())
    if errors_in(problems) or not links:
        return CheckResult(problems, links_checked=False)
    for problem in build_problems("pelicanconf.py", overrides, validated.cache,
                                  validated.pictures):
        if problem not in problems:
            problems.append(problem)
    return CheckResult(problems, links_checked=True)


def build_problems(settings_file, overrides=None, cache=None, pictures=None):
    """Problems the build reports (errors, and what it notices: pictures no page shows),
    and any warning from Pelican; `pictures`: the pictures validation read."""
    from hksmega.build import Pipeline

    collector = _WarningCollector()
    logger = logging.getLogger("pelican")
    logger.addHandler(collector)
    problems = []
    with tempfile.TemporaryDirectory() as output:
        pipeline = Pipeline(settings_file, output, overrides, as_public_site=True, cache=cache,
                            pictures=pictures)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                problems += pipeline.build().notices
        except ContentError as error:
            problems += error.problems
        except RuntimeError:
            pass  # warnings are fatal in this process; the warning is collected below
        finally:
            logger.removeHandler(collector)
    for record in collector.records:
        problems.append(Problem(str(settings_file), None, "", "a build without warnings",
                                record.getMessage()))
    return problems


def report(result, out):
    """Print one line per problem, errors first; return the exit code (0: all is well)."""
    errors = sorted(errors_in(result.problems), key=Problem.sort_key)
    # Then warnings (likely mistakes that do not stop a build), then notices (to do).
    order = {"warning": 0, "notice": 1}
    notices = sorted((p for p in result.problems if p.severity != "error"),
                     key=lambda p: (order.get(p.severity, 1), p.sort_key()))
    for problem in errors:
        print(f"error: {problem}", file=out)
    for problem in notices:
        print(f"{problem.severity}: {problem}", file=out)
    if not result.links_checked:
        print("Links were not checked: fix the errors above, then run `invoke check` again."
              if errors else "Links were not checked (--no-links).", file=out)
    warnings = sum(p.severity == "warning" for p in notices)
    print(f"{len(errors)} error(s), {warnings} warning(s), {len(notices) - warnings} "
          "notice(s).", file=out)
    if errors:
        print("Each line names the file, the line and the field to fix; docs/EDITING.md "
              "says what each message means.", file=out)
    return 1 if errors else 0
