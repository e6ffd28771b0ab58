"""The 台账: each complaint with its responsible unit, person, deadline and status.

The queue is never edited. What the office decides is kept as append-only events in a
second JSON Lines file next to it (``complaints.ledger.jsonl``): ``assign`` (unit, person,
deadline) and ``close`` (with a note). The latest event of each kind wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from intake_api.journal import Journal, read_journal

SCHEMA_VERSION = 1
Status = Literal["unassigned", "assigned", "overdue", "closed"]
STATUS_LABELS = {
    "unassigned": "待分派",
    "assigned": "办理中",
    "overdue": "已逾期",
    "closed": "已办结",
}


class LedgerError(ValueError):
    """An office command refers to something that is not there."""


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


def _complaint(record: dict[str, object] | None, problem: str | None) -> Complaint:
    if record is None:
        raise ValueError(problem)
    fields = record["fields"]
    if not isinstance(fields, dict):
        raise TypeError("fields is not an object")
    return Complaint(
        receipt=str(record["receipt"]),
        received_at=datetime.fromisoformat(str(record["received_at"])),
        channel=str(record["channel"]),
        fields=fields,
    )


def build_ledger(complaints: Iterable[Complaint], ledger_file: Path) -> list[Entry]:
    """Apply the ledger events to the complaints, in the order they were recorded."""
    entries = {c.receipt: Entry(c) for c in complaints}
    for line in read_journal(ledger_file):
        event = line.record or {}
        entry = entries.get(str(event.get("receipt")))
        if entry is None:
            continue
        if event.get("event") == "assign":
            entry = Entry(
                entry.complaint,
                unit=str(event["unit"]),
                person=event.get("person") and str(event["person"]),
                deadline=date.fromisoformat(str(event["deadline"])),
            )
        elif event.get("event") == "close":
            closed = date.fromisoformat(str(event["on"]))
            entry = replace(entry, closed_on=closed, note=event.get("note"))
        entries[entry.complaint.receipt] = entry
    return list(entries.values())


def record_event(ledger_file: Path, event: dict[str, object]) -> None:
    """Append one ledger event durably."""
    journal = Journal(ledger_file)
    try:
        journal.append({"schema": SCHEMA_VERSION, **event})
    finally:
        journal.close()
