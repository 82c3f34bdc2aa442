"""content/data/*.yaml: facts the templates show, e.g. `data.organisation.phone`."""

from functools import lru_cache
from pathlib import Path

from . import settings, yamlsource


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
    """A YAML file's value ({} when empty); ContentError naming file and line if broken."""
    value = yamlsource.parse(yamlsource.read_text(path), path)
    return {} if value is None else value


def add_data_to_context(generator):
    folder = settings.get(generator.settings, "DATA_PATH")
    generator.context["data"] = load_data(folder)
