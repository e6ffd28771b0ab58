"""Read ``schedule.yaml``: the sessions, their slots, leads and recorded changes."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from site_builder.model import Change, Lead, Session, Slot, Unit, Venue
from site_builder.yaml_fields import ErrorLog, Fields

WEEKDAY_NAMES = {
    name: index
    for index, names in enumerate(
        [
            ("星期一", "周一", "礼拜一"),
            ("星期二", "周二", "礼拜二"),
            ("星期三", "周三", "礼拜三"),
            ("星期四", "周四", "礼拜四"),
            ("星期五", "周五", "礼拜五"),
            ("星期六", "周六", "礼拜六"),
            ("星期日", "星期天", "周日", "礼拜日", "礼拜天"),
        ]
    )
    for name in names
}


def read_sessions(
    path: Path, units: dict[str, Unit], venues: dict[str, Venue], tz: ZoneInfo, log: ErrorLog
) -> list[Session]:
    fields = Fields.of_file(path, log)
    if fields is None:
        return []
    defaults = fields.sub("defaults")
    sessions: list[Session] = []
    seen: dict[str, int] = {}
    for index, node in fields.items("sessions", required=True):
        entry = fields.child(node, f"sessions[{index}]")
        if entry is None:
            continue
        session = _read_session(entry, defaults, units, venues, tz)
        entry.finish()
        if session is None:
            continue
        if session.id in seen:
            entry.error(
                entry.node("id") or node,
                f"sessions[{index}].id: {session.id!r} is already used on line {seen[session.id]}",
            )
            continue
        seen[session.id] = session.line
        sessions.append(session)
    if defaults is not None:
        for key in ("venue", "start", "end", "staff"):
            defaults.node(key)
        defaults.finish()
    fields.finish()
    return sessions


def _source(entry: Fields, fallback: Fields | None, key: str) -> Fields:
    """The session itself if it gives ``key``, else the schedule's defaults."""
    return entry if entry.has(key) or fallback is None else fallback


def _read_slot(
    entry: Fields, fallback: Fields | None, venues: dict[str, Venue], tz: ZoneInfo, required: bool
) -> Slot | None:
    """Date, start, end and venue; keys missing here are taken from ``fallback``."""
    day = entry.date("date", required=required)
    venue = _source(entry, fallback, "venue").reference("venue", venues, required=required)
    tba = entry.boolean("time_tba")
    if tba:
        if entry.has("start") or entry.has("end"):
            entry.error(entry.node("time_tba"), f"{entry.where}: time_tba with a start or end")
        return Slot(day, venue) if day and venue else None
    start = _source(entry, fallback, "start").time("start", required=required)
    end = _source(entry, fallback, "end").time("end", required=required)
    if day is None or venue is None or start is None or end is None:
        return None
    if end <= start:
        entry.error(
            entry.node("end") or entry.node("start") or entry.node("date"),
            f"{entry.where}: ends at {end:%H:%M}, not after it starts at {start:%H:%M}",
        )
        return None
    return Slot(day, venue, _aware(day, start, tz), _aware(day, end, tz))


def _aware(day: date, moment: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=tz)


def _read_session(
    entry: Fields,
    defaults: Fields | None,
    units: dict[str, Unit],
    venues: dict[str, Venue],
    tz: ZoneInfo,
) -> Session | None:
    session_id = entry.ident("id", required=True)
    slot = _read_slot(entry, defaults, venues, tz, required=True)
    weekday = entry.text("weekday")
    wrong_day = slot is not None and WEEKDAY_NAMES.get(weekday or "") != slot.day.weekday()
    if weekday is not None and slot is not None and wrong_day:
        entry.error(
            entry.node("weekday"),
            f"{entry.where}.weekday: {slot.day.isoformat()} is a {slot.weekday_label}, "
            f"not {weekday!r}",
        )
    session_units = []
    for index, node in entry.items("units"):
        ref = str(node.value)
        if ref not in units:
            choices = ", ".join(sorted(units)) or "none declared"
            entry.error(node, f"{entry.where}.units[{index}]: {ref!r} is not declared ({choices})")
        else:
            session_units.append(units[ref])
    lead = _read_lead(entry, units)
    staff = _source(entry, defaults, "staff").text("staff", max_length=200)
    note = entry.text("note", max_length=5000)
    changes = _read_changes(entry, slot, venues, tz)
    if session_id is None or slot is None or changes is None:
        return None
    return Session(
        id=session_id,
        slot=slot,
        units=tuple(session_units),
        lead=lead,
        staff=staff,
        note=note,
        changes=changes,
        line=entry.line,
    )


def _read_lead(entry: Fields, units: dict[str, Unit]) -> Lead | None:
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


def _read_changes(
    entry: Fields, slot: Slot | None, venues: dict[str, Venue], tz: ZoneInfo
) -> tuple[Change, ...] | None:
    """The session's recorded changes, oldest first; ``None`` if any is invalid."""
    changes: list[Change] = []
    valid = True
    for index, node in entry.items("changes"):
        change = entry.child(node, f"changes[{index}]")
        if change is None:
            valid = False
            continue
        announced = change.date("announced", required=True)
        kind = change.choice("kind", ("rescheduled", "cancelled"), required=True)
        reason = change.text("reason", max_length=500)
        previous = None
        if kind == "rescheduled":
            before = change.sub("previous", required=True)
            if before is not None and slot is not None:
                previous = _previous_slot(before, slot, venues, tz)
                before.finish()
        elif slot is not None:
            previous = slot  # a cancelled session keeps the slot it was cancelled from
        change.finish()
        if announced and changes and announced < changes[-1].announced:
            change.error(node, f"{change.where}.announced: earlier than the change before it")
            valid = False
        if announced is None or kind is None or previous is None:
            valid = False
            continue
        changes.append(Change(kind, announced, previous, reason))  # type: ignore[arg-type]
    return tuple(changes) if valid else None


def _previous_slot(before: Fields, current: Slot, venues: dict[str, Venue], tz: ZoneInfo) -> Slot:
    """The slot before a reschedule: what ``previous`` gives, the rest as it is now."""
    day = before.date("date") or current.day
    venue = before.reference("venue", venues) or current.venue
    start = before.time("start") or (current.start.time() if current.start else None)
    end = before.time("end") or (current.end.time() if current.end else None)
    if start is None or end is None:
        return Slot(day, venue)
    return Slot(day, venue, _aware(day, start, tz), _aware(day, end, tz))
