"""The events calendar: events.ics in every language, always valid (RFC 5545), with every
event whose start is a full date; an .ics per dated event, linked from its page; and
upcoming dated events listed first on the home page and the events index."""

import datetime
import json
from types import SimpleNamespace

import feedparser
import icalendar
import pytest
from conftest import ROOT, build_site
from contentcopy import copy_content
from sitefiles import soup_at

from hksmega import languages
from hksmega.build import Pipeline
from hksmega.plugin import settings as plugin_settings
from hksmega.plugin.dates import PartialDate
from hksmega.plugin.events import upcoming
from hksmega.problems import ContentError
from hksmega.site.golive import check_calendars
from hksmega.tools.devserver import Selection

ORIGIN = "http://127.0.0.1:8000"  # the test builds' SITE_ORIGIN (publishing.yaml has none)
PREFIXES = {"en": "", "zh-hant": "zh-hant/", "zh-hans": "zh-hans/"}
EVENTS_WORD = {"en": "Events", "zh-hant": "活動", "zh-hans": "活动"}

# Dated fixture events, only in this test's copies of the content. Today, for the
# build, is TODAY: "upcoming" is on or after it, "past" before it.
TODAY = "2030-01-01"
UPCOMING = """\
---
title: Trade fair, Shenzhen; the second
date: 2026-11-20
modified: 2026-11-24 09:30
start: 2030-06-01
end: 2030-06-03
kind: trade fair
role: sponsor
venue: Convention Centre
city: Shenzhen
region: Guangdong
country: China
summary: A test event, with a comma; and a semicolon.
---
A test event.
"""
UPCOMING_ZH = """\
---
title: 深圳商貿展，第二屆; 測試
venue: 會展中心
city: 深圳
region: 廣東
country: 中國
summary: 測試活動，含逗號; 及分號。
---
測試活動。
"""
# One day, no end, and no translation: the Chinese sites show it in English.
SOONER = """\
---
title: Seminar on exports
date: 2026-11-20
start: 2030-02-14
kind: seminar
summary: A one-day test seminar.
---
A test seminar.
"""
PAST = """\
---
title: Past dated visit
date: 2026-11-20
start: 2029-03-10
kind: visit
summary: A test visit that is over.
---
A test visit.
"""
FIXTURES = {"events/fixture-upcoming.md": UPCOMING,
            "events/fixture-upcoming.zh-hant.md": UPCOMING_ZH,
            "events/fixture-sooner.md": SOONER, "events/fixture-past.md": PAST}
IN_ORDER = ["fixture-past", "fixture-sooner", "fixture-upcoming"]  # by start


def build_with_today(content, output, today):
    plugin = {"DATA_PATH": str(content / "data"), "SHOW_DRAFTS": False, "TODAY": today}
    result = build_site(output, "publishconf.py", "-e", f"PATH={json.dumps(str(content))}",
                        f"HKSMEGA={json.dumps(plugin)}")
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """The site with the dated fixture events, built on TODAY."""
    folder = tmp_path_factory.mktemp("dated")
    content = copy_content(folder, FIXTURES)
    return build_with_today(content, folder / "out", TODAY)


def calendar_at(site, code, name="events.ics"):
    return icalendar.Calendar.from_ical((site / PREFIXES[code] / name).read_bytes())


def events_of(calendar):
    return {str(event["UID"]).split("/")[-1].split("@")[0]: event
            for event in calendar.walk("VEVENT")}


# -- the real site: every event is known only to the year --------------------------------

@pytest.mark.parametrize("code", PREFIXES)
def test_each_language_has_a_valid_calendar_even_with_no_event(site, code):
    calendar = calendar_at(site, code)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]).startswith(EVENTS_WORD[code] + " — ")
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Hong_Kong"]
    assert calendar.walk("VEVENT") == []


def test_the_real_site_has_no_other_calendar_and_its_calendars_pass_the_output_check(site):
    assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*.ics")) == [
        "events.ics", "zh-hans/events.ics", "zh-hant/events.ics"]
    assert check_calendars(site) == []


@pytest.mark.parametrize("code", PREFIXES)
def test_the_events_index_offers_the_calendar(site, code):
    soup = soup_at(site, f"/{PREFIXES[code]}events/")
    address = f"/{PREFIXES[code]}events.ics"
    assert soup.select(f'head link[rel="alternate"][type="text/calendar"][href="{address}"]')
    link = soup.select_one(f'main a[href="{address}"]')
    assert link is not None and link["type"] == "text/calendar"
    assert link.get_text(strip=True)


def test_the_real_site_lists_no_upcoming_event_and_no_year_only_event_has_a_calendar(site):
    for prefix in PREFIXES.values():
        for url in (f"/{prefix}", f"/{prefix}events/"):
            soup = soup_at(site, url)
            assert soup.select("#upcoming, #upcoming-events") == [], url
    page = soup_at(site, "/events/china-food-fair-shenzhen-2008/")
    assert page.select('a[type="text/calendar"]') == []


# -- dated events ------------------------------------------------------------------------

@pytest.mark.parametrize("code", PREFIXES)
def test_events_with_a_full_start_date_are_in_the_calendar_in_order(dated, code):
    calendar = calendar_at(dated, code)
    assert list(events_of(calendar)) == IN_ORDER  # no year-only event, by start
    assert check_calendars(dated) == []


@pytest.mark.parametrize("code", PREFIXES)
def test_a_dated_event_says_what_when_and_where_in_its_language(dated, code):
    event = events_of(calendar_at(dated, code))["fixture-upcoming"]
    prefix = PREFIXES[code]
    title = {"en": "Trade fair, Shenzhen; the second", "zh-hant": "深圳商貿展，第二屆; 測試"}
    location = {"en": "Convention Centre, Shenzhen, Guangdong, China",
                "zh-hant": "中國廣東深圳會展中心"}
    summary = {"en": "A test event, with a comma; and a semicolon.",
               "zh-hant": "測試活動，含逗號; 及分號。"}
    words = {key: value.get(code) or languages.convert(value["zh-hant"], code)
             for key, value in {"title": title, "location": location,
                                "summary": summary}.items()}
    assert event["DTSTART"].dt == datetime.date(2030, 6, 1)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event["DTEND"].dt == datetime.date(2030, 6, 4)  # the day after the last
    assert str(event["SUMMARY"]) == words["title"]
    assert event["SUMMARY"].params["LANGUAGE"] == languages.BY_CODE[code].tag
    assert str(event["DESCRIPTION"]) == words["summary"]
    assert str(event["LOCATION"]) == words["location"]
    assert str(event["URL"]) == f"{ORIGIN}/{prefix}events/fixture-upcoming/"
    assert str(event["UID"]) == f"{prefix}events/fixture-upcoming@127.0.0.1"
    # DTSTAMP: the English file's `modified` (09:30 in Hong Kong); a translation
    # without one, its page's date (midnight in Hong Kong).
    stamp = {"en": datetime.datetime(2026, 11, 24, 1, 30, tzinfo=datetime.UTC)}
    assert event["DTSTAMP"].dt == stamp.get(
        code, datetime.datetime(2026, 11, 19, 16, 0, tzinfo=datetime.UTC))


def test_commas_and_semicolons_are_escaped_in_both_languages(dated):
    english = (dated / "events.ics").read_text(encoding="utf-8")
    assert "SUMMARY;LANGUAGE=en:Trade fair\\, Shenzhen\\; the second" in english
    chinese = (dated / "zh-hant/events.ics").read_text(encoding="utf-8")
    # A full-width comma is text to iCalendar; an ASCII semicolon is not.
    assert "SUMMARY;LANGUAGE=zh-Hant-HK:深圳商貿展，第二屆\\; 測試" in chinese


def test_an_event_without_an_end_lasts_one_day_and_a_fallback_keeps_its_english(dated):
    event = events_of(calendar_at(dated, "zh-hant"))["fixture-sooner"]
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (
        datetime.date(2030, 2, 14), datetime.date(2030, 2, 15))
    assert str(event["SUMMARY"]) == "Seminar on exports"
    assert event["SUMMARY"].params["LANGUAGE"] == "en"
    assert "LOCATION" not in event


@pytest.mark.parametrize("code", PREFIXES)
def test_a_dated_event_page_links_to_its_own_calendar(dated, code):
    prefix = PREFIXES[code]
    for slug in IN_ORDER:
        soup = soup_at(dated, f"/{prefix}events/{slug}/")
        link = soup.select_one('main a[type="text/calendar"]')
        assert link["href"] == f"/{prefix}events/{slug}/{slug}.ics"
        own = calendar_at(dated, code, f"events/{slug}/{slug}.ics")
        assert [zone["TZID"] for zone in own.walk("VTIMEZONE")] == ["Asia/Hong_Kong"]
        assert list(events_of(own)) == [slug]
        assert own.walk("VEVENT")[0].to_ical() == events_of(calendar_at(dated, code))[
            slug].to_ical()


def test_the_feeds_parse_with_a_dated_event(dated):
    feed = feedparser.parse((dated / "feeds/events.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert "Trade fair, Shenzhen; the second (1 June 2030 to 3 June 2030)" in titles


def card_titles(soup, section_id):
    section = soup.select_one(f'section[aria-labelledby="{section_id}"]')
    return [] if section is None else [
        a.get_text(strip=True) for a in section.select(".card__title a")]


@pytest.mark.parametrize("code", PREFIXES)
def test_upcoming_events_come_first_soonest_first(dated, code):
    prefix = PREFIXES[code]
    upcoming_titles = [str(events_of(calendar_at(dated, code))[slug]["SUMMARY"])
                       for slug in ("fixture-sooner", "fixture-upcoming")]
    home = soup_at(dated, f"/{prefix}")
    lists = [s["aria-labelledby"] for s in home.select("main section[aria-labelledby]")]
    assert lists[:2] == ["upcoming-events", "recent-events"]
    assert card_titles(home, "upcoming-events") == upcoming_titles
    index = soup_at(dated, f"/{prefix}events/")
    sections = index.select("main section[aria-labelledby]")
    assert sections[0]["aria-labelledby"] == "upcoming"
    assert card_titles(index, "upcoming") == upcoming_titles  # not the past one
    assert "Past dated visit" in [a.get_text(strip=True) for a in index.select(".card__title a")]


def test_the_same_content_gives_the_same_calendars_whatever_the_day(dated, tmp_path):
    later = build_with_today(copy_content(tmp_path, FIXTURES), tmp_path / "out", "2031-01-01")
    for path in sorted(dated.rglob("*.ics")):
        name = path.relative_to(dated)
        assert (later / name).read_bytes() == path.read_bytes(), name
    assert len(list(later.rglob("*.ics"))) == len(list(dated.rglob("*.ics"))) == 3 + 3 * 3
    # Every dated event is over by then: no list of upcoming events.
    assert soup_at(later, "/").select("#upcoming-events") == []
    assert soup_at(later, "/events/").select("#upcoming") == []


# -- the day taken as today, and what counts as upcoming ----------------------------------

def event(start, end=None, slug="a"):
    return SimpleNamespace(start=PartialDate.parse(start),
                           end=PartialDate.parse(end) if end else None, slug=slug)


def test_an_event_is_upcoming_until_its_last_day_is_over():
    day = datetime.date(2030, 6, 2)
    events = [event("2030-06-01", "2030-06-03", "going-on"), event("2030-06-01", slug="over"),
              event("2030-06-02", slug="today"), event(2031, slug="year-only"),
              event("2030-07-01", slug="later"), event("2030-06-01", 2030, slug="to-a-year")]
    assert [e.slug for e in upcoming(events, day)] == ["going-on", "today", "later"]


@pytest.mark.parametrize("value", ["2030-1-1", "tomorrow", 2030, "2030-02-30"])
def test_a_bad_today_setting_is_named(value):
    pelican = SimpleNamespace(settings={"HKSMEGA": {"TODAY": value},
                                        "SITE_ORIGIN": "http://127.0.0.1:8000"})
    with pytest.raises(ContentError) as raised:
        plugin_settings.check_settings(pelican)
    assert [(p.field, p.found) for p in raised.value.problems] == [
        ("HKSMEGA['TODAY']", repr(value))]


# -- the dev server's quick rebuild ------------------------------------------------------

def test_a_quick_rebuild_writes_the_calendars_of_the_saved_event(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    content = copy_content(tmp_path, FIXTURES)
    output = tmp_path / "out"
    pipeline = Pipeline(str(ROOT / "pelicanconf.py"), output, {
        "PATH": str(content), "HKSMEGA": {"DATA_PATH": str(content / "data")}}, cache={})
    pipeline.build()
    calendars = sorted(output.rglob("*.ics"))
    for path in calendars:
        path.unlink()
    saved = content / "events" / "fixture-past.md"
    pipeline.build(only=Selection(frozenset(), frozenset({str(saved)})), codes=["en"])
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*.ics")) == [
        "events.ics", "events/fixture-past/fixture-past.ics"]
    news = next((content / "news").glob("*.md"))
    (output / "events.ics").unlink()
    pipeline.build(only=Selection(frozenset(), frozenset({str(news)})), codes=["en"])
    assert not (output / "events.ics").exists()  # a news item is in no calendar
