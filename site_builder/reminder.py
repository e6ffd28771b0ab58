"""``reminder`` in site.yaml: how long before each session calendar apps remind people."""

from __future__ import annotations

import re
from datetime import timedelta

from site_builder.yaml_fields import Fields

# English or Chinese units, as an office would write them: `1 day`, `2 hours`, `1天`, `2小时`.
UNITS = {
    "day": timedelta(days=1),
    "days": timedelta(days=1),
    "天": timedelta(days=1),
    "hour": timedelta(hours=1),
    "hours": timedelta(hours=1),
    "小时": timedelta(hours=1),
    "个小时": timedelta(hours=1),
    "minute": timedelta(minutes=1),
    "minutes": timedelta(minutes=1),
    "分钟": timedelta(minutes=1),
}
LONGEST = timedelta(days=7)
_AMOUNT = re.compile(r"(\d+)\s*(\S+)")
EXPECTED = 'expected e.g. "1 day", "2 hours", "30 minutes" or "none"'


def read_reminder(fields: Fields) -> timedelta | None:
    """The reminder's lead time, or ``None`` for no reminder (the default, or ``none``)."""
    value = fields.text("reminder", max_length=30)
    node = fields.node("reminder")
    if value is None or node is None or value.lower() in ("none", "无"):
        return None
    match = _AMOUNT.fullmatch(value)
    unit = UNITS.get(match.group(2).lower()) if match else None
    if match is None or unit is None:
        fields.error(node, f"reminder: {EXPECTED}, found {value!r}")
        return None
    lead = int(match.group(1)) * unit
    if not timedelta(0) < lead <= LONGEST:
        fields.error(node, f"reminder: must be more than 0 and at most 7 days, found {value!r}")
        return None
    return lead
