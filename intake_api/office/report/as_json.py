"""The report as JSON: every figure, amounts as exact decimal strings, days ISO.

The period is written under the name of its kind: ``"month": "2021-05"``,
``"week": "2021-W19"`` or ``"quarter": "2021-Q2"``, so a monthly report reads as it always has.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal

from intake_api.office.periods import ReportPeriod
from intake_api.office.report.model import PeriodReport


def _plain(value: object) -> object:
    if isinstance(value, ReportPeriod):
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


def render_json(report: PeriodReport) -> bytes:
    """The report as UTF-8 JSON (keys in the dataclasses' order), ending with a newline."""
    named = {
        (report.period.kind if field.name == "period" else field.name): _plain(
            getattr(report, field.name)
        )
        for field in fields(report)
    }
    return (json.dumps(named, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
