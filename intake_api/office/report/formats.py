"""The monthly report's file formats: how each is rendered and what it is served as."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from intake_api.office.report.as_html import render_html
from intake_api.office.report.as_json import render_json
from intake_api.office.report.as_xlsx import render_xlsx
from intake_api.office.report.model import MonthlyReport


@dataclass(frozen=True)
class ReportFormat:
    """One way to write the report."""

    render: Callable[[MonthlyReport], bytes]
    mimetype: str
    label: str


FORMATS = {
    "xlsx": ReportFormat(
        render_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel 表格（xlsx）",
    ),
    "html": ReportFormat(render_html, "text/html; charset=utf-8", "打印版（HTML）"),
    "json": ReportFormat(render_json, "application/json", "数据（JSON）"),
}


def file_name(report: MonthlyReport, form: str) -> str:
    """``月报-2021-05.xlsx``."""
    return f"月报-{report.month.key}.{form}"
