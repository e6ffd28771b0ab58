"""The real content, edited as an office would, through the loader into the feeds."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from site_builder.calendar_feed import FEED_PATH, render_feeds
from site_builder.loader import load_site
from site_builder.schedule_manifest import MANIFEST_PATH, check_against_previous, render_manifest

CONTENT = Path(__file__).parents[2] / "content"
BASE_URL = "https://rsj.example.gov.cn/jiefang/"

RESCHEDULED = """\
  - id: 2021-10-11
    date: 2021-10-13
    weekday: 星期三
    changes:
      - announced: 2021-10-08
        kind: rescheduled
        previous: {date: 2021-10-11}
        reason: 因故调整
"""
CANCELLED = """\
    units: [rsj, zjj, jyj, swj, czj]
    changes:
      - announced: 2021-12-01
        kind: cancelled
        reason: 疫情防控需要
"""


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A copy of the seed content that a test may edit."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


def schedule_edit(content_dir: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur once) in ``schedule.yaml``."""
    path = content_dir / "schedule.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def events_by_start(feed: bytes) -> dict[datetime, icalendar.Event]:
    """The feed's events keyed by their start in UTC."""
    calendar = icalendar.Calendar.from_ical(feed)
    return {event.start.astimezone(UTC): event for event in calendar.walk("VEVENT")}


def test_the_seed_schedule_is_twelve_sessions_from_nine_to_five(content_dir: Path):
    feed = render_feeds(load_site(content_dir), BASE_URL)[FEED_PATH]
    events = list(events_by_start(feed).values())
    assert len(events) == 12
    for event in events:
        assert (event.start.hour, event.end.hour, event.start.utcoffset().seconds) == (9, 17, 28800)


def test_a_reschedule_and_a_cancellation_made_in_content(content_dir: Path):
    before = load_site(content_dir)
    first = render_feeds(before, BASE_URL)[FEED_PATH]
    published = render_manifest(before)[MANIFEST_PATH]
    schedule_edit(
        content_dir,
        "  - id: 2021-10-11\n    date: 2021-10-11\n    weekday: 星期一\n",
        RESCHEDULED,
    )
    lead = "    lead: {unit: swj, title: 分管负责同志}\n"
    schedule_edit(content_dir, lead + "    units: [rsj, zjj, jyj, swj, czj]\n", lead + CANCELLED)
    after = load_site(content_dir)
    assert check_against_previous(after, published, content_dir / "schedule.yaml") == []
    old = events_by_start(first)
    new = events_by_start(render_feeds(after, BASE_URL)[FEED_PATH])
    moved = new[datetime(2021, 10, 13, 1, tzinfo=UTC)]
    assert moved["UID"] == old[datetime(2021, 10, 11, 1, tzinfo=UTC)]["UID"]
    assert (moved["SEQUENCE"], moved["STATUS"]) == (1, "CONFIRMED")
    cancelled = new[datetime(2021, 12, 6, 1, tzinfo=UTC)]
    assert (cancelled["SEQUENCE"], cancelled["STATUS"]) == (1, "CANCELLED")
    assert str(cancelled["SUMMARY"]).startswith("【已取消】")
    assert {e["UID"] for e in new.values()} == {e["UID"] for e in old.values()}


def test_an_unrecorded_edit_of_the_content_is_caught(content_dir: Path):
    published = render_manifest(load_site(content_dir))[MANIFEST_PATH]
    schedule_edit(
        content_dir, "    date: 2021-11-08\n    weekday: 星期一\n", "    date: 2021-11-09\n"
    )
    schedule = content_dir / "schedule.yaml"
    line = schedule.read_text(encoding="utf-8").splitlines().index("  - id: 2021-11-08") + 1
    [error] = check_against_previous(load_site(content_dir), published, schedule)
    assert (error.path, error.line) == (schedule, line)
    assert error.message == (
        "session 2021-11-08: date changed from 2021-11-08 to 2021-11-09 without a recorded "
        "change: add to this session `changes: [{announced: YYYY-MM-DD, kind: rescheduled, "
        'previous: {date: 2021-11-08, venue: county, start: "09:00", end: "17:00"}, '
        "reason: ...}]` (docs/content.md, Announcing a change)"
    )


def test_feeds_are_byte_identical_across_processes(content_dir: Path):
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from site_builder.calendar_feed import render_feeds\n"
        "from site_builder.loader import load_site\n"
        "from site_builder.schedule_manifest import render_manifest\n"
        "site = load_site(Path(sys.argv[1]))\n"
        "files = {**render_feeds(site, sys.argv[2]), **render_manifest(site)}\n"
        "for path, data in files.items():\n"
        "    print(path, hashlib.sha256(data).hexdigest())\n"
    )
    digests = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": "America/New_York"}
        run = subprocess.run(
            [sys.executable, "-c", script, str(content_dir), BASE_URL],
            capture_output=True,
            check=True,
            env=env,
            text=True,
        )
        digests.append(run.stdout)
    site = load_site(content_dir)
    here = {**render_feeds(site, BASE_URL), **render_manifest(site)}
    expected = "".join(f"{p} {hashlib.sha256(d).hexdigest()}\n" for p, d in here.items())
    assert digests == [expected, expected]
