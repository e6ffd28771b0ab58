"""Corrections to a complaint's fields, checked by the same rules as the public form."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.orm import Session

from intake_api.office.duplicates import possible_duplicate_of
from intake_api.office.models import Case
from intake_api.office.queue_records import months_owed
from intake_api.office.settings import OfficeSettings
from intake_api.public.validation import (
    LABELS,
    TEXT_RULES,
    FieldError,
    clean_amount_owed,
    clean_id_number,
    clean_month,
    clean_phone,
    clean_text,
    clean_workers,
)

AMENDABLE = (
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
_YES = {"是", "yes", "true", "1", "y"}
_NO = {"否", "no", "false", "0", "n"}


class AmendmentError(ValueError):
    """The new value is not acceptable; the message says why, for the clerk."""


def _cleaner(field: str, case: Case) -> Callable[[str], object]:
    if field in TEXT_RULES:
        _, limit, multiline = TEXT_RULES[field]
        return lambda value: clean_text(value, field, limit=limit, multiline=multiline)
    return {
        "phone": clean_phone,
        "id_number": clean_id_number,
        "workers_affected": lambda value: clean_workers(value, "form"),
        "amount_owed": clean_amount_owed,
        "owed_since": lambda value: clean_month(value, case.received_on),
        "reported_elsewhere": _yes_or_no,
        "rural_low_income": _yes_or_no,
    }[field]


def _yes_or_no(value: str) -> bool:
    text = value.strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise FieldError("请填写“是”或“否”。")


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


def clean_value(field: str, value: str, case: Case) -> object:
    """The new value, cleaned as the form would clean it; AmendmentError if not valid."""
    if field not in AMENDABLE:
        raise AmendmentError("这一项不能更正。")
    optional = field in ("id_number", "project")
    if optional and not value.strip():
        return None
    if not value.strip():
        raise AmendmentError(f"请填写{LABELS[field]}。")
    try:
        return _cleaner(field, case)(value)
    except FieldError as error:
        raise AmendmentError(str(error)) from None


def apply(
    session: Session, case: Case, field: str, value: str, settings: OfficeSettings
) -> tuple[object, object]:
    """Set ``field`` of ``case`` to ``value``; return (before, after) as JSON values."""
    new = clean_value(field, value, case)
    before = getattr(case, field)
    setattr(case, field, new)
    if field == "owed_since":
        case.months_owed = months_owed(str(new), case.received_on)
    if field in ("phone", "id_number", "employer"):
        # No flush: the case is saved once, with the event, so its version goes up by one.
        with session.no_autoflush:
            case.possible_duplicate_of = possible_duplicate_of(
                session, case, settings.duplicate_window_days
            )
    return _plain(before), _plain(new)
