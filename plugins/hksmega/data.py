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


# organisation.yaml fields that are a way to reach the association; office
# hours are shown with them but reach nobody on their own.
REACHABLE_BY = ("address", "phone", "fax", "email")


def contact_details(organisation):
    """What the templates show of how to get in touch: the filled fields only."""
    filled = {key: organisation.get(key) for key in (*REACHABLE_BY, "office_hours")}
    return {
        "fields": {key: value for key, value in filled.items() if value},
        "reachable": any(filled[key] for key in REACHABLE_BY),
        "join": bool((organisation.get("membership") or {}).get("how_to_join")),
    }


def add_data_to_context(generator):
    folder = settings.get(generator.settings, "DATA_PATH")
    data = load_data(folder)
    generator.context["data"] = data
    generator.context["contact"] = contact_details(data.get("organisation") or {})
