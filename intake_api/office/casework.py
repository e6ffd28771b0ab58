"""What the office does to a case, as events with an actor, a time and a version.

Every action loads the case, checks that the save is based on its current version and that
the action is possible in the case's status, changes the case, and records one event. A
save based on an older version gets :class:`Conflict` with what changed in between; an
impossible action gets :class:`CaseworkError` with a sentence for the clerk. Neither
changes anything.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import ParamSpec

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from intake_api.office import amendments
from intake_api.office.models import Case, CaseEvent
from intake_api.office.settings import OfficeSettings
from intake_api.public.validation import FieldError, clean_amount, clean_text

STATUS_LABELS = {
    "received": "待分派",
    "assigned": "办理中",
    "overdue": "已逾期",
    "closed": "已办结",
    "duplicate": "重复投诉",
    "invalid": "无效投诉",
}
ACTION_LABELS = {
    "assign": "分派",
    "lead": "指定包案领导",
    "note": "记录办理情况",
    "close": "办结",
    "reopen": "重新办理",
    "duplicate": "标记为重复投诉",
    "invalid": "标记为无效投诉",
    "amend": "更正",
}
# The statuses each action may start from; any other is refused with a sentence.
ALLOWED_FROM = {
    "assign": {"received", "assigned"},
    "lead": {"received", "assigned"},
    "note": {"received", "assigned", "closed", "duplicate", "invalid"},
    "close": {"assigned"},
    "reopen": {"closed", "duplicate", "invalid"},
    "duplicate": {"received", "assigned"},
    "invalid": {"received", "assigned"},
    "amend": {"received", "assigned", "closed", "duplicate", "invalid"},
}
UNIT_ACTIONS = {"note", "close"}  # what a unit's account may do to its own cases
P = ParamSpec("P")
INVALID_KINDS = {"spam": "骚扰或垃圾信息", "test": "测试数据", "other": "其他"}


class CaseworkError(Exception):
    """An action that cannot be done; the message is written for the clerk."""


class CaseNotFound(CaseworkError):
    """No case with this receipt (or none this account may see)."""


class Conflict(CaseworkError):
    """The case changed since the clerk loaded it; ``events`` are the changes in between."""

    def __init__(self, message: str, events: list[CaseEvent]) -> None:
        super().__init__(message)
        self.events = events


@dataclass(frozen=True)
class Actor:
    """Who acts: a staff account's name, role and (for a unit's account) unit."""

    name: str
    role: str  # admin, clerk or unit
    unit_id: str | None = None


def _atomic(action: Callable[P, Case]) -> Callable[P, Case]:
    """A refused action leaves nothing behind: the session is rolled back."""

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> Case:
        try:
            return action(*args, **kwargs)
        except Conflict:
            raise  # raised before any change, or after its own rollback: keep its events
        except CaseworkError:
            args[0].session.rollback()  # type: ignore[attr-defined]
            raise

    return run


class Casework:
    """The case actions, on one database session, with the office's rules and clock."""

    def __init__(
        self, session: Session, settings: OfficeSettings, now: Callable[[], datetime]
    ) -> None:
        self.session = session
        self.settings = settings
        self.now = now

    def case(self, receipt: str, actor: Actor) -> Case:
        """The case, if ``actor`` may see it; CaseNotFound otherwise."""
        case = self.session.get(Case, receipt)
        if case is None or not may_see(actor, case):
            raise CaseNotFound("没有这个编号的投诉。")
        return case

    def events(self, receipt: str, after_version: int = 0) -> list[CaseEvent]:
        """The case's events in order, those after ``after_version`` only if given."""
        query = (
            select(CaseEvent)
            .where(CaseEvent.receipt == receipt, CaseEvent.version > after_version)
            .order_by(CaseEvent.version)
        )
        return list(self.session.execute(query).scalars())

    @_atomic
    def assign(
        self,
        receipt: str,
        version: int,
        actor: Actor,
        *,
        unit_id: str,
        deadline: date,
        person: str | None = None,
        leader: str | None = None,
    ) -> Case:
        """Give the case a responsible unit, person and deadline (and a 包案领导)."""
        case = self._start(receipt, version, actor, "assign")
        today = self.now().date()
        if deadline < today:
            raise CaseworkError(f"办理期限不能早于今天（{today:%Y-%m-%d}）。")
        person, leader = _optional(person, "责任人"), _optional(leader, "包案领导")
        if self.is_major(case) and not (leader or case.leader):
            raise CaseworkError("这是重大欠薪案件，按规定实行领导包案：请先填写包案领导，再分派。")
        details: dict[str, object] = {
            "unit_id": unit_id,
            "person": person,
            "deadline": deadline.isoformat(),
        }
        if case.unit_id != unit_id or case.assigned_on is None:
            case.assigned_on = today
        case.unit_id, case.person, case.deadline, case.status = (
            unit_id,
            person,
            deadline,
            "assigned",
        )
        if leader:
            case.leader, details["leader"] = leader, leader
        return self._finish(case, actor, "assign", details)

    @_atomic
    def set_leader(self, receipt: str, version: int, actor: Actor, leader: str) -> Case:
        """Name the leading official in charge of the case (领导包案)."""
        case = self._start(receipt, version, actor, "lead")
        case.leader = _required(leader, "包案领导", 100)
        return self._finish(case, actor, "lead", {"leader": case.leader})

    @_atomic
    def note(self, receipt: str, version: int, actor: Actor, text: str) -> Case:
        """Record progress on the case."""
        case = self._start(receipt, version, actor, "note")
        return self._finish(case, actor, "note", {"text": _required(text, "办理情况", 2000)})

    @_atomic
    def close(
        self,
        receipt: str,
        version: int,
        actor: Actor,
        *,
        result: str,
        amount_recovered: str | Decimal | None = None,
    ) -> Case:
        """Close the case (销号) with its result and the wages recovered."""
        case = self._start(receipt, version, actor, "close")
        case.result = _required(result, "办结结果", 2000)
        case.amount_recovered = _money(amount_recovered)
        case.closed_on, case.status = self.now().date(), "closed"
        details = {
            "result": case.result,
            "amount_recovered": None
            if case.amount_recovered is None
            else str(case.amount_recovered),
            "closed_on": case.closed_on.isoformat(),
        }
        return self._finish(case, actor, "close", details)

    @_atomic
    def reopen(self, receipt: str, version: int, actor: Actor, reason: str) -> Case:
        """Take a closed, duplicate or invalid case up again."""
        case = self._start(receipt, version, actor, "reopen")
        details = {"reason": _required(reason, "重新办理的原因", 500), "was": case.status}
        case.status = "assigned" if case.unit_id else "received"
        case.closed_on = case.result = case.amount_recovered = None
        case.duplicate_of = case.invalid_reason = None
        return self._finish(case, actor, "reopen", details)

    @_atomic
    def mark_duplicate(self, receipt: str, version: int, actor: Actor, of: str) -> Case:
        """The case repeats another one, which is handled instead."""
        case = self._start(receipt, version, actor, "duplicate")
        other = self.session.get(Case, of)
        if other is None or other.receipt == case.receipt:
            raise CaseworkError("请填写另一件投诉的受理编号。")
        if other.status == "duplicate":
            raise CaseworkError(f"{of} 本身是重复投诉，请填写它所重复的那一件。")
        case.duplicate_of, case.status = other.receipt, "duplicate"
        return self._finish(case, actor, "duplicate", {"of": other.receipt})

    @_atomic
    def mark_invalid(
        self, receipt: str, version: int, actor: Actor, kind: str, reason: str
    ) -> Case:
        """Not a complaint at all (spam, a test): kept, but counted apart."""
        case = self._start(receipt, version, actor, "invalid")
        if kind not in INVALID_KINDS:
            raise CaseworkError("请选择无效的类型：" + "、".join(INVALID_KINDS.values()) + "。")
        case.invalid_reason = _required(reason, "无效的原因", 500)
        case.status = "invalid"
        return self._finish(case, actor, "invalid", {"kind": kind, "reason": case.invalid_reason})

    @_atomic
    def amend(
        self, receipt: str, version: int, actor: Actor, field: str, value: str, reason: str
    ) -> Case:
        """Correct one field of the complaint; the original stays, the change is an event."""
        case = self._start(receipt, version, actor, "amend")
        why = _required(reason, "更正原因", 500)
        try:
            before, after = amendments.apply(self.session, case, field, value, self.settings)
        except amendments.AmendmentError as error:
            raise CaseworkError(str(error)) from None
        if before == after:
            raise CaseworkError("新值与现在的值相同，没有更正。")
        details = {"field": field, "before": before, "after": after, "reason": why}
        return self._finish(case, actor, "amend", details)

    def is_major(self, case: Case) -> bool:
        """Whether the office's thresholds make this a major case."""
        return self.settings.is_major(case.workers_affected, case.amount_owed, case.months_owed)

    def _start(self, receipt: str, version: int, actor: Actor, action: str) -> Case:
        case = self.case(receipt, actor)
        if actor.role == "unit" and action not in UNIT_ACTIONS:
            raise CaseworkError(f"单位账号不能{ACTION_LABELS[action]}，请联系领导小组办公室。")
        if case.version != version:
            raise self._conflict(case, version)
        if case.status not in ALLOWED_FROM[action]:
            raise CaseworkError(_refusal(case, action))
        return case

    def _finish(self, case: Case, actor: Actor, kind: str, details: dict[str, object]) -> Case:
        """Record the event and save, unless someone else saved first."""
        at = self.now().isoformat(timespec="seconds")
        expected = case.version
        case.updated_at, case.updated_by = at, actor.name
        # Saved even when no column changed (a note in the same second as the last event):
        # the version must still go up with the event.
        flag_modified(case, "updated_at")
        event = CaseEvent(
            receipt=case.receipt,
            version=expected + 1,
            kind=kind,
            at=at,
            actor=actor.name,
            details=json.dumps(details, ensure_ascii=False, sort_keys=True),
        )
        self.session.add(event)
        try:
            self.session.commit()
        except StaleDataError:
            self.session.rollback()
            raise self._conflict(self.session.get(Case, case.receipt), expected) from None
        return case

    def _conflict(self, case: Case | None, version: int) -> Conflict:
        if case is None:
            return Conflict("这件投诉已不存在。", [])
        self.session.refresh(case)
        changes = self.events(case.receipt, after_version=version)
        last = changes[-1] if changes else None
        who = f"{last.actor} 于 {last.at[:16].replace('T', ' ')}" if last else "其他人"
        return Conflict(
            f"这件投诉在您打开之后已被 {who} 修改，您的修改没有保存。请看下面的变化，"
            "再决定是否重新操作。",
            changes,
        )


def may_see(actor: Actor, case: Case) -> bool:
    """Admins and clerks see every case; a unit's account only the cases assigned to it."""
    return actor.role in ("admin", "clerk") or (
        actor.unit_id is not None and case.unit_id == actor.unit_id
    )


def status_of(case: Case, today: date) -> str:
    """The status to show: ``overdue`` for an assigned case past its deadline."""
    if case.status == "assigned" and case.deadline is not None and case.deadline < today:
        return "overdue"
    return case.status


def _refusal(case: Case, action: str) -> str:
    status = STATUS_LABELS[case.status]
    if case.status == "closed" and action == "close":
        return f"这件投诉已于 {case.closed_on:%Y-%m-%d} 办结，不能重复办结。"
    if case.status == "closed" and action in ("assign", "lead", "duplicate", "invalid"):
        return (
            f"这件投诉已于 {case.closed_on:%Y-%m-%d} 办结，不能{ACTION_LABELS[action]}；"
            "如需继续办理，请先“重新办理”。"
        )
    if action == "close" and case.status == "received":
        return "这件投诉还没有分派责任单位，不能办结；请先分派。"
    if action == "reopen":
        return f"这件投诉现在是“{status}”，不需要重新办理。"
    return f"“{status}”的投诉不能{ACTION_LABELS[action]}；如需继续办理，请先“重新办理”。"


def _required(text: str | None, label: str, limit: int) -> str:
    try:
        value = clean_text(text or "", label, limit=limit, multiline=True)
    except FieldError as error:
        raise CaseworkError(str(error)) from None
    if not value:
        raise CaseworkError(f"请填写{label}。")
    return value


def _optional(text: str | None, label: str) -> str | None:
    return _required(text, label, 100) if text and text.strip() else None


def _money(value: str | Decimal | None) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return clean_amount(value)
    except FieldError:
        raise CaseworkError("追回金额请填写元，最多两位小数，例如 12000 或 3500.50。") from None
