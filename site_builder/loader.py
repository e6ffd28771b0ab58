"""Load ``content/`` into the model, collecting every problem before failing once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from site_builder import checks
from site_builder.errors import ContentError, InvalidContent
from site_builder.model import (
    Campaign,
    Change,
    Contact,
    Lead,
    Session,
    Site,
    Slot,
    Unit,
    Venue,
)
from site_builder.notices import read_notices
from site_builder.yaml_fields import ErrorLog, Fields, compose_file
from site_builder.zones import load_zone

T = TypeVar("T")

DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_BASE_URL = "http://127.0.0.1:5000/"
DEFAULT_COMPLAINT_URL = "complaints/new"
DEFAULT_MAP_SEARCH = "https://uri.amap.com/search?keyword={query}"
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
class SiteSettings:
    """What ``site.yaml`` says, before the other files are read."""

    title: str
    office: str
    timezone: ZoneInfo
    complaint_url: str
    base_url: str
    map_search_url: str
    fields: Fields


def read_content(content_dir: Path) -> tuple[Site | None, list[ContentError]]:
    """Read and validate everything; return the site (if valid) and all errors and warnings."""
    log = ErrorLog()
    settings = _read_settings(content_dir / "site.yaml", log)
    units = _read_units(content_dir / "units.yaml", log)
    tz = settings.timezone if settings else load_zone(DEFAULT_TIMEZONE)
    map_search = settings.map_search_url if settings else DEFAULT_MAP_SEARCH
    venues = _read_venues(content_dir / "venues.yaml", map_search, log)
    contacts = _read_contacts(settings.fields, venues, log) if settings else ()
    schedule_path = content_dir / "schedule.yaml"
    sessions = _read_sessions(schedule_path, units, venues, tz, log)
    notices = read_notices(content_dir / "notices", log)
    campaign = _read_campaign(settings.fields) if settings else None
    if settings:
        published = settings.fields.date("published")
        summary = settings.fields.text("summary", max_length=5000)
        instructions = tuple(text for text, _ in settings.fields.texts("instructions"))
        settings.fields.finish()
    checks.check_overlaps(sessions, schedule_path, log)
    if settings and campaign:
        campaign_line = settings.fields.line_for("campaign")
        checks.check_months(sessions, campaign, settings.fields.path, campaign_line, log)
    if log.errors or settings is None:
        return None, log.items
    site = Site(
        title=settings.title,
        office=settings.office,
        timezone=settings.timezone.key,
        complaint_url=settings.complaint_url,
        base_url=settings.base_url,
        sessions=tuple(sorted(sessions, key=lambda s: s.sort_key)),
        venues=tuple(venues.values()),
        units=tuple(units.values()),
        contacts=contacts,
        notices=notices,
        instructions=instructions,
        summary=summary,
        published=published,
        campaign=campaign,
    )
    return site, log.items


def load_site(content_dir: Path) -> Site:
    """Load the content or raise :class:`InvalidContent` with every error (warnings ignored)."""
    site, problems = read_content(content_dir)
    if site is None:
        raise InvalidContent([problem for problem in problems if not problem.warning])
    return site


def _root(path: Path, log: ErrorLog) -> Fields | None:
    node = compose_file(path, log)
    if node is None:
        return None
    fields = Fields(node, path, "", log)
    return fields if fields.ok else None


def _read_settings(path: Path, log: ErrorLog) -> SiteSettings | None:
    fields = _root(path, log)
    if fields is None:
        return None
    title = fields.text("title", required=True, max_length=200)
    office = fields.text("office", required=True, max_length=200)
    zone_name = fields.text("timezone") or DEFAULT_TIMEZONE
    try:
        timezone = load_zone(zone_name)
    except ValueError:
        log.add(path, fields.line_for("timezone"), f"timezone: unknown time zone {zone_name!r}")
        timezone = load_zone(DEFAULT_TIMEZONE)
    base_url = fields.text("base_url") or DEFAULT_BASE_URL
    if not base_url.startswith(("http://", "https://")):
        log.add(path, fields.line_for("base_url"), "base_url: must start with https:// or http://")
    map_search = fields.text("map_search_url") or DEFAULT_MAP_SEARCH
    if "{query}" not in map_search:
        log.add(path, fields.line_for("map_search_url"), "map_search_url: must contain {query}")
    if title is None or office is None:
        return None
    return SiteSettings(
        title=title,
        office=office,
        timezone=timezone,
        complaint_url=fields.text("complaint_url") or DEFAULT_COMPLAINT_URL,
        base_url=base_url.rstrip("/") + "/",
        map_search_url=map_search,
        fields=fields,
    )


def _read_campaign(fields: Fields) -> Campaign | None:
    campaign = fields.sub("campaign")
    if campaign is None:
        return None
    name = campaign.text("name", required=True)
    first = campaign.month("first_month", required=True)
    last = campaign.month("last_month", required=True)
    per_month = campaign.integer("sessions_per_month", minimum=0)
    campaign.finish()
    if name is None or first is None or last is None:
        return None
    if last < first:
        campaign.error(campaign.node("last_month"), "campaign.last_month: before first_month")
        return None
    return Campaign(name, first, last, 1 if per_month is None else per_month)


def _read_units(path: Path, log: ErrorLog) -> dict[str, Unit]:
    fields = _root(path, log)
    units: dict[str, Unit] = {}
    if fields is None:
        return units
    for index, node in fields.items("units", required=True):
        entry = fields.child(node, f"units[{index}]")
        if entry is None:
            continue
        unit_id = entry.ident("id", required=True)
        name = entry.text("name", required=True, max_length=100)
        full_name = entry.text("full_name", max_length=200)
        entry.finish()
        if unit_id in units:
            entry.error(node, f"units[{index}].id: {unit_id!r} is already used by another unit")
        elif unit_id and name:
            units[unit_id] = Unit(unit_id, name, full_name)
    fields.finish()
    return units


def _read_venues(path: Path, map_search: str, log: ErrorLog) -> dict[str, Venue]:
    fields = _root(path, log)
    venues: dict[str, Venue] = {}
    if fields is None:
        return venues
    for index, node in fields.items("venues", required=True):
        entry = fields.child(node, f"venues[{index}]")
        if entry is None:
            continue
        venue_id = entry.ident("id", required=True)
        name = entry.text("name", required=True, max_length=200)
        address = entry.text("address", max_length=300)
        latitude, longitude = entry.number("latitude"), entry.number("longitude")
        if (latitude is None) != (longitude is None):
            entry.error(node, f"venues[{index}]: give both latitude and longitude, or neither")
        map_url = entry.text("map_url") or map_search.replace(
            "{query}", quote(address or name or "")
        )
        venue = Venue(
            id=venue_id or "",
            name=name or "",
            map_url=map_url,
            address=address,
            room=entry.text("room", max_length=200),
            phone=entry.text("phone", max_length=40),
            directions=entry.text("directions", max_length=1000),
            latitude=latitude,
            longitude=longitude,
        )
        entry.finish()
        if venue_id in venues:
            entry.error(node, f"venues[{index}].id: {venue_id!r} is already used by another venue")
        elif venue_id and name:
            venues[venue_id] = venue
    fields.finish()
    return venues


def _read_contacts(fields: Fields, venues: dict[str, Venue], log: ErrorLog) -> tuple[Contact, ...]:
    contacts = []
    for index, node in fields.items("contacts", required=True):
        entry = fields.child(node, f"contacts[{index}]")
        if entry is None:
            continue
        label = entry.text("label", required=True, max_length=100)
        phone = entry.text("phone", required=True, max_length=40)
        venue = _reference(entry, "venue", venues, required=False)
        contact = Contact(
            label=label or "",
            phone=phone or "",
            name=entry.text("name", max_length=50),
            title=entry.text("title", max_length=100),
            hours=entry.text("hours", max_length=200),
            venue=venue,
        )
        entry.finish()
        if label and phone:
            contacts.append(contact)
    return tuple(contacts)


def _reference(entry: Fields, key: str, known: dict[str, T], *, required: bool) -> T | None:
    ref = entry.ident(key, required=required)
    if ref is None:
        return None
    if ref not in known:
        choices = ", ".join(sorted(known)) or "none declared"
        entry.error(entry.node(key), f"{entry.where}.{key}: {ref!r} is not declared ({choices})")
        return None
    return known[ref]


def _read_sessions(
    path: Path, units: dict[str, Unit], venues: dict[str, Venue], tz: ZoneInfo, log: ErrorLog
) -> list[Session]:
    fields = _root(path, log)
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
    venue = _reference(_source(entry, fallback, "venue"), "venue", venues, required=required)
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
    unit = _reference(lead, "unit", units, required=False)
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
    venue = _reference(before, "venue", venues, required=False) or current.venue
    start = before.time("start") or (current.start.time() if current.start else None)
    end = before.time("end") or (current.end.time() if current.end else None)
    if start is None or end is None:
        return Slot(day, venue)
    return Slot(day, venue, _aware(day, start, tz), _aware(day, end, tz))
