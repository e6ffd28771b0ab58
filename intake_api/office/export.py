"""Cases as CSV or xlsx for the office and the units: current (amended) values and handling.

ID numbers are masked (``5301**********1234``) unless a full export is asked for; every
export is in the access log. Text that looks like a formula stays inert (see spreadsheet).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from intake_api.office.amendments import AMENDABLE
from intake_api.office.case_query import FLAG_LABELS, CaseRules
from intake_api.office.casework import STATUS_LABELS, status_of
from intake_api.office.masking import mask_id_number
from intake_api.office.models import Case
from intake_api.office.queue_records import case_values
from intake_api.office.spreadsheet import (
    AMOUNT_FORMAT,
    DATE_FORMAT,
    TEXT_FORMAT,
    append_row,
    finish_sheet,
    neutralise,
    xml_safe,
)
from intake_api.public.validation import LABELS
from intake_api.queue.receipts import display_receipt

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# (key, title, width, xlsx number format)
COLUMNS = (
    ("receipt", "受理编号", 17, TEXT_FORMAT),
    ("received_at", "受理时间", 17, DATETIME_FORMAT),
    ("channel", LABELS["channel"], 30, None),
    ("name", LABELS["name"], 10, None),
    ("phone", LABELS["phone"], 14, TEXT_FORMAT),
    ("id_number", LABELS["id_number"], 21, TEXT_FORMAT),
    ("employer", LABELS["employer"], 28, None),
    ("project", LABELS["project"], 24, None),
    ("work_location", LABELS["work_location"], 24, None),
    ("workers_affected", LABELS["workers_affected"], 10, "0"),
    ("amount_owed", LABELS["amount_owed"], 15, AMOUNT_FORMAT),
    ("owed_since", LABELS["owed_since"], 10, TEXT_FORMAT),
    ("description", LABELS["description"], 40, None),
    ("reported_elsewhere", LABELS["reported_elsewhere"], 10, None),
    ("rural_low_income", LABELS["rural_low_income"], 10, None),
    ("flags", "标记", 24, None),
    ("status", "状态", 10, None),
    ("unit", "责任单位", 14, None),
    ("person", "责任人", 10, None),
    ("deadline", "办理期限", 12, DATE_FORMAT),
    ("leader", "包案领导", 12, None),
    ("assigned_on", "分派日期", 12, DATE_FORMAT),
    ("closed_on", "办结日期", 12, DATE_FORMAT),
    ("result", "办结结果", 30, None),
    ("amount_recovered", "追回工资（元）", 15, AMOUNT_FORMAT),
    ("duplicate_of", "重复于", 17, None),
    ("invalid_reason", "无效原因", 20, None),
    ("amended", "更正前的原值", 40, None),
)
# Identifiers that Excel would read as a number: an 18-digit ID number becomes 1.10105E+17
# and loses its last three digits, so a CSV carries them as the text formula ="…".
_IDENTIFIERS = ("receipt", "phone", "id_number")
_LOOKS_NUMERIC = re.compile(r"^[0-9]+([eE][0-9]+)?$")


def _yes(value: object) -> str:
    return "是" if value else "否"


def _original_values(case: Case, full: bool) -> str:
    """``欠薪金额（元）：80000.00；…``: what the worker gave for each field amended since."""
    before = case_values(json.loads(case.original), case.received_on)
    changed = []
    for field in AMENDABLE:
        then = before[field]
        if then == getattr(case, field):
            continue
        shown = _yes(then) if isinstance(then, bool) else ("" if then is None else str(then))
        if field == "id_number" and then and not full:
            shown = mask_id_number(str(then))
        changed.append(f"{LABELS[field]}：{shown}")
    return "；".join(changed)


def rows(
    cases: Iterable[Case],
    rules: CaseRules,
    channel_names: dict[str, str],
    unit_names: dict[str, str],
    timezone: tzinfo,
    *,
    full: bool,
) -> list[list[object]]:
    """One row per case, typed (dates, Decimal amounts, ints); ID numbers masked unless full."""
    table = []
    for case in cases:
        status = status_of(case, rules.today)
        values: dict[str, object] = {
            **{field: getattr(case, field) for field in AMENDABLE},
            "receipt": display_receipt(case.receipt),
            "received_at": datetime.fromisoformat(case.received_at)
            .astimezone(timezone)
            .replace(tzinfo=None),
            "channel": channel_names.get(case.channel, case.channel),
            "id_number": case.id_number if full else mask_id_number(case.id_number),
            "reported_elsewhere": _yes(case.reported_elsewhere),
            "rural_low_income": _yes(case.rural_low_income),
            "flags": "、".join(FLAG_LABELS[flag] for flag in rules.flags_of(case)),
            "status": STATUS_LABELS[status],
            "unit": unit_names.get(case.unit_id, case.unit_id) if case.unit_id else None,
            "person": case.person,
            "deadline": case.deadline,
            "leader": case.leader,
            "assigned_on": case.assigned_on,
            "closed_on": case.closed_on,
            "result": case.result,
            "amount_recovered": case.amount_recovered,
            "duplicate_of": display_receipt(case.duplicate_of) if case.duplicate_of else None,
            "invalid_reason": case.invalid_reason,
            "amended": _original_values(case, full),
        }
        table.append([xml_safe(values[key]) for key, *_ in COLUMNS])
    return table


def _csv_text(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return neutralise(value)


def csv_bytes(table: list[list[object]]) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows the Chinese correctly; IDs stay text."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([title for _, title, _, _ in COLUMNS])
    identifiers = [i for i, (key, *_) in enumerate(COLUMNS) if key in _IDENTIFIERS]
    for row in table:
        cells = ["" if value is None else _csv_text(value) for value in row]
        for i in identifiers:
            if isinstance(cells[i], str) and _LOOKS_NUMERIC.match(cells[i]):
                cells[i] = f'="{cells[i]}"'
        writer.writerow(cells)
    return text.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: list[list[object]]) -> bytes:
    """One sheet: header row frozen, a filter, typed cells, identifiers as text cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = "投诉"
    sheet.append([title for _, title, _, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = [number_format for *_, number_format in COLUMNS]
    for row in table:
        append_row(sheet, row, formats)
    finish_sheet(sheet, [width for _, _, width, _ in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
