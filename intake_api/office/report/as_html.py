"""The report as HTML: a self-contained file for printing, or part of a console page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import render_template
from markupsafe import Markup

from intake_api.config import REPO_ROOT
from intake_api.office.report.model import PeriodReport
from site_builder.model import date_label

STYLESHEET = REPO_ROOT / "templates" / "static" / "report-print.css"


def yuan(amount: Decimal) -> str:
    """``258,000.00``."""
    return f"{amount:,.2f}"


def formatting() -> dict[str, object]:
    """The formatting functions the report's templates use."""
    return {"yuan": yuan, "day": lambda day: date_label(day) if isinstance(day, date) else ""}


def render_html(report: PeriodReport) -> bytes:
    """The whole report as one HTML file, its print stylesheet embedded (needs the app)."""
    stylesheet = Markup(STYLESHEET.read_text("utf-8"))  # our own file, not user input
    page = render_template(
        "office/report.html", report=report, stylesheet=stylesheet, **formatting()
    )
    return page.encode("utf-8")
