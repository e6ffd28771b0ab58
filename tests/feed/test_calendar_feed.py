"""The feeds, read back by icalendar and by two independent parsers (vobject, ics)."""

from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest
import vobject

from site_builder.calendar_feed import (
    FEED_PATH,
    UID_NAMESPACE,
    render_feeds,
    session_uid,
    webcal_url,
)
from site_builder.model import Session, Site, Slot

Instants = dict[str, tuple[datetime, datetime]]


def events(feed: bytes) -> list[icalendar.Event]:
    """The VEVENTs as icalendar reads them."""
    return icalendar.Calendar.from_ical(feed).walk("VEVENT")


def event_of(feed: bytes, uid: str) -> icalendar.Event:
    """The one VEVENT with this UID."""
    [event] = [e for e in events(feed) if str(e["UID"]) == uid]
    return event


def instants_icalendar(feed: bytes) -> Instants:
    """UID -> (start, end) in UTC, by icalendar."""
    return {str(e["UID"]): (e.start.astimezone(UTC), e.end.astimezone(UTC)) for e in events(feed)}


def instants_vobject(feed: bytes) -> Instants:
    """UID -> (start, end) in UTC, by vobject, which resolves TZID from the feed's VTIMEZONE."""
    calendar = vobject.readOne(feed.decode("utf-8"))
    return {
        e.uid.value: (e.dtstart.value.astimezone(UTC), e.dtend.value.astimezone(UTC))
        for e in calendar.vevent_list
    }


def instants_ics(feed: bytes) -> Instants:
    """UID -> (start, end) in UTC, by ics (arrow)."""
    calendar = ics.Calendar(feed.decode("utf-8"))
    return {
        e.uid: (e.begin.datetime.astimezone(UTC), e.end.datetime.astimezone(UTC))
        for e in calendar.events
    }


def expected_instants(site: Site) -> Instants:
    """UID -> (start, end) in UTC, from the model."""
    return {
        session_uid(site, s): (s.slot.start.astimezone(UTC), s.slot.end.astimezone(UTC))
        for s in site.sessions
        if s.slot.start
    }


def physical_lines(feed: bytes) -> list[bytes]:
    """The feed's lines, which must all end in CRLF."""
    assert feed.endswith(b"\r\n")
    return feed[:-2].split(b"\r\n")


def test_seed_sessions_are_at_the_right_instants_in_every_parser(site: Site, base_url: str):
    feed = render_feeds(site, base_url)[FEED_PATH]
    expected = expected_instants(site)
    assert len(expected) == 12
    first = expected[session_uid(site, site.sessions[0])]
    assert first == (datetime(2021, 4, 12, 1, tzinfo=UTC), datetime(2021, 4, 12, 9, tzinfo=UTC))
    assert instants_icalendar(feed) == expected
    assert instants_vobject(feed) == expected
    assert instants_ics(feed) == expected


def test_the_calendar_names_itself_and_its_zone_and_is_not_an_invitation(site: Site, base_url: str):
    calendar = icalendar.Calendar.from_ical(render_feeds(site, base_url)[FEED_PATH])
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//joint-reception//site-builder//ZH"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == site.title
    assert calendar["X-WR-TIMEZONE"] == "Asia/Shanghai"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=6)
    assert calendar["X-PUBLISHED-TTL"] == "PT6H"
    assert calendar["SOURCE"] == base_url + "calendar.ics"
    assert "METHOD" not in calendar
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Asia/Shanghai"
    assert "2021-04-12 to 2021-12-07" in timezone["COMMENT"]
    for event in calendar.walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] == event["DTEND"].params["TZID"] == "Asia/Shanghai"


def test_every_event_carries_what_a_worker_needs(site: Site, base_url: str):
    session = site.sessions[0]
    event = event_of(render_feeds(site, base_url)[FEED_PATH], session_uid(site, session))
    assert event["SUMMARY"] == "2021年宜良县根治欠薪集中联合接访 · " + site.venues[0].name
    assert event["LOCATION"] == "宜良县人力资源和社会保障局（宜良县就业和社会保障服务中心101室）"
    assert "GEO" not in event  # the county venue has no coordinates
    assert event["URL"] == base_url + "sessions/2021-04-12.html"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event.categories == ["根治欠薪", "集中联合接访"]
    # Published 2021-04-12: local midnight, written in UTC.
    assert event["DTSTAMP"].dt == datetime(2021, 4, 11, 16, tzinfo=UTC)
    assert event["LAST-MODIFIED"].dt == datetime(2021, 4, 11, 16, tzinfo=UTC)
    assert str(event["DESCRIPTION"]).split("\n") == [
        "时间：2021年4月12日（星期一）9:00–17:00",
        "地点：宜良县人力资源和社会保障局（宜良县就业和社会保障服务中心101室）",
        "参加接访领导：县人社局分管负责同志",
        "参加接访单位：县人社局、县住建局、县交运局、县水务局、县发改局（业务科室负责人）",
        "县级集中联合接访联络人：县人力资源和社会保障劳动监察大队大队长 朱江 0871-67539921",
        f"网上反映欠薪：{base_url}complaints/new",
        "· 请携带身份证和劳动合同、工资条等能证明欠薪的材料。",
        f"详情：{base_url}sessions/2021-04-12.html",
    ]


def test_geo_and_address_when_the_venue_has_them(site: Site, base_url: str, reschedule):
    annex = site.venues[1]
    moved = reschedule(site, "2021-05-10", date(2021, 5, 11), date(2021, 5, 6), venue=annex)
    event = event_of(render_feeds(moved, base_url)[FEED_PATH], session_uid(site, moved.sessions[2]))
    assert (event["GEO"].latitude, event["GEO"].longitude) == (24.9194, 103.1412)
    assert event["LOCATION"] == "宜良县政务服务中心 宜良县匡远街道"
    assert "原定2021年5月10日（星期一）9:00–17:00，宜良县人力资源" in str(event["DESCRIPTION"])


def test_uid_is_a_uuid5_of_office_and_id_and_ignores_the_address(site: Site, base_url: str):
    session = site.sessions[0]
    uid = session_uid(site, session)
    assert uuid.UUID(uid) == uuid.uuid5(UID_NAMESPACE, f"{site.office}\n{session.id}")
    elsewhere = render_feeds(site, "https://www.example.org/other/path/")[FEED_PATH]
    assert set(instants_icalendar(elsewhere)) == set(expected_instants(site))
    other_office = dataclasses.replace(site, office="石林县根治拖欠农民工工资工作领导小组办公室")
    assert session_uid(other_office, session) != uid


def test_uids_are_unchanged_by_rebuilds_and_reschedules(site, base_url, reschedule, cancel):
    before = set(instants_icalendar(render_feeds(site, base_url)[FEED_PATH]))
    changed = reschedule(site, "2021-10-11", date(2021, 10, 13), date(2021, 10, 8))
    changed = cancel(changed, "2021-12-06", date(2021, 12, 1))
    after = instants_icalendar(render_feeds(changed, base_url)[FEED_PATH])
    assert set(after) == before
    assert len(before) == 12


def test_a_reschedule_moves_the_event_and_raises_its_sequence(site, base_url, reschedule):
    moved = reschedule(site, "2021-10-11", date(2021, 10, 13), date(2021, 10, 8))
    uid = session_uid(site, site.sessions[9])
    feed = render_feeds(moved, base_url)[FEED_PATH]
    event = event_of(feed, uid)
    assert event["SEQUENCE"] == 1
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["SUMMARY"]).startswith("【改期】")
    assert event["DTSTAMP"].dt == event["LAST-MODIFIED"].dt == datetime(2021, 10, 7, 16, tzinfo=UTC)
    new_start = datetime(2021, 10, 13, 1, tzinfo=UTC)
    for read in (instants_icalendar, instants_vobject, instants_ics):
        assert read(feed)[uid] == (new_start, new_start + timedelta(hours=8))
    description = str(event["DESCRIPTION"])
    assert description.startswith(
        "【改期】2021年10月8日公布：原定2021年10月11日（星期一）9:00–17:00，"
        "改为 2021年10月13日（星期三）9:00–17:00。"
    )
    assert "原因：因故调整\n时间：2021年10月13日（星期三）9:00–17:00" in description


def test_a_cancelled_session_stays_in_every_feed_marked_cancelled(
    site, base_url, reschedule, cancel
):
    changed = reschedule(site, "2021-10-11", date(2021, 10, 13), date(2021, 10, 8))
    changed = cancel(changed, "2021-10-11", date(2021, 10, 12))
    uid = session_uid(site, site.sessions[9])
    feeds = render_feeds(changed, base_url)
    for path in (FEED_PATH, "sessions/2021-10-11.ics"):
        event = event_of(feeds[path], uid)
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 2
        assert event["TRANSP"] == "TRANSPARENT"
        assert (
            str(event["SUMMARY"])
            == "【已取消】2021年宜良县根治欠薪集中联合接访 · " + site.venues[0].name
        )
        assert "本次接访已取消，请勿前往。" in str(event["DESCRIPTION"])
    [other] = [e for e in ics.Calendar(feeds[FEED_PATH].decode()).events if e.uid == uid]
    assert other.status == "CANCELLED"
    [vevent] = [
        e for e in vobject.readOne(feeds[FEED_PATH].decode()).vevent_list if e.uid.value == uid
    ]
    assert vevent.status.value == "CANCELLED"
    assert vevent.sequence.value == "2"


def test_sessions_without_a_time_stay_out_until_it_is_announced(site: Site, base_url: str):
    def untimed(session: Session) -> Session:
        if session.id != "2021-11-08":
            return session
        return dataclasses.replace(session, slot=Slot(session.slot.day, session.slot.venue))

    tba = dataclasses.replace(site, sessions=tuple(untimed(s) for s in site.sessions))
    feeds = render_feeds(tba, base_url)
    assert "sessions/2021-11-08.ics" not in feeds
    assert len(feeds) == 12
    assert session_uid(site, site.sessions[10]) not in instants_icalendar(feeds[FEED_PATH])
    assert set(instants_vobject(feeds[FEED_PATH])) == set(expected_instants(tba))


def test_each_session_feed_holds_the_same_event_as_the_whole_feed(site: Site, base_url: str):
    feeds = render_feeds(site, base_url)
    whole = {str(e["UID"]): e.to_ical() for e in events(feeds[FEED_PATH])}
    for session in site.sessions:
        [event] = events(feeds[f"sessions/{session.id}.ics"])
        assert event.to_ical() == whole[session_uid(site, session)]
        assert b"BEGIN:VTIMEZONE" in feeds[f"sessions/{session.id}.ics"]


def test_long_chinese_text_is_folded_at_75_octets_and_round_trips(site: Site, base_url: str):
    note = (
        "因会场改造，本次接访临时移至一楼大厅东侧；请沿“劳动监察”指示牌前往，"
        "如有疑问请拨打联系电话，或在网上反映欠薪（备注：材料请复印一份，原件自留）。\\"
    ) * 4
    noted = dataclasses.replace(site.sessions[0], note=note)
    site = dataclasses.replace(site, sessions=(noted, *site.sessions[1:]))
    feed = render_feeds(site, base_url)[FEED_PATH]
    for line in physical_lines(feed):
        assert len(line) <= 75
        line.decode("utf-8")  # a fold never splits a character
    assert b"\n" not in feed.replace(b"\r\n", b"")
    expected = f"说明：{note}"
    uid = session_uid(site, noted)
    assert expected in str(event_of(feed, uid)["DESCRIPTION"]).split("\n")
    vevents = vobject.readOne(feed.decode("utf-8")).vevent_list
    [vevent] = [e for e in vevents if e.uid.value == uid]
    assert expected in vevent.description.value.split("\n")
    [ics_event] = [e for e in ics.Calendar(feed.decode("utf-8")).events if e.uid == uid]
    assert expected in ics_event.description.split("\n")


def test_text_is_escaped(site: Site, base_url: str):
    site = dataclasses.replace(site, title="接访; 咨询, 投诉\\ 反映")
    feed = render_feeds(site, base_url)[FEED_PATH]
    assert b"SUMMARY:\xe6\x8e\xa5\xe8\xae\xbf\\; \xe5\x92\xa8\xe8\xaf\xa2\\, " in feed
    summary = "接访; 咨询, 投诉\\ 反映 · " + site.venues[0].name  # several venues: named
    assert str(events(feed)[0]["SUMMARY"]) == summary
    assert vobject.readOne(feed.decode()).vevent_list[0].summary.value == summary


def test_rebuilds_are_byte_identical(site: Site, base_url: str):
    first = render_feeds(site, base_url)
    again = render_feeds(dataclasses.replace(site), base_url)
    assert first == again
    assert list(first) == ["calendar.ics", *(f"sessions/{s.id}.ics" for s in site.sessions)]
    assert not re.search(rb"DTSTAMP:20[3-9]", first[FEED_PATH])  # no wall-clock time


def test_a_zone_with_daylight_saving_time_is_described_correctly(site: Site, base_url: str):
    berlin = ZoneInfo("Europe/Berlin")

    def in_berlin(session: Session) -> Session:
        slot = session.slot
        start, end = (t.replace(tzinfo=berlin) for t in (slot.start, slot.end))
        return dataclasses.replace(session, slot=Slot(slot.day, slot.venue, start, end))

    site = dataclasses.replace(
        site, timezone="Europe/Berlin", sessions=tuple(in_berlin(s) for s in site.sessions)
    )
    feed = render_feeds(site, base_url)[FEED_PATH]
    expected = expected_instants(site)
    assert expected[session_uid(site, site.sessions[0])][0] == datetime(2021, 4, 12, 7, tzinfo=UTC)
    assert expected[session_uid(site, site.sessions[-1])][0] == datetime(2021, 12, 6, 8, tzinfo=UTC)
    [timezone] = icalendar.Calendar.from_ical(feed).walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Berlin"
    assert [c.name for c in timezone.subcomponents] == ["DAYLIGHT", "STANDARD"]
    assert instants_icalendar(feed) == expected
    assert instants_vobject(feed) == expected  # vobject resolves times with our VTIMEZONE
    assert instants_ics(feed) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x/calendar.ics", "webcal://a.example/x/calendar.ics"),
        ("http://127.0.0.1:5000/calendar.ics", "webcal://127.0.0.1:5000/calendar.ics"),
    ],
    ids=["https", "http"],
)
def test_webcal_url(url: str, expected: str):
    assert webcal_url(url) == expected


def test_webcal_url_refuses_a_relative_url():
    with pytest.raises(ValueError, match="not an http"):
        webcal_url("calendar.ics")
