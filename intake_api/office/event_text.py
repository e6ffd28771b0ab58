"""One Chinese sentence per case event, for the history and for conflict messages."""

from __future__ import annotations

import json
from decimal import Decimal

from intake_api.office.casework import ACTION_LABELS, INVALID_KINDS, STATUS_LABELS
from intake_api.office.masking import mask_id_number
from intake_api.office.models import CaseEvent
from intake_api.public.validation import LABELS
from intake_api.queue.receipts import display_receipt


def field_value(field: str, value: object) -> str:
    """A complaint field's value as the console shows it."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field == "amount_owed":
        return f"{Decimal(str(value)):,.2f} 元"
    if field == "workers_affected":
        return f"{value} 人"
    return str(value)


def describe_event(event: CaseEvent, unit_names: dict[str, str]) -> str:
    """What the event did, in a sentence (ID numbers masked: the history is shown to all)."""
    details = json.loads(event.details)
    kind = event.kind
    if kind == "assign":
        unit = unit_names.get(details["unit_id"], details["unit_id"])
        text = f"分派给{unit}"
        if details.get("person"):
            text += f"（责任人：{details['person']}）"
        text += f"，办理期限 {details['deadline']}"
        if details.get("leader"):
            text += f"，包案领导：{details['leader']}"
        return text + "。"
    if kind == "lead":
        return f"指定包案领导：{details['leader']}。"
    if kind == "note":
        return f"记录办理情况：{details['text']}"
    if kind == "close":
        amount = details.get("amount_recovered")
        recovered = f"，追回工资 {Decimal(amount):,.2f} 元" if amount else ""
        return f"办结{recovered}。结果：{details['result']}"
    if kind == "reopen":
        was = STATUS_LABELS.get(details.get("was", ""), details.get("was", ""))
        return f"重新办理（原为“{was}”）。原因：{details['reason']}"
    if kind == "duplicate":
        return f"标记为重复投诉，与 {display_receipt(details['of'])} 重复。"
    if kind == "invalid":
        label = INVALID_KINDS.get(details["kind"], details["kind"])
        return f"标记为无效投诉（{label}）。原因：{details['reason']}"
    if kind == "amend":
        field = details["field"]
        before, after = details["before"], details["after"]
        if field == "id_number":
            before, after = mask_id_number(before) or None, mask_id_number(after) or None
        return (
            f"更正{LABELS.get(field, field)}：由“{field_value(field, before)}”改为"
            f"“{field_value(field, after)}”。原因：{details['reason']}"
        )
    return ACTION_LABELS.get(kind, kind) + "。"
