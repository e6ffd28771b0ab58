"""Staff accounts: create them, check a password, keep the hash current (argon2id)."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.office.models import User

ROLES = ("admin", "clerk", "unit")
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 100
# argon2-cffi's defaults are RFC 9106's low-memory profile of argon2id (64 MiB, 3 passes).
_HASHER = PasswordHasher()


class AccountError(ValueError):
    """The account cannot be created as asked; the message says why."""


def check_account(
    session: Session, name: str, role: str, unit_id: str | None, units: dict[str, str]
) -> None:
    """AccountError unless an account ``name`` with this role and unit may be created."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise AccountError(f"the name must be 1 to {MAX_NAME_LENGTH} characters")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: use admin, clerk or unit")
    if role == "unit" and not unit_id:
        raise AccountError("a unit account needs --unit UNIT_ID (" + _known(units) + ")")
    if role != "unit" and unit_id:
        raise AccountError("only a unit account belongs to a unit; leave out --unit")
    if unit_id and unit_id not in units:
        raise AccountError(f"unknown unit {unit_id!r} (" + _known(units) + ")")
    if session.execute(select(User.id).where(User.name == name)).first() is not None:
        raise AccountError(f"an account named {name!r} already exists")


def create_user(
    session: Session,
    name: str,
    role: str,
    password: str,
    *,
    unit_id: str | None,
    units: dict[str, str],
    now: datetime,
) -> User:
    """Add an account (committed); AccountError for a bad name, role, unit or password."""
    check_account(session, name, role, unit_id, units)
    _check_password(password)
    user = User(
        name=name.strip(),
        role=role,
        unit_id=unit_id,
        password_hash=_HASHER.hash(password),
        active=True,
        created_at=now.isoformat(timespec="seconds"),
    )
    session.add(user)
    session.commit()
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")


def find_account(session: Session, name: str) -> User:
    """The account named ``name``; AccountError if there is none."""
    user = session.execute(select(User).where(User.name == name.strip())).scalar_one_or_none()
    if user is None:
        raise AccountError(f"no account named {name.strip()!r}")
    return user


def set_password(session: Session, name: str, password: str) -> None:
    """Give the account a new password (committed)."""
    user = find_account(session, name)
    _check_password(password)
    user.password_hash = _HASHER.hash(password)
    session.commit()


def set_active(session: Session, name: str, active: bool) -> None:
    """Let the account sign in again, or stop it (it is signed out at its next request)."""
    find_account(session, name).active = active
    session.commit()


def _known(units: dict[str, str]) -> str:
    return "known units: " + ", ".join(sorted(units)) if units else "no units in units.yaml"


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active account with this name and password, or None; upgrades an old hash."""
    user = session.execute(select(User).where(User.name == name.strip())).scalar_one_or_none()
    if user is None or not user.active:
        _verify(_dummy_hash(), password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
        session.commit()
    return user


@cache
def _dummy_hash() -> str:
    """Checked when the name is unknown, so a wrong name takes as long as a wrong password."""
    return _HASHER.hash("not the password of any account")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
