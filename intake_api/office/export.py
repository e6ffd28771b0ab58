"""Complaints as CSV or xlsx for the office, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from intake_api.office.ledger import STATUS_LABELS, Entry
from intake_api.public.validation import LABELS

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
    ("note", "办结说明"),
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Characters XML 1.0 forbids (an xlsx is XML): one of them makes the whole file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Identifiers that Excel would read as a number: an 18-digit ID number becomes 1.10105E+17
# and loses its last three digits, so a CSV carries them as the text formula ="…".
_IDENTIFIERS = ("receipt", "phone", "id_number")
_LOOKS_NUMERIC = re.compile(r"^[0-9]+([eE][0-9]+)?$")


def _xml_safe(value: object) -> object:
    """Text with the characters XML forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA_STARTS)


def neutralise(value: object) -> object:
    """For CSV: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and _looks_like_formula(value):
        return "'" + value
    return value


def _as_csv_text(value: object) -> object:
    """A digit string as ``="…"``, which Excel shows as that text rather than as a number."""
    if isinstance(value, str) and _LOOKS_NUMERIC.match(value):
        return f'="{value}"'
    return value


def rows(entries: list[Entry], today: date, channel_names: dict[str, str]) -> list[list[object]]:
    """One row per complaint, in queue order; formulas are neutralised by each writer."""
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
            "note": entry.note,
        }
        for flag in ("reported_elsewhere", "rural_low_income"):
            values[flag] = "是" if values.get(flag) else "否"
        table.append([_xml_safe(values.get(name)) for name, _ in COLUMNS])
    return table


def _write_private(path: Path, data: bytes) -> None:
    """The export holds personal data: mode 0600, replaced atomically."""
    draft = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(draft, path)


def write_csv(path: Path, table: list[list[object]]) -> None:
    """UTF-8 with a byte order mark, so Excel shows the Chinese correctly; IDs stay text."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([title for _, title in COLUMNS])
    identifiers = [i for i, (name, _) in enumerate(COLUMNS) if name in _IDENTIFIERS]
    for row in table:
        cells = ["" if value is None else neutralise(value) for value in row]
        for i in identifiers:
            cells[i] = _as_csv_text(cells[i])
        writer.writerow(cells)
    _write_private(path, text.getvalue().encode("utf-8-sig"))


def write_xlsx(path: Path, table: list[list[object]]) -> None:
    """One sheet, headings in the first row; amounts and counts numbers, identifiers text."""
    book = Workbook()
    sheet = book.active
    sheet.title = "投诉"
    sheet.append([title for _, title in COLUMNS])
    names = [name for name, _ in COLUMNS]
    amount_column = names.index("amount_owed")
    for row in table:
        row = list(row)
        if isinstance(row[amount_column], str):
            row[amount_column] = float(row[amount_column])
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if _looks_like_formula(cell.value):
                # Text, not a formula: shown as typed (an apostrophe would show as a
                # character); the quote prefix keeps it text when the cell is edited.
                cell.data_type = "s"
                cell.quotePrefix = True
    for name in _IDENTIFIERS:  # text cells already; "@" keeps them text when edited
        for (cell,) in sheet.iter_rows(
            min_row=2, min_col=names.index(name) + 1, max_col=names.index(name) + 1
        ):
            cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    _write_private(path, buffer.getvalue())
