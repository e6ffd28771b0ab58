"""Helpers for the tests of the ``complaints`` commands: staff accounts and a command runner."""

from __future__ import annotations

from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from intake_api.office.models import AccessRecord, User

CLERK = "李娜"
ADMIN = "张敏"
UNIT_ACCOUNT = "住建局账号"
INACTIVE = "赵六"


def add_staff(app: Flask) -> None:
    """A clerk, an admin, a unit's account and a deactivated clerk (the hash is never used)."""
    office = app.extensions["office"]
    with office.session() as db:
        for name, role, unit_id, active in (
            (CLERK, "clerk", None, True),
            (ADMIN, "admin", None, True),
            (UNIT_ACCOUNT, "unit", "zjj", True),
            (INACTIVE, "clerk", None, False),
        ):
            db.add(
                User(
                    name=name,
                    role=role,
                    unit_id=unit_id,
                    password_hash="-",
                    active=active,
                    created_at="2021-04-01T09:00:00+08:00",
                )
            )
        db.commit()


def run(runner: FlaskCliRunner, *args: str, ok: bool = True) -> Result:
    """Run ``flask --app intake_api ARGS``: never a traceback; exit 0 if ``ok``, else not."""
    result = runner.invoke(args=list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert (result.exit_code == 0) == ok, result.output
    return result


def access_records(app: Flask) -> list[tuple[str, str, str, str]]:
    """(actor, action, receipts, detail) of every access-log line, oldest first."""
    with app.extensions["office"].session() as db:
        records = db.execute(select(AccessRecord).order_by(AccessRecord.id)).scalars()
        return [(r.actor, r.action, r.receipts, r.detail) for r in records]
