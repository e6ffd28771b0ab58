"""``schedule.json`` and the check that no published session changes unrecorded or vanishes."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from site_builder.errors import ContentError
from site_builder.model import Change, Session, Site, Slot
from site_builder.schedule_manifest import MANIFEST_PATH, check_against_previous, render_manifest

SCHEDULE = Path("content/schedule.yaml")


def manifest(site: Site) -> bytes:
    """The bytes of ``schedule.json`` for ``site``."""
    return render_manifest(site)[MANIFEST_PATH]


def edit(site: Site, session_id: str, **changes: object) -> Site:
    """``site`` with one session's slot edited in place, as a careless edit would."""

    def edited(session: Session) -> Session:
        if session.id != session_id:
            return session
        return dataclasses.replace(session, slot=dataclasses.replace(session.slot, **changes))

    return dataclasses.replace(site, sessions=tuple(edited(s) for s in site.sessions))


def messages(errors: list[ContentError]) -> list[str]:
    """``file:line: message`` as the build prints them."""
    return [str(error) for error in errors]


def test_manifest_lists_every_session_in_order_with_offsets(site: Site):
    document = json.loads(manifest(site))
    assert document["format"] == 1
    assert document["timezone"] == "Asia/Shanghai"
    assert [entry["id"] for entry in document["sessions"]] == [s.id for s in site.sessions]
    assert document["sessions"][0] == {
        "id": "2021-04-12",
        "date": "2021-04-12",
        "start": "2021-04-12T09:00:00+08:00",
        "end": "2021-04-12T17:00:00+08:00",
        "venue": "county",
        "lead": "县人社局分管负责同志",
        "units": ["rsj", "zjj", "jyj", "swj", "fgj"],
        "status": "scheduled",
        "sequence": 0,
        "changes": [],
    }
    assert manifest(site) == manifest(dataclasses.replace(site))
    assert manifest(site).endswith(b"}\n")


def test_manifest_records_changes_and_unannounced_times(site: Site, reschedule, cancel):
    changed = reschedule(site, "2021-10-11", date(2021, 10, 13), date(2021, 10, 8))
    changed = cancel(changed, "2021-12-06", date(2021, 12, 1))
    changed = edit(changed, "2021-11-08", start=None, end=None)
    entries = {e["id"]: e for e in json.loads(manifest(changed))["sessions"]}
    assert entries["2021-10-11"]["date"] == "2021-10-13"
    assert entries["2021-10-11"]["status"] == "rescheduled"
    assert entries["2021-10-11"]["sequence"] == 1
    assert entries["2021-10-11"]["changes"] == [
        {"kind": "rescheduled", "announced": "2021-10-08", "reason": "因故调整"}
    ]
    assert (entries["2021-12-06"]["status"], entries["2021-12-06"]["sequence"]) == ("cancelled", 1)
    assert (entries["2021-11-08"]["start"], entries["2021-11-08"]["end"]) == (None, None)


def test_first_build_and_unchanged_schedule_pass(site: Site):
    assert check_against_previous(site, None, SCHEDULE) == []
    assert check_against_previous(site, manifest(site), SCHEDULE) == []


def test_recorded_reschedule_and_cancellation_pass(site: Site, reschedule, cancel):
    before = manifest(site)
    changed = reschedule(site, "2021-10-11", date(2021, 10, 13), date(2021, 10, 8))
    changed = cancel(changed, "2021-12-06", date(2021, 12, 1))
    assert check_against_previous(changed, before, SCHEDULE) == []
    cancelled_too = cancel(changed, "2021-10-11", date(2021, 10, 12))
    assert check_against_previous(cancelled_too, manifest(changed), SCHEDULE) == []


def test_announcing_a_time_is_not_a_change(site: Site):
    untimed = edit(site, "2021-11-08", start=None, end=None)
    assert check_against_previous(site, manifest(untimed), SCHEDULE) == []


FIX_2021_10_11 = (
    "add to this session `changes: [{announced: YYYY-MM-DD, kind: rescheduled, previous: "
    '{date: 2021-10-11, venue: county, start: "09:00", end: "17:00"}, reason: ...}]` '
    "(docs/content.md, Announcing a change)"
)


def test_an_unrecorded_time_edit_is_flagged_at_the_session_line(site: Site):
    session = site.sessions[9]
    later = dict(start=session.slot.start.replace(hour=14), end=session.slot.end.replace(hour=18))
    errors = check_against_previous(edit(site, session.id, **later), manifest(site), SCHEDULE)
    assert messages(errors) == [
        "content/schedule.yaml:85: session 2021-10-11: time changed from 09:00–17:00 to "
        "14:00–18:00 without a recorded change: " + FIX_2021_10_11
    ]


def test_an_unrecorded_date_and_venue_edit_is_flagged(site: Site):
    moved = dataclasses.replace(site.sessions[9].slot, day=date(2021, 10, 13))
    moved = dataclasses.replace(moved, venue=site.venues[1])
    edited = edit(site, "2021-10-11", day=moved.day, venue=moved.venue)
    assert messages(check_against_previous(edited, manifest(site), SCHEDULE)) == [
        "content/schedule.yaml:85: session 2021-10-11: date changed from 2021-10-11 to "
        "2021-10-13 without a recorded change: " + FIX_2021_10_11,
        "content/schedule.yaml:85: session 2021-10-11: venue changed from county to annex "
        "without a recorded change: " + FIX_2021_10_11,
    ]


def test_a_deleted_session_is_flagged(site: Site):
    fewer = dataclasses.replace(site, sessions=site.sessions[:-1])
    assert messages(check_against_previous(fewer, manifest(site), SCHEDULE)) == [
        "content/schedule.yaml:1: session 2021-12-06 (2021-12-06) was published in the last "
        "build and is missing now: a session must stay in the schedule and be cancelled (an "
        "entry with kind: cancelled under `changes:`), never deleted"
    ]


def test_a_removed_change_is_flagged(site: Site, reschedule):
    changed = reschedule(site, "2021-10-11", date(2021, 10, 13), date(2021, 10, 8))
    assert messages(check_against_previous(site, manifest(changed), SCHEDULE)) == [
        "content/schedule.yaml:85: session 2021-10-11: the last build had 1 recorded change(s), "
        "now 0: a recorded change must never be removed"
    ]


def test_a_new_change_must_start_from_what_was_published(site: Site, reschedule):
    # The office moved the session by hand first, then recorded a second move.
    by_hand = edit(site, "2021-10-11", day=date(2021, 10, 12))
    recorded = reschedule(by_hand, "2021-10-11", date(2021, 10, 13), date(2021, 10, 8))
    assert messages(check_against_previous(recorded, manifest(site), SCHEDULE)) == [
        "content/schedule.yaml:85: session 2021-10-11: the new entry under `changes:` says it "
        "was 2021-10-12 county 09:00–17:00, but the last build published 2021-10-11 county "
        "09:00–17:00"
    ]


def test_a_published_time_cannot_become_unannounced(site: Site):
    untimed = edit(site, "2021-11-08", start=None, end=None)
    expected = [
        "content/schedule.yaml:90: session 2021-11-08: its time was published and is now "
        "时间另行通知, so it would vanish from subscribers' calendars: give the new time, "
        "or keep the old one and record a cancellation instead"
    ]
    assert messages(check_against_previous(untimed, manifest(site), SCHEDULE)) == expected
    # Recorded as a reschedule to an unannounced time, it is caught even without a manifest.
    session = site.sessions[10]
    after = Slot(date(2021, 11, 9), session.slot.venue)
    change = Change("rescheduled", date(2021, 11, 1), session.slot, after, "时间另行通知")
    moved = dataclasses.replace(session, slot=after, changes=(change,))
    recorded = dataclasses.replace(site, sessions=(*site.sessions[:10], moved, site.sessions[11]))
    assert messages(check_against_previous(recorded, None, SCHEDULE)) == expected


@pytest.mark.parametrize(
    ("previous", "reason"),
    [
        (b"\xff\xfe", "not JSON"),
        (b"[]", "not a format 1 schedule manifest"),
        (b'{"format": 1}', "no session list"),
        (b'{"format": 1, "sessions": [{"id": "x"}]}', "a session entry is incomplete"),
    ],
    ids=["bytes", "list", "no-sessions", "incomplete"],
)
def test_an_unreadable_previous_manifest_is_one_clear_error(site: Site, previous, reason):
    assert messages(check_against_previous(site, previous, SCHEDULE)) == [
        f"content/schedule.yaml:1: the last build's schedule.json cannot be read ({reason}); "
        "remove it from the output folder to accept the current schedule as the new "
        "starting point"
    ]


def test_a_malformed_time_in_the_previous_manifest_is_caught(site: Site):
    document = json.loads(manifest(site))
    document["sessions"][0]["start"] = "9 o'clock"
    errors = check_against_previous(site, json.dumps(document).encode(), SCHEDULE)
    assert len(errors) == 1
    assert "schedule.json cannot be read (Invalid isoformat string" in errors[0].message
