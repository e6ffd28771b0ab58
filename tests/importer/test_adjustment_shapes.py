"""Adjustment notices of other shapes: a city's 公告, a Word table, townships, phrasings."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
from content_runs import REPO, history, published, run
from notice_files import NOTICES

from site_builder.importer.adjustment import read_adjustments
from site_builder.importer.text import notice_lines
from site_builder.loader import load_site

CITY = REPO / "docs" / "examples" / "city-monthly"
ZHAOYANG_ADJUSTMENT = NOTICES / "zhaoyang-2025-adjustment.txt"


def _city_before_its_adjustment(folder: Path) -> Path:
    """The city example as published before its adjustment notice."""
    before = Path(shutil.copytree(CITY, folder))
    (before / "notices" / "02-adjustment.md").unlink()
    schedule = before / "schedule.yaml"
    text = re.sub(r"    changes:\n(?:      .*\n)+", "", schedule.read_text(encoding="utf-8"))
    text = text.replace(
        "date: 2025-05-22\n    weekday: 星期四", "date: 2025-05-21\n    weekday: 星期三"
    )
    schedule.write_text(text, encoding="utf-8")
    return before


def test_the_city_notice_gives_the_changes_the_example_records(tmp_path: Path) -> None:
    content = _city_before_its_adjustment(tmp_path / "city")
    out = tmp_path / "out"
    published(content, out, "2025-03-01")
    result = run("import", ZHAOYANG_ADJUSTMENT, "--into", content)
    assert result.exit_code == 0, result.output
    assert "adjustment notice: changed 3 session(s)" in result.output
    assert "请核对" not in result.output
    imported = {s.id: s for s in load_site(content).sessions}
    shipped = {s.id: s for s in load_site(CITY).sessions}
    for key in ("2025-05-21", "2025-06-18"):
        assert imported[key].slot == shipped[key].slot
        assert [h[:5] for h in history(imported[key])] == [h[:5] for h in history(shipped[key])]
    [cancelled] = imported["2025-06-18"].changes
    [written] = shipped["2025-06-18"].changes
    assert cancelled.alternative is not None and written.alternative is not None
    assert (cancelled.alternative.venue, cancelled.alternative.day) == (
        written.alternative.venue,
        written.alternative.day,
    )
    # The notice's own words, not a summary of them.
    assert cancelled.alternative.text == (
        "当天下午2:30—5:00在昭阳市劳动保障监察支队（环城东路45号）一楼接待室设临时接访点，"
        "照常受理欠薪投诉，电话0871-63158835"
    )
    assert [change.reason for change in imported["2025-05-21"].changes] == [
        "因昭阳市政务服务中心三楼装修"
    ]
    # 改在昭阳市劳动保障监察支队……举行: the venue of the 4月16日 session, recorded.
    moved = imported["2025-04-16"]
    assert (moved.slot.venue.id, moved.slot.start) == ("annex", shipped["2025-04-16"].slot.start)
    assert history(moved)[0][2] == ("更换地点",)
    assert moved.changes[0].previous.venue.id == "centre"
    check = run("check", "--content", content, "--out", out)
    assert check.exit_code == 0, check.output
    published(content, out, "2025-04-29")
    [event] = icalendar.Calendar.from_ical((out / "sessions" / "2025-06-18.ics").read_bytes()).walk(
        "VEVENT"
    )
    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 1)
    assert event.start == datetime.fromisoformat("2025-06-18T14:30:00+08:00")


def _table_notice(path: Path) -> Path:
    """A Word adjustment notice whose changes are rows of a table (原定时间 | 调整后时间)."""
    from docx import Document

    document = Document()
    for line in ("关于调整部分集中联合接访时间的通知", "各有关单位：", "现将调整情况通知如下："):
        document.add_paragraph(line)
    rows = [
        ("序号", "原定时间", "调整后时间", "备注"),
        ("1", "4月26日（星期一）", "4月28日（星期三）上午9:00—12:00", ""),
        ("2", "5月24日（星期二）", "5月25日", ""),
        ("3", "6月21日（星期一）", "暂停", "因场地冲突"),
    ]
    table = document.add_table(rows=0, cols=4)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    for line in ("宜良县根治拖欠农民工工资工作领导小组办公室", "2021年4月20日"):
        document.add_paragraph(line)
    document.save(path)
    return path


def test_a_word_table_of_changes(seed_dir: Path, tmp_path: Path) -> None:
    notice = _table_notice(tmp_path / "调整通知.docx")
    result = run("import", notice, "--into", seed_dir)
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        f"{seed_dir}: adjustment notice: changed 2 session(s), each with a recorded change\n"
        "1 place(s) to review (marked # 请核对):\n"
        f"  {seed_dir}/schedule.yaml:94: 通知写的是2021年5月24日（星期二），但这一天是星期一；"
        "未作改动\n"
        "      notice line 6: 2\t5月24日（星期二）\t5月25日\n"
        f"next: review the changes, then run  site-builder check --content {seed_dir}\n"
    )
    sessions = {session.id: session for session in load_site(seed_dir).sessions}
    assert {key: history(s) for key, s in sessions.items() if s.changes} == {
        "2021-04-26": [
            (
                "rescheduled",
                date(2021, 4, 20),
                ("改期",),
                "2021年4月26日（星期一）9:00–17:00",
                "2021年4月28日（星期三）9:00–12:00",
                None,
            )
        ],
        "2021-06-21": [
            (
                "cancelled",
                date(2021, 4, 20),
                ("取消",),
                "2021年6月21日（星期一）9:00–17:00",
                "2021年6月21日（星期一）9:00–17:00",
                None,
            )
        ],
    }
    assert [change.reason for change in sessions["2021-06-21"].changes] == ["因场地冲突"]
    assert sessions["2021-05-24"].slot.day == date(2021, 5, 24)
    assert run("check", "--content", seed_dir, "--out", tmp_path / "out").exit_code == 0
    schedule = (seed_dir / "schedule.yaml").read_text(encoding="utf-8")
    assert (
        "    date: 2021-04-28\n"
        "    weekday: 星期三\n"
        "    lead: {unit: zjj, title: 分管负责同志}\n"
        "    # 原通知此行写作“且住建局”，系“县住建局”笔误，已更正。\n"
        "    units: [rsj, zjj, jyj, swj, czj]\n"
        '    end: "12:00"\n'
        "    changes:\n"
        "      - announced: 2021-04-20\n"
        "        kind: rescheduled\n"
        '        previous: {date: 2021-04-26, end: "17:00"}\n'
    ) in schedule


def test_a_second_adjustment_adds_to_the_changes_already_recorded(tmp_path: Path) -> None:
    content = Path(shutil.copytree(CITY, tmp_path / "city"))
    out = tmp_path / "out"
    published(content, out, "2025-04-29")
    notice = tmp_path / "再次调整.txt"
    notice.write_text(
        "关于再次调整5月集中联合接访安排的公告\n因场地仍未完工，现将接访安排调整如下：\n"
        "5月22日（星期四）下午的接访时间调整为下午3:00—5:30。\n"
        "昭阳市人力资源和社会保障局\n2025年5月10日\n",
        encoding="utf-8",
    )
    result = run("import", notice, "--into", content)
    assert result.exit_code == 0, result.output
    assert (
        "     units: [rsj, zjj, jtj, slj]\n"
        '+    start: "15:00"\n'
        '+    end: "17:30"\n'
        "     changes:\n"
        "       - announced: 2025-04-28\n"
        "         kind: rescheduled\n"
        "         previous: {date: 2025-05-21}\n"
        "         reason: 因市政务服务中心三楼装修调整\n"
        "+      - announced: 2025-05-10\n"
        "+        kind: rescheduled\n"
        '+        previous: {start: "14:30", end: "17:00"}\n'
        "+        reason: 因场地仍未完工\n"
    ) in result.output
    assert (content / "notices" / "03-adjustment.md").is_file()
    check = run("check", "--content", content, "--out", out)
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    ("item", "read"),
    [
        ("原定5月10日的接访改期至5月12日。", [("2021-05-10", "2021-05-12", None, None, False)]),
        (
            "5月24日接访调至5月26日（星期三）上午9:00-12:00举行。",
            [("2021-05-24", "2021-05-26", "星期三", "09:00-12:00", False)],
        ),
        ("原定5月10日的接访提前到5月7日。", [("2021-05-10", "2021-05-07", None, None, False)]),
        (
            "5月10日、6月7日的接访暂停。",
            [("2021-05-10", None, None, None, True), ("2021-06-07", None, None, None, True)],
        ),
        (
            "10月11日的接访时间调整为下午2:30—5:30。",
            [("2021-10-11", None, None, "14:30-17:30", False)],
        ),
        ("4月12日接访推迟一周。", ["未能读懂这条调整，未作改动：“4月12日接访推迟一周。”"]),
    ],
    ids=["改期至", "调至 with a time", "提前到", "two sessions 暂停", "时间调整为", "推迟一周"],
)
def test_how_adjustment_notices_write_a_change(item: str, read: list[object]) -> None:
    items, doubts = read_adjustments(notice_lines([item]), lambda month: 2021)
    found = [
        (
            found.day.isoformat(),
            found.new_day and found.new_day.isoformat(),
            found.new_weekday,
            found.new_span and f"{found.new_span.start:%H:%M}-{found.new_span.end:%H:%M}",
            found.cancelled,
        )
        for found in items
    ]
    # A change it reads, or else why it reads none.
    assert (found or [doubt.message for doubt in doubts]) == read


def test_townships_at_once_are_told_apart_by_venue_and_half_day(tmp_path: Path) -> None:
    content = Path(shutil.copytree(REPO / "docs" / "examples" / "township-circuit", tmp_path / "t"))
    out = tmp_path / "out"
    published(content, out, "2025-05-01")
    notice = tmp_path / "调整.txt"
    notice.write_text(
        "关于调整6月集中接访安排的通知\n各乡镇：\n"
        "一、原定6月5日在杨林镇劳动保障所的接访调整至6月6日。\n"
        "二、原定6月5日下午在小街镇劳动保障所的接访时间调整为下午3:00—5:30。\n"
        "三、原定6月5日的接访带班领导调整为镇长。\n"
        "嵩明县根治拖欠农民工工资工作领导小组办公室\n2025年6月1日\n",
        encoding="utf-8",
    )
    result = run("import", notice, "--into", content)
    assert result.exit_code == 0, result.output
    assert (
        '+    time: "15:00-17:30"\n'
        "     lead: {unit: xj-gov, title: 镇长}\n"
        "     units: [xj-gov, zjj]\n"
        "+    changes:\n"
        "+      - announced: 2025-06-01\n"
        "+        kind: rescheduled\n"
        '+        previous: {start: "14:00"}\n'
    ) in result.output
    assert result.output.endswith(
        f"{content}: adjustment notice: changed 3 session(s), each with a recorded change\n"
        "1 place(s) to review (marked # 请核对):\n"
        f"  {content}/schedule.yaml:103: 2025年6月5日有6场接访，未能确定通知指的是哪一场；"
        "未作改动\n"
        "      notice line 5: 三、原定6月5日的接访带班领导调整为镇长。\n"
        f"next: review the changes, then run  site-builder check --content {content}\n"
    )
    changed = {s.id: history(s)[0][2:5] for s in load_site(content).sessions if s.changes}
    assert changed == {
        "2025-06-05-yanglin-am": (
            ("改期",),
            "2025年6月5日（星期四）9:00–12:00",
            "2025年6月6日（星期五）9:00–12:00",
        ),
        "2025-06-05-yanglin-pm": (
            ("改期",),
            "2025年6月5日（星期四）14:00–17:30",
            "2025年6月6日（星期五）14:00–17:30",
        ),
        "2025-06-05-xiaojie-pm": (
            ("改期",),
            "2025年6月5日（星期四）14:00–17:30",
            "2025年6月5日（星期四）15:00–17:30",
        ),
    }
    check = run("check", "--content", content, "--out", out)
    assert check.exit_code == 0, check.output
