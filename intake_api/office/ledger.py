"""The 台账: each complaint with its responsible unit, person, deadline and status.

The queue is never edited. What the office decides is kept as append-only events in a
second JSON Lines file next to it (``complaints.ledger.jsonl``): ``assign`` (unit, person,
deadline) and ``close`` (with a note). The latest event of each kind wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from intake_api.queue.journal import Journal, read_journal

SCHEMA_VERSION = 1
Status = Literal["unassigned", "assigned", "overdue", "closed"]
STATUS_LABELS = {
    "unassigned": "待分派",
    "assigned": "办理中",
    "overdue": "已逾期",
    "closed": "已办结",
}


# What the intake writes (validation.py); anything else in a line means it was damaged.
_AMOUNT = re.compile(r"^[0-9]{1,12}\.[0-9]{2}$")
_FIELD_TYPES: dict[str, type] = {
    **dict.fromkeys(
        ("name", "phone", "id_number", "employer", "project", "work_location", "owed_since"),
        str,
    ),
    "description": str,
    **dict.fromkeys(("reported_elsewhere", "rural_low_income", "consent"), bool),
}


@dataclass(frozen=True)
class Complaint:
    """One queued complaint as the office reads it."""

    receipt: str
    received_at: datetime
    channel: str
    fields: dict[str, object]

    @property
    def amount(self) -> Decimal:
        return Decimal(str(self.fields.get("amount_owed", "0")))

    @property
    def workers(self) -> int:
        value = self.fields.get("workers_affected", 0)
        return value if isinstance(value, int) else 0


@dataclass(frozen=True)
class Entry:
    """A line of the 台账."""

    complaint: Complaint
    unit: str | None = None
    person: str | None = None
    deadline: date | None = None
    closed_on: date | None = None
    note: str | None = None

    def status(self, today: date) -> Status:
        if self.closed_on:
            return "closed"
        if self.deadline is None:
            return "unassigned"
        return "overdue" if self.deadline < today else "assigned"


def ledger_path(queue_path: Path) -> Path:
    """``complaints.jsonl`` -> ``complaints.ledger.jsonl`` in the same folder."""
    return queue_path.with_name(queue_path.stem + ".ledger" + queue_path.suffix)


def read_complaints(queue_path: Path) -> tuple[list[Complaint], list[str]]:
    """Every readable complaint in queue order, and a description of each unreadable line."""
    complaints, problems = [], []
    for line in read_journal(queue_path):
        try:
            complaints.append(_complaint(line.record, line.problem))
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"{queue_path.name}:{line.number}: {error}")
    return complaints, problems


def _text(record: dict[str, object], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise TypeError(f"{key} is {_kind(value)}, not str")
    return value


def _kind(value: object) -> str:
    """What a damaged value is, never the value: it may be a name or a phone number."""
    return type(value).__name__


def _day(record: dict[str, object], key: str) -> date:
    try:
        return date.fromisoformat(_text(record, key))
    except ValueError:  # its message quotes the value
        raise ValueError(f"{key} is not a date like 2021-05-20") from None


def _complaint(record: dict[str, object] | None, problem: str | None) -> Complaint:
    """One queue line as a complaint; a damaged or edited line is refused with the reason.

    Every value the commands compute with or print is checked here, so that one bad line
    gives one warning instead of a traceback (or a report that says "NaN 元").
    """
    if record is None:
        raise ValueError(problem)
    fields = record.get("fields")
    if not isinstance(fields, dict):
        raise TypeError("fields is not an object")
    try:
        received_at = datetime.fromisoformat(_text(record, "received_at"))
    except ValueError:  # its message quotes the value
        raise ValueError("received_at is not a time like 2021-04-12T09:30:05+08:00") from None
    if received_at.utcoffset() is None:
        raise ValueError("received_at has no UTC offset")
    amount = fields.get("amount_owed")
    if not isinstance(amount, str):
        raise TypeError(f"amount_owed is {_kind(amount)}, not str")
    if not _AMOUNT.match(amount):
        raise ValueError("amount_owed is not yuan like 3500.50")
    workers = fields.get("workers_affected", 0)
    if type(workers) is not int:
        raise TypeError(f"workers_affected is {_kind(workers)}, not int")
    for name, kind in _FIELD_TYPES.items():
        if fields.get(name) is not None and not isinstance(fields[name], kind):
            raise TypeError(f"{name} is {_kind(fields[name])}, not {kind.__name__}")
    return Complaint(
        receipt=_text(record, "receipt"),
        received_at=received_at,
        channel=_text(record, "channel"),
        fields=fields,
    )


def build_ledger(
    complaints: Iterable[Complaint], ledger_file: Path
) -> tuple[list[Entry], list[str]]:
    """Apply the ledger events to the complaints in recorded order; report unreadable events."""
    entries = {c.receipt: Entry(c) for c in complaints}
    problems = []
    for line in read_journal(ledger_file):
        event = line.record or {}
        entry = entries.get(str(event.get("receipt")))
        if line.problem:
            problems.append(f"{ledger_file.name}:{line.number}: {line.problem}")
        if entry is None:
            continue
        try:
            entry = _apply(entry, event)
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"{ledger_file.name}:{line.number}: {error}")
            continue
        entries[entry.complaint.receipt] = entry
    return list(entries.values()), problems


def _apply(entry: Entry, event: dict[str, object]) -> Entry:
    """``entry`` after one ``assign`` or ``close`` event (other events change nothing)."""
    if event.get("event") == "assign":
        person = event.get("person")
        # replace, not a fresh Entry: an assign after a close must not reopen the case
        return replace(
            entry,
            unit=_text(event, "unit"),
            person=None if person is None else str(person),
            deadline=_day(event, "deadline"),
        )
    if event.get("event") == "close":
        note = event.get("note")
        closed = _day(event, "on")
        return replace(entry, closed_on=closed, note=None if note is None else str(note))
    return entry


def record_event(ledger_file: Path, event: dict[str, object]) -> None:
    """Append one ledger event durably."""
    journal = Journal(ledger_file)
    try:
        journal.append({"schema": SCHEMA_VERSION, **event})
    finally:
        journal.close()
