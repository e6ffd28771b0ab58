"""Printable posters (A4 and A3, for the site and each venue) and the site's favicon.

A poster is one print-ready HTML page: the event, the upcoming sessions as of the build
day, where, the phone in large type and a QR code to the site. The QR code is inline SVG
made by segno, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import Environment
from markupsafe import Markup

from site_builder.model import Contact, Session, Site, Venue, date_label

# What fits on one page above the phone and the QR code, at either size (A3 is A4 scaled).
MAX_SESSIONS = 6
POSTER_CSS = "poster.css"
FAVICON = "favicon.svg"
PAPERS = (("A4", ""), ("A3", "-a3"))

# A simple mark (a red badge with a white tick): no text, so no font is needed to draw it.
FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="#a3141b"/>'
    '<path d="M8 16.5l5.5 5.5L24 10.5" fill="none" stroke="#fff" stroke-width="4" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>\n'
)


@dataclass(frozen=True)
class Poster:
    """What one poster shows: its sessions (already cut), its venues and the phone."""

    paper: str
    sessions: tuple[Session, ...]
    more: bool
    venues: tuple[Venue, ...]
    contact: Contact | None
    show_venue: bool


def qr_svg(url: str) -> Markup:
    """The QR code for ``url`` as inline SVG (no size: the stylesheet sizes it)."""
    import segno  # here: a build that keeps the last posters never loads it

    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=4,
        svgclass="qr", lineclass=None, title="扫码打开网站",
    )  # fmt: skip
    return Markup(out.getvalue().decode("utf-8"))


def is_poster(path: str) -> bool:
    """True for a poster's page: printed, not a page for search engines or sitemaps."""
    return path.startswith("posters/") or path in {f"poster{suffix}.html" for _, suffix in PAPERS}


def upcoming(site: Site, today: date, venue: Venue | None = None) -> tuple[Session, ...]:
    """Sessions on or after ``today`` that are not cancelled, at ``venue`` if one is given."""
    return tuple(
        session
        for session in site.sessions
        if session.slot.day >= today
        and not session.cancelled
        and (venue is None or session.slot.venue == venue)
    )


def _poster(site: Site, today: date, paper: str, venue: Venue | None) -> Poster:
    sessions = upcoming(site, today, venue)
    if venue is None:
        # The venues of what the poster lists, in venues.yaml order; all of them if none.
        used = {session.slot.venue for session in sessions[:MAX_SESSIONS]}
        venues = tuple(v for v in site.venues if v in used) or site.venues
        contact = site.main_contact
    else:
        venues = (venue,)
        contact = site.phone_for(venue)
    return Poster(
        paper=paper,
        sessions=sessions[:MAX_SESSIONS],
        more=len(sessions) > MAX_SESSIONS,
        venues=venues,
        contact=contact,
        show_venue=len(venues) > 1,
    )


def render_posters(
    site: Site, today: date, root_url: str, env: Environment, templates_dir: Path
) -> dict[str, bytes]:
    """``poster.html``, ``poster-a3.html``, one pair per venue when there are several."""
    template = env.get_template("poster.html")
    context = {
        "site": site,
        "qr": qr_svg(root_url),
        "site_url": root_url,
        # Printed, a link relative to the site is no use: the full address is written out.
        "complaint_url": urljoin(root_url, site.complaint_url),
        "printed_label": date_label(today),
    }
    targets: list[tuple[str, str, Venue | None]] = [("", "", None)]
    if len(site.venues) > 1:
        targets += [("posters/", venue.id, venue) for venue in site.venues]
    files: dict[str, bytes] = {}
    for folder, name, venue in targets:
        root = "../" if folder else ""
        for paper, suffix in PAPERS:
            poster = _poster(site, today, paper, venue)
            path = f"{folder}{name or 'poster'}{suffix}.html"
            page = template.render(context, poster=poster, root=root)
            files[path] = page.encode("utf-8")
    files[POSTER_CSS] = (templates_dir / "static" / POSTER_CSS).read_bytes()
    files[FAVICON] = FAVICON_SVG.encode("utf-8")
    return files
