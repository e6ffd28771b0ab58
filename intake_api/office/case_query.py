"""Finding cases: filters, search, flags and the priority order, for the console and commands.

Flags come from the data and the office's settings (``office.yaml``), never from code:
major case, rural low-income worker, already reported elsewhere, overdue, unassigned for
too long, possible duplicate. Lists put rural low-income workers and major cases first
(the notice asks for both), then the nearest deadline, then the oldest complaint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select, true
from sqlalchemy.orm import Session

from intake_api.office.casework import Actor
from intake_api.office.models import Case
from intake_api.office.months import Month
from intake_api.office.settings import OfficeSettings
from intake_api.queue.receipts import normalize_receipt

FLAG_LABELS = {
    "major": "重大案件",
    "rural_low_income": "农村低收入人员",
    "reported_elsewhere": "已向其他平台反映",
    "overdue": "已逾期",
    "unassigned_long": "久未分派",
    "possible_duplicate": "疑似重复",
}
STATUS_FILTERS = ("open", "received", "assigned", "overdue", "closed", "duplicate", "invalid")
MAX_PAGE = 1_000_000
_DIGITS = re.compile(r"^[0-9]{4,18}[Xx]?$")
_WHOLE_PHONE = re.compile(r"^1[3-9][0-9]{9}$")
_WHOLE_ID_NUMBER = re.compile(r"^[0-9]{17}[0-9Xx]$")


@dataclass(frozen=True)
class CaseFilter:
    """What the clerk asked for; every part optional."""

    status: str | None = None  # one of STATUS_FILTERS; "open" is received or assigned
    unit_id: str | None = None
    channel: str | None = None
    month: Month | None = None  # received in this month
    flags: frozenset[str] = field(default_factory=frozenset)
    search: str = ""


class CaseRules:
    """SQL conditions for the flags, with the office's thresholds and the day they hold on."""

    def __init__(self, settings: OfficeSettings, today: date) -> None:
        self.settings = settings
        self.today = today

    def major(self) -> ColumnElement[bool]:
        """A major case by the office's thresholds."""
        s = self.settings
        return or_(
            Case.workers_affected >= s.major_workers,
            Case.amount_owed >= s.major_amount,
            Case.months_owed >= s.major_months,
        )

    def overdue(self) -> ColumnElement[bool]:
        """Assigned, and the deadline has passed."""
        return and_(Case.status == "assigned", Case.deadline < self.today)

    def unassigned_long(self) -> ColumnElement[bool]:
        """Received more than ``unassigned_after_days`` ago and still not assigned."""
        cutoff = self.today - timedelta(days=self.settings.unassigned_after_days)
        return and_(Case.status == "received", Case.received_on < cutoff)

    def flag(self, name: str) -> ColumnElement[bool]:
        """The condition for one flag of FLAG_LABELS."""
        return {
            "major": self.major,
            "rural_low_income": lambda: Case.rural_low_income.is_(True),
            "reported_elsewhere": lambda: Case.reported_elsewhere.is_(True),
            "overdue": self.overdue,
            "unassigned_long": self.unassigned_long,
            "possible_duplicate": lambda: Case.possible_duplicate_of.is_not(None),
        }[name]()

    def status(self, name: str) -> ColumnElement[bool]:
        """The condition for one of STATUS_FILTERS."""
        if name == "open":
            return Case.status.in_(("received", "assigned"))
        if name == "overdue":
            return self.overdue()
        if name == "assigned":
            return and_(Case.status == "assigned", or_(Case.deadline.is_(None), ~self.overdue()))
        return Case.status == name

    def flags_of(self, case_: Case) -> list[str]:
        """The flags that hold for one case, in FLAG_LABELS order."""
        s, today = self.settings, self.today
        held = {
            "major": s.is_major(case_.workers_affected, case_.amount_owed, case_.months_owed),
            "rural_low_income": case_.rural_low_income,
            "reported_elsewhere": case_.reported_elsewhere,
            "overdue": case_.status == "assigned"
            and case_.deadline is not None
            and case_.deadline < today,
            "unassigned_long": case_.status == "received"
            and case_.received_on < today - timedelta(days=s.unassigned_after_days),
            "possible_duplicate": case_.possible_duplicate_of is not None,
        }
        return [name for name in FLAG_LABELS if held[name]]

    def priority(self) -> list[ColumnElement[object]]:
        """ORDER BY: rural low-income and major first, then deadline, then the oldest."""
        return [
            case((or_(Case.rural_low_income.is_(True), self.major()), 0), else_=1),
            case((Case.deadline.is_(None), 1), else_=0),
            Case.deadline,
            Case.received_at,
            Case.receipt,
        ]


def scope(actor: Actor) -> ColumnElement[bool]:
    """The cases ``actor`` may see: all for admins and clerks, its own for a unit."""
    if actor.role in ("admin", "clerk"):
        return true()
    if actor.unit_id is None:
        return false()
    return Case.unit_id == actor.unit_id


def _search(text: str) -> ColumnElement[bool]:
    """A receipt in any form, a phone or ID number (or part), or a word of a name."""
    text = text.strip()
    receipt = normalize_receipt(text)
    if receipt is not None:
        return Case.receipt == receipt
    if _WHOLE_PHONE.match(text):
        return Case.phone == text  # the index, not a scan
    if _WHOLE_ID_NUMBER.match(text):
        return Case.id_number == text.upper()
    if _DIGITS.match(text):
        return or_(
            Case.phone.contains(text, autoescape=True),
            Case.id_number.contains(text.upper(), autoescape=True),
        )
    return or_(
        *(
            column.contains(text, autoescape=True)
            for column in (Case.name, Case.employer, Case.project, Case.work_location)
        )
    )


def select_cases(wanted: CaseFilter, actor: Actor, rules: CaseRules) -> Select[tuple[Case]]:
    """The cases ``actor`` may see that match ``wanted``, in priority order."""
    query = select(Case).where(scope(actor))
    if wanted.status:
        query = query.where(rules.status(wanted.status))
    if wanted.unit_id:
        query = query.where(Case.unit_id == wanted.unit_id)
    if wanted.channel:
        query = query.where(Case.channel == wanted.channel)
    if wanted.month:
        month = wanted.month
        query = query.where(Case.received_on >= month.first, Case.received_on < month.following)
    for name in sorted(wanted.flags):
        query = query.where(rules.flag(name))
    if wanted.search.strip():
        query = query.where(_search(wanted.search))
    return query.order_by(*rules.priority())


@dataclass(frozen=True)
class Page:
    """One page of a case list."""

    cases: list[Case]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.size))


def page_of(session: Session, query: Select[tuple[Case]], number: int, size: int = 50) -> Page:
    """Page ``number`` (from 1) of ``query``, with the total count."""
    number = min(max(1, number), MAX_PAGE)  # past the last page shows the last one
    counted = query.add_columns(func.count().over())  # the total in the same scan
    rows = session.execute(counted.limit(size).offset((number - 1) * size)).all()
    if not rows and number > 1:  # past the last page: show the last one
        total = session.execute(select(func.count()).select_from(query.order_by(None).subquery()))
        last = max(1, -(-int(total.scalar_one()) // size))
        return page_of(session, query, last, size)
    total = rows[0][1] if rows else 0
    return Page(cases=[row[0] for row in rows], total=total, number=number, size=size)
