"""The monthly report as JSON: every figure, amounts as exact decimal strings, days ISO."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal

from intake_api.office.months import Month
from intake_api.office.report.model import MonthlyReport


def _plain(value: object) -> object:
    if isinstance(value, Month):
        return value.key
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def render_json(report: MonthlyReport) -> bytes:
    """The report as UTF-8 JSON (keys in the dataclasses' order), ending with a newline."""
    return (json.dumps(_plain(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
