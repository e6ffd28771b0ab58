"""The one-time import of the old ledger file into case events, so an upgrade loses nothing.

Before the casework database, the office's decisions were appended to
``complaints.ledger.jsonl`` beside the queue: ``assign`` (unit, person, deadline) and
``close`` (on, note), each with its time ``at``. The first ``complaints`` command after the
upgrade turns each line into a case event by the actor ``台账文件（旧）`` and records in
``legacy_ledger_imports`` that it did, so it never happens twice. The file is left as it is.

The old rules are kept: an ``assign`` after a ``close`` changes the unit but the case stays
closed. A case that was already changed in the database is left alone (its lines are
reported), so that nothing done since the upgrade is overwritten.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake_api.office.extension import Office
from intake_api.office.models import Case, CaseEvent, LegacyLedgerImport, QueueState
from intake_api.queue.journal import read_journal
from intake_api.queue.receipts import display_receipt, normalize_receipt

ACTOR = "台账文件（旧）"
UNIT_ID_LENGTH = 40  # cases.unit_id
NO_NOTE = "（旧台账未写办结说明）"


@dataclass
class LegacyImport:
    """What the import did: events made, lines left out and why, lines kept with a caveat."""

    path: Path
    events: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Event:
    line: int
    receipt: str
    kind: str  # assign or close
    at: str
    unit_id: str = ""  # assign: the unit's id (or the old text when no unit matched)
    unit_text: str = ""  # assign: the unit as the old ledger wrote it
    person: str | None = None  # assign
    deadline: date | None = None  # assign
    on: date | None = None  # close
    note: str | None = None  # close


def ledger_path(queue_path: Path) -> Path:
    """``complaints.jsonl`` -> ``complaints.ledger.jsonl`` in the same folder."""
    return queue_path.with_name(queue_path.stem + ".ledger" + queue_path.suffix)


def import_legacy_ledger(session: Session, office: Office) -> LegacyImport | None:
    """Import the old ledger once (committed); None when there is none or it was done."""
    if office.queue_path is None:  # a PostgreSQL queue: it never had a ledger file beside it
        session.rollback()
        return None
    path = ledger_path(office.queue_path)
    if not path.is_file() or _done(session):  # the usual case: no write, no lock
        session.rollback()
        return None
    # One import at a time across processes: the same row lock as the queue's sync.
    session.execute(update(QueueState).where(QueueState.id == 1).values(turn=QueueState.turn + 1))
    if _done(session):
        session.rollback()
        return None
    result = LegacyImport(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    events = _read(path, office, result)
    by_receipt: dict[str, list[_Event]] = {}
    for event in events:
        by_receipt.setdefault(event.receipt, []).append(event)
    for receipt, mine in by_receipt.items():
        case = session.get(Case, receipt)
        lines = ("lines " if len(mine) > 1 else "line ") + ", ".join(str(e.line) for e in mine)
        if case is None:
            result.skipped.append(f"{lines}: no complaint {display_receipt(receipt)}")
        elif case.version != 1:
            result.skipped.append(
                f"{lines}: {display_receipt(receipt)} was already changed in the "
                "database; its old ledger lines were not applied"
            )
        else:
            for event in mine:
                _apply(session, case, event, office)
                result.events += 1
    session.add(
        LegacyLedgerImport(
            path=str(path),
            sha256=digest,
            events=result.events,
            skipped=len(result.skipped),
            imported_at=office.now().isoformat(timespec="seconds"),
        )
    )
    session.commit()
    return result


def _done(session: Session) -> bool:
    return session.execute(select(LegacyLedgerImport.id).limit(1)).scalar() is not None


def _read(path: Path, office: Office, result: LegacyImport) -> list[_Event]:
    """The file's usable lines in order; each other line is reported in ``result``."""
    units = _unit_ids(office)
    events = []
    for line in read_journal(path):
        try:
            if line.record is None:  # "not JSON: <the parser's detail>" -> "not JSON"
                raise ValueError(str(line.problem).split(":")[0])
            events.append(_event(line.number, line.record, units, office, result))
        except (KeyError, TypeError, ValueError) as error:
            result.skipped.append(f"line {line.number}: {error}")
    return events


def _event(
    number: int,
    record: dict[str, object],
    units: dict[str, str],
    office: Office,
    result: LegacyImport,
) -> _Event:
    kind = record.get("event")
    if kind not in ("assign", "close"):
        raise ValueError("not an assign or close event")
    receipt = normalize_receipt(str(record.get("receipt", "")))
    if receipt is None:
        raise ValueError("receipt is not a receipt number")
    at = record.get("at")
    try:
        moment = datetime.fromisoformat(str(at))
        if moment.utcoffset() is None:
            raise ValueError
    except ValueError:
        moment = office.now()
        result.warnings.append(f"line {number}: no valid time 'at'; recorded as imported now")
    stamp = moment.isoformat(timespec="seconds")
    if kind == "close":
        note = _optional_text(record.get("note"), "note")
        return _Event(number, receipt, "close", stamp, on=_day(record, "on"), note=note)
    text = _text(record, "unit").strip()
    unit_id = units.get(text)
    if unit_id is None:
        if len(text) > UNIT_ID_LENGTH:
            raise ValueError(f"unit is longer than {UNIT_ID_LENGTH} characters")
        unit_id = text
        result.warnings.append(f"line {number}: unit {text!r} is not in units.yaml; kept as its id")
    return _Event(
        number,
        receipt,
        "assign",
        stamp,
        unit_id=unit_id,
        unit_text=text,
        person=_optional_text(record.get("person"), "person"),
        deadline=_day(record, "deadline"),
    )


def _unit_ids(office: Office) -> dict[str, str]:
    """Unit ids by every way the old free-text ledger may have named them."""
    found: dict[str, str] = {}
    for unit in office.site.units if office.site else ():
        for name in (unit.id, unit.name, unit.full_name):
            if name:
                found.setdefault(name, unit.id)
    return found


def _text(record: dict[str, object], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{key} is missing or not text")
    return value


def _optional_text(value: object, key: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return value.strip()


def _day(record: dict[str, object], key: str) -> date:
    try:
        return date.fromisoformat(_text(record, key))
    except ValueError:  # its message quotes the value
        raise ValueError(f"{key} is not a date like 2021-05-20") from None


def _apply(session: Session, case: Case, event: _Event, office: Office) -> None:
    """One old ledger line as a case event; saved at once, so the case's version follows."""
    details: dict[str, object]
    if event.kind == "assign":
        if case.unit_id != event.unit_id or case.assigned_on is None:
            case.assigned_on = datetime.fromisoformat(event.at).astimezone(office.timezone).date()
        case.unit_id, case.person, case.deadline = event.unit_id, event.person, event.deadline
        if case.status == "received":  # the old rule: an assign never reopened a closed case
            case.status = "assigned"
        details = {
            "unit_id": event.unit_id,
            "unit_text": event.unit_text,
            "person": event.person,
            "deadline": str(event.deadline),
        }
    else:
        # A second close without a note used to erase the first note: keep the last note.
        case.result = event.note or case.result
        case.closed_on, case.status = event.on, "closed"
        details = {
            "result": event.note or NO_NOTE,
            "amount_recovered": None,
            "closed_on": str(event.on),
        }
    details["legacy_line"] = event.line
    session.add(
        CaseEvent(
            receipt=case.receipt,
            version=case.version + 1,
            kind=event.kind,
            at=event.at,
            actor=ACTOR,
            details=json.dumps(details, ensure_ascii=False, sort_keys=True),
        )
    )
    case.updated_at, case.updated_by = event.at, ACTOR
    session.flush()  # the case's version goes up by one with each event
