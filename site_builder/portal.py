"""The portal of a many-office build: its page, the combined calendar and the offices list.

Like the other renderers it returns ``(relative_path, bytes)`` and never reads the clock.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar, Component, Timezone

from site_builder.calendar_feed import (
    FEED_PATH,
    PRODID,
    REFRESH_INTERVAL,
    fold_line,
    in_feed,
    webcal_url,
)
from site_builder.model import Session, date_label
from site_builder.offices import Office, Portal
from site_builder.pages import FeedLinks, template_environment
from site_builder.poster import FAVICON, FAVICON_SVG
from site_builder.zones import load_zone

OFFICES_PATH = "offices.json"  # also what marks an output folder as a many-office build
NO_REGION = "其他地区"
_EVENTS_START = b"BEGIN:VEVENT\r\n"
_CALENDAR_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class UpcomingRow:
    """One office's next session, as the portal lists it."""

    office: Office
    session: Session
    region: str


@dataclass(frozen=True)
class OfficeEntry:
    """One office in the list by region, with its next session (if any)."""

    office: Office
    next_session: Session | None


@dataclass(frozen=True)
class Region:
    """The offices of one region, in folder order."""

    name: str
    offices: tuple[OfficeEntry, ...]


def office_url(root_url: str, office: Office) -> str:
    """Where an office's own site is published: its folder under the portal's address."""
    return f"{root_url}{office.folder}/"


def render_portal(
    portal: Portal,
    today: date,
    root_url: str,
    office_feeds: dict[str, bytes],
    templates_dir: Path,
) -> Iterator[tuple[str, bytes]]:
    """The portal's files; ``office_feeds`` maps each office's folder to its ``calendar.ics``."""
    yield "index.html", _index(portal, today, root_url, templates_dir)
    yield "style.css", (templates_dir / "static" / "style.css").read_bytes()
    yield FAVICON, FAVICON_SVG.encode("utf-8")  # the portal's pages link it too
    yield FEED_PATH, combined_feed(portal, root_url, office_feeds)
    yield OFFICES_PATH, _offices_json(portal, root_url)


def _region(office: Office) -> str:
    return office.site.region or NO_REGION


def _region_order(name: str) -> tuple[bool, str]:
    return (name == NO_REGION, name)  # offices without a region come last


def upcoming_rows(portal: Portal, today: date) -> list[UpcomingRow]:
    """Every office's next session day, by date, then region, then time and office."""
    rows = [
        UpcomingRow(office, session, _region(office))
        for office in portal.offices
        for session in office.site.next_sessions(today)
    ]
    return sorted(
        rows,
        key=lambda row: (
            row.session.slot.day,
            _region_order(row.region),
            row.session.sort_key,
            row.office.folder,
        ),
    )


def regions(portal: Portal, today: date) -> list[Region]:
    """The offices grouped by region, regions sorted by name (no region last)."""
    grouped: dict[str, list[OfficeEntry]] = {}
    for office in portal.offices:
        entry = OfficeEntry(office, office.site.next_session(today))
        grouped.setdefault(_region(office), []).append(entry)
    return [Region(name, tuple(grouped[name])) for name in sorted(grouped, key=_region_order)]


def _index(portal: Portal, today: date, root_url: str, templates_dir: Path) -> bytes:
    feed_https = root_url + FEED_PATH
    context = {
        "site": None,
        "root": "",
        "title": portal.title,
        "upcoming": upcoming_rows(portal, today),
        "regions": regions(portal, today),
        "feed": FeedLinks(webcal=webcal_url(feed_https), https=feed_https),
        "built_label": date_label(today),
    }
    template = template_environment(templates_dir).get_template("portal.html")
    return template.render(context).encode("utf-8")


def combined_feed(portal: Portal, root_url: str, office_feeds: dict[str, bytes]) -> bytes:
    """One subscription with every office's events, exactly as in each office's own feed."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    zones = _feed_days_by_zone(portal)
    if zones:
        calendar.add("X-WR-TIMEZONE", next(iter(zones)))
    calendar.add("NAME", portal.title)
    calendar.add("X-WR-CALNAME", portal.title)
    calendar.add("URL", root_url)
    calendar.add("SOURCE", root_url + FEED_PATH, parameters={"VALUE": "URI"})
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", "PT6H")
    # One VTIMEZONE per zone, covering every office's days: a TZID may appear only once.
    timezones = b"".join(
        _serialise(Timezone.from_tzinfo(load_zone(key), key, min(days), max(days) + timedelta(1)))
        for key, days in zones.items()
    )
    events = b"".join(_events_of(office_feeds[office.folder]) for office in portal.offices)
    head = _serialise(calendar)
    return head[: -len(_CALENDAR_END)] + timezones + events + _CALENDAR_END


def _feed_days_by_zone(portal: Portal) -> dict[str, list[date]]:
    """The days of published events per time zone, zones in the order offices first use them."""
    zones: dict[str, list[date]] = {}
    for office in portal.offices:
        days = [session.slot.day for session in office.site.sessions if in_feed(session)]
        if days:
            zones.setdefault(office.site.timezone, []).extend(days)
    return zones


def _events_of(feed: bytes) -> bytes:
    """The serialised VEVENTs of an office's ``calendar.ics`` (they come last, in order)."""
    start = feed.find(_EVENTS_START)
    return b"" if start < 0 else feed[start : -len(_CALENDAR_END)]


def _serialise(component: Component) -> bytes:
    lines = component.content_lines(sorted=True)
    return b"\r\n".join(fold_line(line) for line in lines if line) + b"\r\n"


def _offices_json(portal: Portal, root_url: str) -> bytes:
    """Every office with its folder, region and addresses, for other sites to link to."""
    document = {
        "title": portal.title,
        "offices": [
            {
                "folder": office.folder,
                "title": office.site.title,
                "office": office.site.office,
                "region": office.site.region,
                "url": office_url(root_url, office),
                "calendar": office_url(root_url, office) + FEED_PATH,
            }
            for office in portal.offices
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")
