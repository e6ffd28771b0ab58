"""Helpers for the console tests: accounts, signing in, reading pages and the access log."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake_api.office.accounts import create_user
from intake_api.office.casework import Actor
from intake_api.office.models import AccessRecord

PASSWORD = "correct horse battery"
CLERK = Actor("张敏", "clerk")


def add_user(app: Flask, name: str, role: str, unit_id: str | None = None) -> None:
    """An active account with PASSWORD."""
    office = app.extensions["office"]
    with office.session() as db:
        create_user(
            db, name, role, PASSWORD, unit_id=unit_id, units=office.unit_names(), now=office.now()
        )


def signed_in(
    app: Flask, name: str, role: str = "clerk", unit_id: str | None = None
) -> FlaskClient:
    """A client of a new account, signed in."""
    add_user(app, name, role, unit_id)
    client = app.test_client()
    response = client.post("/office/login", data={"name": name, "password": PASSWORD})
    assert response.status_code == 303, page_text(response.get_data(as_text=True))
    return client


def search(client: FlaskClient, text: str, **filters: str) -> str:
    """Post the case list's search; the list's address it leads to (with no search text)."""
    response = client.post("/office/cases", data={"q": text, **filters})
    assert response.status_code == 303 and text not in response.location
    return response.location


def page_text(html: str) -> str:
    """The page's text, tags removed and white space collapsed (for pinning messages)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def access_log(app: Flask) -> list[tuple[str, str, str]]:
    """(actor, action, receipts) of every access-log line, oldest first."""
    office = app.extensions["office"]
    with office.session() as db:
        records = db.execute(select(AccessRecord).order_by(AccessRecord.id)).scalars()
        return [(r.actor, r.action, r.receipts) for r in records]


def imported(app: Flask) -> None:
    """Import the queue now (the console does it on each page, tests sometimes first)."""
    office = app.extensions["office"]
    with office.session() as db:
        office.sync(db)


def assign(app: Flask, receipt: str, unit_id: str, deadline: date = date(2021, 5, 25)) -> None:
    """Assign the case through the casework (version 1), as a clerk."""
    office = app.extensions["office"]
    with office.session() as db:
        office.casework(db).assign(receipt, 1, CLERK, unit_id=unit_id, deadline=deadline)
