"""Events: when they happened (never a month or day the content lacks) and the index."""

import datetime
import re
from types import SimpleNamespace

import jinja2
from babel.lists import format_list
import pytest

from conftest import ROOT
from contentcopy import build_copy, built, copy_content
from hksmega.plugin.dates import PartialDate
from hksmega.plugin.events import event_dates, group_events
from hksmega.plugin.reader import split_front_matter
from hksmega.plugin.schemas import EVENT, EVENT_KINDS, EVENT_ROLES, RELATIONS
from hksmega.plugin.yamlsource import parse as parse_yaml
from sitefiles import english_files, html_files, soup_at

EVENT_FILES = english_files(ROOT / "content" / "events")
MONTHS = [datetime.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
# Metadata field -> the label of its row in an event page's summary. Each organisation
# has a row labelled with its relation ("Under the aegis of").
SUMMARY_LABELS = {"kind": "Type of event", "role": "Role of the Association", "venue": "Venue",
                  "city": "City or region", "region": "City or region",
                  "country": "City or region", "countries": "Countries",
                  "guests": "Guests of honour", "attendance": "Attendance"}


def metadata_of(path):
    metadata, _, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    return metadata


def when_of(metadata):
    """(start, end) as PartialDate or None, parsed on their own, not by the build."""
    return tuple(PartialDate.parse(metadata[f]) if metadata.get(f) is not None else None
                 for f in ("start", "end"))


# -- what the dates mean ---------------------------------------------------------------

@pytest.mark.parametrize("metadata, start, end", [
    ({"start": 2005}, PartialDate(2005), None),
    ({"start": "2005-06-01", "end": "2005-06-03"},
     PartialDate(2005, 6, 1), PartialDate(2005, 6, 3)),
    ({"start": "2005-06-01", "end": 2005}, PartialDate(2005, 6, 1), PartialDate(2005)),
    ({"start": 2005, "end": "2005-01-01"}, PartialDate(2005), PartialDate(2005, 1, 1)),
    ({}, None, None),
])
def test_event_dates_keep_only_what_is_given(metadata, start, end):
    dates = event_dates(metadata)
    assert (dates.start, dates.end) == (start, end)


@pytest.mark.parametrize("metadata, field, found", [
    ({"start": "2005-13-01"}, "start", "'2005-13-01' (that day does not exist)"),
    ({"start": "June 2005"}, "start", "'June 2005'"),
    ({"start": 2005, "end": "05"}, "end", "'05'"),
    ({"start": 2005, "end": 2004}, "end", "2004"),
    ({"start": "2005-06-02", "end": "2005-06-01"}, "end", "2005-06-01"),
    ({"end": 2005}, "end", "2005 without a start"),
    ({"ongoing": True}, "ongoing", "no start"),
    ({"ongoing": True, "start": 2002, "end": 2004}, "end", "2004"),
    ({"since": True, "recorded": 2010}, "since", "no start"),
    ({"since": True, "start": 2002}, "since", "no recorded"),
    ({"since": True, "start": 2002, "recorded": 2010, "end": 2004}, "end", "2004"),
    ({"start": 2002, "recorded": 2010}, "recorded", "no since"),
    ({"since": True, "start": 2006, "recorded": 2004}, "recorded", "2004"),
])
def test_bad_event_dates_are_problems_naming_the_field(metadata, field, found):
    # The rule lives beside the event schema, which validation applies to every file.
    issues = [i for i in EVENT.validate({"title": "An event", "date": "2026-01-01", **metadata})
              if i.severity == "error"]
    assert [(i.field, i.found) for i in issues] == [(field, found)]


def test_front_matter_keeps_dates_as_text_for_our_parser():
    # PyYAML would turn 2005-13-01 into an exception with no field named.
    assert parse_yaml("start: 2005-13-01", "events/x.md") == {"start": "2005-13-01"}


def test_within_a_year_dates_sort_newest_first_then_the_year_alone_then_by_title():
    def event(title, start=None, ongoing=False, since=False):
        return SimpleNamespace(title=title, slug=title.lower(), ongoing=ongoing, since=since,
                               start=PartialDate.parse(start) if start else None)
    events = [event("B", 2008), event("A", 2008), event("June", "2008-06-01"),
              event("March", "2008-03-01"), event("Old", 1999), event("Goes on", 2006, True),
              event("Goes on later", 2009, True), event("Z undated"), event("Y undated"),
              event("Since", 1999, since=True)]
    groups = [(g.kind, g.year, [e.title for e in g.events]) for g in group_events(events)]
    # Only an editor's `ongoing` makes "Ongoing"; a record's "since 1999" is under 1999.
    assert groups == [("ongoing", None, ["Goes on later", "Goes on"]),
                      ("year", 2008, ["June", "March", "A", "B"]),
                      ("year", 1999, ["Old", "Since"]),
                      ("no-dates", None, ["Y undated", "Z undated"])]


# -- the built site --------------------------------------------------------------------

def expected_groups():
    """Group headings and titles from the event files, by the rule the index states."""
    groups = {}
    for path in EVENT_FILES:
        metadata = metadata_of(path)
        start, _ = when_of(metadata)
        key = ("Ongoing" if metadata.get("ongoing") else str(start.year) if start else
               "Dates not recorded")
        # Titles are typeset as the text is: "Hong Kong's" reads "Hong Kong’s".
        groups.setdefault(key, []).append((start, metadata["title"].replace("'", "\u2019")))
    years = sorted((k for k in groups if k.isdigit()), reverse=True)
    order = [k for k in ["Ongoing", *years, "Dates not recorded"] if k in groups]
    # The real events within a group differ only in title (a year alone or since-year).
    return [(key, [t for _, t in sorted(groups[key], key=lambda st: (
        -st[0].year if st[0] else 0, st[1].casefold()))]) for key in order]


def test_events_index_is_grouped_by_year_newest_first_then_dates_not_recorded(site):
    main = soup_at(site, "/events/").find("main")
    found = [(section.find("h2").get_text(strip=True),
              [a.get_text(strip=True) for a in section.select(".card__title a")])
             for section in main.find_all("section")]
    assert found == expected_groups()
    # The brief's record ends in 2010: no editor has marked anything as going on today.
    headings = [h for h, _ in found]
    assert "Ongoing" not in headings and headings[-1] == "Dates not recorded"
    assert sum(len(titles) for _, titles in found) == len(EVENT_FILES)
    assert not (site / "events" / "page").exists()  # today's events fit on one page


def index_page(output, url):
    """[(heading, [titles])] of one page of the events index, and its pagination text."""
    main = soup_at(output, url).find("main")
    groups = [(section.find("h2").get_text(strip=True),
               [a.get_text(strip=True) for a in section.select(".card__title a")])
              for section in main.find_all("section")]
    pagination = main.find("nav", class_="pagination")
    return groups, pagination.get_text(" ", strip=True) if pagination else ""


def test_a_long_events_index_paginates_and_groups_each_page(tmp_path):
    # 45 more events, 4 a year from 1960: with the real 9, two pages of at most 40,
    # and the break falls inside 1963.
    extra = {f"events/extra-{n:02d}.md": (f"---\ntitle: Extra event {n:02d}\ndate: 2026-01-01\n"
                                          f"start: {1960 + n // 4}\nkind: seminar\n---\nText.\n")
             for n in range(45)}
    content = copy_content(tmp_path, extra)
    built(content, tmp_path / "out")
    first, first_nav = index_page(tmp_path / "out", "/events/")
    second, second_nav = index_page(tmp_path / "out", "/events/page/2/")
    assert sum(len(t) for _, t in first) == 40
    assert sum(len(t) for _, t in second) == len(EVENT_FILES) + 45 - 40
    assert "Page 1 of 2" in first_nav and "Older" in first_nav
    assert "Page 2 of 2" in second_nav and "Newer" in second_nav
    # Read in order, the two pages are one list: years newest first, then no dates.
    headings = [h for h, _ in first + second]
    years = [int(h) for h in headings if h.isdigit()]
    assert headings[0] == "2008" and headings[-1] == "Dates not recorded"
    assert years == sorted(years, reverse=True)
    # Page 2 is a page of its own: its title, heading and canonical address say so.
    page2 = soup_at(tmp_path / "out", "/events/page/2/")
    assert page2.find("h1").get_text(strip=True) == "Events, page 2"
    assert page2.title.get_text().startswith("Events, page 2 — ")
    assert page2.find("link", rel="canonical")["href"].endswith("/events/page/2/")
    # The year split between the pages has its heading on both, and no title is twice.
    assert first[-1][0] == second[0][0] == "1963"
    titles = [t for _, group in first + second for t in group]
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.stem)
def test_event_page_shows_no_month_or_day_its_metadata_lacks(site, path):
    metadata = metadata_of(path)
    start, end = when_of(metadata)
    main = soup_at(site, f"/events/{path.stem}/").find("main")
    main.select_one(".article-header__meta").decompose()  # when this site published it
    held = {d.isoformat() for d in (start, end) if d}
    assert {t["datetime"] for t in main.find_all("time")} == held
    months_held = {MONTHS[d.month - 1] for d in (start, end) if d and d.is_full}
    months_shown = set(re.findall("|".join(MONTHS), main.get_text(" ")))
    assert months_shown <= months_held


def test_event_cards_show_no_month_or_day_their_event_lacks(site):
    held = {}
    for path in EVENT_FILES:
        held[f"/events/{path.stem}/"] = {d.isoformat() for d in when_of(metadata_of(path)) if d}
    cards = [card for url in ["/events/", "/"] for card in
             soup_at(site, url).select("main .card") if "/events/" in card.a["href"]]
    assert len(cards) == len(EVENT_FILES) + 3  # the index, and three on the home page
    for card in cards:
        shown = {t["datetime"] for t in card.find_all("time")}
        assert shown == held[card.a["href"]], card.a["href"]


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.stem)
def test_event_page_summarises_exactly_the_metadata_it_has(site, path):
    metadata = metadata_of(path)
    start, _ = when_of(metadata)
    summary = soup_at(site, f"/events/{path.stem}/").select_one("main .event-summary")
    rows = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
            for dt in summary.find_all("dt")}
    relations = {o["relation"]: [] for o in metadata.get("organisations", [])}
    for organisation in metadata.get("organisations", []):
        name = organisation["name"]  # {en: ..., zh-hant: ...} when it has a Chinese name
        relations[organisation["relation"]].append(name["en"] if isinstance(name, dict) else name)
    labels = {"When"} | {label for key, label in SUMMARY_LABELS.items() if metadata.get(key)}
    assert set(rows) == labels | {relation.capitalize() for relation in relations}
    # A word of the fixed vocabulary reads as itself, capitalised: nothing more is claimed.
    for field in ("kind", "role"):
        if metadata.get(field):
            assert rows[SUMMARY_LABELS[field]] == metadata[field].capitalize()
    for relation, names in relations.items():
        assert rows[relation.capitalize()] == format_list(names, locale="en")
    when = (f"Since {start.year} (ongoing)" if metadata.get("ongoing") else
            f"Since {start.year} (as recorded in {metadata['recorded']})"
            if metadata.get("since") else str(start.year) if start else "Dates not recorded")
    assert rows["When"] == when
    for guest in metadata.get("guests", []):
        shown = f"{guest['name']}, {guest['position']}".replace("'", "\u2019")
        assert shown in rows["Guests of honour"]


def test_bad_event_dates_fail_the_build_naming_file_and_field(tmp_path):
    content = copy_content(tmp_path)
    missions = content / "events" / "study-missions.md"
    missions.write_text(missions.read_text().replace("kind:", "start: 2005-13-01\nkind:", 1))
    summit = content / "events" / "hong-kong-and-panyu-leadership-summit.md"
    summit.write_text(summit.read_text().replace("start: 2005", "start: 2005\nend: 2004", 1))
    result = build_copy(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    # Both problems at once, each with file, line, field and the value found.
    assert re.search(r"study-missions\.md:4: start: expected a full date .*found '2005-13-01'",
                     output)
    assert re.search(r"hong-kong-and-panyu-leadership-summit\.md:5: end: expected on or after "
                     r"the start \(2005\); found 2004", output)
    assert not (tmp_path / "out" / "events" / "index.html").exists()


def test_every_word_of_the_event_vocabulary_has_a_label_of_its_own():
    # Labels are literals in the template (for the translation catalogue), not the word
    # passed through gettext; each reads as the word itself, capitalised.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"),
                             extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)
    labels = env.get_template("partials/event-labels.html").module
    for words, table in ((EVENT_KINDS, labels.kinds), (EVENT_ROLES, labels.roles),
                         (RELATIONS, labels.relations)):
        assert list(table) == list(words)
        assert [table[word] for word in words] == [word.capitalize() for word in words]


def test_nothing_is_ongoing_or_undated_unless_an_editor_says_so(site):
    # The brief's record ends in 2010: "since 2002" is what it says, not "ongoing" today.
    assert not any(metadata_of(path).get("ongoing") for path in EVENT_FILES)
    for path in [*html_files(site), *sorted((site / "feeds").glob("*.xml"))]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(ongoing|undated)\b", text, re.IGNORECASE), path
    for path in EVENT_FILES:
        if metadata_of(path).get("since"):
            when = soup_at(site, f"/events/{path.stem}/").select_one(".event-summary dd")
            assert "as recorded in 2010" in when.get_text(), path.stem


def test_an_editor_marks_an_event_as_ongoing_with_its_own_field(tmp_path):
    content = copy_content(tmp_path)
    expo = content / "events" / "world-sme-expo.md"
    expo.write_text(expo.read_text().replace("since: true\nrecorded: 2010\n", "ongoing: true\n"))
    built(content, tmp_path / "out")
    groups, _ = index_page(tmp_path / "out", "/events/")
    assert groups[0] == ("Ongoing", ["World SME Expo"])
    when = soup_at(tmp_path / "out", "/events/world-sme-expo/").select_one(".event-summary dd")
    assert when.get_text(" ", strip=True) == "Since 2002 (ongoing)"
