"""Read ``schedule.yaml``: the sessions, their slots, leads and recorded changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from site_builder.model import Change, Lead, Session, Slot, Unit, Venue
from site_builder.yaml_fields import Fields
from site_builder.yaml_source import ErrorLog

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


Units = Mapping[str, Unit] | None
Venues = Mapping[str, Venue] | None


@dataclass(frozen=True)
class Defaults:
    """What ``defaults:`` gives every session that does not say otherwise."""

    venue: Venue | None = None
    start: time | None = None
    end: time | None = None
    staff: str | None = None


@dataclass(frozen=True)
class _ChangeEntry:
    """One entry under ``changes:`` as written, before its slots are worked out."""

    node: yaml.Node
    where: str
    kind: str
    announced: date
    reason: str | None
    previous: Fields | None


def read_sessions(
    path: Path, units: Units, venues: Venues, tz: ZoneInfo, log: ErrorLog
) -> list[Session]:
    """Every valid session of ``schedule.yaml``; problems go to ``log``.

    ``units``/``venues`` are ``None`` when their own file could not be read.
    """
    fields = Fields.of_file(path, log)
    if fields is None:
        return []
    defaults = _read_defaults(fields, venues)
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
    fields.finish()
    return sessions


def _read_defaults(fields: Fields, venues: Venues) -> Defaults:
    """Read ``defaults:`` once, so a mistake there is reported once, not per session."""
    found = fields.sub("defaults")
    if found is None:
        return Defaults()
    defaults = Defaults(
        venue=found.reference("venue", venues),
        start=found.time("start"),
        end=found.time("end"),
        staff=found.text("staff", max_length=200),
    )
    found.finish()
    return defaults


def _required(entry: Fields, key: str, value: object) -> None:
    """Report a field that neither the session nor ``defaults:`` gives."""
    if value is None and not entry.has(key):
        entry.error_here(
            f"missing required field `{key}` in {entry.where} (give it here or under `defaults:`)"
        )


def _read_slot(entry: Fields, defaults: Defaults, venues: Venues, tz: ZoneInfo) -> Slot | None:
    """Date, start, end and venue; what the session does not give comes from ``defaults``."""
    day = entry.date("date", required=True)
    venue = entry.reference("venue", venues) if entry.has("venue") else defaults.venue
    if venues is not None:
        _required(entry, "venue", venue)
    if entry.boolean("time_tba"):
        if entry.has("start") or entry.has("end"):
            entry.error(
                entry.node("time_tba"),
                f"{entry.where}: time_tba: true means the time is not known yet: "
                "remove start and end, or remove time_tba",
            )
        return Slot(day, venue) if day and venue else None
    start = entry.time("start") if entry.has("start") else defaults.start
    end = entry.time("end") if entry.has("end") else defaults.end
    _required(entry, "start", start)
    _required(entry, "end", end)
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
    entry: Fields, defaults: Defaults, units: Units, venues: Venues, tz: ZoneInfo
) -> Session | None:
    session_id = entry.ident("id", required=True)
    slot = _read_slot(entry, defaults, venues, tz)
    weekday = entry.text("weekday")
    wrong_day = slot is not None and WEEKDAY_NAMES.get(weekday or "") != slot.day.weekday()
    if weekday is not None and slot is not None and wrong_day:
        entry.error(
            entry.node("weekday"),
            f"{entry.where}.weekday: {slot.day.isoformat()} is a {slot.weekday_label}, "
            f"not {weekday!r}",
        )
    session_units = entry.references("units", units)
    lead = _read_lead(entry, units)
    staff = entry.text("staff", max_length=200) if entry.has("staff") else defaults.staff
    note = entry.text("note", max_length=5000, multiline=True)
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


def _read_lead(entry: Fields, units: Units) -> Lead | None:
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


def _read_change_entries(entry: Fields) -> list[_ChangeEntry] | None:
    """The entries under ``changes:``, oldest first; ``None`` if any is invalid."""
    entries: list[_ChangeEntry] = []
    valid = True
    for index, node in entry.items("changes"):
        change = entry.child(node, f"changes[{index}]")
        if change is None:
            valid = False
            continue
        announced = change.date("announced", required=True)
        kind = change.choice("kind", ("rescheduled", "cancelled"), required=True)
        reason = change.text("reason", max_length=500)
        previous = change.sub("previous", required=kind == "rescheduled")
        if previous is not None and kind == "cancelled":
            change.error(
                change.node("previous"),
                f"{change.where}.previous: a cancelled session keeps its time: remove previous",
            )
            valid = False
        change.finish()
        if announced and entries and announced < entries[-1].announced:
            change.error(node, f"{change.where}.announced: earlier than the change before it")
            valid = False
        if announced is None or kind is None or (kind == "rescheduled" and previous is None):
            valid = False
            continue
        entries.append(_ChangeEntry(node, change.where, kind, announced, reason, previous))
    return entries if valid else None


def _read_changes(
    entry: Fields, slot: Slot | None, venues: Venues, tz: ZoneInfo
) -> tuple[Change, ...] | None:
    """The session's changes, oldest first, each with the slots before and after it.

    They are worked out newest first: the last change ends in the current slot, and what a
    reschedule's ``previous`` leaves out was as it is right after that reschedule.
    """
    entries = _read_change_entries(entry)
    if entries is None or slot is None:
        return None
    after = slot
    changes: list[Change] = []
    valid = True
    for index in reversed(range(len(entries))):
        found = entries[index]
        previous = after
        if found.previous is not None:
            previous = _previous_slot(found.previous, after, venues, tz)
            found.previous.finish()
            reinstated = index > 0 and entries[index - 1].kind == "cancelled"
            if previous == after and not reinstated:
                entry.error(
                    found.node,
                    f"{found.where}.previous: the same date, time and venue as after this "
                    "change: give what was different before it (date, start, end or venue)",
                )
                valid = False
        elif index > 0 and entries[index - 1].kind == "cancelled":
            entry.error(found.node, f"{found.where}: the session is already cancelled")
            valid = False
        kind = "cancelled" if found.kind == "cancelled" else "rescheduled"
        changes.append(Change(kind, found.announced, previous, after, found.reason))
        after = previous
    return tuple(reversed(changes)) if valid else None


def _previous_slot(before: Fields, after: Slot, venues: Venues, tz: ZoneInfo) -> Slot:
    """The slot before a reschedule: what ``previous`` gives, the rest as right after it."""
    day = before.date("date") or after.day
    venue = before.reference("venue", venues) or after.venue
    start = before.time("start") or (after.start.time() if after.start else None)
    end = before.time("end") or (after.end.time() if after.end else None)
    if start is None or end is None:
        return Slot(day, venue)
    return Slot(day, venue, _aware(day, start, tz), _aware(day, end, tz))
