"""The office's casework rules from ``content/office.yaml`` (every key optional).

The thresholds for a major case (领导包案), when an unassigned case needs attention, what
counts as a possible duplicate and the usual deadline are the office's decisions, so they
live in its content, not in code. A missing file means the defaults below.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from site_builder.errors import InvalidContent
from site_builder.yaml_fields import Fields
from site_builder.yaml_source import ErrorLog

FILE_NAME = "office.yaml"


@dataclass(frozen=True)
class OfficeSettings:
    """Thresholds and periods the office sets for its casework."""

    major_workers: int = 30  # 涉及 30 人以上
    major_amount: Decimal = Decimal("1000000")  # 100 万元以上
    major_months: int = 6  # 欠薪 6 个月以上
    unassigned_after_days: int = 3
    duplicate_window_days: int = 90
    deadline_days: int = 15
    report_due_day: int = 2  # the month's report is due on this day of the next month

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
    fields = Fields.of_file(path, log)
    values: dict[str, object] = {}
    if fields is not None:
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
        day = fields.integer("report_due_day", minimum=1)
        if day is not None and day > 28:
            fields.error(fields.node("report_due_day"), "report_due_day: expected 1 to 28")
        values["report_due_day"] = day
        fields.finish()
    if log.errors:
        raise InvalidContent(log.errors)
    return OfficeSettings(**{key: value for key, value in values.items() if value is not None})
