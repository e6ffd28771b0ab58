"""The office's recent reporting periods: when each report was due, and whether it was exported.

Nothing records that a report reached the leading group (it leaves by mail or on paper), so
the console shows what the office can know: the due day from office.yaml, and the first time
the report's file was made (a download in the console or a ``complaints report`` command,
both in the access log). A finished period past its due day without a file is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.office.models import AccessRecord
from intake_api.office.periods import ReportPeriod
from intake_api.office.report.formats import FORMATS
from intake_api.office.settings import OfficeSettings

RECENT = 6  # periods shown


@dataclass(frozen=True)
class DuePeriod:
    """One finished period of the office's cadence and the state of its report."""

    period: ReportPeriod
    due: date
    exported_at: str | None  # the first time its report was written to a file (ISO)
    exported_by: str | None
    overdue: bool  # past its due day with no file made

    @property
    def state(self) -> str:
        """The state in words, for the console."""
        if self.exported_at and self.exported_by:
            return f"已导出报表（{self.exported_at[:16].replace('T', ' ')} {self.exported_by}）"
        if self.overdue:
            return "已过报送日期，尚未导出报表"
        return "待报送"


def due_periods(session: Session, settings: OfficeSettings, today: date) -> tuple[DuePeriod, ...]:
    """The last RECENT finished periods of the office's cadence, newest first."""
    periods = [ReportPeriod.before(settings.report_kind, today)]
    while len(periods) < RECENT:
        periods.append(periods[-1].previous)
    wanted = {f"{p.key} {form}": p.key for p in periods for form in FORMATS}
    first: dict[str, tuple[str, str]] = {}
    records = session.execute(
        select(AccessRecord.detail, AccessRecord.at, AccessRecord.actor)
        .where(AccessRecord.action == "report", AccessRecord.detail.in_(wanted))
        .order_by(AccessRecord.id)
    )
    for detail, at, actor in records:
        first.setdefault(wanted[detail], (at, actor))
    rows = []
    for period in periods:
        due = settings.due_after(period)
        at, actor = first.get(period.key, (None, None))
        rows.append(DuePeriod(period, due, at, actor, overdue=at is None and due < today))
    return tuple(rows)
