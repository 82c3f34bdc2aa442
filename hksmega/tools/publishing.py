"""publishing.yaml: where and how the site is published (docs/PUBLISHING.md).

The file is read by publishconf.py (the site's public address) and by
`invoke publish` (remote, branch, domain, the branch allowed to publish).
HKSMEGA_PUBLISHING_CONFIG names another file instead: the tests use it to
publish to a throw-away repository.
"""

import dataclasses
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from hksmega.plugin.data import load_yaml
from hksmega.plugin.schemas import PUBLISHING
from hksmega.problems import ContentError, Problem

CONFIG_FILE = Path(__file__).resolve().parents[2] / "publishing.yaml"
CONFIG_ENV = "HKSMEGA_PUBLISHING_CONFIG"

DEFAULTS = {
    "site_url": "",
    "remote": "origin",
    "branch": "gh-pages",
    "publish_from": "main",
    "cname": "",
}

HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def config_path(default=CONFIG_FILE):
    return Path(os.environ.get(CONFIG_ENV) or default)


def load_publishing_config(path=None):
    """publishing.yaml, checked against its schema (schemas.PUBLISHING) every time it
    is read: every production build, `invoke check`, `invoke preview` and `invoke
    publish`. A bad value raises ContentError naming the file, line and field."""
    path = Path(path or config_path())
    given = load_yaml(path) if path.exists() else {}
    errors = [problem for problem in PUBLISHING.validate(given, getattr(given, "line", None),
                                                         str(path))
              if problem.severity == "error"]
    if errors:
        raise ContentError(errors)
    return {**DEFAULTS, **{k: ("" if v is None else str(v)) for k, v in given.items()}}


def missing_site_url(path=None):
    """The site's public address is a fact the brief does not give: a notice for
    `invoke check`, an error for `invoke publish`."""
    return Problem(
        str(path or config_path()), None, "site_url",
        "the site's public address, e.g. https://www.example.org (feeds, the sitemap "
        "and canonical links need it)", "an empty value", severity="notice")


def problems_before_publishing(config, path=None):
    """What must be fixed in publishing.yaml before the site can go live."""
    path = str(path or config_path())
    problems = []
    site_url = config["site_url"]  # its form was checked when it was read
    parts = urlsplit(site_url)
    if not site_url:
        problems.append(dataclasses.replace(missing_site_url(path), severity="error"))
    cname = config["cname"]
    if cname and not HOSTNAME.match(cname):
        problems.append(
            Problem(path, None, "cname", "a host name like www.example.org", repr(cname)))
    elif cname and parts.hostname and cname != parts.hostname:
        # GitHub Pages serves the site at the custom domain: feeds must point there too.
        problems.append(Problem(
            path, None, "cname", f"the host of site_url ({parts.hostname})", repr(cname)))
    for key in ("remote", "branch", "publish_from"):
        if not config[key]:
            problems.append(Problem(path, None, key, "a name", "an empty value"))
    return problems
