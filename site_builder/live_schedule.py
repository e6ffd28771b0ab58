"""The schedule a page carries inline, so its script can follow the visitor's date.

A missed rebuild must not send a worker to a session that is over: ``past.js`` reads this
and moves the "next session" card, the badges and the greying to the day the page is read.
"""

from __future__ import annotations

import json
from datetime import date

from markupsafe import Markup

from site_builder.model import Session, Site, Venue

# Inside <script type="application/json"> these three could end the element or start markup.
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def schedule_json(site: Site, today: date) -> Markup:
    """The sessions that are not cancelled, as compact JSON safe inside a script element."""
    venues = list(site.venues)
    data = {
        "zone": site.timezone,
        "built": today.isoformat(),
        "venues": [_venue(site, venue) for venue in venues],
        "sessions": [
            _session(session, venues) for session in site.sessions if not session.cancelled
        ],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def _venue(site: Site, venue: Venue) -> dict[str, object]:
    """A venue as the card shows it, with its own phone where it has one (as index.html)."""
    found: dict[str, object] = {
        "place": venue.name + (f"（{venue.room}）" if venue.room else ""),
        "address": venue.address or "",
    }
    contact = site.phone_for(venue)
    if contact is not None and contact != site.main_contact:
        found["phone"] = [contact.label, contact.phone, contact.tel_uri]
    return found


def _session(session: Session, venues: list[Venue]) -> dict[str, object]:
    """One session; the badge, the old time and ``ics: false`` only where they apply."""
    found: dict[str, object] = {
        "id": session.id,
        "day": session.slot.day.isoformat(),
        "time": session.slot.time_label,
        "venue": venues.index(session.slot.venue),
    }
    if session.status_label:
        found["badge"] = session.status_label
    if session.moved_from:
        found["was"] = f"原定 {session.moved_from.label}"
    if session.slot.time_tba:
        found["ics"] = False
    return found
