"""The office's side of the app: its database, rules, queue and clock, set up once per app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from intake_api.office.case_query import CaseRules
from intake_api.office.casework import Casework
from intake_api.office.database import CaseDatabase
from intake_api.office.queue_import import SyncResult
from intake_api.office.settings import OfficeSettings, load_office_settings
from intake_api.office.sync import sync_queue
from intake_api.office.sync_postgres import sync_postgres_queue
from intake_api.queue.postgres_queue import PostgresQueue, display_url
from site_builder.errors import InvalidContent
from site_builder.model import Site


class OfficeUnavailable(Exception):
    """The office's settings are invalid; the message lists every problem as file:line."""


@dataclass
class Office:
    """What the console and the office commands share."""

    database: CaseDatabase
    queue_setting: str  # INTAKE_QUEUE: a file path or a PostgreSQL URL
    queue_engine: Engine | None  # the app's PostgreSQL queue's connections; None: a file
    timezone: ZoneInfo
    clock: Callable[[], datetime]
    site: Site | None
    settings_or_error: OfficeSettings | InvalidContent

    @property
    def queue_path(self) -> Path | None:
        """The queue file; None when the queue is a PostgreSQL table."""
        return None if self.queue_engine is not None else Path(self.queue_setting)

    @property
    def queue_name(self) -> str:
        """The queue file, or the PostgreSQL URL without its password (for messages)."""
        return str(self.queue_path or display_url(self.queue_setting))

    @property
    def settings(self) -> OfficeSettings:
        """The office's rules; OfficeUnavailable when office.yaml is invalid."""
        if isinstance(self.settings_or_error, InvalidContent):
            raise OfficeUnavailable(str(self.settings_or_error))
        return self.settings_or_error

    def now(self) -> datetime:
        """The office's wall clock (aware, in the content's time zone)."""
        return self.clock()

    def today(self) -> date:
        """The office's today."""
        return self.now().date()

    def session(self) -> Session:
        """A new database session (use it as a context manager)."""
        return self.database.session()

    def casework(self, session: Session) -> Casework:
        """The case actions on ``session``."""
        return Casework(session, self.settings, self.clock)

    def rules(self, today: date | None = None) -> CaseRules:
        """The flag conditions as of ``today`` (the office's today by default)."""
        return CaseRules(self.settings, today or self.today())

    def sync(
        self, session: Session, *, verify_all: bool = False, adopt: bool = False
    ) -> SyncResult:
        """Import new queue lines (see ``sync.sync_queue`` and ``sync.sync_postgres_queue``)."""
        if self.queue_engine is not None:
            return sync_postgres_queue(
                session,
                self.queue_engine,
                self.queue_name,
                self.timezone,
                self.settings,
                self.clock,
                adopt=adopt,
            )
        return sync_queue(
            session,
            Path(self.queue_setting),
            self.timezone,
            self.settings,
            self.clock,
            verify_all=verify_all,
            adopt=adopt,
        )

    def unit_names(self) -> dict[str, str]:
        """Responsible units by id, from the content's units.yaml."""
        return {unit.id: unit.name for unit in self.site.units} if self.site else {}


def current_office() -> Office:
    """The running app's office side."""
    return current_app.extensions["office"]


def install(
    app: Flask, site: Site | None, timezone: ZoneInfo, clock: Callable[[], datetime]
) -> None:
    """Make the app's ``Office``; the database is opened (and migrated) on first use."""
    try:
        settings: OfficeSettings | InvalidContent = load_office_settings(
            Path(app.config["CONTENT_DIR"])
        )
    except InvalidContent as error:
        app.logger.error("office.yaml is invalid; the office side is unavailable:\n%s", error)
        settings = error
    queue = app.extensions["intake"].queue  # one pool of queue connections per process
    app.extensions["office"] = Office(
        database=CaseDatabase(app.config["OFFICE_DATABASE_URL"]),
        queue_setting=str(app.config["QUEUE_PATH"]),
        queue_engine=queue.engine if isinstance(queue, PostgresQueue) else None,
        timezone=timezone,
        clock=clock,
        site=site,
        settings_or_error=settings,
    )
