"""The optional reminder: a VALARM in every event, read back by icalendar, vobject and ics."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import icalendar
import ics
import pytest
import vobject

from site_builder.calendar_feed import FEED_PATH, render_feeds, session_uid
from site_builder.loader import read_content
from site_builder.model import Site

REMINDER = (
    "集中联合接访：2021年5月10日（星期一）9:00–17:00，"
    "宜良县人力资源和社会保障局（宜良县就业和社会保障服务中心101室）"
)


def test_no_reminder_by_default(site: Site, base_url: str):
    feeds = render_feeds(site, base_url)
    assert all(b"VALARM" not in feed for feed in feeds.values())


def test_every_event_reminds_the_day_before(site: Site, base_url: str):
    feeds = render_feeds(dataclasses.replace(site, reminder=timedelta(days=1)), base_url)
    feed = feeds[FEED_PATH]
    assert feed.count(b"BEGIN:VALARM\r\n") == len(site.sessions)
    session = next(s for s in site.sessions if s.id == "2021-05-10")
    assert b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:" in feeds[f"sessions/{session.id}.ics"]
    assert b"TRIGGER:-P1D\r\nEND:VALARM\r\n" in feeds[f"sessions/{session.id}.ics"]
    uid = session_uid(site, session)

    [event] = [e for e in icalendar.Calendar.from_ical(feed).walk("VEVENT") if e["UID"] == uid]
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["DESCRIPTION"] == REMINDER
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)

    [other] = [e for e in vobject.readOne(feed.decode()).vevent_list if e.uid.value == uid]
    [valarm] = other.valarm_list
    assert valarm.trigger.value == timedelta(days=-1)
    assert valarm.description.value == REMINDER

    [third] = [e for e in ics.Calendar(feed.decode()).events if e.uid == uid]
    [display] = third.alarms
    assert display.trigger == timedelta(days=-1)
    assert display.display_text == REMINDER


def test_a_cancelled_session_reminds_nobody(site: Site, base_url: str, cancel):
    cancelled = cancel(site, "2021-05-10", announced=date(2021, 5, 1))
    feeds = render_feeds(dataclasses.replace(cancelled, reminder=timedelta(hours=2)), base_url)
    assert b"VALARM" not in feeds["sessions/2021-05-10.ics"]
    assert b"TRIGGER:-PT2H\r\n" in feeds["sessions/2021-05-24.ics"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1 day", timedelta(days=1)),
        ("2 hours", timedelta(hours=2)),
        ("30 minutes", timedelta(minutes=30)),
        ("1天", timedelta(days=1)),
        ("3 个小时", timedelta(hours=3)),
        ("none", None),
    ],
)
def test_site_yaml_reminder(seed_dir: Path, written: str, expected: timedelta | None):
    with (seed_dir / "site.yaml").open("a", encoding="utf-8") as file:
        file.write(f"reminder: {written}\n")
    site, problems = read_content(seed_dir)
    assert site is not None, problems
    assert site.reminder == expected


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "tomorrow",
            'reminder: expected e.g. "1 day", "2 hours", "30 minutes" or "none", '
            "found 'tomorrow'",
        ),
        (
            "2 weeks",
            'reminder: expected e.g. "1 day", "2 hours", "30 minutes" or "none", found \'2 weeks\'',
        ),
        ("0 days", "reminder: must be more than 0 and at most 7 days, found '0 days'"),
        ("8 days", "reminder: must be more than 0 and at most 7 days, found '8 days'"),
    ],
)
def test_a_wrong_reminder_is_refused_with_its_line(seed_dir: Path, written: str, message: str):
    path = seed_dir / "site.yaml"
    line = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as file:
        file.write(f"reminder: {written}\n")
    site, problems = read_content(seed_dir)
    assert site is None
    assert [str(problem) for problem in problems if not problem.warning] == [
        f"{path}:{line}: {message}"
    ]
