"""The calendar feeds: ``calendar.ics`` with the whole schedule and one ``.ics`` per session.

Every value comes from the model, never from the clock or a random source, so the same
content gives byte-identical feeds. Sessions whose time is not announced yet are left out
until it is (see docs/calendar.md for why).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Component, Event, Timezone, vText

from site_builder.model import Session, Site
from site_builder.zones import load_zone

FEED_PATH = "calendar.ics"
PRODID = "-//joint-reception//site-builder//ZH"
# Fixed forever: changing it would give every session a new UID, i.e. duplicates in
# every subscriber's calendar.
UID_NAMESPACE = uuid.UUID("0325abba-fba5-4315-9e4a-c7e227159fe8")
REFRESH_INTERVAL = timedelta(hours=6)
CATEGORY = "根治欠薪"  # every event also has the site's event_name (集中联合接访…)
CANCELLED_PREFIX = "【已取消】"
RESCHEDULED_PREFIX = "【改期】"
_CALENDAR_END = b"END:VCALENDAR\r\n"


def render_feeds(site: Site, base_url: str) -> dict[str, bytes]:
    """``{"calendar.ics": ..., "sessions/<id>.ics": ...}`` for every session with a time."""
    feeds = FeedRenderer(site, base_url)
    events = [feeds.event(session) for session in feeds.sessions]
    files = {FEED_PATH: feeds.calendar(events)}
    for session, event in zip(feeds.sessions, events, strict=True):
        files[session_feed_path(session)] = feeds.session_file(event)
    return files


class FeedRenderer:
    """One site's calendar files, one at a time, so that a build never holds them all.

    Each event is serialised once: it goes into its session's own file and into the whole
    schedule's, and serialising is the slow part. The VTIMEZONE is made once for all.
    """

    def __init__(self, site: Site, base_url: str) -> None:
        self.site = site
        self.base_url = base_url
        self.zone = load_zone(site.timezone)
        self.sessions = feed_sessions(site)
        days = [session.slot.day for session in self.sessions]
        self.timezone = _serialise(_timezone(self.zone, days)) if days else b""
        # A session's own file is for "add this one event", not a subscription: no calendar
        # name (some apps would make a new calendar of it), no SOURCE or refresh interval.
        self._single_head = _serialise(_base_calendar(self.zone))[: -len(_CALENDAR_END)]

    def event(self, session: Session) -> bytes:
        """The serialised VEVENT of one session."""
        return _serialise(_event(self.site, self.base_url, self.zone, session))

    def session_file(self, event: bytes) -> bytes:
        """A session's own ``.ics``, given its serialised event."""
        return self._single_head + self.timezone + event + _CALENDAR_END

    def event_in(self, session_file: bytes) -> bytes | None:
        """The event of a file :meth:`session_file` made with this site; None if it is not one."""
        head = self._single_head + self.timezone
        if not session_file.startswith(head) or not session_file.endswith(_CALENDAR_END):
            return None
        return session_file[len(head) : -len(_CALENDAR_END)]

    def calendar(self, events: Iterable[bytes]) -> bytes:
        """``calendar.ics``: the whole schedule, given every session's event in feed order."""
        # One join: the events are copied once (a large schedule's are megabytes).
        return b"".join(self.calendar_parts(events))

    def calendar_parts(self, events: Iterable[bytes]) -> Iterator[bytes]:
        """The pieces of :meth:`calendar`, to be written one after the other."""
        subscription = _subscription(self.site, self.base_url, self.zone)
        yield subscription[: -len(_CALENDAR_END)]
        yield self.timezone
        yield from events
        yield _CALENDAR_END


def feed_sessions(site: Site) -> list[Session]:
    """The sessions published as events, in the feed's order."""
    return sorted((s for s in site.sessions if in_feed(s)), key=lambda s: s.sort_key)


def in_feed(session: Session) -> bool:
    """Whether the session is published as an event (only once its time is announced)."""
    return not session.slot.time_tba


def session_feed_path(session: Session) -> str:
    """``sessions/<id>.ics``, beside the session's page."""
    return f"sessions/{session.id}.ics"


def session_page_url(base_url: str, session: Session) -> str:
    """The absolute URL of the session's page."""
    return urljoin(base_url, f"sessions/{session.id}.html")


def webcal_url(url: str) -> str:
    """The ``webcal://`` form of an ``http(s)://`` feed URL, which opens the subscribe dialog."""
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    return "webcal://" + rest


def session_uid(site: Site, session: Session) -> str:
    """A UID that never changes for the life of a session: site id + session id, hashed.

    The site's id (``id`` in site.yaml, else its ``office`` as before ``id`` existed) is
    part of the name so that two offices using the same session ids (both will have a
    ``2021-04-12``) never collide in one calendar app; the site's URL is not, so moving the
    site to another address keeps every UID.
    """
    return str(uuid.uuid5(UID_NAMESPACE, f"{site.uid_key}\n{session.id}"))


def content_stamp(site: Site, session: Session, zone: ZoneInfo) -> datetime:
    """DTSTAMP/LAST-MODIFIED: local midnight (in UTC) of the last change, else of publication."""
    days = [change.announced for change in session.changes]
    if site.published:
        days.append(site.published)
    day = max(days, default=session.original_slot.day)
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _subscription(site: Site, base_url: str, zone: ZoneInfo) -> bytes:
    """The whole schedule's calendar properties, with what a subscribing app needs."""
    calendar = _base_calendar(zone)
    calendar.add("NAME", site.title)
    calendar.add("X-WR-CALNAME", site.title)
    if site.summary:
        calendar.add("DESCRIPTION", site.summary)
        calendar.add("X-WR-CALDESC", vText(site.summary))  # not escaped unless told: TEXT
    calendar.add("URL", base_url)
    calendar.add("SOURCE", urljoin(base_url, FEED_PATH), parameters={"VALUE": "URI"})
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", "PT6H")
    return _serialise(calendar)


def _base_calendar(zone: ZoneInfo) -> Calendar:
    """The properties every calendar file has, the one-event files nothing more."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("X-WR-TIMEZONE", zone.key)
    return calendar


def _serialise(component: Component) -> bytes:
    """``component.to_ical()``, byte for byte, with the line folding done in bytes.

    icalendar folds character by character in Python, which was most of the build's time.
    """
    lines = component.content_lines(sorted=True)
    return b"\r\n".join(fold_line(line) for line in lines if line) + b"\r\n"


def fold_line(line: str, limit: int = 74) -> bytes:
    """Fold one content line as icalendar does (RFC 5545 3.1): at most 75 octets a line.

    Never splits a UTF-8 sequence, nor a backslash or ``^`` escape from what it escapes.
    """
    data = line.encode("utf-8")
    parts, start = [], 0
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back to the character's start
            cut -= 1
        if data[cut - 1] in b"\\^" and cut - 1 > start:
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def _timezone(zone: ZoneInfo, days: list[date]) -> Timezone:
    """A VTIMEZONE covering only the schedule's days, so it stays small and stable."""
    return Timezone.from_tzinfo(zone, zone.key, min(days), max(days) + timedelta(days=1))


def _event(site: Site, base_url: str, zone: ZoneInfo, session: Session) -> Event:
    """The VEVENT of one session."""
    slot = session.slot
    stamp = content_stamp(site, session, zone)
    event = Event()
    event.add("UID", session_uid(site, session))
    event.add("DTSTAMP", stamp)
    event.add("LAST-MODIFIED", stamp)
    event.add("SEQUENCE", session.sequence)
    event.add("DTSTART", _local(slot.start, zone))
    event.add("DTEND", _local(slot.end, zone))
    event.add("SUMMARY", event_summary(site, session))
    event.add("LOCATION", slot.venue.location_label)
    if slot.venue.latitude is not None and slot.venue.longitude is not None:
        event.add("GEO", (slot.venue.latitude, slot.venue.longitude))
    event.add("DESCRIPTION", event_description(site, base_url, session))
    event.add("URL", session_page_url(base_url, session))
    event.add("STATUS", "CANCELLED" if session.cancelled else "CONFIRMED")
    if session.cancelled:
        # A cancelled session no longer blocks the subscriber's time.
        event.add("TRANSP", "TRANSPARENT")
    event.add("CATEGORIES", [CATEGORY, site.event_name])
    # No reminder for a cancelled session: it would call people to something that is off.
    if site.reminder and not session.cancelled:
        event.add_component(_alarm(site, session, site.reminder))
    return event


def _alarm(site: Site, session: Session, before: timedelta) -> Alarm:
    """A VALARM that shows the session's time and place ``before`` it starts."""
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", reminder_text(site, session))
    alarm.add("TRIGGER", -before)
    return alarm


def reminder_text(site: Site, session: Session) -> str:
    """``集中联合接访：2021年4月12日（星期一）9:00–17:00，<place>``: what the reminder shows."""
    slot = session.slot
    return f"{site.event_name}：{slot.label}，{slot.venue.location_label}"


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` in the feed's zone, keeping the wall time the office wrote."""
    # The loader's zone may come from the host's tzdata; the VTIMEZONE comes from the
    # pinned one, and the time the office typed is what the event must say.
    if getattr(moment.tzinfo, "key", None) == zone.key:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def event_summary(site: Site, session: Session) -> str:
    """The title; cancelled and moved sessions say so first, for clients that hide STATUS."""
    prefix = {"cancelled": CANCELLED_PREFIX, "rescheduled": RESCHEDULED_PREFIX}
    # With several venues, sessions at the same hour must not look alike in a calendar.
    venue = f" · {session.slot.venue.name}" if len(site.venues) > 1 else ""
    return prefix.get(session.status, "") + site.title + venue


def event_description(site: Site, base_url: str, session: Session) -> str:
    """The event's notes: what changed, when and where, who leads, whom to call, what to bring."""
    slot = session.slot
    lines = []
    for change in session.changes:
        was = change.previous.label
        if change.previous.venue != change.after.venue:
            was += f"，{change.previous.venue.location_label}"
        reason = f"原因：{change.reason}" if change.reason else ""
        lines.append(
            f"【{change.kind_label}】{change.announced_label}公布：原定{was}，"
            f"{change.outcome_label}。{reason}"
        )
    if session.cancelled:
        lines.append("本次接访已取消，请勿前往。")
        if session.alternative:
            lines.append(f"可改往：{session.alternative.label}")
    lines.append(f"时间：{slot.label}")
    lines.append(f"地点：{slot.venue.location_label}")
    if slot.venue.directions:
        lines.append(f"怎么走：{slot.venue.directions}")
    if session.lead:
        was = f"（原定{session.lead_replaced.label}）" if session.lead_replaced else ""
        lines.append(f"参加接访领导：{session.lead.label}{was}")
    if session.units:
        staff = f"（{session.staff}）" if session.staff else ""
        lines.append(f"参加接访单位：{session.unit_names}{staff}")
    if session.note:
        lines.append(f"说明：{session.note}")
    for contact in site.contacts_for(slot.venue):
        lines.append(f"{contact.label}：{contact.who + ' ' if contact.who else ''}{contact.reach}")
    lines.append(f"网上反映欠薪：{urljoin(base_url, site.complaint_url)}")
    lines.extend(f"· {instruction}" for instruction in site.instructions)
    if site.bring:
        lines.append("请带上：" + "、".join(site.bring))
    lines.append(f"详情：{session_page_url(base_url, session)}")
    return "\n".join(lines)
