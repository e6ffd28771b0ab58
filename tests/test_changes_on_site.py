"""A reschedule and a cancellation, recorded as an office would, shown on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from pagetext import schedule_rows, visible_text
from site_paths import Build, replace_in

RESCHEDULE = """  - id: 2021-05-24
    date: 2021-05-26
    weekday: 星期三
    changes:
      - announced: 2021-05-20
        kind: rescheduled
        previous: {date: 2021-05-24}
        reason: 因会议冲突调整
"""
FIRST_OF_JUNE_7 = "  - id: 2021-06-07\n    date: 2021-06-07\n    weekday: 星期一\n"
FIRST_OF_MAY_24 = "  - id: 2021-05-24\n    date: 2021-05-24\n    weekday: 星期一\n"
CANCEL = """    changes:
      - announced: 2021-06-01
        kind: cancelled
        reason: 因疫情防控需要取消
"""


@pytest.fixture
def changed(seed_dir: Path, tmp_path: Path, site_builder: Build) -> Path:
    out = tmp_path / "out"
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    schedule = seed_dir / "schedule.yaml"
    replace_in(schedule, FIRST_OF_MAY_24, RESCHEDULE)
    replace_in(schedule, FIRST_OF_JUNE_7, FIRST_OF_JUNE_7 + CANCEL)
    result = site_builder("build", "--content", seed_dir, "--out", out, "--today", "2021-06-02")
    assert result.exit_code == 0, result.output
    return out


def test_home_page_lists_the_adjustments_and_skips_the_cancelled_session(changed: Path) -> None:
    text = visible_text(changed / "index.html")
    assert "下一次接访 2021年6月21日" in text  # 6月7日 is cancelled
    adjustments = text.split("接访时间调整通知")[1].split("全部接访日程")[0]
    assert "取消 2021年6月1日： 原定 2021年6月7日（星期一）9:00–17:00 的接访， 取消" in adjustments
    assert (
        "改期 2021年5月20日： 原定 2021年5月24日（星期一）9:00–17:00 的接访， 改为" in adjustments
    )
    assert "2021年5月26日（星期三）9:00–17:00" in adjustments


def test_schedule_marks_old_and_new_time_side_by_side(changed: Path) -> None:
    rows = {
        cells[0].split()[0]: (css, cells) for css, cells in schedule_rows(changed / "index.html")
    }
    css, cells = rows["2021年5月26日"]
    assert css == "past" and "原定 2021年5月24日（星期一）9:00–17:00" in cells[0]
    css, cells = rows["2021年6月7日"]
    assert css == "cancelled" and "已取消" in cells[0]


def test_session_pages_show_the_change(changed: Path) -> None:
    moved = visible_text(changed / "sessions" / "2021-05-24.html")
    assert "改期" in moved and "因会议冲突调整" in moved
    assert "2021年5月24日（星期一）9:00–17:00 改为 2021年5月26日（星期三）9:00–17:00" in moved
    cancelled = visible_text(changed / "sessions" / "2021-06-07.html")
    assert "这次接访已取消：因疫情防控需要取消（2021年6月1日通知）" in cancelled
    feed = (changed / "sessions" / "2021-06-07.ics").read_text(encoding="utf-8")
    assert "STATUS:CANCELLED" in feed and "SEQUENCE:1" in feed


def test_an_edit_without_a_recorded_change_is_refused(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    schedule = seed_dir / "schedule.yaml"
    replace_in(schedule, "    date: 2021-08-09\n", '    date: 2021-08-09\n    start: "10:00"\n')
    before = (out / "calendar.ics").read_bytes()
    result = site_builder("build", "--content", seed_dir, "--out", out)
    assert result.exit_code == 1
    assert "without a recorded change" in result.output
    assert (out / "calendar.ics").read_bytes() == before


def test_a_second_reschedule_keeps_the_first_ones_history(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    twice = RESCHEDULE.replace(
        "    date: 2021-05-26\n", '    date: 2021-05-26\n    start: "14:00"\n'
    )
    twice += (
        "      - announced: 2021-05-22\n"
        "        kind: rescheduled\n"
        '        previous: {start: "09:00"}\n'
    )
    replace_in(seed_dir / "schedule.yaml", FIRST_OF_MAY_24, twice)
    out = tmp_path / "out"
    result = site_builder("build", "--content", seed_dir, "--out", out)
    assert result.exit_code == 0, result.output
    page = visible_text(out / "sessions" / "2021-05-24.html")
    first = "原定 2021年5月24日（星期一）9:00–17:00，改为 2021年5月26日（星期三）9:00–17:00"
    second = "原定 2021年5月26日（星期三）9:00–17:00，改为 2021年5月26日（星期三）14:00–17:00"
    assert first in page and second in page


def test_a_change_that_changes_nothing_is_refused(seed_dir: Path, site_builder: Build) -> None:
    same = RESCHEDULE.replace("previous: {date: 2021-05-24}", "previous: {date: 2021-05-26}")
    replace_in(seed_dir / "schedule.yaml", FIRST_OF_MAY_24, same)
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert "changes[0].previous: the same date, time and venue as after this change" in (
        result.output
    )


def test_changes_added_together_must_start_from_what_was_published(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    made_up = RESCHEDULE.replace("{date: 2021-05-24}", "{date: 2021-05-25}") + (
        "      - announced: 2021-05-21\n"
        "        kind: rescheduled\n"
        "        previous: {date: 2021-05-27}\n"
    )
    replace_in(seed_dir / "schedule.yaml", FIRST_OF_MAY_24, made_up)
    result = site_builder("build", "--content", seed_dir, "--out", out)
    assert result.exit_code == 1
    assert "says it was 2021-05-25 county 09:00–17:00, but the last build published" in (
        result.output
    )


def test_a_cancelled_session_can_take_place_after_all(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    reinstated = (
        FIRST_OF_JUNE_7
        + CANCEL
        + "      - announced: 2021-06-03\n        kind: rescheduled\n        previous: {}\n"
    )
    replace_in(seed_dir / "schedule.yaml", FIRST_OF_JUNE_7, reinstated)
    out = tmp_path / "out"
    result = site_builder("build", "--content", seed_dir, "--out", out, "--today", "2021-06-04")
    assert result.exit_code == 0, result.output
    assert "下一次接访 2021年6月7日" in visible_text(out / "index.html")
    page = visible_text(out / "sessions" / "2021-06-07.html")
    assert "2021年6月3日通知 恢复 ：原定 2021年6月7日（星期一）9:00–17:00，恢复举行。" in page
    feed = (out / "sessions" / "2021-06-07.ics").read_text(encoding="utf-8")
    assert "STATUS:CONFIRMED" in feed and "SEQUENCE:2" in feed and "【改期】" not in feed
