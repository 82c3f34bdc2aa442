"""content/data/*.yaml: facts the templates show, e.g. `data.organisation.phone`.

Validation (validate.py) reads each data file once per build and keeps its value
in the build's record; the templates get those values."""

from hksmega import record
from hksmega.plugin import yamlsource


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
    data = record.of(generator.settings).data
    generator.context["data"] = data
    generator.context["contact"] = contact_details(data.get("organisation") or {})
