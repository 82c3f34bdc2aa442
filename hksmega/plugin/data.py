"""content/data/*.yaml: facts the templates show, e.g. `data.organisation.phone`.

Validation (validate.py) reads each data file once per build and keeps its value
in the build's record; the templates get those values in the site's language
(text given per language, `{en: ..., zh-hant: ...}`, becomes the text of that
language, or the English marked as English: translations.in_language)."""

from hksmega import record
from hksmega.plugin import yamlsource
from hksmega.plugin.translations import in_language


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
    data = in_language(record.of(generator.settings).data, generator.settings["DEFAULT_LANG"])
    generator.context["data"] = data
    generator.context["contact"] = contact_details(data.get("organisation") or {})
