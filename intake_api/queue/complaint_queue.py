"""The complaint queue: one JSON line per acknowledged complaint (no web framework here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from intake_api.queue.journal import Journal, JournalFull, JournalUnavailable
from intake_api.queue.receipts import new_receipt

SCHEMA_VERSION = 1

QueueUnavailable = JournalUnavailable
QueueFull = JournalFull  # a QueueUnavailable: no room left on the disk or under the size cap


@dataclass(frozen=True)
class Acknowledgement:
    """What the worker is told once their complaint is safely on disk."""

    receipt: str
    received_at: str


def _plain(value: object) -> object:
    """JSON-ready field values: amounts as exact strings like ``"3500.50"``."""
    return str(value) if isinstance(value, Decimal) else value


def make_record(
    fields: Mapping[str, object], *, received_at: datetime, channel: str, source: str
) -> dict[str, object]:
    """The queued record of one complaint, with a new receipt (the same for every backend)."""
    return {
        "schema": SCHEMA_VERSION,
        "receipt": new_receipt(),
        "received_at": received_at.isoformat(timespec="seconds"),
        "channel": channel,
        "source": source,
        "fields": {name: _plain(value) for name, value in fields.items()},  # sorted on write
    }


class ComplaintQueue:
    """Appends complaints durably; the office commands read them back."""

    def __init__(self, path: Path, max_bytes: int | None = None) -> None:
        self.path = path
        self.journal = Journal(path, max_bytes)

    def append(
        self, fields: Mapping[str, object], *, received_at: datetime, channel: str, source: str
    ) -> Acknowledgement:
        """Queue one validated complaint; return its receipt only once the line is fsynced."""
        record = make_record(fields, received_at=received_at, channel=channel, source=source)
        self.journal.append(record)
        return Acknowledgement(
            receipt=str(record["receipt"]), received_at=str(record["received_at"])
        )

    def check_writable(self) -> None:
        """Raise QueueUnavailable unless a complaint could be queued now."""
        self.journal.check_writable()

    def recover(self) -> None:
        """Quarantine a torn final line left by a crash."""
        self.journal.recover()

    def close(self) -> None:
        """Release the queue file and its locks."""
        self.journal.close()
