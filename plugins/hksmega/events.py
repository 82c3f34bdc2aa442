"""Events: when each one happened, and the events index grouped by year.

An event is an article in the `events` folder (its category). Its `date` is
when the page was published here; `start` and `end` say when the event took
place, each a full date, a year alone or absent. They are read only by
PartialDate (dates.py), so a year never gains a month or day. Which fields an
event may have is the schema's business (schemas.py); this module owns what the
dates mean: they parse, an end is not before its start, "ongoing" has a start.

The events index (/events/) is written by EventsIndexGenerator, not as
Pelican's category page by publication date: "Ongoing" first (shown as
"Since <year>"), then one group per year, newest first, then "Undated";
paginated by PAGINATED_TEMPLATES["events"], each page grouped.
"""

from dataclasses import dataclass
import itertools

from pelican.generators import Generator

from .dates import PartialDate
from .frontmatter import field_line
from .problems import ContentError, Problem

EVENTS = "events"  # the category (folder) of event retrospectives


@dataclass(frozen=True)
class EventGroup:
    """One heading of the events index: kind is "ongoing", "year" or "undated"."""

    kind: str
    year: int | None
    events: tuple


def problem(path, field, expected, found):
    return Problem(str(path), field_line(path, field), field, expected, found)


def parse_date_field(metadata, field, path):
    """(PartialDate or None, problems) for `start` or `end` of one event's metadata."""
    if metadata.get(field) is None:
        return None, []
    value = metadata[field]
    try:
        return PartialDate.parse(value), []
    except ValueError as error:
        return None, [problem(path, field, str(error), repr(value))]


def span_issues(start, end, ongoing):
    """(field, expected, found) for how start, end and ongoing fail to fit together.

    The one place for this rule: the event schema (schemas.py) checks it before
    the build reads any file, and check_span when the events are prepared.
    """
    issues = []
    if end and not start:
        issues.append(("end", "a start before an end", f"{end} without a start"))
    if start and end and end.last_day() < start.as_date():
        issues.append(("end", f"on or after the start ({start})", str(end)))
    if ongoing and not start:
        issues.append(("ongoing", "a start year, shown as \"Since <year>\"", "no start"))
    if ongoing and end:
        issues.append(("end", "no end for an ongoing event (ongoing: true)", str(end)))
    return issues


def check_span(start, end, ongoing, path):
    """Problems with how start, end and ongoing fit together."""
    return [problem(path, *issue) for issue in span_issues(start, end, ongoing)]


def event_dates(metadata, path):
    """(start, end, ongoing, problems) from one event's metadata as read from its file."""
    start, start_problems = parse_date_field(metadata, "start", path)
    end, end_problems = parse_date_field(metadata, "end", path)
    ongoing = metadata.get("ongoing") is True
    problems = start_problems + end_problems
    if not problems:
        problems = check_span(start, end, ongoing, path)
    return start, end, ongoing, problems


def is_event(article):
    category = getattr(article, "category", None)
    return category is not None and category.slug == EVENTS


def title_key(event):
    return (event.title.casefold(), event.slug)


def newest_first(events):
    """Events with a start, latest start first; the same start sorts by title."""
    dated = sorted((e for e in events if e.start), key=title_key)
    return sorted(dated, key=lambda e: e.start.sort_key(), reverse=True)


def group_events(events):
    """The events index: Ongoing, then each year newest first, then Undated."""
    ongoing = [e for e in events if e.ongoing]
    dated = [e for e in events if e.start and not e.ongoing]
    undated = sorted((e for e in events if not e.start and not e.ongoing), key=title_key)
    groups = []
    if ongoing:
        groups.append(EventGroup("ongoing", None, tuple(newest_first(ongoing))))
    for year, in_year in itertools.groupby(newest_first(dated), key=lambda e: e.start.year):
        groups.append(EventGroup("year", year, tuple(in_year)))
    if undated:
        groups.append(EventGroup("undated", None, tuple(undated)))
    return groups


def prepare_events(generator):
    """Give every event PartialDate `start`/`end`; fail on bad dates; group them."""
    every_event = [a for a in itertools.chain(generator.articles, generator.hidden_articles,
                                              generator.drafts) if is_event(a)]
    problems = []
    for event in every_event:
        event.start, event.end, event.ongoing, found = event_dates(event.metadata,
                                                                   event.source_path)
        problems.extend(found)
    if problems:
        raise ContentError(problems)
    events = [a for a in generator.articles if is_event(a)]
    generator.context["events_in_index_order"] = [
        event for group in group_events(events) for event in group.events]
    generator.context["events_by_start"] = newest_first(events)
    for category, _ in generator.categories:
        if category.slug == EVENTS:
            # Pelican would write /events/ as a paginated list by publication
            # date; EventsIndexGenerator writes it grouped by year instead. The
            # category keeps its URL (links, sitemap) and its feed.
            category.settings = {**category.settings, "CATEGORY_SAVE_AS": ""}
            generator.context["events_category"] = category


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
