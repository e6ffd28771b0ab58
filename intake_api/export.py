"""Complaints as CSV or xlsx for the office, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from intake_api.ledger import STATUS_LABELS, Entry
from intake_api.validation import LABELS

COLUMNS = (
    ("receipt", "受理编号"),
    ("received_at", "受理时间"),
    ("channel", LABELS["channel"]),
    *(
        (name, LABELS[name])
        for name in (
            "name",
            "phone",
            "id_number",
            "employer",
            "project",
            "work_location",
            "workers_affected",
            "amount_owed",
            "owed_since",
            "description",
            "reported_elsewhere",
            "rural_low_income",
        )
    ),
    ("unit", "责任单位"),
    ("person", "责任人员"),
    ("deadline", "办理期限"),
    ("status", "状态"),
    ("closed_on", "办结日期"),
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def rows(entries: list[Entry], today: date, channel_names: dict[str, str]) -> list[list[object]]:
    """One row per complaint, in queue order; every text cell neutralised."""
    table = []
    for entry in entries:
        complaint = entry.complaint
        values: dict[str, object] = {
            **complaint.fields,
            "receipt": complaint.receipt,
            "received_at": complaint.received_at.isoformat(),
            "channel": channel_names.get(complaint.channel, complaint.channel),
            "unit": entry.unit,
            "person": entry.person,
            "deadline": entry.deadline.isoformat() if entry.deadline else None,
            "status": STATUS_LABELS[entry.status(today)],
            "closed_on": entry.closed_on.isoformat() if entry.closed_on else None,
        }
        for flag in ("reported_elsewhere", "rural_low_income"):
            values[flag] = "是" if values.get(flag) else "否"
        table.append([neutralise(values.get(name)) for name, _ in COLUMNS])
    return table


def _write_private(path: Path, data: bytes) -> None:
    """The export holds personal data: mode 0600, replaced atomically."""
    draft = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(draft, path)


def write_csv(path: Path, table: list[list[object]]) -> None:
    """UTF-8 with a byte order mark, so Excel shows the Chinese correctly."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([title for _, title in COLUMNS])
    writer.writerows(["" if value is None else value for value in row] for row in table)
    _write_private(path, text.getvalue().encode("utf-8-sig"))


def write_xlsx(path: Path, table: list[list[object]]) -> None:
    """One sheet, headings in the first row; amounts and counts stay numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = "投诉"
    sheet.append([title for _, title in COLUMNS])
    amount_column = [name for name, _ in COLUMNS].index("amount_owed")
    for row in table:
        row = list(row)
        if isinstance(row[amount_column], str):
            row[amount_column] = float(row[amount_column])
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    _write_private(path, buffer.getvalue())
