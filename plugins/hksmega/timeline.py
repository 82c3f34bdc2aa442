"""The history timeline (/history/) from content/data/history.yaml.

Each entry is {year, text, since?, event?}: `since: true` shows "Since <year>";
`event` is the slug of an event page, which the timeline links to. A bad
entry fails the build with the file, the entry's line, number and year, and
the field. The template gets the entries in year order (file order within a
year) with each event's URL already resolved.
"""

from dataclasses import dataclass
import difflib
from pathlib import Path

from pelican.generators import ArticlesGenerator
import yaml

from . import settings
from .data import load_data
from .events import is_event
from .problems import ContentError, Problem

FILE_NAME = "history.yaml"
FIELDS = ("year", "text", "since", "event")
FIRST_YEAR, LAST_YEAR = 1995, 2100  # the Association was incorporated in 1995


@dataclass(frozen=True)
class TimelineEntry:
    year: int
    since: bool
    text: str
    event_url: str | None = None
    event_title: str | None = None


def field_lines(path):
    """For each entry, {field: line number} (key "" is the entry itself); [] if not a list."""
    try:
        root = yaml.compose(Path(path).read_text(encoding="utf-8"))
    except OSError:
        return []  # entries that were never a file (a test's): no lines to give
    except yaml.YAMLError:
        return []  # load_data has reported it already
    if not isinstance(root, yaml.SequenceNode):
        return []
    lines = []
    for node in root.value:
        where = {"": node.start_mark.line + 1}
        if isinstance(node, yaml.MappingNode):
            where.update({key.value: key.start_mark.line + 1 for key, _ in node.value})
        lines.append(where)
    return lines


def entry_problems(entry, event_slugs, unpublished=frozenset()):
    """(field, expected, found) for everything wrong with one entry."""
    if not isinstance(entry, dict):
        return [("", "an entry with year and text", type(entry).__name__)]
    found = []
    for key in entry:
        if key not in FIELDS:
            found.append((str(key), "one of " + ", ".join(FIELDS), repr(key)))
    year = entry.get("year")
    if type(year) is not int or not FIRST_YEAR <= year <= LAST_YEAR:
        found.append(("year", f"a year from {FIRST_YEAR} to {LAST_YEAR}", repr(year)))
    text = entry.get("text")
    if not isinstance(text, str) or not text.strip():
        found.append(("text", "one or two sentences", repr(text)))
    if "since" in entry and not isinstance(entry["since"], bool):
        found.append(("since", "true or false", repr(entry["since"])))
    event = entry.get("event")
    if "event" in entry and event not in event_slugs:
        close = difflib.get_close_matches(str(event), sorted(event_slugs), n=1)
        hint = (" (a draft, not published in this build)" if event in unpublished
                else f" (did you mean {close[0]!r}?)" if close else "")
        found.append(("event", "the file name (without .md) of a published event in "
                      "content/events/", repr(event) + hint))
    return found


def validate_history(entries, path, event_slugs, unpublished=frozenset()):
    """Every problem in history.yaml's entries, each naming entry number, year and field."""
    if not isinstance(entries, list):
        return [Problem(str(path), None, "", "a list of entries (- year: ...)",
                        type(entries).__name__)]
    lines = field_lines(path)
    problems = []
    for number, entry in enumerate(entries, start=1):
        where = lines[number - 1] if number <= len(lines) else {}
        year = entry.get("year") if isinstance(entry, dict) else None
        label = f"entry {number}" + (f" ({year})" if year is not None else "")
        for field, expected, found in entry_problems(entry, event_slugs, unpublished):
            problems.append(Problem(str(path), where.get(field, where.get("")),
                                    f"{label} {field}".strip(), expected, found))
    return problems


def timeline_entries(entries, events_by_slug):
    """Valid entries, in year order (file order within a year), with event links."""
    timeline = []
    for entry in sorted(entries, key=lambda e: e["year"]):
        event = events_by_slug.get(entry.get("event"))
        timeline.append(TimelineEntry(
            year=entry["year"],
            since=entry.get("since", False),
            text=entry["text"].strip(),
            event_url=event.url if event else None,
            event_title=event.title if event else None,
        ))
    return timeline


def linkable_events(articles_generator):
    """Events whose page is written: published, hidden, and drafts where drafts are built."""
    candidates = [*articles_generator.articles, *articles_generator.hidden_articles,
                  *articles_generator.drafts]
    return {e.slug: e for e in candidates if is_event(e) and e.save_as}


def build_timeline(generators):
    """Validate history.yaml against the events read, and give templates `timeline`."""
    articles_generator = next(g for g in generators if isinstance(g, ArticlesGenerator))
    folder = settings.get(articles_generator.settings, "DATA_PATH")
    path = Path(folder) / FILE_NAME
    entries = load_data(folder).get("history", [])
    events = linkable_events(articles_generator)
    drafts = {d.slug for d in articles_generator.drafts if is_event(d)} - set(events)
    problems = validate_history(entries, path, set(events), drafts)
    if problems:
        raise ContentError(problems)
    articles_generator.context["timeline"] = timeline_entries(entries, events)
