"""The history timeline: every entry of history.yaml, in year order, linked to its event."""

import re

import pytest
import yaml

from conftest import ROOT
from contentcopy import build_copy, copy_content
from hksmega import languages
from hksmega.plugin.schemas import HISTORY as HISTORY_SCHEMA
from hksmega.plugin.timeline import missing_events
from sitefiles import english_files, soup_at

HISTORY = yaml.safe_load((ROOT / "content" / "data" / "history.yaml").read_text(encoding="utf-8"))
EVENTS = {"world-sme-expo", "study-missions"}


def timeline_items(site, prefix=""):
    return soup_at(site, f"/{prefix}history/").select("main .timeline__entry")


@pytest.mark.parametrize("language", languages.LANGUAGES, ids=lambda language: language.code)
def test_timeline_shows_every_entry_in_year_order(site, language):
    items = timeline_items(site, language.prefix)
    shown = [(item.select_one(".timeline__year time")["datetime"],
              item.select_one(".timeline__text").get_text(" ", strip=True)) for item in items]
    # File order within a year: sorted() is stable. Simplified is the Traditional, converted.
    source = language.converted_from or language.code
    expected = [(str(e["year"]), languages.convert(e["text"][source], language.code))
                for e in sorted(HISTORY, key=lambda e: e["year"])]
    assert [(y, re.sub(r"\s+", " ", t.replace("\u2019", "'"))) for y, t in shown] == expected
    years = [int(year) for year, _ in shown]
    assert years == sorted(years) and years[0] == 1995 and years[-1] == 2010
    # "Since 2002" in the language's words: "自2002年起".
    since = {"en": "Since {}", "zh-hant": "自{}年起", "zh-hans": "自{}年起"}[language.code]
    years_shown = [item.select_one(".timeline__year").get_text(strip=True) for item in items]
    assert [y for y in years_shown if y.startswith(since.split("{")[0])] == [
        since.format(e["year"]) for e in HISTORY if e.get("since")]


def test_every_history_link_resolves_to_its_event_page(site):
    items = timeline_items(site)
    linked = [e for e in sorted(HISTORY, key=lambda e: e["year"]) if e.get("event")]
    links = [item.select_one(".timeline__link a") for item in items]
    assert len([a for a in links if a]) == len(linked) >= 8
    for entry, item in zip(sorted(HISTORY, key=lambda e: e["year"]), items):
        link = item.select_one(".timeline__link a")
        assert bool(link) == bool(entry.get("event")), entry["text"]
        if link:
            assert link["href"] == f"/events/{entry['event']}/"
            target = site / link["href"].strip("/") / "index.html"
            assert target.exists(), link["href"]
            title = soup_at(site, link["href"]).find("h1").get_text(strip=True)
            assert title in link.get_text(" ", strip=True)  # the link says where it goes


@pytest.mark.parametrize("entries, field, found", [
    ([{"year": "2003", "text": "x"}], "entry 1 (2003), year", "'2003'"),
    ([{"year": 1994, "text": "x"}], "entry 1 (1994), year", "1994"),
    ([{"year": 2003}], "entry 1 (2003), text", "nothing"),
    ([{"year": 2003, "text": "  "}], "entry 1 (2003), text", "nothing"),
    ([{"year": 2003, "text": "x", "since": "yes"}], "entry 1 (2003), since", "'yes'"),
    ([{"year": 2003, "text": "x", "evnet": "y"}], "entry 1 (2003), evnet", "an unknown field"),
    ([{"year": 2003, "text": "x"}, "2004"], "entry 2", "'2004'"),
    ({"year": 2003}, "", "a group of fields (name: value)"),
])
def test_bad_history_entries_are_problems_naming_entry_and_field(entries, field, found):
    # history.yaml's schema (schemas.py) holds every rule about an entry's own fields.
    issues = HISTORY_SCHEMA.validate(entries)
    assert [(i.field, i.found) for i in issues] == [(field, found)]


def test_history_event_must_be_an_existing_event_with_a_suggestion():
    problems = missing_events([{"year": 2002, "text": "x", "event": "world-sme-exp"}],
                              "history.yaml", EVENTS)
    assert [(p.field, p.found) for p in problems] == [
        ("entry 1 (2002), event", "'world-sme-exp' (did you mean 'world-sme-expo'?)")]


def test_history_event_that_is_only_a_draft_says_so():
    problems = missing_events([{"year": 2009, "text": "x", "event": "plans"}],
                              "history.yaml", EVENTS, unpublished={"plans"})
    assert [p.found for p in problems] == ["'plans' (a draft, not published in this build)"]


def test_bad_history_fails_the_build_naming_file_entry_and_field(tmp_path):
    content = copy_content(tmp_path)
    history = content / "data" / "history.yaml"
    text = history.read_text()
    text = text.replace("event: world-sme-expo", "event: world-sme-exp", 1)
    text = text.replace("- year: 2010", "- year: twenty-ten", 1)
    history.write_text(text)
    lines = text.splitlines()
    event_line = lines.index("  event: world-sme-exp") + 1
    year_line = lines.index("- year: twenty-ten") + 1
    result = build_copy(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(rf"history\.yaml:{event_line}: entry 2 \(2002\), event: expected .*event.*"
                     r"found 'world-sme-exp' \(did you mean 'world-sme-expo'\?\)", output)
    assert re.search(rf"history\.yaml:{year_line}: entry 11 \(twenty-ten\), year: expected a "
                     r"year from 1995 to 2100, written as four digits; found 'twenty-ten'", output)
    assert not (tmp_path / "out" / "history").exists()


def test_the_history_and_events_pages_say_where_the_record_ends(site):
    # Present-tense claims ("since 2002") are the record's; readers learn when it was made.
    events = [yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
              for path in english_files(ROOT / "content" / "events")]
    years = [entry["year"] for entry in HISTORY]
    for event in events:
        years += [int(str(event[f])[:4]) for f in ("start", "end", "recorded") if event.get(f)]
    ends = max(years)
    assert ends == 2010
    for url in ["/history/", "/events/"]:
        text = " ".join(soup_at(site, url).find("main").get_text(" ").split())
        assert f"The record on this site runs to {ends}" in text, url
