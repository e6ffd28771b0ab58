"""The report's figures for one period as frozen dataclasses (computed by ``report.data``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from intake_api.office.periods import ReportPeriod
from intake_api.queue.receipts import normalize_receipt


class ReportUnavailable(Exception):
    """No report can be made for this period; ``console`` is the same message for the clerk."""

    def __init__(self, message: str, console: str) -> None:
        super().__init__(message)
        self.console = console


@dataclass(frozen=True)
class SessionHeld:
    """A reception session held in the period."""

    id: str
    day: date
    time: str
    lead: str
    units: tuple[str, ...]
    venue: str
    complaints: int  # valid complaints entered with this session as their channel


@dataclass(frozen=True)
class ChannelFigures:
    """The period's valid complaints that came in by one channel."""

    channel: str
    label: str
    complaints: int
    workers: int
    amount: Decimal


@dataclass(frozen=True)
class UnitFigures:
    """One responsible unit's figures (``unit_id`` None: complaints not yet assigned)."""

    unit_id: str | None
    name: str
    received: int  # the period's valid complaints assigned to the unit
    closed: int
    open: int
    overdue: int
    recovered_cases: int  # cases of the unit closed in the period (whenever received)
    recovered: Decimal


@dataclass(frozen=True)
class CaseLine:
    """One case in a list of the report (no personal data: no name, phone or ID number)."""

    receipt: str
    received_on: date
    employer: str
    workers: int
    amount: Decimal
    months_owed: int
    unit: str | None
    leader: str | None
    deadline: date | None
    status: str
    status_label: str
    closed_on: date | None


@dataclass(frozen=True)
class UnreadableLine:
    """A queue line that could not be imported (the reason names no personal data)."""

    line: int
    reason: str


@dataclass(frozen=True)
class DataSource:
    """Where the figures come from, stated in the report itself."""

    queue_path: str
    lines_read: int
    unreadable: tuple[UnreadableLine, ...]
    last_sync: str


@dataclass(frozen=True)
class PeriodReport:
    """Every figure of one period's report (a month's, a week's or a quarter's)."""

    period: ReportPeriod
    due: date | None  # None: the period is not of the office's cadence (an extra report)
    as_of: date
    generated_at: str
    sessions: tuple[SessionHeld, ...]
    received_total: int  # every complaint received in the period, duplicates and junk too
    duplicates: int
    invalid: int
    complaints: int  # received_total - duplicates - invalid
    workers: int
    amount: Decimal
    rural_low_income: int
    reported_elsewhere: int
    channels: tuple[ChannelFigures, ...]
    units: tuple[UnitFigures, ...]
    closed: int
    open: int
    overdue: int
    recovered_cases: int
    recovered: Decimal
    major_cases: tuple[CaseLine, ...]
    rural_cases: tuple[CaseLine, ...]
    carried_over: tuple[CaseLine, ...]
    source: DataSource

    @property
    def zero(self) -> bool:
        """No complaint at all was received in the period: a zero report (零报告)."""
        return self.received_total == 0

    @property
    def receipts(self) -> list[str]:
        """The receipts the report lists (for the access log)."""
        lines = (*self.major_cases, *self.rural_cases, *self.carried_over)
        return sorted({str(normalize_receipt(line.receipt)) for line in lines})
