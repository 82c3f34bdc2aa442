"""publishing.yaml: where and how the site is published (docs/PUBLISHING.md)."""

from pathlib import Path

from .data import load_yaml
from .problems import ContentError, Problem

CONFIG_FILE = Path(__file__).resolve().parents[2] / "publishing.yaml"

DEFAULTS = {
    "site_url": "",
    "remote": "origin",
    "branch": "gh-pages",
    "publish_from": "main",
    "cname": "",
}


def load_publishing_config(path=CONFIG_FILE):
    given = load_yaml(path) if Path(path).exists() else {}
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise ContentError(
            [Problem(str(path), None, key, "one of " + ", ".join(DEFAULTS), repr(key))
             for key in unknown]
        )
    return {**DEFAULTS, **{k: ("" if v is None else v) for k, v in given.items()}}
