"""The history timeline (/history/) from content/data/history.yaml.

Each entry is {year, text, since?, event?}: `since: true` shows "Since <year>";
`event` is the slug of an event page, which the timeline links to. The
entries' fields are checked with the other data files against their schema
(schemas.HISTORY, validate.py) before the build reads anything; here the events
are known, so an entry naming one whose page is not written fails the build
with the file, the entry's line, number and year. The template gets the
entries in year order (file order within a year) with each event's URL
already resolved, and `record_ends`: the last year the site's record (the
timeline and the published events) speaks of, which the events index states.
"""

from dataclasses import dataclass
from pathlib import Path

from pelican.generators import ArticlesGenerator

from hksmega.languages import ORIGINAL
from hksmega.plugin import schemas, settings
from hksmega.plugin.events import is_event
from hksmega.plugin.translations import LanguageText
from hksmega.plugin.typography import smart_text, text_converter
from hksmega.problems import ContentError, Problem

FILE_NAME = "history.yaml"


@dataclass(frozen=True)
class TimelineEntry:
    year: int
    since: bool
    text: str
    event_url: str | None = None
    event_title: str | None = None


def missing_events(entries, path, event_slugs, unpublished=frozenset()):
    """Problems for entries whose `event` is not the slug of an event in `event_slugs`.

    The one place for this rule. `invoke check` and the start of each build call
    it with every event file's slug; build_timeline again once the events are
    read, with only those whose page this build writes (`unpublished`: drafts).
    Every other rule about an entry is in its schema (schemas.HISTORY).
    """
    problems = []
    for number, entry in enumerate(entries):
        event = entry.get("event") if isinstance(entry, dict) else None
        if event in (None, "") or str(event) in event_slugs:
            continue
        hint = (" (a draft, not published in this build)" if str(event) in unpublished
                else schemas.suggestion(event, sorted(event_slugs)))
        line = entry.line_of("event") if hasattr(entry, "line_of") else None
        problems.append(Problem(
            str(path), line, schemas.join_path(schemas.HISTORY.root.item_label(number, entry),
                                               "event"),
            "the file name (without .md) of a published event in content/events/",
            repr(event) + hint))
    return problems


def timeline_entries(entries, events_by_slug, typeset=None):
    """Valid entries, in year order (file order within a year), with event links; the
    text typeset as the pages' text is (`typeset`: typography.text_converter)."""
    timeline = []
    for entry in sorted(entries, key=lambda e: e["year"]):
        event = events_by_slug.get(str(entry.get("event")))
        timeline.append(TimelineEntry(
            year=entry["year"],
            since=entry.get("since", False),
            # Typeset, still knowing its language (English on a page not yet translated).
            text=LanguageText(smart_text(entry["text"].strip(), typeset),
                              getattr(entry["text"], "lang", ORIGINAL.code)),
            event_url=event.url if event else None,
            event_title=event.title if event else None,
        ))
    return timeline


def record_ends(entries, events):
    """The last year the history entries and events speak of, or None if they are empty:
    the record on this site runs to it, and nothing on the site knows what came after."""
    years = [entry["year"] for entry in entries]
    for event in events:
        years += [d.year for d in (event.start, event.end) if d]
        years += [event.recorded] if getattr(event, "recorded", None) else []
    return max(years, default=None)


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
    entries = articles_generator.context["data"].get("history", [])  # data.py read it
    events = linkable_events(articles_generator)
    drafts = {d.slug for d in articles_generator.drafts if is_event(d)} - set(events)
    problems = missing_events(entries, path, set(events), drafts)
    if problems:
        raise ContentError(problems)
    articles_generator.context["timeline"] = timeline_entries(
        entries, events, text_converter(articles_generator.settings["MARKDOWN"]))
    published = [a for a in articles_generator.articles if is_event(a)]
    articles_generator.context["record_ends"] = record_ends(entries, published)
