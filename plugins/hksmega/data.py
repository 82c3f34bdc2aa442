"""content/data/*.yaml: facts the templates show, e.g. `data.organisation.phone`."""

from functools import lru_cache
from pathlib import Path

import yaml

from . import settings
from .problems import ContentError, Problem


@lru_cache(maxsize=8)
def _load_cached(folder, stamp):
    found = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        found[path.stem] = load_yaml(path)
    return found


def load_data(folder):
    """Every YAML file in `folder`, by file name without extension."""
    paths = sorted(Path(folder).glob("*.yaml"))
    # Reload when a file changes (the dev server rebuilds in one process).
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in paths)
    return _load_cached(str(folder), stamp)


def load_yaml(path):
    try:
        text = Path(path).read_text(encoding="utf-8")
        return yaml.safe_load(text) or {}
    except UnicodeDecodeError as error:
        raise ContentError([Problem(str(path), None, "", "UTF-8 text", str(error))]) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError(
            [Problem(str(path), mark.line + 1 if mark else None, "",
                     "valid YAML", getattr(error, "problem", None) or str(error))]
        ) from error


def missing_facts(value, name=""):
    """Dotted names of the empty fields: facts the brief does not give yet."""
    if value in (None, "", [], {}):
        return [name]
    if isinstance(value, dict):
        return [m for key, item in value.items()
                for m in missing_facts(item, f"{name}.{key}" if name else str(key))]
    if isinstance(value, list):
        return [m for i, item in enumerate(value) for m in missing_facts(item, f"{name}[{i}]")]
    return []


def add_data_to_context(generator):
    folder = settings.get(generator.settings, "DATA_PATH")
    generator.context["data"] = load_data(folder)
