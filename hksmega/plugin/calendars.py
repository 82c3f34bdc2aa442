"""The events calendar (iCalendar, RFC 5545): events.ics at each language's site root,
and one .ics beside each dated event's page, for its "Add to calendar" link.

events.ics is always written, with a VTIMEZONE for Asia/Hong_Kong, so a subscriber's
address works before the first dated event and after the last. It holds every
event with a full start date, in the site's language: events known only to the
year (a year is not a day in a calendar) or with no start stay out. A page shown
in English in a Chinese site (a fallback) is listed there too, its text marked
LANGUAGE=en: a subscriber must not miss an event because its translation is late.

Identical content gives identical bytes: nothing comes from the clock. Each UID is
the event's address in its language's site at the public host, so it is the same
in every build, in events.ics and in the event's own file; DTSTAMP is when the
content last changed (`modified`, else `date`). The content gives days, never
times (schemas.WhenDate), so events are all-day: DTEND is the day after the last.
"""

import datetime
import functools
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
from babel.lists import format_list
from markupsafe import Markup
from pelican.generators import Generator

from hksmega import languages, record
from hksmega.addresses import in_language_site
from hksmega.plugin import i18n
from hksmega.plugin.events import is_dated, is_event, last_day, soonest_first

CALENDAR = "events.ics"  # at the root of each language's site
TIMEZONE = "Asia/Hong_Kong"
PRODID = "-//HKSMEGA//Website events calendar//EN"


def calendar_file(event):
    """The event's own .ics, in its page's folder and named after it, so that a download
    gets a sensible name: "events/<slug>/<slug>.ics"."""
    return posixpath.join(posixpath.dirname(event.save_as), f"{event.slug}.ics")


class Site:
    """What a calendar needs of one language's site: its language, addresses and words."""

    def __init__(self, settings, context):
        self.settings = settings
        self.language = settings["LANGUAGE"]
        self.code = settings["DEFAULT_LANG"]
        self.gettext = i18n.translations_for(settings["THEME"], self.code).gettext
        organisation = (context.get("data") or {}).get("organisation") or {}
        self.name = str(organisation.get("name") or settings["SITENAME"])

    def address(self, path):
        return in_language_site(self.settings, path)

    def uid(self, event):
        """The event's address in this language's site, at the public host: stable from
        build to build ("zh-hant/events/expo@www.example.org")."""
        url = urlsplit(self.address(event.url))
        return f"{url.path.strip('/')}@{url.hostname}"


def text_language(event, site):
    """The BCP 47 tag of the language an event's text is in (English on a fallback)."""
    return languages.BY_CODE[getattr(event, "text_lang", site.code)].tag


def location(event, site):
    """Venue, city, region and country, as the theme writes a place, in plain text."""
    parts = [getattr(event, name, None) for name in ("venue", "city", "region", "country")]
    parts = [part for part in parts if part]
    countries = getattr(event, "countries", None)
    if countries and not getattr(event, "country", None):
        parts.append(format_list([str(c) for c in countries], locale=i18n.locale_of(site.code)))
    return i18n.plain_place(parts, site.code)


def changed_on(event):
    """DTSTAMP: when the content last changed, in UTC (never the clock)."""
    moment = getattr(event, "modified", None) or event.date
    return moment.astimezone(datetime.UTC)


def vevent(event, site):
    entry = icalendar.Event()
    entry.add("uid", site.uid(event))
    entry.add("dtstamp", changed_on(event))
    first = event.start.as_date()
    last = last_day(event)
    entry.add("dtstart", first)  # a date: VALUE=DATE, an all-day event
    entry.add("dtend", last + datetime.timedelta(days=1))  # exclusive (RFC 5545)
    language = {"LANGUAGE": text_language(event, site)}
    entry.add("summary", str(event.title), parameters=language)
    description = Markup(event.summary or "").striptags()
    if description:
        entry.add("description", description, parameters=language)
    place = location(event, site)
    if place:
        entry.add("location", place)
    entry.add("url", site.address(event.url))
    return entry


@functools.cache
def hong_kong_time():
    """The VTIMEZONE of TIMEZONE, made once per process: icalendar works it out from every
    transition in the time zone database, which costs more than the rest of a calendar."""
    return icalendar.Timezone.from_tzid(TIMEZONE)


def make_calendar(entries, name):
    """A VCALENDAR of `entries` (VEVENTs, in order), named `name`, with its VTIMEZONE."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIMEZONE)
    calendar.add_component(hong_kong_time())
    for entry in entries:
        calendar.add_component(entry)
    return calendar.to_ical()


class CalendarsGenerator(Generator):
    """Writes this language's events.ics and each dated event's own .ics."""

    def generate_context(self):
        # The event page's "Add to calendar" link (article.html) needs the file's name.
        for event in self.events():
            if is_dated(event):
                event.calendar_file = calendar_file(event)

    def events(self):
        return [article for article in self.context.get("articles", []) if is_event(article)]

    def generate_output(self, writer):
        site = Site(self.settings, self.context)
        events = self.events()
        dated = soonest_first(events)
        # The dev server's quick rebuild writes events.ics when any event is rewritten, and
        # only the own files of the events it rewrites.
        whole = any(record.wants(self.settings, CALENDAR, e) for e in [None, *events])
        own = [e for e in dated if record.wants(self.settings, e.calendar_file, e)]
        # Each event's entry, made once for events.ics and for its own file.
        entries = {event: vevent(event, site) for event in (dated if whole else own)}
        if whole:
            name = f"{site.gettext('Events')} — {site.name}"  # as a page's <title>
            self.write(CALENDAR, make_calendar(entries.values(), name))
        for event in own:
            self.write(event.calendar_file, make_calendar([entries[event]], str(event.title)),
                       event)

    def write(self, name, data, content=None):
        path = Path(self.output_path, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        record.remember_file(self.settings, path, content)


def get_generators(pelican):
    return CalendarsGenerator
