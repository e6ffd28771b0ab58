"""A rule's public holidays: left out where the notice says so, marked where it does not."""

from __future__ import annotations

from pathlib import Path

from notice_files import found_in_text

from site_builder.importer.found import FoundNotice

_HEAD = (
    "某区人力资源和社会保障局\n关于开展根治欠薪集中联合接访的通知\n各有关单位：\n"
    "经研究，决定于2024年9月至10月开展根治欠薪集中联合接访活动。\n"
)
_END = (
    "\n地点：区人社局一楼大厅。\n联系电话：023-12345678\n某区人力资源和社会保障局\n2024年8月26日\n"
)


def _found(tmp_path: Path, rule: str) -> FoundNotice:
    return found_in_text(tmp_path, _HEAD + rule + _END)


def _days(found: FoundNotice) -> list[tuple[str, list[str]]]:
    return [
        (session.day.isoformat(), [d.message for d in session.doubts if "假期" in d.message])
        for session in found.sessions
    ]


def test_the_holidays_a_rule_leaves_out_are_no_sessions(tmp_path: Path) -> None:
    found = _found(
        tmp_path, "2024年9月至10月，每周二上午9:00—12:00（中秋节、国庆节法定假日除外）。"
    )
    days = [day for day, _ in _days(found)]
    assert "2024-09-17" not in days  # 中秋 (9月15日至17日)
    assert "2024-10-01" not in days  # 国庆 (10月1日至7日)
    assert days[:3] == ["2024-09-03", "2024-09-10", "2024-09-24"]
    assert "2024-10-08" in days


def test_a_rule_day_on_a_holiday_the_notice_does_not_mention_is_marked(tmp_path: Path) -> None:
    found = _found(tmp_path, "2024年9月至10月，每周二上午9:00—12:00。")
    assert ("2024-10-01", ["2024-10-01 是国庆假期，请核对这天是否接访"]) in _days(found)
    assert ("2024-09-10", []) in _days(found)
