"""Events: when each one happened, and the events index grouped by year.

An event is an article in the `events` folder (its category). Its `date` is
when the page was published here; `start` and `end` say when the event took
place, each a full date, a year alone or absent. They are read only by
PartialDate (dates.py), so a year never gains a month or day. Which fields an
event may have is the schema's business (schemas.py); this module owns what the
dates mean: they parse, an end is not before its start, and of the two ways to
say something went on ("Since <year>"), each needs a start and no end:

- `since: true` with `recorded: <year>`: a record of that year says it began in
  `start` and was still going on ("Since 2002, as recorded in 2010"). This is
  all an old record can support: it says nothing about today.
- `ongoing: true`: an editor knows it goes on today. Only this puts an event
  under "Ongoing"; no record's word alone does.

The events index (/events/) is written by EventsIndexGenerator, not as
Pelican's category page by publication date: "Ongoing" first (only what an
editor marked so), then one group per year of start, newest first, then the
events whose dates are not recorded; paginated by PAGINATED_TEMPLATES["events"],
each page grouped.

Events with a full start date not over yet (their last day is today or later,
in Hong Kong) are "upcoming": the home page and the events index list them
first, soonest first. "Today" is the build's (today() below), so a site with
upcoming events must be built again for them to move to the past.
"""

import datetime
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from hksmega.plugin import settings as plugin_settings
from hksmega.plugin.dates import PartialDate
from hksmega.plugin.typography import smart_text, text_converter

EVENTS = "events"  # the category (folder) of event retrospectives


@dataclass(frozen=True)
class EventGroup:
    """One heading of the events index: kind is "ongoing" (set by an editor), "year"
    (of start) or "no-dates" (no start: shown as "Dates not recorded")."""

    kind: str
    year: int | None
    events: tuple


@dataclass(frozen=True)
class EventDates:
    """When an event happened, as its file says (validated before it was read:
    schemas.EVENT holds the rules of how these fit together)."""

    start: PartialDate | None
    end: PartialDate | None
    ongoing: bool
    since: bool
    recorded: int | None


def event_dates(metadata):
    """EventDates from one event's metadata as read from its file."""
    def when(field):
        return None if metadata.get(field) is None else PartialDate.parse(metadata[field])

    recorded = metadata.get("recorded")
    return EventDates(when("start"), when("end"), ongoing=metadata.get("ongoing") is True,
                      since=metadata.get("since") is True,
                      recorded=recorded if isinstance(recorded, int) else None)


def is_event(article):
    category = getattr(article, "category", None)
    return category is not None and category.slug == EVENTS


def title_key(event):
    return (event.title.casefold(), event.slug)


def newest_first(events):
    """Events with a start, latest start first; the same start sorts by title."""
    dated = sorted((e for e in events if e.start), key=title_key)
    return sorted(dated, key=lambda e: e.start.sort_key(), reverse=True)


def today(settings):
    """The day this build takes as today: HKSMEGA["TODAY"] if set (tests, previews),
    else the clock's day where the association is (TIMEZONE)."""
    day = plugin_settings.get(settings, "TODAY")
    if day is not None:
        return day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)
    return datetime.datetime.now(ZoneInfo(settings["TIMEZONE"])).date()


def is_dated(event):
    """Whether an event's start is a full date: it goes in the calendars, and under
    "Upcoming events" until it is over."""
    return event.start is not None and event.start.is_full


def last_day(event):
    """The day a dated event ends: its end if a full date, else its start."""
    return (event.end if event.end and event.end.is_full else event.start).as_date()


def soonest_first(events):
    """The dated events of `events`, by start, then slug: the same order whatever order
    Pelican read them in."""
    return sorted((e for e in events if is_dated(e)), key=lambda e: (e.start.sort_key(), e.slug))


def upcoming(events, day):
    """Events with a full start date that are not over on `day`, soonest first."""
    return [e for e in soonest_first(events) if last_day(e) >= day]


def group_events(events):
    """The events index: Ongoing (only what an editor marked so), then each year of
    start newest first (an event "since" a year is under that year), then those
    without dates."""
    ongoing = [e for e in events if e.ongoing]
    dated = [e for e in events if e.start and not e.ongoing]
    no_dates = sorted((e for e in events if not e.start and not e.ongoing), key=title_key)
    groups = []
    if ongoing:
        groups.append(EventGroup("ongoing", None, tuple(newest_first(ongoing))))
    for year, in_year in itertools.groupby(newest_first(dated), key=lambda e: e.start.year):
        groups.append(EventGroup("year", year, tuple(in_year)))
    if no_dates:
        groups.append(EventGroup("no-dates", None, tuple(no_dates)))
    return groups


def prepare_events(generator):
    """Give every event PartialDate `start`/`end`, and group them."""
    every_event = [a for a in itertools.chain(generator.articles, generator.hidden_articles,
                                              generator.drafts) if is_event(a)]
    for event in every_event:
        dates = event_dates(event.metadata)
        event.start, event.end, event.ongoing = dates.start, dates.end, dates.ongoing
        event.since, event.recorded = dates.since, dates.recorded
    typeset_people_and_organisations(every_event, text_converter(generator.settings["MARKDOWN"]))
    events = [a for a in generator.articles if is_event(a)]
    generator.context["events_in_index_order"] = [
        event for group in group_events(events) for event in group.events]
    generator.context["events_by_start"] = newest_first(events)
    generator.context["upcoming_events"] = upcoming(events, today(generator.settings))
    for category, _ in generator.categories:
        if category.slug == EVENTS:
            # Pelican would write /events/ as a paginated list by publication
            # date; EventsIndexGenerator writes it grouped by year instead. The
            # category keeps its URL (links, sitemap) and its feed.
            category.settings = {**category.settings, "CATEGORY_SAVE_AS": ""}
            generator.context["events_category"] = category


def typeset_people_and_organisations(events, typeset):
    """Guests' names and positions and organisations' names, shown beside the text,
    get its typography ("People’s Government"), as plain text (typography.py)."""
    fields = {"guests": ("name", "position"), "organisations": ("name",)}
    for event in events:
        for list_field, text_fields in fields.items():
            items = getattr(event, list_field, None)
            if isinstance(items, list):
                setattr(event, list_field, [
                    {**item, **{f: smart_text(item[f], typeset) for f in text_fields
                                if isinstance(item.get(f), str)}}
                    for item in items])


def add_template_filters(generator):
    # The events index groups each of its pages: `articles_page.object_list | group_events`.
    generator.env.filters["group_events"] = group_events


class EventsIndexGenerator(Generator):
    """Writes /events/ in index order, paginated by PAGINATED_TEMPLATES["events"]
    so a page stays inside the page-weight budget; each page is grouped by year."""

    def generate_output(self, writer):
        category = self.context.get("events_category")
        if category is None:
            return  # no published events yet
        writer.write_file(
            self.settings["CATEGORY_SAVE_AS"].format(**category.as_dict()),
            self.get_template("events"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            paginated={"articles": self.context["events_in_index_order"]},
            template_name="events",
            url=category.url,
            category=category,
        )


def get_generators(pelican):
    return EventsIndexGenerator
