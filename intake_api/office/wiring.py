"""Plug the office side into the app: its state, the console, the status page, commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from intake_api.office import extension, public_status
from intake_api.office.commands import accounts, backup, complaints, office
from intake_api.office.console import staff
from intake_api.office.console import views as console
from intake_api.office.report import views as report_views
from site_builder.model import Site


def init_app(
    app: Flask, site: Site | None, timezone: ZoneInfo, clock: Callable[[], datetime]
) -> None:
    """Register everything of the office side on ``app``."""
    extension.install(app, site, timezone, clock)
    public_status.init_app(app)
    staff.init_app(app)
    app.register_blueprint(console.bp)
    app.register_blueprint(report_views.bp)
    for command in (*accounts.COMMANDS, *backup.COMMANDS):
        office.office.add_command(command)
    app.cli.add_command(office.office)
    app.cli.add_command(complaints.complaints)
