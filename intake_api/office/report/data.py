"""The report the notice asks for, for one period (by default the office's cadence): its figures.

Everything is computed here from the casework database and the content's schedule, once,
into frozen dataclasses; ``report_json``, ``report_xlsx`` and ``report_html`` only lay them
out. Amounts are Decimal. "Valid" complaints are those not marked duplicate or invalid;
statuses are as of the report's day (the office's today when it is made). An office that
sends zero reports (``zero_reports`` in office.yaml) gets a report for a period in which
nothing happened; otherwise such a period is refused, so that nobody sends zeros by mistake.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.office.casework import STATUS_LABELS, status_of
from intake_api.office.extension import Office
from intake_api.office.models import Case, QueueProblem, QueueState
from intake_api.office.periods import ReportPeriod
from intake_api.office.report.history import carried_over
from intake_api.office.report.model import (
    CaseLine,
    ChannelFigures,
    DataSource,
    PeriodReport,
    ReportUnavailable,
    SessionHeld,
    UnitFigures,
    UnreadableLine,
)
from intake_api.public.content import ONLINE, SESSION_PREFIX, channel_names
from intake_api.queue.receipts import display_receipt

NOT_COUNTED = ("duplicate", "invalid")
ZERO = Decimal("0.00")


def compute_report(session: Session, office: Office, period: ReportPeriod) -> PeriodReport:
    """The report for ``period`` as of the office's today; ReportUnavailable if there is none."""
    today, settings = office.today(), office.settings
    state = session.get(QueueState, 1)
    if period.first > today:
        raise ReportUnavailable(
            f"{period.key} has not begun (today is {today:%Y-%m-%d})",
            f"{period.label}还没有开始，没有{period.words.report}。",
        )
    if (
        (state is None or state.lines == 0)
        and office.queue_path is not None
        and not office.queue_path.exists()
    ):
        raise ReportUnavailable(
            f"no queue file at {office.queue_path}: check INTAKE_QUEUE",
            f"没有找到投诉队列文件 {office.queue_path}，也没有导入过投诉："
            "请检查 INTAKE_QUEUE 设置。",
        )
    in_period = (Case.received_on >= period.first, Case.received_on < period.following)
    received = list(session.execute(select(Case).where(*in_period)).scalars())
    valid = sorted(
        (c for c in received if c.status not in NOT_COUNTED), key=lambda c: c.received_at
    )
    closed_in_period = list(
        session.execute(
            select(Case).where(
                Case.status == "closed",
                Case.closed_on >= period.first,
                Case.closed_on < period.following,
            )
        ).scalars()
    )
    names = office.unit_names()

    def line(case: Case) -> CaseLine:
        status = status_of(case, today)
        return CaseLine(
            receipt=display_receipt(case.receipt),
            received_on=case.received_on,
            employer=case.employer,
            workers=case.workers_affected,
            amount=case.amount_owed,
            months_owed=case.months_owed,
            unit=names.get(case.unit_id, case.unit_id) if case.unit_id else None,
            leader=case.leader,
            deadline=case.deadline,
            status=status,
            status_label=STATUS_LABELS[status],
            closed_on=case.closed_on,
        )

    statuses = Counter(status_of(c, today) for c in valid)
    sessions = _sessions(office, period, today, valid)
    carried = carried_over(session, period.first, office.timezone)
    if not (received or sessions or closed_in_period or carried or settings.zero_reports):
        raise ReportUnavailable(
            f"{period.key}: no complaints were received, no sessions held, no cases closed and "
            f"none carried over in this {period.kind}: nothing to report",
            f"{period.label}没有受理投诉，没有举行接访，没有办结或结转的案件，没有可报送的数据。",
        )
    return PeriodReport(
        period=period,
        due=settings.report_due(period),
        as_of=today,
        generated_at=office.now().isoformat(timespec="seconds"),
        sessions=sessions,
        received_total=len(received),
        duplicates=sum(1 for c in received if c.status == "duplicate"),
        invalid=sum(1 for c in received if c.status == "invalid"),
        complaints=len(valid),
        workers=sum(c.workers_affected for c in valid),
        amount=sum((c.amount_owed for c in valid), ZERO),
        rural_low_income=sum(1 for c in valid if c.rural_low_income),
        reported_elsewhere=sum(1 for c in valid if c.reported_elsewhere),
        channels=_channels(office, valid),
        units=_units(names, valid, closed_in_period, today),
        closed=statuses["closed"],
        open=statuses["received"] + statuses["assigned"] + statuses["overdue"],
        overdue=statuses["overdue"],
        recovered_cases=len(closed_in_period),
        recovered=sum((c.amount_recovered or ZERO for c in closed_in_period), ZERO),
        major_cases=tuple(
            line(c)
            for c in valid
            if settings.is_major(c.workers_affected, c.amount_owed, c.months_owed)
        ),
        rural_cases=tuple(line(c) for c in valid if c.rural_low_income),
        carried_over=tuple(line(c) for c in carried),
        source=_source(session, office, state),
    )


def _sessions(
    office: Office, period: ReportPeriod, today: date, valid: list[Case]
) -> tuple[SessionHeld, ...]:
    """Sessions held in the period up to today (cancelled ones were not held)."""
    per_channel = Counter(c.channel for c in valid)
    held = [
        s
        for s in (office.site.sessions if office.site else ())
        if not s.cancelled and period.first <= s.slot.day < period.following and s.slot.day <= today
    ]
    return tuple(
        SessionHeld(
            id=s.id,
            day=s.slot.day,
            time=s.slot.time_label,
            lead=s.lead.label if s.lead else "",
            units=tuple(unit.name for unit in s.units),
            venue=s.slot.venue.location_label,
            complaints=per_channel[SESSION_PREFIX + s.id],
        )
        for s in sorted(held, key=lambda s: s.sort_key)
    )


def _channels(office: Office, valid: list[Case]) -> tuple[ChannelFigures, ...]:
    """Per channel: online first, then the sessions by date, then anything else."""
    labels = channel_names(office.site)
    order = {channel: number for number, channel in enumerate(labels)}
    found = sorted(
        {c.channel for c in valid}, key=lambda ch: (ch != ONLINE, order.get(ch, len(order)), ch)
    )
    return tuple(
        ChannelFigures(
            channel=channel,
            label=labels.get(channel, channel),
            complaints=sum(1 for c in valid if c.channel == channel),
            workers=sum(c.workers_affected for c in valid if c.channel == channel),
            amount=sum((c.amount_owed for c in valid if c.channel == channel), ZERO),
        )
        for channel in found
    )


def _units(
    names: dict[str, str], valid: list[Case], closed_in_period: list[Case], today: date
) -> tuple[UnitFigures, ...]:
    """One row per unit with a figure, in units.yaml order; complaints not assigned last."""
    ids = {c.unit_id for c in valid} | {c.unit_id for c in closed_in_period}
    known = list(names)
    order = sorted(
        ids, key=lambda u: (u is None, known.index(u) if u in known else len(known), u or "")
    )
    rows = []
    for unit_id in order:
        mine = [c for c in valid if c.unit_id == unit_id]
        recovered = [c for c in closed_in_period if c.unit_id == unit_id]
        statuses = Counter(status_of(c, today) for c in mine)
        rows.append(
            UnitFigures(
                unit_id=unit_id,
                name="未分派" if unit_id is None else names.get(unit_id, unit_id),
                received=len(mine),
                closed=statuses["closed"],
                open=len(mine) - statuses["closed"],
                overdue=statuses["overdue"],
                recovered_cases=len(recovered),
                recovered=sum((c.amount_recovered or ZERO for c in recovered), ZERO),
            )
        )
    return tuple(rows)


def _source(session: Session, office: Office, state: QueueState | None) -> DataSource:
    problems = session.execute(
        select(QueueProblem.line, QueueProblem.reason).order_by(QueueProblem.line)
    ).all()
    return DataSource(
        queue_path=(state.path if state and state.path else office.queue_name),
        lines_read=state.lines if state else 0,
        unreadable=tuple(UnreadableLine(line, reason) for line, reason in problems),
        last_sync=state.synced_at if state else "",
    )
