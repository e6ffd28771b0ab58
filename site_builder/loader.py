"""Load ``content/`` into the model, collecting every problem before failing once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from site_builder import checks
from site_builder.errors import ContentError, InvalidContent
from site_builder.identity import read_identity
from site_builder.model import (
    Campaign,
    Contact,
    FollowUp,
    Notice,
    Phone,
    Privacy,
    Site,
    Unit,
    Venue,
)
from site_builder.notices import read_addressees, read_issuers, read_notices, with_site_facts
from site_builder.reminder import read_reminder
from site_builder.schedule import read_sessions
from site_builder.yaml_fields import Fields, T
from site_builder.yaml_source import ErrorLog
from site_builder.zones import load_zone

DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_BASE_URL = "http://127.0.0.1:5000/"
DEFAULT_COMPLAINT_URL = "complaints/new"
DEFAULT_MAP_SEARCH = "https://uri.amap.com/search?keyword={query}"


@dataclass(frozen=True)
class SiteSettings:
    """What ``site.yaml`` says, before the other files are read."""

    title: str
    office: str
    region: str | None
    timezone: ZoneInfo
    complaint_url: str
    base_url: str
    map_search_url: str
    fields: Fields


def read_content(content_dir: Path) -> tuple[Site | None, list[ContentError]]:
    """Read and validate everything; return the site (if valid) and all errors and warnings."""
    log = ErrorLog()
    settings = _read_settings(content_dir / "site.yaml", log)
    units = _read_declared(content_dir / "units.yaml", "units", log, _read_unit)
    tz = settings.timezone if settings else load_zone(DEFAULT_TIMEZONE)
    map_search = settings.map_search_url if settings else DEFAULT_MAP_SEARCH
    region = settings.region if settings else None
    venues_path = content_dir / "venues.yaml"
    venues = _read_declared(venues_path, "venues", log, _venue_reader(map_search, region))
    if venues is not None:
        venues = {key: replace(venue, order=i) for i, (key, venue) in enumerate(venues.items())}
    contacts = _read_contacts(settings.fields, venues, log) if settings else ()
    schedule_path = content_dir / "schedule.yaml"
    sessions = read_sessions(schedule_path, units, venues, tz, log)
    notices = read_notices(content_dir / "notices", log)
    campaign = _read_campaign(settings.fields) if settings else None
    if settings:
        published = settings.fields.date("published")
        summary = settings.fields.text("summary", max_length=5000, multiline=True)
        instructions = settings.fields.texts("instructions")
        bring = settings.fields.texts("bring")
        identity = read_identity(settings.fields, settings.base_url)
        privacy = _read_privacy(settings.fields)
        follow_up = _read_follow_up(settings.fields)
        site_id = settings.fields.text("id", max_length=200)
        event_name = settings.fields.text("event_name", max_length=50) or Site.event_name
        reminder = read_reminder(settings.fields)
        issuers = read_issuers(settings.fields) or (settings.office,)
        notices = with_site_facts(notices, _document_facts(settings.fields, published, issuers))
        settings.fields.finish()
    checks.check_overlaps(sessions, schedule_path, log)
    if settings and campaign:
        campaign_line = settings.fields.line_for("campaign")
        checks.check_months(sessions, campaign, settings.fields.path, campaign_line, log)
    if log.errors or settings is None or units is None or venues is None:
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
        privacy=privacy,
        follow_up=follow_up,
        identity=identity,
        bring=bring,
        region=settings.region,
        id=site_id,
        issuers=issuers,
        event_name=event_name,
        reminder=reminder,
    )
    return site, log.items


def _document_facts(fields: Fields, published: date | None, issuers: tuple[str, ...]) -> Notice:
    """What site.yaml says about the notice itself, as a header without a text."""
    return Notice(
        slug="",
        title="",
        body="",
        published=published,
        issuers=issuers,
        document_number=fields.text("document_number", max_length=100),
        document_type=fields.text("document_type", max_length=20),
        addressees=read_addressees(fields),
    )


def load_site(content_dir: Path) -> Site:
    """Load the content or raise :class:`InvalidContent` with every error (warnings ignored)."""
    site, problems = read_content(content_dir)
    if site is None:
        raise InvalidContent([problem for problem in problems if not problem.warning])
    return site


def _read_settings(path: Path, log: ErrorLog) -> SiteSettings | None:
    fields = Fields.of_file(path, log)
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
        region=fields.text("region", max_length=100),
        timezone=timezone,
        complaint_url=fields.text("complaint_url") or DEFAULT_COMPLAINT_URL,
        base_url=base_url.rstrip("/") + "/",
        map_search_url=map_search,
        fields=fields,
    )


def _read_follow_up(fields: Fields) -> FollowUp:
    follow_up = fields.sub("follow_up")
    if follow_up is None:
        return FollowUp()
    found = FollowUp(
        call_within=follow_up.text("call_within", max_length=50),
        caller=follow_up.text("caller", max_length=60),
    )
    follow_up.finish()
    return found


def _read_privacy(fields: Fields) -> Privacy:
    privacy = fields.sub("privacy")
    if privacy is None:
        return Privacy()
    default = Privacy()
    found = Privacy(
        handled_by=privacy.text("handled_by", max_length=300) or default.handled_by,
        retention=privacy.text("retention", max_length=300) or default.retention,
    )
    privacy.finish()
    return found


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


def _read_declared(
    path: Path, key: str, log: ErrorLog, read_entry: Callable[[Fields, str], T | None]
) -> dict[str, T] | None:
    """Things declared once by id and referred to elsewhere (units, venues), by id.

    ``None`` when the file cannot be read at all: references to it are then not checked.
    """
    fields = Fields.of_file(path, log)
    if fields is None:
        return None
    declared: dict[str, T] = {}
    for index, node in fields.items(key, required=True):
        entry = fields.child(node, f"{key}[{index}]")
        if entry is None:
            continue
        entry_id = entry.ident("id", required=True)
        thing = read_entry(entry, entry_id or "")
        entry.finish()
        if entry_id in declared:
            entry.error(node, f"{key}[{index}].id: {entry_id!r} is already used by another entry")
        elif entry_id and thing is not None:
            declared[entry_id] = thing
    fields.finish()
    return declared


def _read_unit(entry: Fields, unit_id: str) -> Unit | None:
    name = entry.text("name", required=True, max_length=100)
    full_name = entry.text("full_name", max_length=200)
    return Unit(unit_id, name, full_name) if name else None


def _venue_reader(map_search: str, region: str | None) -> Callable[[Fields, str], Venue | None]:
    """Reads one venue; a venue without ``map_url`` gets a map search for its address.

    The search names the region (``云南省昆明市宜良县``) unless the address already starts
    with it: a bare street name is found in every city that has one.
    """

    def read_venue(entry: Fields, venue_id: str) -> Venue | None:
        name = entry.text("name", required=True, max_length=200)
        address = entry.text("address", max_length=300)
        latitude = entry.number("latitude", low=-90, high=90)
        longitude = entry.number("longitude", low=-180, high=180)
        if entry.has("latitude") != entry.has("longitude"):
            entry.error_here(f"{entry.where}: give both latitude and longitude, or neither")
        query = address or name or ""
        if region and not query.startswith(region):
            query = region + query
        map_url = entry.text("map_url") or map_search.replace("{query}", quote(query))
        venue = Venue(
            id=venue_id,
            name=name or "",
            map_url=map_url,
            address=address,
            room=entry.text("room", max_length=200),
            phone=entry.text("phone", max_length=40),
            directions=entry.text("directions", max_length=1000, multiline=True),
            latitude=latitude,
            longitude=longitude,
        )
        return venue if name else None

    return read_venue


def _read_contacts(
    fields: Fields, venues: dict[str, Venue] | None, log: ErrorLog
) -> tuple[Contact, ...]:
    contacts = []
    for index, node in fields.items("contacts", required=True):
        entry = fields.child(node, f"contacts[{index}]")
        if entry is None:
            continue
        label = entry.text("label", required=True, max_length=100)
        phones = _read_phones(entry)
        url = entry.text("url", max_length=500)
        if url is not None and not url.startswith(("http://", "https://")):
            entry.error(
                entry.node("url"), f"{entry.where}.url: must start with https:// or http://"
            )
        description = entry.text("description", max_length=500)
        if not any(entry.has(key) for key in ("phone", "phones", "url", "description")):
            entry.error_here(
                f"{entry.where}: give a phone (or phones), a url, or a description "
                "(a platform or mini-program and how to find it)"
            )
        contact = Contact(
            label=label or "",
            phones=phones,
            name=entry.text("name", max_length=50),
            title=entry.text("title", max_length=100),
            hours=entry.text("hours", max_length=200),
            venue=entry.reference("venue", venues),
            url=url,
            description=description,
        )
        entry.finish()
        if label and (phones or url or description):
            contacts.append(contact)
    if fields.has("contacts") and contacts and not any(contact.phones for contact in contacts):
        log.add(
            fields.path,
            fields.line_for("contacts"),
            "contacts: no contact has a phone: the pages offer no number to call",
            warning=True,
        )
    return tuple(contacts)


def _read_phones(entry: Fields) -> tuple[Phone, ...]:
    """``phone: 0871-67539921`` or ``phones: [0871-67539921, "13800001111"]``."""
    if entry.has("phone") and entry.has("phones"):
        entry.error(entry.node("phones"), f"{entry.where}: give either phone or phones, not both")
        return ()
    if entry.has("phone"):
        phone = entry.text("phone", max_length=40)
        return (Phone(phone),) if phone else ()
    numbers = entry.texts("phones")
    for index, number in enumerate(numbers):
        if not number or len(number) > 40:
            entry.error(
                entry.node("phones"),
                f"{entry.where}.phones[{index}]: expected a phone of at most 40 characters",
            )
            return ()
    return tuple(Phone(number) for number in numbers)
