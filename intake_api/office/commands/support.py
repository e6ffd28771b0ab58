"""What every ``complaints`` command shares: the import before it, the actor, the options.

Each command first imports new queue lines (cheaply) and the old ledger file (once), and
refuses to go on when the queue file was changed or is missing: a list or a report made
without the newest complaints would be wrong without saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.office.case_query import FLAG_LABELS, STATUS_FILTERS
from intake_api.office.casework import STATUS_LABELS, Actor
from intake_api.office.extension import Office, OfficeUnavailable, current_office
from intake_api.office.legacy_ledger import LegacyImport, import_legacy_ledger
from intake_api.office.models import Case, User
from intake_api.office.months import Month
from intake_api.office.queue_import import QueueChanged, QueueMissing, QueueUnreachable, SyncResult
from intake_api.public.content import SESSION_PREFIX, channel_names
from intake_api.queue.receipts import normalize_receipt

STAFF_ROLES = ("admin", "clerk")
STATUS_WORDS = {
    **{key: key for key in STATUS_FILTERS},
    **{label: key for key, label in STATUS_LABELS.items()},
    "未办结": "open",
}
FLAG_WORDS = {**{key: key for key in FLAG_LABELS}, **{v: k for k, v in FLAG_LABELS.items()}}

ACTING = click.option(
    "--as",
    "acting_as",
    required=True,
    metavar="NAME",
    help="Your staff account's name (an admin or clerk account): recorded with what you do.",
)


def queue_changed_message(error: QueueChanged) -> str:
    """Why nothing can be done until an administrator looks at the queue file."""
    return (
        f"the queue file was changed: {error}. Nothing new was imported, and every complaint "
        'imported before is safe in the database. See "队列文件被改动" in docs/office.md to '
        "recover (then: complaints sync --adopt-replaced-file)."
    )


def queue_missing_message(office: Office) -> str:
    """The queue file (or PostgreSQL table) is not where the settings say."""
    if office.queue_path is None:
        return f"no complaint queue table in {office.queue_name}: check INTAKE_QUEUE"
    return f"no queue file at {office.queue_path}: check INTAKE_QUEUE"


def import_queue(
    session: Session, *, verify_all: bool = False, adopt: bool = False
) -> tuple[SyncResult, LegacyImport | None]:
    """Import new queue lines, then the old ledger file (once); ClickException if refused."""
    office = current_office()
    try:
        result = office.sync(session, verify_all=verify_all, adopt=adopt)
    except OfficeUnavailable as error:
        raise click.ClickException(f"content/office.yaml is invalid:\n{error}") from None
    except QueueUnreachable as error:
        raise click.ClickException(f"{error}; nothing was imported") from None
    except QueueChanged as error:
        raise click.ClickException(queue_changed_message(error)) from None
    except QueueMissing:
        raise click.ClickException(queue_missing_message(office)) from None
    return result, import_legacy_ledger(session, office)


@contextmanager
def prepared_session() -> Iterator[Session]:
    """A database session after a cheap import (what the old ledger gave goes to stderr)."""
    with current_office().session() as session:
        _, legacy = import_queue(session)
        if legacy is not None:
            for line in legacy_summary(legacy):
                click.echo(line, err=True)
        yield session


def legacy_summary(result: LegacyImport) -> list[str]:
    """What the one-time import of the old ledger file did, line by line."""
    lines = [f"old ledger {result.path}: {result.events} events imported (once; file kept)"]
    lines += [f"  not imported: {problem}" for problem in result.skipped]
    lines += [f"  warning: {warning}" for warning in result.warnings]
    return lines


def staff_actor(session: Session, name: str) -> Actor:
    """The admin or clerk account named ``name``; ClickException for anyone else."""
    user = session.execute(select(User).where(User.name == name.strip())).scalar()
    if user is None:
        raise click.ClickException(
            f"no staff account named {name.strip()!r}: --as takes the name of an admin or "
            "clerk account (flask --app intake_api office create-user)"
        )
    if not user.active:
        raise click.ClickException(f"the account {user.name!r} is deactivated")
    if user.role not in STAFF_ROLES:
        raise click.ClickException(
            f"the account {user.name!r} is a unit's account: these commands are for admin "
            "and clerk accounts"
        )
    return Actor(name=user.name, role=user.role, unit_id=user.unit_id)


def parse_receipt(text: str, option: str = "RECEIPT") -> str:
    """The canonical receipt for what was typed (any case, dashes or spaces)."""
    receipt = normalize_receipt(text)
    if receipt is None:
        raise click.BadParameter(
            f"{text!r} is not a receipt number (check each symbol)", param_hint=option
        )
    return receipt


def parse_day(text: str, option: str) -> date:
    """A YYYY-MM-DD day; anything else (an empty value too) is a usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"expected YYYY-MM-DD, found {text!r}", param_hint=f"'{option}'"
        ) from None


def parse_month(text: str) -> Month:
    """A YYYY-MM month."""
    try:
        return Month.parse(text)
    except ValueError:
        raise click.BadParameter(
            f"expected YYYY-MM, found {text!r}", param_hint="'--month'"
        ) from None


def parse_status(text: str | None) -> str | None:
    """A status filter from its English key or its Chinese label."""
    if text is None:
        return None
    key = STATUS_WORDS.get(text.strip().lower()) or STATUS_WORDS.get(text.strip())
    if key is None:
        raise click.BadParameter(
            f"unknown status {text!r}; use one of: {', '.join(STATUS_WORDS)}",
            param_hint="'--status'",
        )
    return key


def parse_flags(texts: tuple[str, ...]) -> frozenset[str]:
    """Flag filters from their English keys or Chinese labels."""
    keys = set()
    for text in texts:
        key = FLAG_WORDS.get(text.strip())
        if key is None:
            raise click.BadParameter(
                f"unknown flag {text!r}; use one of: {', '.join(FLAG_WORDS)}",
                param_hint="'--flag'",
            )
        keys.add(key)
    return frozenset(keys)


def parse_unit(text: str, session: Session | None = None) -> str:
    """A unit id from its id or name in units.yaml (or, given ``session``, one cases have)."""
    office = current_office()
    text = text.strip()
    for unit in office.site.units if office.site else ():
        if text in (unit.id, unit.name, unit.full_name):
            return unit.id
    if (
        session is not None
        and session.execute(select(Case.receipt).where(Case.unit_id == text)).first()
    ):
        return text  # a unit named in the old free-text ledger
    known = ", ".join(f"{uid} ({name})" for uid, name in office.unit_names().items())
    raise click.BadParameter(
        f"no unit {text!r} in units.yaml; known units: {known or 'none'}",
        param_hint="'--unit'",
    )


def parse_channel(text: str) -> str:
    """``online`` or ``session:ID`` (a session id alone will do)."""
    names = channel_names(current_office().site)
    text = text.strip()
    for value in (text, SESSION_PREFIX + text):
        if value in names:
            return value
    raise click.BadParameter(
        f"unknown channel {text!r}: use online or session:SESSION_ID "
        "(a session's id in content/schedule.yaml)",
        param_hint="'--channel'",
    )
