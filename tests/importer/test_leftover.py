"""A session whose own words hold some the importer did not read is marked on every field."""

from __future__ import annotations

from pathlib import Path

from notice_files import found_in_body

from site_builder.importer.found import FoundNotice
from site_builder.importer.leftover import SESSION_FIELDS

_found = found_in_body


def _unread(found: FoundNotice) -> list[tuple[str, list[str]]]:
    return [
        (
            session.day.isoformat(),
            [doubt.message for doubt in session.doubts if doubt.fields == SESSION_FIELDS],
        )
        for session in found.sessions
    ]


def test_a_sentence_read_whole_is_not_marked_and_one_read_in_part_is(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "为确保农民工在春节前拿到工资，我局定于以下时间开展集中接访：\n"
        "1.3月7日（星期二）上午9:00-11:30，在县人社局一楼大厅，由县人社局局长王斌带班，"
        "县住建局、县交通运输局派员参加。\n"
        "2.3月14日（星期二）上午9:00-11:30，在县人社局一楼大厅，由县人社局局长王斌带班，"
        "县住建局、县交通运输局派员参加，县总工会法律援助律师现场解答。\n",
    )
    assert _unread(found) == [
        ("2023-03-07", []),
        ("2023-03-14", ["通知此行还有“县总工会法律援助律师…解答”未能读出，请对照原文核对这一场"]),
    ]


def test_each_date_of_a_line_answers_only_for_its_own_words(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        "接访安排：3月7日上午9:00-11:30在县人社局一楼大厅，由县人社局局长王斌带班；"
        "3月14日上午9:00-11:30在县人社局一楼大厅，由县人社局局长王斌带班，另请法律顾问到场。\n",
    )
    assert _unread(found) == [
        ("2023-03-07", []),
        ("2023-03-14", ["通知此行还有“另请法律顾问”未能读出，请对照原文核对这一场"]),
    ]
