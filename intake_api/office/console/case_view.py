"""What the console shows of a case: rows of the list, the complaint with its amendments,
the handling state and the history, as plain values for the templates."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from intake_api.office.amendments import AMENDABLE
from intake_api.office.case_query import FLAG_LABELS, CaseRules
from intake_api.office.casework import STATUS_LABELS, Actor, status_of
from intake_api.office.event_text import describe_event, field_value
from intake_api.office.masking import shown_id_number
from intake_api.office.models import Case, CaseEvent
from intake_api.public.validation import LABELS
from intake_api.queue.receipts import display_receipt

# Short badges for the list; the full labels are in the filter form and on the case page.
FLAG_BADGES = {
    "major": "重大",
    "rural_low_income": "低收入",
    "reported_elsewhere": "已向他处反映",
    "overdue": "逾期",
    "unassigned_long": "久未分派",
    "possible_duplicate": "疑似重复",
}
COMPLAINT_FIELDS = AMENDABLE  # every field the worker gave can be corrected


def short_time(stamp: str) -> str:
    """``2021-05-10T09:30:05+08:00`` as ``2021-05-10 09:30``."""
    return stamp[:16].replace("T", " ")


def amount_text(value: object) -> str:
    """Yuan with thousands separators, or "" for none."""
    return "" if value is None else field_value("amount_owed", value)


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    receipt: str
    display: str
    received_on: date
    channel: str
    name: str
    employer: str
    workers: int
    amount: str
    unit: str
    deadline: date | None
    status: str
    status_label: str
    flags: list[tuple[str, str, str]]  # (key, badge, full label)


def case_row(
    case: Case, rules: CaseRules, units: dict[str, str], channels: dict[str, str]
) -> CaseRow:
    """The list's columns for one case."""
    status = status_of(case, rules.today)
    return CaseRow(
        receipt=case.receipt,
        display=display_receipt(case.receipt),
        received_on=case.received_on,
        channel=channels.get(case.channel, case.channel),
        name=case.name,
        employer=case.employer,
        workers=case.workers_affected,
        amount=amount_text(case.amount_owed),
        unit=units.get(case.unit_id, case.unit_id) if case.unit_id else "",
        deadline=case.deadline,
        status=status,
        status_label=STATUS_LABELS[status],
        flags=[(key, FLAG_BADGES[key], FLAG_LABELS[key]) for key in rules.flags_of(case)],
    )


@dataclass(frozen=True)
class Amendment:
    """One correction of a field: who, when, why, and the value it set."""

    actor: str
    at: str
    reason: str
    after: str


@dataclass(frozen=True)
class FieldView:
    """A complaint field: its current value, and (if corrected) the original and the changes."""

    name: str
    label: str
    value: str
    original: str | None = None
    amendments: list[Amendment] = field(default_factory=list)


def _shown(actor: Actor, case: Case, name: str, value: object) -> str:
    if name == "id_number":
        return shown_id_number(actor, case, value if isinstance(value, str) else None) or "（未填）"
    if name == "project" and not value:
        return "（未填）"
    return field_value(name, value)


def complaint_fields(case: Case, events: list[CaseEvent], actor: Actor) -> list[FieldView]:
    """The complaint's fields as they are now, each amended one with its original and changes."""
    original = json.loads(case.original)
    changes: dict[str, list[Amendment]] = {}
    for event in events:
        if event.kind != "amend":
            continue
        details = json.loads(event.details)
        name = details["field"]
        changes.setdefault(name, []).append(
            Amendment(
                actor=event.actor,
                at=short_time(event.at),
                reason=details["reason"],
                after=_shown(actor, case, name, details["after"]),
            )
        )
    views = []
    for name in COMPLAINT_FIELDS:
        value = _shown(actor, case, name, getattr(case, name))
        if name == "owed_since":
            value += f"（至收到投诉时共 {case.months_owed} 个月）"
        amended = changes.get(name, [])
        views.append(
            FieldView(
                name=name,
                label=LABELS[name],
                value=value,
                original=_shown(actor, case, name, original.get(name)) if amended else None,
                amendments=amended,
            )
        )
    return views


@dataclass(frozen=True)
class HistoryLine:
    """One line of a case's history."""

    at: str
    actor: str
    text: str


def history(
    case: Case, events: list[CaseEvent], units: dict[str, str], channels: dict[str, str]
) -> list[HistoryLine]:
    """The complaint's arrival, then every event in order."""
    channel = channels.get(case.channel, case.channel)
    arrival = HistoryLine(
        at=short_time(case.received_at),
        actor=_source_label(case.source),
        text=f"收到投诉（{channel}）。",
    )
    return [arrival] + [
        HistoryLine(at=short_time(e.at), actor=e.actor, text=describe_event(e, units))
        for e in events
    ]


def _source_label(source: str) -> str:
    if source.startswith("office:"):
        return f"{source.removeprefix('office:')}（现场登记）"
    return {"form": "群众（网上表格）", "json": "群众（接口）"}.get(source, source or "—")
