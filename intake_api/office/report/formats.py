"""The report's file formats: how each is rendered and what it is served as."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from intake_api.office.report.as_html import render_html
from intake_api.office.report.as_json import render_json
from intake_api.office.report.as_xlsx import render_xlsx
from intake_api.office.report.model import PeriodReport


@dataclass(frozen=True)
class ReportFormat:
    """One way to write the report."""

    render: Callable[[PeriodReport], bytes]
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


def file_name(report: PeriodReport, form: str) -> str:
    """``月报-2021-05.xlsx``, ``周报-2021-W19.xlsx`` or ``季报-2021-Q2.xlsx``."""
    return f"{report.period.words.report}-{report.period.key}.{form}"
