"""The monthly report's figures as frozen dataclasses (computed by ``report_data``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class ReportUnavailable(Exception):
    """No report can be made for this month; ``console`` is the same message for the clerk."""

    def __init__(self, message: str, console: str) -> None:
        super().__init__(message)
        self.console = console


@dataclass(frozen=True)
class Month:
    """A calendar month."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """``2021-05``; ValueError for anything else."""
        year, _, number = text.strip().partition("-")
        if len(year) != 4 or len(number) != 2 or not (year + number).isdigit():
            raise ValueError(f"expected YYYY-MM, found {text!r}")
        date(int(year), int(number), 1)  # ValueError for month 13
        return cls(int(year), int(number))

    @classmethod
    def before(cls, day: date) -> Month:
        """The month before ``day``'s."""
        return cls(day.year, day.month - 1) if day.month > 1 else cls(day.year - 1, 12)

    @property
    def first(self) -> date:
        """Its first day."""
        return date(self.year, self.number, 1)

    @property
    def following(self) -> date:
        """The first day of the next month."""
        return date(self.year + self.number // 12, self.number % 12 + 1, 1)

    @property
    def pair(self) -> tuple[int, int]:
        """``(2021, 5)``, as case filters take it."""
        return (self.year, self.number)

    @property
    def key(self) -> str:
        """``2021-05``."""
        return f"{self.year}-{self.number:02d}"

    @property
    def label(self) -> str:
        """``2021年5月``."""
        return f"{self.year}年{self.number}月"


@dataclass(frozen=True)
class SessionHeld:
    """A reception session held in the month."""

    id: str
    day: date
    time: str
    lead: str
    units: tuple[str, ...]
    venue: str
    complaints: int  # valid complaints entered with this session as their channel


@dataclass(frozen=True)
class ChannelFigures:
    """The month's valid complaints that came in by one channel."""

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
    received: int  # the month's valid complaints assigned to the unit
    closed: int
    open: int
    overdue: int
    recovered_cases: int  # cases of the unit closed in the month (whenever received)
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
class MonthlyReport:
    """Every figure of one month's report."""

    month: Month
    due: date
    as_of: date
    generated_at: str
    sessions: tuple[SessionHeld, ...]
    received_total: int  # every complaint received in the month, duplicates and junk too
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
    def receipts(self) -> list[str]:
        """The receipts the report lists (for the access log)."""
        lines = (*self.major_cases, *self.rural_cases, *self.carried_over)
        return sorted({line.receipt.replace("-", "") for line in lines})
