"""The example offices in docs/examples/ build, keep clean feeds and go through their adjustment."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import ics
import pytest
import vobject
from pagetext import read_page, schedule_rows, visible_text
from site_paths import REPO, Build, replace_in

EXAMPLES = REPO / "docs" / "examples"
CITY = EXAMPLES / "city-monthly"
TOWNSHIPS = EXAMPLES / "township-circuit"
TODAY = {"city-monthly": "2025-03-01", "township-circuit": "2025-06-01"}
TOWNSHIP_PHONES = {
    "yanglin": "0871-67981201",
    "xiaojie": "0871-67962218",
    "niulanjiang": "0871-67955306",
}
MOVED_ENTRY = re.compile(
    r"    changes:\n      - announced: 2025-04-28\n        kind: rescheduled\n(?:        .*\n)+"
)

Instants = dict[str, tuple[datetime, datetime]]


def _build(content: Path, out: Path, site_builder: Build, today: str) -> str:
    result = site_builder("build", "--content", content, "--out", out, "--today", today)
    assert result.exit_code == 0, result.output
    return result.output


def _instants_icalendar(feed: str) -> Instants:
    calendar = icalendar.Calendar.from_ical(feed)
    assert [c.name for c in calendar.walk() if c.errors] == []
    return {
        str(e["UID"]): (e.start.astimezone(UTC), e.end.astimezone(UTC))
        for e in calendar.walk("VEVENT")
    }


def _instants_vobject(feed: str) -> Instants:
    calendar = vobject.readOne(feed, validate=True)
    return {
        e.uid.value: (e.dtstart.value.astimezone(UTC), e.dtend.value.astimezone(UTC))
        for e in calendar.vevent_list
    }


def _instants_ics(feed: str) -> Instants:
    return {
        e.uid: (e.begin.datetime.astimezone(UTC), e.end.datetime.astimezone(UTC))
        for e in ics.Calendar(feed).events
    }


def _event(feed: Path) -> icalendar.Event:
    [event] = icalendar.Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    return event


@pytest.mark.parametrize(("folder", "sessions"), [("city-monthly", 4), ("township-circuit", 12)])
def test_each_example_builds_and_every_parser_reads_the_same_feed(
    folder: str, sessions: int, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    _build(EXAMPLES / folder, out, site_builder, TODAY[folder])
    assert len(list((out / "sessions").glob("*.html"))) == sessions
    feed = (out / "calendar.ics").read_bytes().decode("utf-8")
    instants = _instants_icalendar(feed)
    assert len(instants) == sessions
    assert _instants_vobject(feed) == instants
    assert _instants_ics(feed) == instants


def test_the_adjustment_moves_one_session_and_cancels_another(
    tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    _build(CITY, out, site_builder, TODAY["city-monthly"])
    moved = _event(out / "sessions" / "2025-05-21.ics")
    assert moved["SEQUENCE"] == 1
    assert moved["STATUS"] == "CONFIRMED"
    assert moved.start == datetime(2025, 5, 22, 6, 30, tzinfo=UTC)
    cancelled = _event(out / "sessions" / "2025-06-18.ics")
    assert cancelled["SEQUENCE"] == 1
    assert cancelled["STATUS"] == "CANCELLED"
    alternative = (
        "2025年6月18日 昭阳市劳动保障监察支队（一楼接待室） 昭阳市环城东路45号："
        "设临时接访点照常受理"
    )
    assert f"\n可改往：{alternative}\n" in str(cancelled["DESCRIPTION"])
    assert f"取消后可改往 {alternative}" in visible_text(out / "sessions" / "2025-06-18.html")
    assert [kind for kind, _cells in schedule_rows(out / "index.html")] == [
        "next",
        "upcoming",
        "rescheduled",
        "cancelled",
    ]
    notice = visible_text(out / "notices" / "02-adjustment.html")
    assert "关于调整5月、6月集中联合接访安排的公告" in notice
    assert "昭人社公〔2025〕9号" in notice


def test_simultaneous_township_sessions_keep_the_order_of_the_venues(
    tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    _build(TOWNSHIPS, out, site_builder, TODAY["township-circuit"])
    places = [cells[0].split(" ", 3)[3] for _kind, cells in schedule_rows(out / "index.html")]
    order = ["杨林镇劳动保障所", "小街镇劳动保障所", "牛栏江镇便民服务中心"]
    first_day = [place.removesuffix(" 下一次") for place in places[:6]]
    assert first_day == order * 2
    assert places[6:] == order * 2
    # The "next session" card lists the three townships of the morning in the same order.
    card = visible_text(out / "index.html").split("下一次接访", 1)[1].split("反映欠薪", 1)[0]
    assert [card.index(name) for name in order] == sorted(card.index(name) for name in order)


def test_each_township_session_shows_its_own_venue_phone(
    tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    _build(TOWNSHIPS, out, site_builder, TODAY["township-circuit"])
    pages = sorted((out / "sessions").glob("*.html"))
    assert len(pages) == 12
    for page in pages:
        [venue] = [venue for venue in TOWNSHIP_PHONES if f"-{venue}-" in page.name]
        phone = TOWNSHIP_PHONES[venue]
        others = [number for other, number in TOWNSHIP_PHONES.items() if other != venue]
        assert f"电话 接访地点电话： {phone} " in visible_text(page), page.name
        links = {href for _tag, href in read_page(page).links if href.startswith("tel:")}
        assert "tel:" + phone.replace("-", "") in links
        assert not {"tel:" + number.replace("-", "") for number in others} & links
        description = str(_event(page.with_suffix(".ics"))["DESCRIPTION"])
        assert f"接访地点电话：{phone}" in description
        assert not [number for number in others if number in description]


def _before_the_adjustment(folder: Path) -> Path:
    """A copy of the city example as it was published before the adjustment notice."""
    before = Path(shutil.copytree(CITY, folder))
    (before / "notices" / "02-adjustment.md").unlink()
    schedule = before / "schedule.yaml"
    text = re.sub(r"    changes:\n(?:      .*\n)+", "", schedule.read_text(encoding="utf-8"))
    schedule.write_text(text, encoding="utf-8")
    moved, published = (
        "date: 2025-05-22\n    weekday: 星期四",
        "date: 2025-05-21\n    weekday: 星期三",
    )
    replace_in(schedule, moved, published)
    return before


def test_the_recorded_adjustment_goes_through_over_the_earlier_build(
    tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    _build(_before_the_adjustment(tmp_path / "before"), out, site_builder, "2025-03-01")
    published = _event(out / "sessions" / "2025-05-21.ics")
    assert published["SEQUENCE"] == 0
    assert published.start == datetime(2025, 5, 21, 6, 30, tzinfo=UTC)
    _build(CITY, out, site_builder, "2025-04-28")
    assert _event(out / "sessions" / "2025-05-21.ics")["UID"] == published["UID"]
    assert _event(out / "sessions" / "2025-05-21.ics")["SEQUENCE"] == 1


def test_an_unrecorded_move_is_refused_by_check(tmp_path: Path, site_builder: Build) -> None:
    out = tmp_path / "out"
    _build(_before_the_adjustment(tmp_path / "before"), out, site_builder, "2025-03-01")
    unrecorded = Path(shutil.copytree(CITY, tmp_path / "unrecorded"))
    schedule = unrecorded / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(MOVED_ENTRY.sub("", text, count=1), encoding="utf-8")
    result = site_builder("check", "--content", unrecorded, "--out", out)
    assert result.exit_code == 1
    line = text[: text.index("  - id: 2025-05-21")].count("\n") + 1
    assert (
        f"{schedule.as_posix()}:{line}: session 2025-05-21: date changed from 2025-05-21 to "
        "2025-05-22 without a recorded change: add to this session `changes: [{announced: "
        "YYYY-MM-DD, kind: rescheduled, previous: {date: 2025-05-21, venue: centre, "
        'start: "14:30", end: "17:00"}, reason: ...}]` (docs/content.md, Announcing a change)\n'
    ) in result.output
    assert result.output.endswith("Error: 1 error(s) in the content\n")
