"""Which cases were still open when a period began, from their events (for "carried over")."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.office.models import Case, CaseEvent

# What each event does to "is the case still being worked on"; other kinds change nothing.
# (An old ledger's "assign" after its "close" kept the case closed: so does this.)
_CHUNK = 500
_ENDS = {"close": False, "duplicate": False, "invalid": False, "reopen": True}


def carried_over(session: Session, first: date, timezone: tzinfo) -> list[Case]:
    """Cases received before ``first`` that were still open at its start, oldest first."""
    start = datetime.combine(first, time(0), timezone)
    earlier = select(Case.receipt).where(Case.received_on < first)
    events = session.execute(
        select(CaseEvent.receipt, CaseEvent.at, CaseEvent.kind)
        .where(CaseEvent.kind.in_(_ENDS), CaseEvent.receipt.in_(earlier))
        .order_by(CaseEvent.receipt, CaseEvent.version)
    ).all()
    open_at_start: dict[str, bool] = {}
    for receipt, at, kind in events:
        if datetime.fromisoformat(at) < start:
            open_at_start[receipt] = _ENDS[kind]
    earlier_receipts = session.execute(earlier).scalars()
    carried = [r for r in earlier_receipts if open_at_start.get(r, True)]
    cases: list[Case] = []
    for begin in range(0, len(carried), _CHUNK):
        chunk = carried[begin : begin + _CHUNK]
        cases += session.execute(select(Case).where(Case.receipt.in_(chunk))).scalars()
    return sorted(cases, key=lambda case: (case.received_at, case.receipt))
