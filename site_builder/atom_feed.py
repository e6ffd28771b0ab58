"""``feed.atom``: the notices and every recorded change, for people who follow the site.

An Atom feed (RFC 4287) with one entry per notice and one per recorded change of a session
(moved, cancelled, reinstated, another lead or other units). Every value comes from the
content, never from the clock, so the same content gives the same bytes. Entry ids are
``urn:uuid`` names made from the site's ``id`` (like the calendar UIDs), never from a title
or a URL: rewording a notice or moving the site does not make a reader show it again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from site_builder.model import Change, Notice, Site
from site_builder.offices import Portal
from site_builder.portal import office_url
from site_builder.xml_text import escape, quoteattr
from site_builder.zones import load_zone

ATOM_PATH = "feed.atom"
# Fixed forever: changing it would show every entry again as new in every reader.
ATOM_NAMESPACE = uuid.UUID("5b0f4c1e-8d3a-4f62-9c7e-2a41d6e0b8f3")


@dataclass(frozen=True)
class Entry:
    """One entry of the feed, with its text already laid out."""

    id: str
    title: str
    link: str
    updated: datetime
    summary: str
    author: str


def render_atom(site: Site, root_url: str) -> dict[str, bytes]:
    """``{"feed.atom": ...}`` for one office's site published at ``root_url``."""
    entries = site_entries(site, root_url)
    quiet = _midnight(_fallback_day(site), load_zone(site.timezone))
    return {ATOM_PATH: _feed(site.title, _urn(site.uid_key, "feed"), root_url, entries, quiet)}


def render_portal_atom(portal: Portal, root_url: str) -> dict[str, bytes]:
    """The portal's ``feed.atom``: every office's entries, the same ids as in their own feeds."""
    entries = [
        entry
        for office in portal.offices
        for entry in site_entries(office.site, office_url(root_url, office), _place(office.site))
    ]
    # The portal has no id of its own; its address is what names it (like offices.json).
    feed_id = "urn:uuid:" + str(uuid.uuid5(ATOM_NAMESPACE, f"portal\n{root_url}"))
    quiet = min(
        _midnight(_fallback_day(office.site), load_zone(office.site.timezone))
        for office in portal.offices
    )
    return {ATOM_PATH: _feed(portal.title, feed_id, root_url, entries, quiet)}


def _place(site: Site) -> str:
    """How the portal's feed names an office: its region, else the office itself."""
    return site.region or site.office


def site_entries(site: Site, root_url: str, prefix: str = "") -> list[Entry]:
    """Every notice and recorded change of ``site``; ``prefix`` names the office in a portal."""
    zone = load_zone(site.timezone)
    fallback = _fallback_day(site)
    label = f"{prefix}：" if prefix else ""
    entries = [
        Entry(
            id=_urn(site.uid_key, f"notice\n{notice.slug}"),
            title=label + notice.title,
            link=f"{root_url}notices/{notice.slug}.html",
            updated=_midnight(notice.published or fallback, zone),
            summary=_notice_summary(notice),
            author=site.office,
        )
        for notice in site.notices
    ]
    for session in site.sessions:
        for index, change in enumerate(session.changes):
            entries.append(
                Entry(
                    # Changes are only ever appended (the build refuses a removed one), so
                    # a change's position names it for good.
                    id=_urn(site.uid_key, f"change\n{session.id}\n{index}"),
                    title=label + _change_title(site, change),
                    link=f"{root_url}sessions/{session.id}.html",
                    updated=_midnight(change.announced, zone),
                    summary=_change_summary(site, change),
                    author=site.office,
                )
            )
    return entries


def _urn(key: str, name: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(ATOM_NAMESPACE, f"{key}\n{name}"))


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight of ``day``: content gives days, Atom wants an instant."""
    return datetime.combine(day, time(0), tzinfo=zone)


def _fallback_day(site: Site) -> date:
    """The day of a notice without a date: the site's publication, else its first session."""
    days = [session.original_slot.day for session in site.sessions]
    return site.published or min(days, default=date(2000, 1, 1))


def _notice_summary(notice: Notice) -> str:
    """What its page shows around the text: ``公告 昭人社公〔2025〕3号 昭阳市人社局 2025年…``."""
    parts = (notice.document_type, notice.document_number, *notice.issuers, notice.published_label)
    return " ".join(part for part in parts if part)


def _was(site: Site, change: Change) -> str:
    """``2025年5月21日（星期三）14:30–17:00``, with the venue when the site has several."""
    slot = change.previous
    several = len(site.venues) > 1 or change.previous.venue != change.after.venue
    return f"{slot.label} {slot.venue.name}" if several else slot.label


def _change_title(site: Site, change: Change) -> str:
    """``【改期】集中联合接访 原定 2025年5月21日（星期三）14:30–17:00``."""
    return f"【{change.kind_label}】{site.event_name} 原定 {_was(site, change)}"


def _change_summary(site: Site, change: Change) -> str:
    """What the session page says of the change: when, what it was, what it is now, why."""
    reason = f"（{change.reason}）" if change.reason else ""
    return (
        f"{change.announced_label}通知：原定 {_was(site, change)} 的接访，"
        f"{change.outcome_label}{reason}。"
    )


def _feed(title: str, feed_id: str, root_url: str, entries: list[Entry], quiet: datetime) -> bytes:
    """The Atom document: newest entries first, the feed updated when its newest entry was.

    ``quiet`` is the feed's date while it has no entry (Atom requires one).
    """
    # Newest first; on one day, as the content lists them (a stable sort): notices, then changes.
    entries = sorted(entries, key=lambda e: e.updated, reverse=True)
    self_url = quoteattr(root_url + ATOM_PATH)
    updated = entries[0].updated if entries else quiet
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <id>{feed_id}</id>",
        f"  <title>{escape(title)}</title>",
        f'  <link rel="self" type="application/atom+xml" href={self_url}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(root_url)}/>',
        f"  <updated>{updated.isoformat()}</updated>",
    ]
    for entry in entries:
        stamp = entry.updated.isoformat()
        lines += [
            "  <entry>",
            f"    <id>{entry.id}</id>",
            f"    <title>{escape(entry.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(entry.link)}/>',
            f"    <published>{stamp}</published>",
            f"    <updated>{stamp}</updated>",
            f"    <author><name>{escape(entry.author)}</name></author>",
        ]
        if entry.summary:
            lines.append(f"    <summary>{escape(entry.summary)}</summary>")
        lines.append("  </entry>")
    lines.append("</feed>\n")
    return "\n".join(lines).encode("utf-8")
