"""The case list's filter: what the list's address asks for, checked against the choices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from intake_api.office.case_query import FLAG_LABELS, STATUS_FILTERS, CaseFilter
from intake_api.office.casework import STATUS_LABELS
from intake_api.office.months import Month

STATUS_FILTER_LABELS = {"open": "未办结（待分派和办理中）"} | {
    name: STATUS_LABELS[name] for name in STATUS_FILTERS if name != "open"
}
MONTH_PROBLEM = "月份请按“年-月”填写，例如 2021-05；这一条件没有使用。"


@dataclass(frozen=True)
class FilterChoices:
    """The options of the filter form's selects."""

    statuses: dict[str, str]
    units: dict[str, str]
    channels: dict[str, str]
    flags: dict[str, str]


def filter_choices(units: Mapping[str, str], channels: Mapping[str, str]) -> FilterChoices:
    """The filter form's options (no unit select when ``units`` is empty)."""
    return FilterChoices(
        statuses=STATUS_FILTER_LABELS,
        units=dict(units),
        channels=dict(channels),
        flags=FLAG_LABELS,
    )


def _month(text: str) -> Month:
    year, _, month = text.partition("-")
    if not (len(year) == 4 and year.isascii() and year.isdigit() and 1900 <= int(year) <= 9998):
        raise ValueError(text)
    if not (month.isascii() and month.isdigit() and 1 <= int(month) <= 12):
        raise ValueError(text)
    return Month(int(year), int(month))


def read_filter(
    args: MultiDict[str, str], units: Mapping[str, str], channels: Mapping[str, str], search: str
) -> tuple[CaseFilter, list[str]]:
    """The filter ``args`` ask for with ``search``, and problems to show (unknown values are
    dropped)."""
    problems = []
    status = args.get("status", "")
    unit = args.get("unit", "")
    channel = args.get("channel", "")
    month_text = args.get("month", "").strip()
    month = None
    if month_text:
        try:
            month = _month(month_text)
        except ValueError:
            problems.append(MONTH_PROBLEM)
    wanted = CaseFilter(
        status=status if status in STATUS_FILTERS else None,
        unit_id=unit if unit in units else None,
        channel=channel if channel in channels else None,
        month=month,
        flags=frozenset(name for name in args.getlist("flag") if name in FLAG_LABELS),
        search=search,
    )
    return wanted, problems
