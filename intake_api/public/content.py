"""The office's content as the intake needs it: the schedule (for channels) and the phone."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from site_builder.errors import InvalidContent
from site_builder.loader import load_site
from site_builder.model import Session, Site

log = logging.getLogger(__name__)

ONLINE = "online"
ONLINE_LABEL = "网上提交（本表单）"
SESSION_PREFIX = "session:"


def load_content(content_dir: Path) -> Site | None:
    """The validated site, or None (logged) so that the form still works online only."""
    try:
        return load_site(content_dir)
    except InvalidContent as error:
        log.error(
            "content in %s is invalid; the form offers only the online channel:\n%s",
            content_dir,
            error,
        )
    except OSError as error:
        log.error("content in %s cannot be read (%s); online channel only", content_dir, error)
    return None


def channel_choices(site: Site | None, today: date) -> list[tuple[str, str]]:
    """``online`` first, then held (not cancelled) sessions up to today, the latest first."""
    choices = [(ONLINE, ONLINE_LABEL)]
    if site is None:
        return choices
    held = [s for s in site.sessions if not s.cancelled and s.slot.day <= today]
    for session in sorted(held, key=lambda s: s.sort_key, reverse=True):
        choices.append((SESSION_PREFIX + session.id, _session_label(session)))
    return choices


def channel_names(site: Site | None) -> dict[str, str]:
    """A readable name for every channel value, past and future sessions included."""
    names = {ONLINE: ONLINE_LABEL}
    for session in site.sessions if site else ():
        names[SESSION_PREFIX + session.id] = _session_label(session)
    return names


def _session_label(session: Session) -> str:
    """``现场接访：2021年4月12日（星期一）9:00–17:00 <venue>``: one name in form and reports."""
    return f"现场接访：{session.slot.label} {session.slot.venue.name}"
