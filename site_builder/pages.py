"""Render the HTML pages and static assets: ``(relative_path, bytes)``, nothing on disk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
)
from markupsafe import Markup

from site_builder.calendar_feed import webcal_url
from site_builder.live_schedule import schedule_json
from site_builder.model import Notice, Session, Site, date_label

if TYPE_CHECKING:
    from markdown import Markdown

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_FILES = ("style.css", "past.js")


@dataclass(frozen=True)
class ScheduleRow:
    """One row of the schedule table, with its state on the build day."""

    session: Session
    css_class: str
    label: str


@dataclass(frozen=True)
class FeedLinks:
    """Where to subscribe: ``webcal://`` for one-tap subscription, ``https://`` to paste."""

    webcal: str
    https: str


def template_environment(
    templates_dir: Path = TEMPLATES_DIR, compiled_dir: Path | None = None
) -> Environment:
    """The Jinja environment for the site: strict about undefined names, autoescaping.

    With ``compiled_dir``, compiled templates are kept there for the next build (Jinja
    checks each against its template's source, so an edited template is compiled again).
    """
    return Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat templates per page
        bytecode_cache=None if compiled_dir is None else _compiled_cache(compiled_dir),
    )


def _compiled_cache(folder: Path) -> FileSystemBytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # compiled on each build instead: slower, never wrong
    return FileSystemBytecodeCache(str(folder))


def settings_of(site: Site) -> Site:
    """The site without its sessions and notices: what a session's or a notice's page may show."""
    return replace(site, sessions=(), notices=())


def status_url(complaint_url: str) -> str | None:
    """The intake app's status page, beside its form; None when the form is someone else's."""
    if not urlsplit(complaint_url).path.endswith("complaints/new"):
        return None
    return urljoin(complaint_url, "status")


def _from_root(url: str, root: str) -> str:
    """A link to ``url`` (a full address, an absolute path, or relative to the site's root)."""
    return url if url.startswith(("http://", "https://", "/")) else root + url


class PageRenderer:
    """Renders every page of one site for one build day."""

    def __init__(
        self,
        site: Site,
        today: date,
        base_url: str,
        templates_dir: Path,
        env: Environment | None = None,
    ) -> None:
        self.site = site
        self.today = today
        self.base_url = base_url
        self.templates_dir = templates_dir
        # One environment may serve every office of a build: templates are compiled once.
        self.env = env or template_environment(templates_dir)
        self.settings = settings_of(site)
        self._session_template = self.env.get_template("session.html")
        self._notice_template = self.env.get_template("notice.html")

    def common(self) -> Iterator[tuple[str, bytes]]:
        """The 404 page and the static assets, as ``(relative_path, content)``."""
        yield "404.html", self._not_found()
        for name in STATIC_FILES:
            yield name, (self.templates_dir / "static" / name).read_bytes()

    def session_page(self, index: int) -> tuple[str, bytes]:
        """The page of session ``index``: from its record, its neighbours' and the settings.

        It is given the site without its sessions and notices, so that it is made of exactly
        what an incremental build keys it by (see :mod:`site_builder.site_parts`).
        """
        sessions = self.site.sessions
        session = sessions[index]
        context = {
            "session": session,
            "past": session.slot.day < self.today,
            "several_venues": len(self.site.venues) > 1,
            "note_html": self._html(session.note) if session.note else None,
            "previous": sessions[index - 1] if index > 0 else None,
            "following": sessions[index + 1] if index + 1 < len(sessions) else None,
        }
        page = self._page(self._session_template, "../", context, self.settings)
        return f"sessions/{session.id}.html", page

    def notice_page(self, notice: Notice) -> tuple[str, bytes]:
        """A notice's page, from the notice and the site's settings alone."""
        context = {"notice": notice, "body_html": self._html(notice.body)}
        page = self._page(self._notice_template, "../", context, self.settings)
        return f"notices/{notice.slug}.html", page

    @cached_property
    def _markdown(self) -> Markdown:
        """The Markdown converter, made (and the library loaded) when first needed."""
        import markdown

        converter = markdown.Markdown(extensions=["tables", "sane_lists"])
        # Raw HTML in the office's Markdown is shown as text: no scripts, no third-party
        # embeds can reach the public pages through a notice.
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
        return converter

    def _html(self, text: str) -> Markup:
        self._markdown.reset()
        return Markup(self._markdown.convert(text))

    def _page(
        self, template: Template, root: str, context: dict[str, object], site: Site | None = None
    ) -> bytes:
        return template.render(self._context(root, context, site)).encode("utf-8")

    def _context(
        self, root: str, context: dict[str, object], site: Site | None = None
    ) -> dict[str, object]:
        status = status_url(self.site.complaint_url)
        return {
            "site": site or self.site,
            "root": root,
            "complaint_href": _from_root(self.site.complaint_url, root),
            "status_href": None if status is None else _from_root(status, root),
            **context,
        }

    def index(self) -> Iterator[bytes]:
        """The home page (``index.html``) in pieces, as rendered, to be written one by one.

        It lists the whole schedule: megabytes for a big one, never joined in memory.
        """
        site, today = self.site, self.today
        next_sessions = site.next_sessions(today)
        rows = [self._row(session, next_sessions) for session in site.sessions]
        feed_https = self.base_url + "calendar.ics"
        context = {
            "next_sessions": next_sessions,
            "next_is_today": bool(next_sessions) and next_sessions[0].slot.day == today,
            "rows": rows,
            "summary_html": self._html(site.summary) if site.summary else None,
            "feed": FeedLinks(webcal=webcal_url(feed_https), https=feed_https),
            "notices": [notice for notice in site.notices if notice.kind == "notice"],
            "adjustment_notices": [n for n in site.notices if n.kind == "adjustment"],
            "default_venue_id": site.venues[0].id if len(site.venues) == 1 else None,
            "built_label": date_label(today),
            "schedule_json": schedule_json(site, today),
            "site_url": self.base_url,  # link previews want absolute addresses
        }
        for piece in self.env.get_template("index.html").generate(self._context("", context)):
            yield piece.encode("utf-8")

    def _row(self, session: Session, next_sessions: tuple[Session, ...]) -> ScheduleRow:
        if session.cancelled:
            return ScheduleRow(session, "cancelled", "已取消")
        if session.slot.day < self.today:
            return ScheduleRow(session, "past", "已结束")
        if session in next_sessions:
            return ScheduleRow(
                session, "next", "今天" if session.slot.day == self.today else "下一次"
            )
        if session.status == "rescheduled":
            return ScheduleRow(session, "rescheduled", "改期")
        return ScheduleRow(session, "upcoming", "")

    def _not_found(self) -> bytes:
        # Served at any depth, so its links are absolute paths from the site's root.
        root = urlsplit(self.base_url).path or "/"
        return self._page(self.env.get_template("404.html"), root, {})
