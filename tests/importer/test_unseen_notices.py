"""Notices of shapes the importer was not written for, each with its sessions written by hand.

The bar (issue 11): on real-shaped notices, at least 95% of the sessions exactly right, and
every other one marked for review rather than wrong; nothing invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from notice_files import NOTICES
from session_score import assert_right_or_marked, notices_named, share_right

from site_builder.importer.run import find_notice

UNSEEN = notices_named("unseen")


@pytest.mark.parametrize("notice", UNSEEN, ids=[path.name for path in UNSEEN])
def test_every_session_is_right_or_marked_and_none_invented(notice: Path) -> None:
    assert_right_or_marked(notice)


def test_at_least_95_percent_of_all_sessions_exactly_right() -> None:
    right, expected = share_right(UNSEEN)
    assert len(UNSEEN) >= 6 and expected >= 100
    assert right / expected >= 0.95, f"{right} of {expected} sessions exactly right"


def test_the_kinds_of_file_among_them() -> None:
    suffixes = {path.suffix for path in UNSEEN}
    assert suffixes == {".txt", ".md", ".docx"}
    gbk = [path for path in UNSEEN if path.stem.endswith("-gbk")]
    assert gbk and all(_not_utf8(path) for path in gbk)


def _not_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_a_rule_day_on_a_weekend_is_moved_as_the_notice_says_and_marked() -> None:
    found, _, _ = find_notice(NOTICES / "unseen-mile-2022.txt")
    october = next(session for session in found.sessions if session.day.month == 10)
    assert (october.day.isoformat(), [doubt.message for doubt in october.doubts]) == (
        "2022-10-14",
        [
            "2022-10-15 是周末，按通知“提前”改到之前的星期五，请核对",
            "带班领导和参加单位取自通知的另一处，请核对",
        ],
    )
    found, _, _ = find_notice(NOTICES / "unseen-shizong-2022-gbk.txt")
    assert [doubt.message for doubt in found.sessions[0].doubts] == [
        "通知说遇节假日顺延，请核对这天不是节假日",
        "带班领导和参加单位取自通知的另一处，请核对",
    ]


def test_units_written_in_a_way_not_read_are_marked_not_left_out(tmp_path: Path) -> None:
    text = (NOTICES / "unseen-luoping-2022.txt").read_text(encoding="utf-8")
    written = "县人社局、县住建局、县交通运输局均派员参加"
    assert written in text
    notice = tmp_path / "luoping.txt"
    notice.write_text(text.replace(written, "县人社局均安排业务骨干到场参加"), encoding="utf-8")
    found, _, _ = find_notice(notice)
    assert [(session.units, [d.message for d in session.doubts]) for session in found.sessions] == [
        ([], ["通知第9行写有接访人员，未能读出，请核对 lead 和 units"])
    ] * 3
