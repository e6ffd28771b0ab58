"""The office's casework rules from ``content/office.yaml`` (every key optional).

The thresholds for a major case (领导包案), when an unassigned case needs attention, what
counts as a possible duplicate, the usual deadline, and how often its report is due (monthly
by the 2nd in the seed notice; weekly or quarterly elsewhere, some with zero reports) are the
office's decisions, so they live in its content, not in code. A missing file means the
defaults below. Every key is declared in :mod:`site_builder.office_spec` (the source of
``schemas/office.schema.json``), and each read here is checked against that declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from intake_api.office.periods import CADENCES, ReportPeriod
from site_builder.errors import InvalidContent
from site_builder.office_spec import DUE_WEEKDAYS, FILE_NAME, OFFICE
from site_builder.yaml_fields import Fields
from site_builder.yaml_source import ErrorLog, compose_file


@dataclass(frozen=True)
class OfficeSettings:
    """Thresholds and periods the office sets for its casework."""

    major_workers: int = 30  # 涉及 30 人以上
    major_amount: Decimal = Decimal("1000000")  # 100 万元以上
    major_months: int = 6  # 欠薪 6 个月以上
    unassigned_after_days: int = 3
    duplicate_window_days: int = 90
    deadline_days: int = 15
    report_cadence: str = "monthly"  # monthly, weekly or quarterly (CADENCES)
    report_due_day: int = 2  # monthly, quarterly: due on this day of the next month
    report_due_weekday: int = 1  # weekly: due on this weekday (1 = Monday) of the next week
    zero_reports: bool = False  # report a period in which nothing happened (零报告)

    @property
    def report_kind(self) -> str:
        """The kind of period the office reports on: month, week or quarter."""
        return CADENCES[self.report_cadence]

    def report_due(self, period: ReportPeriod) -> date | None:
        """When the report on ``period`` is due; None for a period not of the cadence."""
        return self.due_after(period) if period.kind == self.report_kind else None

    def due_after(self, period: ReportPeriod) -> date:
        """The due day or weekday that follows ``period``."""
        after = period.following
        if period.kind == "week":
            return after + timedelta(days=self.report_due_weekday - 1)
        return after.replace(day=self.report_due_day)

    def is_major(self, workers: int, amount: Decimal, months: int) -> bool:
        """Whether a complaint this big or this old is a major case."""
        return (
            workers >= self.major_workers
            or amount >= self.major_amount
            or months >= self.major_months
        )


def load_office_settings(content_dir: Path) -> OfficeSettings:
    """The settings in ``content_dir/office.yaml``; raise InvalidContent with every error."""
    path = content_dir / FILE_NAME
    if not path.exists():
        return OfficeSettings()
    log = ErrorLog()
    node = compose_file(path, log)
    fields = None if node is None else Fields(node, path, "", log, OFFICE)
    values: dict[str, object] = {}
    if fields is not None and fields.ok:
        major = fields.sub("major_case")
        if major is not None:
            values["major_workers"] = major.integer("workers", minimum=1)
            amount = major.integer("amount", minimum=1)
            values["major_amount"] = None if amount is None else Decimal(amount)
            values["major_months"] = major.integer("months", minimum=1)
            major.finish()
        values["unassigned_after_days"] = fields.integer("unassigned_after_days", minimum=1)
        values["duplicate_window_days"] = fields.integer("duplicate_window_days", minimum=0)
        values["deadline_days"] = fields.integer("deadline_days", minimum=1)
        _read_reporting(fields, values)
        fields.finish()
    if log.errors:
        raise InvalidContent(log.errors)
    return OfficeSettings(**{key: value for key, value in values.items() if value is not None})


def _read_reporting(fields: Fields, values: dict[str, object]) -> None:
    """The report's cadence, its due day or weekday, and whether zero reports are sent."""
    cadence = fields.choice("report_cadence", tuple(CADENCES))
    values["report_cadence"] = cadence
    if cadence is None and not fields.has("report_cadence"):
        cadence = "monthly"  # the default; None now means "given, but wrong"
    day = fields.integer("report_due_day", minimum=1)
    if day is not None and day > 28:
        fields.error(fields.node("report_due_day"), "report_due_day: expected 1 to 28")
    elif day is not None and cadence == "weekly":
        fields.error(
            fields.node("report_due_day"),
            "report_due_day: a weekly report is due on a weekday: "
            "write report_due_weekday (1 = 星期一 … 7 = 星期日) instead",
        )
    else:
        values["report_due_day"] = day
    weekday = _weekday(fields)
    if weekday is not None and cadence in ("monthly", "quarterly"):
        fields.error(
            fields.node("report_due_weekday"),
            f"report_due_weekday: only for report_cadence: weekly (a {cadence} report is due "
            "on report_due_day, a day of the month)",
        )
    else:
        values["report_due_weekday"] = weekday
    if fields.has("zero_reports"):
        values["zero_reports"] = fields.boolean("zero_reports")


def _weekday(fields: Fields) -> int | None:
    """``report_due_weekday``: 1 to 7, or 星期一 … 星期日 (周一 … 周日, 星期天)."""
    text = fields.text("report_due_weekday")
    if text is None:
        return None
    weekday = DUE_WEEKDAYS.get(text)
    if weekday is None:
        fields.error(
            fields.node("report_due_weekday"),
            f"report_due_weekday: expected 1 to 7 or 星期一 to 星期日, found {text!r}",
        )
    return weekday
