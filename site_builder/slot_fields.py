"""Fields a session and a change's ``previous`` share: the times, the lead, and their types."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from site_builder.model import Lead, Unit, Venue
from site_builder.yaml_fields import Fields

Units = Mapping[str, Unit] | None
Venues = Mapping[str, Venue] | None


def given_times(fields: Fields) -> dict[str, time | None]:
    """The ``start``/``end`` a mapping gives, from ``time: 9:00-11:30`` or one by one.

    A key given with a wrong value maps to ``None`` (the error is already logged).
    """
    if fields.has("time"):
        if fields.has("start") or fields.has("end"):
            fields.error(
                fields.node("time"),
                f"{fields.where or 'defaults'}: give either time (a range) or start and end",
            )
            return {"start": None, "end": None}
        found = fields.time_range("time")
        return {"start": found[0], "end": found[1]} if found else {"start": None, "end": None}
    return {key: fields.time(key) for key in ("start", "end") if fields.has(key)}


def aware(day: date, moment: time, tz: ZoneInfo) -> datetime:
    """``moment`` on ``day`` in the office's time zone."""
    return datetime.combine(day, moment, tzinfo=tz)


def read_lead(entry: Fields, units: Units) -> Lead | None:
    """``lead: {unit: rsj, title: 分管负责同志, name: 王强}``: at least a title or a name."""
    lead = entry.sub("lead")
    if lead is None:
        return None
    unit = lead.reference("unit", units)
    title = lead.text("title", max_length=100)
    name = lead.text("name", max_length=50)
    lead.finish()
    if title is None and name is None:
        lead.error(entry.node("lead"), f"{lead.where}: give a title, a name, or both")
        return None
    return Lead(title=title, unit=unit, name=name)
