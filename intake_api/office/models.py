"""The casework database: tables for cases, their events, accounts, the access log and the
queue's import state (SQLAlchemy; the same tables on SQLite and PostgreSQL).

Times are stored as ISO 8601 text with their UTC offset (``2021-05-10T09:30:05+08:00``), as
the queue writes them: exact on both databases, and sortable within one office's time zone.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Money = Numeric(14, 2)
TIME = String(32)

# A case's stored status; "overdue" is not stored: it is "assigned" past its deadline.
STATUSES = ("received", "assigned", "closed", "duplicate", "invalid")


class Base(DeclarativeBase):
    """Every table of the casework database."""


class Case(Base):
    """One complaint as it arrived, its current (amended) values, and how it is handled.

    ``original`` is the queue line's ``fields`` exactly as received and is never changed;
    the typed columns start as the same values and change only through an ``amend`` event.
    ``version`` goes up with every event: a save based on an older version is refused.
    """

    __tablename__ = "cases"

    receipt: Mapped[str] = mapped_column(String(12), primary_key=True)
    received_at: Mapped[str] = mapped_column(TIME)
    received_on: Mapped[date] = mapped_column(Date, index=True)  # in the office's time zone
    channel: Mapped[str] = mapped_column(String(100), index=True)
    source: Mapped[str] = mapped_column(String(100))
    original: Mapped[str] = mapped_column(Text)
    queue_line: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[str] = mapped_column(TIME)

    name: Mapped[str] = mapped_column(String(100), index=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    employer: Mapped[str] = mapped_column(String(200), index=True)
    project: Mapped[str | None] = mapped_column(String(200))
    work_location: Mapped[str] = mapped_column(String(200))
    workers_affected: Mapped[int] = mapped_column(Integer)
    amount_owed: Mapped[Decimal] = mapped_column(Money)
    owed_since: Mapped[str] = mapped_column(String(7))
    months_owed: Mapped[int] = mapped_column(Integer)  # owed_since to the month received
    description: Mapped[str] = mapped_column(Text)
    reported_elsewhere: Mapped[bool] = mapped_column(Boolean)
    rural_low_income: Mapped[bool] = mapped_column(Boolean)
    possible_duplicate_of: Mapped[str | None] = mapped_column(String(12))

    status: Mapped[str] = mapped_column(String(12), index=True, default="received")
    unit_id: Mapped[str | None] = mapped_column(String(40), index=True)
    person: Mapped[str | None] = mapped_column(String(100))
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    leader: Mapped[str | None] = mapped_column(String(100))  # 包案领导
    assigned_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(Text)
    amount_recovered: Mapped[Decimal | None] = mapped_column(Money)
    duplicate_of: Mapped[str | None] = mapped_column(String(12))
    invalid_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(TIME)
    updated_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own mapping)


class CaseEvent(Base):
    """Something the office did to a case: who, when, what, and the version it made."""

    __tablename__ = "case_events"
    __table_args__ = (UniqueConstraint("receipt", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    receipt: Mapped[str] = mapped_column(ForeignKey("cases.receipt"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[str] = mapped_column(TIME)
    actor: Mapped[str] = mapped_column(String(100))
    details: Mapped[str] = mapped_column(Text)  # JSON object


class User(Base):
    """A staff account: admin or clerk of the leading group's office, or a unit's account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[str | None] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(TIME)


class AccessRecord(Base):
    """One view or export of personal data (or a public status lookup): who, when, which."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(TIME)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    receipts: Mapped[str] = mapped_column(Text)  # space-separated
    detail: Mapped[str] = mapped_column(Text, default="")


class QueueState(Base):
    """How far the queue file has been imported, and what it looked like then (one row)."""

    __tablename__ = "queue_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text, default="")
    device: Mapped[int] = mapped_column(BigInteger, default=0)
    inode: Mapped[int] = mapped_column(BigInteger, default=0)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    lines: Mapped[int] = mapped_column(Integer, default=0)
    tail_sha256: Mapped[str] = mapped_column(String(64), default="")
    synced_at: Mapped[str] = mapped_column(TIME, default="")
    refused: Mapped[str] = mapped_column(Text, default="")  # why the last sync was refused
    turn: Mapped[int] = mapped_column(Integer, default=0)  # bumped to serialise syncs


class QueueSegment(Base):
    """The bytes one sync imported, by checksum, so a later rewrite of them is detected."""

    __tablename__ = "queue_segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    start: Mapped[int] = mapped_column(BigInteger)
    end: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))


class QueueProblem(Base):
    """A queue line that could not be imported, kept so every report can count it."""

    __tablename__ = "queue_problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    line: Mapped[int] = mapped_column(Integer, unique=True)
    reason: Mapped[str] = mapped_column(Text)
    found_at: Mapped[str] = mapped_column(TIME)


class LegacyLedgerImport(Base):
    """The one-time import of the old ledger file (``complaints.ledger.jsonl``): done once."""

    __tablename__ = "legacy_ledger_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))  # of the file as it was imported
    events: Mapped[int] = mapped_column(Integer)  # case events made from it
    skipped: Mapped[int] = mapped_column(Integer)  # lines not imported (each was reported)
    imported_at: Mapped[str] = mapped_column(TIME)
