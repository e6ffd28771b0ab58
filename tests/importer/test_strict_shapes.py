"""What the importer does with the shapes of the ``strict-*`` notices when they are less clear:
each guess is marked for the field it guesses, never for another one."""

from __future__ import annotations

from pathlib import Path

from notice_files import NOTICES

from site_builder.importer.hanzi_date import in_digits
from site_builder.importer.run import find_notice


def _doubts(path: Path) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
    found, _, _ = find_notice(path)
    return [
        (session.id, [(doubt.message, doubt.fields) for doubt in session.doubts])
        for session in found.sessions
    ]


def test_empty_cells_of_a_pasted_table_are_the_row_above_marked_unless_the_notice_says_so(
    tmp_path: Path,
) -> None:
    text = (NOTICES / "strict-excel-tabs-2024.txt").read_text(encoding="utf-8")
    assert "（表格中空白表示同上）" in text
    notice = tmp_path / "tabs.txt"
    notice.write_text(text.replace("（表格中空白表示同上）", ""), encoding="utf-8")
    message = "日程表此行有空白格，按上一行处理，请核对"
    assert _doubts(notice) == [
        ("2024-01-09", []),
        ("2024-01-16", [(message, ("start", "end", "venue", "units"))]),
        ("2024-01-23", [(message, ("lead",))]),
        ("2024-01-30", [(message, ("start", "end", "venue", "units"))]),
    ]
    assert [doubts for _, doubts in _doubts(NOTICES / "strict-excel-tabs-2024.txt")] == [[]] * 4


def test_a_row_line_whose_people_cannot_be_read_is_marked_for_them(tmp_path: Path) -> None:
    notice = tmp_path / "row.txt"
    notice.write_text(
        "城关镇5月集中接访安排\n\n城关镇人民政府\n2024年5月6日\n\n"
        "5月14日 星期二 9:00-11:30 镇便民服务中心二楼 卢军同志 镇上各站所\n",
        encoding="utf-8",
    )
    assert _doubts(notice) == [
        (
            "2024-05-14",
            [
                ("未能识别“卢军同志”，已略去", ("lead", "units")),
                ("此行像是日程表的一行，未能读出其中的 lead，请核对", ("lead",)),
                (
                    "通知此行还有“卢军”未能读出，请对照原文核对这一场",
                    ("date", "start", "end", "venue", "lead", "units"),
                ),
            ],
        )
    ]


def test_a_week_given_as_a_range_before_its_day_is_no_session(tmp_path: Path) -> None:
    notice = tmp_path / "week.txt"
    notice.write_text(
        "关于集中接访的通知\n\n"
        "第15周（4月7日—4月13日）：4月9日（周三）上午9:00—11:30，区人社局一楼大厅。\n\n"
        "某区人力资源和社会保障局\n2025年3月28日\n",
        encoding="utf-8",
    )
    found, _, _ = find_notice(notice)
    assert [(session.id, f"{session.start:%H:%M}") for session in found.sessions] == [
        ("2025-04-09", "09:00")
    ]


def test_a_signature_date_in_chinese_numerals_reads_as_digits() -> None:
    written = ("二〇二四年三月四日", "二○二三年十二月三十一日", "二〇二五年十月二十日", "三月四日")
    assert [in_digits(text) for text in written] == [
        "2024年3月4日",
        "2023年12月31日",
        "2025年10月20日",
        "三月四日",
    ]
