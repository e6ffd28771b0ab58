"""The report as an xlsx workbook: a summary sheet, then one sheet per list.

Cells are typed: counts are integers, amounts numbers shown as ``#,##0.00``, days real
dates; every sheet has its header row frozen, a filter, and column widths.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from intake_api.office.report.model import CaseLine, PeriodReport
from intake_api.office.spreadsheet import (
    AMOUNT_FORMAT,
    DATE_FORMAT,
    append_row,
    finish_sheet,
)

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_BOLD = Font(bold=True)
# (title, width, number format) of the columns of a list of cases.
CASE_COLUMNS = (
    ("受理编号", 17, None),
    ("受理日期", 12, DATE_FORMAT),
    ("欠薪单位或老板", 30, None),
    ("涉及人数", 10, "0"),
    ("涉及金额（元）", 16, AMOUNT_FORMAT),
    ("欠薪月数", 10, "0"),
    ("责任单位", 16, None),
    ("包案领导", 14, None),
    ("办理期限", 12, DATE_FORMAT),
    ("状态", 10, None),
    ("办结日期", 12, DATE_FORMAT),
)


def _summary(report: PeriodReport) -> list[tuple[str, object, str | None]]:
    """(item, value, number format) for the summary sheet."""
    source, words = report.source, report.period.words
    count, amount = "0", AMOUNT_FORMAT
    zero = [("零报告", f"{words.this}无新受理投诉", None)] if report.zero else []
    return [
        (words.noun, report.period.label, None),
        *zero,
        (
            ("应报送日期", report.due, DATE_FORMAT)
            if report.due
            else ("应报送日期", "不是本单位的定期报表", None)
        ),
        ("统计截至", report.as_of, DATE_FORMAT),
        ("生成时间", _local(report.generated_at), DATETIME_FORMAT),
        ("举行接访（场）", len(report.sessions), count),
        ("受理投诉（件，不含重复和无效）", report.complaints, count),
        ("重复投诉（件，未计入）", report.duplicates, count),
        ("无效投诉（件，未计入）", report.invalid, count),
        ("涉及人数（人）", report.workers, count),
        ("涉及金额（元）", report.amount, amount),
        ("农村低收入人员（件）", report.rural_low_income, count),
        ("已向其他平台反映（件）", report.reported_elsewhere, count),
        ("重大案件（件）", len(report.major_cases), count),
        ("已办结（件）", report.closed, count),
        ("未办结（件）", report.open, count),
        ("其中逾期（件）", report.overdue, count),
        (f"{words.this}办结的案件（件）", report.recovered_cases, count),
        ("追回工资（元）", report.recovered, amount),
        (f"{words.prior}结转案件（件）", len(report.carried_over), count),
        ("投诉队列文件", source.queue_path, None),
        ("已读取行数", source.lines_read, count),
        ("无法读取的行", len(source.unreadable), count),
        (
            ("最近导入时间", _local(source.last_sync), DATETIME_FORMAT)
            if source.last_sync
            else ("最近导入时间", "从未导入", None)
        ),
    ]


def _local(stamp: str) -> datetime:
    """An ISO time with offset as the wall-clock time it names (Excel has no time zones)."""
    return datetime.fromisoformat(stamp).replace(tzinfo=None)


def _sheet(
    book: Workbook,
    title: str,
    columns: Sequence[tuple[str, int, str | None]],
    rows: Sequence[Sequence[object]],
    this: str,
) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append([name.format(this=this) for name, _, _ in columns])
    for cell in sheet[1]:
        cell.font = _BOLD
    formats = [number_format for _, _, number_format in columns]
    for row in rows:
        append_row(sheet, row, formats)
    finish_sheet(sheet, [width for _, width, _ in columns])
    return sheet


def _case_row(line: CaseLine) -> list[object]:
    return [
        line.receipt,
        line.received_on,
        line.employer,
        line.workers,
        line.amount,
        line.months_owed,
        line.unit,
        line.leader,
        line.deadline,
        line.status_label,
        line.closed_on,
    ]


_Rows = Callable[[PeriodReport], list[list[object]]]
SHEETS: tuple[tuple[str, tuple[tuple[str, int, str | None], ...], _Rows], ...] = (
    (
        "接访场次",
        (
            ("日期", 12, DATE_FORMAT),
            ("时间", 13, None),
            ("带队领导", 24, None),
            ("参加单位", 40, None),
            ("地点", 30, None),
            ("现场受理（件）", 14, "0"),
        ),
        lambda r: [
            [s.day, s.time, s.lead, "、".join(s.units), s.venue, s.complaints] for s in r.sessions
        ],
    ),
    (
        "受理渠道",
        (
            ("受理渠道", 48, None),
            ("件数", 8, "0"),
            ("涉及人数", 10, "0"),
            ("涉及金额（元）", 16, AMOUNT_FORMAT),
        ),
        lambda r: [[c.label, c.complaints, c.workers, c.amount] for c in r.channels],
    ),
    (
        "责任单位",
        (
            ("责任单位", 20, None),
            ("受理", 8, "0"),
            ("已办结", 8, "0"),
            ("未办结", 8, "0"),
            ("逾期", 8, "0"),
            ("{this}办结（件）", 14, "0"),  # 本月, 本周 or 本季度
            ("追回工资（元）", 16, AMOUNT_FORMAT),
        ),
        lambda r: [
            [u.name, u.received, u.closed, u.open, u.overdue, u.recovered_cases, u.recovered]
            for u in r.units
        ],
    ),
    ("重大案件", CASE_COLUMNS, lambda r: [_case_row(line) for line in r.major_cases]),
    ("农村低收入人员", CASE_COLUMNS, lambda r: [_case_row(line) for line in r.rural_cases]),
    ("结转案件", CASE_COLUMNS, lambda r: [_case_row(line) for line in r.carried_over]),
    (
        "无法读取的行",
        (("行号", 8, "0"), ("原因", 60, None)),
        lambda r: [[u.line, u.reason] for u in r.source.unreadable],
    ),
)


def render_xlsx(report: PeriodReport) -> bytes:
    """The report as an xlsx file's bytes."""
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append(["项目", "数值"])
    for cell in summary[1]:
        cell.font = _BOLD
    for item, value, number_format in _summary(report):
        append_row(summary, [item, value], [None, number_format])
    finish_sheet(summary, [34, 40])
    for title, columns, rows in SHEETS:
        _sheet(book, title, columns, rows(report), report.period.words.this)
    period = report.period
    book.properties.title = f"{period.label}欠薪投诉办理情况{period.words.report}"
    book.properties.created = _local(report.generated_at)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
