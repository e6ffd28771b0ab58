"""Read ``schedule.yaml``: the sessions, their slots, leads and recorded changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from site_builder.changes import read_changes
from site_builder.model import Session, Slot, Venue
from site_builder.slot_fields import Units, Venues, aware, given_times, read_lead
from site_builder.yaml_fields import Fields
from site_builder.yaml_source import ErrorLog
from site_builder.yaml_stream import NotStreamable, StreamedMapping

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


@dataclass(frozen=True)
class Defaults:
    """What ``defaults:`` gives every session that does not say otherwise.

    ``broken`` names the keys ``defaults:`` gives with a wrong value: that error is reported
    once, and the sessions relying on it are not reported again as missing the key.
    """

    venue: Venue | None = None
    start: time | None = None
    end: time | None = None
    staff: str | None = None
    broken: frozenset[str] = frozenset()


def read_sessions(
    path: Path, units: Units, venues: Venues, tz: ZoneInfo, log: ErrorLog
) -> list[Session]:
    """Every valid session of ``schedule.yaml``; problems go to ``log``.

    ``units``/``venues`` are ``None`` when their own file could not be read. The sessions
    are read one by one as the file is parsed, so that a big schedule's YAML nodes are not
    all in memory at once; a file of any other shape (a syntax error, ``defaults:`` after
    ``sessions:``, a key given twice) is read again whole, with the messages that gives.
    """
    try:
        with path.open("rb") as stream:
            found = ErrorLog()
            document = StreamedMapping(stream, "sessions")
            fields = Fields.of_document(document.node, path, found)
            sessions = _read_all(fields, units, venues, tz) if fields else []
            if fields is None or not fields.add_later(document.rest()):
                raise NotStreamable("read it whole")
            fields.finish()
    except (NotStreamable, OSError, yaml.YAMLError):
        fields = Fields.of_file(path, log)
        if fields is None:
            return []
        sessions = _read_all(fields, units, venues, tz)
        fields.finish()
        return sessions
    log.items += found.items
    return sessions


def _read_all(fields: Fields, units: Units, venues: Venues, tz: ZoneInfo) -> list[Session]:
    """The sessions under ``sessions:`` (the caller finishes ``fields``)."""
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
    return sessions


def _read_defaults(fields: Fields, venues: Venues) -> Defaults:
    """Read ``defaults:`` once, so a mistake there is reported once, not per session."""
    found = fields.sub("defaults")
    if found is None:
        return Defaults()
    venue = found.reference("venue", venues)
    times = given_times(found)
    broken = {key for key, value in times.items() if value is None}
    if found.has("venue") and venue is None:
        broken.add("venue")
    defaults = Defaults(
        venue=venue,
        start=times.get("start"),
        end=times.get("end"),
        staff=found.text("staff", max_length=200),
        broken=frozenset(broken),
    )
    found.finish()
    return defaults


def _required(entry: Fields, key: str, defaults: Defaults) -> None:
    """Report a field that neither the session nor ``defaults:`` gives."""
    if key not in defaults.broken:
        entry.error_here(
            f"missing required field `{key}` in {entry.where} (give it here or under `defaults:`)"
        )


def _read_slot(entry: Fields, defaults: Defaults, venues: Venues, tz: ZoneInfo) -> Slot | None:
    """Date, start, end and venue; what the session does not give comes from ``defaults``."""
    day = entry.date("date", required=True)
    venue = entry.reference("venue", venues) if entry.has("venue") else defaults.venue
    if venues is not None and venue is None and not entry.has("venue"):
        _required(entry, "venue", defaults)
    if entry.boolean("time_tba"):
        if entry.has("start") or entry.has("end") or entry.has("time"):
            entry.error(
                entry.node("time_tba"),
                f"{entry.where}: time_tba: true means the time is not known yet: "
                "remove start and end, or remove time_tba",
            )
        return Slot(day, venue) if day and venue else None
    given = given_times(entry)
    start = given.get("start", defaults.start)
    end = given.get("end", defaults.end)
    for key, value in (("start", start), ("end", end)):
        if value is None and key not in given:
            _required(entry, key, defaults)
    if day is None or venue is None or start is None or end is None:
        return None
    if end <= start:
        entry.error(
            entry.node("end") or entry.node("time") or entry.node("start") or entry.node("date"),
            f"{entry.where}: ends at {end:%H:%M}, not after it starts at {start:%H:%M}",
        )
        return None
    return Slot(day, venue, aware(day, start, tz), aware(day, end, tz))


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
    lead = read_lead(entry, units)
    staff = entry.text("staff", max_length=200) if entry.has("staff") else defaults.staff
    note = entry.text("note", max_length=5000, multiline=True)
    changes = read_changes(entry, slot, lead, tuple(session_units), units, venues, tz)
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
