"""The office's content as the intake needs it: the schedule, the phone, the channel names."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from site_builder.errors import InvalidContent
from site_builder.loader import load_site
from site_builder.model import Session, Site

log = logging.getLogger(__name__)

ONLINE = "online"
ONLINE_LABEL = "网上提交"
SESSION_PREFIX = "session:"


def load_content(content_dir: Path) -> Site | None:
    """The validated site, or None (logged) so that the form still works without it."""
    try:
        return load_site(content_dir)
    except InvalidContent as error:
        log.error(
            "content in %s is invalid; the form works without the office's details:\n%s",
            content_dir,
            error,
        )
    except OSError as error:
        log.error(
            "content in %s cannot be read (%s); the form works without it", content_dir, error
        )
    return None


def session_channel_choices(site: Site | None, today: date) -> list[tuple[str, str]]:
    """Held (not cancelled) sessions up to ``today``, the latest first: staff's channels."""
    if site is None:
        return []
    held = [s for s in site.sessions if not s.cancelled and s.slot.day <= today]
    return [
        (SESSION_PREFIX + session.id, _session_label(session))
        for session in sorted(held, key=lambda s: s.sort_key, reverse=True)
    ]


def channel_names(site: Site | None) -> dict[str, str]:
    """A readable name for every channel value, past and future sessions included."""
    names = {ONLINE: ONLINE_LABEL}
    for session in site.sessions if site else ():
        names[SESSION_PREFIX + session.id] = _session_label(session)
    return names


def _session_label(session: Session) -> str:
    """``现场接访：2021年4月12日（星期一）9:00–17:00 <venue>``: one name for staff and reports."""
    return f"现场接访：{session.slot.label} {session.slot.venue.name}"
