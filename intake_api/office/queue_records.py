"""A queue line as the office reads it: every value checked before anything is imported.

The intake writes these lines (``queue.complaint_queue``); anything else in a line means it
was damaged or edited by hand, and it is reported with the reason instead of imported.
Reasons name the field and its type, never its value: it may be a name or a phone number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal

from intake_api.public.validation import MAX_WORKERS
from intake_api.queue.receipts import normalize_receipt

_AMOUNT = re.compile(r"^[0-9]{1,12}\.[0-9]{2}$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_REQUIRED_TEXT = ("name", "phone", "employer", "work_location", "owed_since", "description")
_OPTIONAL_TEXT = ("id_number", "project")
_FLAGS = ("reported_elsewhere", "rural_low_income")


class DamagedLine(ValueError):
    """A queue line that cannot be imported; the message says why (no personal data)."""


@dataclass(frozen=True)
class QueuedComplaint:
    """One complaint from the queue, typed."""

    receipt: str
    received_at: str  # as written, ISO 8601 with offset
    received_on: date  # the day in the office's time zone
    channel: str
    source: str
    fields: dict[str, object]  # exactly as queued
    values: dict[str, object]  # the typed columns of a case

    @property
    def original(self) -> str:
        """The queued fields as JSON text, stored once and never changed."""
        return json.dumps(self.fields, ensure_ascii=False, sort_keys=True)


def _kind(value: object) -> str:
    return type(value).__name__


def _text(record: dict[str, object], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise DamagedLine(f"{key} is {_kind(value)}, not str")
    return value


def months_owed(owed_since: str, received_on: date) -> int:
    """Months from ``owed_since`` (YYYY-MM) to the month received, counting both."""
    match = _MONTH.match(owed_since)
    if not match:
        return 0
    year, month = int(match[1]), int(match[2])
    return max(0, (received_on.year - year) * 12 + received_on.month - month + 1)


def case_values(fields: dict[str, object], received_on: date) -> dict[str, object]:
    """The typed columns of a case from a complaint's fields (checked or already valid)."""
    owed_since = str(fields["owed_since"])
    return {
        "name": fields["name"],
        "phone": fields["phone"],
        "id_number": fields.get("id_number") or None,
        "employer": fields["employer"],
        "project": fields.get("project") or None,
        "work_location": fields["work_location"],
        "workers_affected": fields["workers_affected"],
        "amount_owed": Decimal(str(fields["amount_owed"])),
        "owed_since": owed_since,
        "months_owed": months_owed(owed_since, received_on),
        "description": fields["description"],
        "reported_elsewhere": bool(fields.get("reported_elsewhere")),
        "rural_low_income": bool(fields.get("rural_low_income")),
    }


def parse_record(record: dict[str, object], timezone: tzinfo) -> QueuedComplaint:
    """One queue line as a complaint, or DamagedLine with the reason."""
    receipt = normalize_receipt(_text(record, "receipt"))
    if receipt is None:
        raise DamagedLine("receipt is not a receipt number")
    try:
        received = datetime.fromisoformat(_text(record, "received_at"))
    except ValueError:  # its message quotes the value
        raise DamagedLine("received_at is not a time like 2021-04-12T09:30:05+08:00") from None
    if received.utcoffset() is None:
        raise DamagedLine("received_at has no UTC offset")
    fields = record.get("fields")
    if not isinstance(fields, dict):
        raise DamagedLine("fields is not an object")
    for name in _REQUIRED_TEXT:
        _text(fields, name)
    for name in _OPTIONAL_TEXT:
        if fields.get(name) is not None:
            _text(fields, name)
    for name in _FLAGS:
        if not isinstance(fields.get(name, False), bool):
            raise DamagedLine(f"{name} is {_kind(fields[name])}, not bool")
    amount = _text(fields, "amount_owed")
    if not _AMOUNT.match(amount):
        raise DamagedLine("amount_owed is not yuan like 3500.50")
    workers = fields.get("workers_affected")
    if type(workers) is not int or not 1 <= workers <= MAX_WORKERS:
        raise DamagedLine(f"workers_affected is not a count from 1 to {MAX_WORKERS}")
    try:
        received_on = received.astimezone(timezone).date()
    except OverflowError:
        raise DamagedLine("received_at is out of range") from None
    return QueuedComplaint(
        receipt=receipt,
        received_at=_text(record, "received_at"),
        received_on=received_on,
        channel=_text(record, "channel"),
        source=str(record.get("source") or ""),
        fields=fields,
        values=case_values(fields, received_on),
    )
