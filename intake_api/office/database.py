"""The casework database: its engine, the SQLite settings that make it durable, migrations.

SQLite (a file in the instance folder) by default; PostgreSQL when ``OFFICE_DATABASE_URL``
says so. The same code and the same Alembic migrations serve both.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from intake_api.queue.private_files import ProcessLock

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SCHEMES = ("sqlite", "postgresql")
# Any number: PostgreSQL's advisory lock id for "migrating the casework database".
_MIGRATION_LOCK = 7_262_021


class DatabaseUrlError(ValueError):
    """``OFFICE_DATABASE_URL`` is not a SQLite or PostgreSQL address."""


def default_url(instance_path: Path) -> str:
    """``sqlite:///<instance>/office.sqlite3``."""
    return f"sqlite:///{instance_path / 'office.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL, full fsync, foreign keys and a wait."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(f"{url!r} is not a database address") from None
    if parsed.get_backend_name() not in SCHEMES:
        raise DatabaseUrlError(
            f"{parsed.get_backend_name()!r} databases are not supported: use sqlite:///PATH "
            "or postgresql://USER@HOST/DB"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    # hide_parameters: a database error must never write a name or a phone into the log.
    engine = create_engine(
        parsed, pool_pre_ping=parsed.get_backend_name() == "postgresql", hide_parameters=True
    )
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _create_private(Path(parsed.database))
        event.listen(engine, "connect", _sqlite_settings)
    return engine


def _create_private(path: Path) -> None:
    """Create the database file mode 0600 (SQLite gives its -wal and -shm files the same)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))


def _sqlite_settings(connection: object, _record: object) -> None:
    """Durable and safe for several processes: WAL, fsync on commit, wait instead of failing."""
    cursor = connection.cursor()  # type: ignore[attr-defined]
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=FULL",
        "PRAGMA foreign_keys=ON",
        "PRAGMA busy_timeout=15000",
    ):
        cursor.execute(pragma)
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; several processes may call this at once."""
    with _migration_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK})
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """For a SQLite file: a lock file beside it, so only one process migrates at a time."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock = ProcessLock(Path(database).with_name(Path(database).name + ".migrate.lock"))
    try:
        with lock:
            yield
    finally:
        lock.close()


class CaseDatabase:
    """The app's casework database: an engine made on first use and migrated once."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The engine, the schema brought up to date on first use."""
        with self._lock:
            if self._engine is None:
                engine = make_engine(self.url)
                upgrade(engine)
                self._engine = engine
                self._sessions = sessionmaker(engine, expire_on_commit=False)
        return self._engine

    def session(self) -> Session:
        """A new database session (use it as a context manager)."""
        self.engine  # noqa: B018  (creates and migrates on first use)
        assert self._sessions is not None
        return self._sessions()

    def dispose(self) -> None:
        """Close every pooled connection (tests, and before a backup is restored)."""
        if self._engine is not None:
            self._engine.dispose()
