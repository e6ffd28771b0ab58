"""The database part of a backup: SQLite's online backup or PostgreSQL's ``pg_dump``.

A SQLite copy is made with ``sqlite3.Connection.backup`` in one step, which reads one
consistent snapshot while the app keeps writing (WAL). A PostgreSQL dump is taken from a
snapshot exported by a repeatable-read transaction, and the counts in the manifest are
read in that same transaction, so they describe exactly the rows in the dump. Connection
settings reach ``pg_dump`` and ``pg_restore`` as libpq environment variables: a password
never appears on a command line, where other users of the machine could see it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url

SQLITE_COPY = "office.sqlite3"
POSTGRES_DUMP = "office.pgdump"
COUNTED = {"cases": "cases", "events": "case_events", "users": "users"}
DEBIAN_VERSIONS = Path("/usr/lib/postgresql")
# URL query options that libpq also reads from the environment.
_LIBPQ_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout")
_CASES_DATA = re.compile(r"^\d+; \d+ \d+ TABLE DATA \S+ cases ", re.MULTILINE)


class BackupError(Exception):
    """A backup could not be made, checked or restored; the message says why."""


@dataclass(frozen=True)
class DatabaseCopy:
    """The copy of the database in a backup: its file, schema revision and row counts."""

    file: str
    revision: str
    counts: dict[str, int]


def copy_database(engine: Engine, folder: Path) -> DatabaseCopy:
    """Copy the database into ``folder`` (``office.sqlite3`` or ``office.pgdump``)."""
    if engine.dialect.name == "sqlite":
        return _copy_sqlite(engine, folder / SQLITE_COPY)
    return _dump_postgres(engine, folder / POSTGRES_DUMP)


def _copy_sqlite(engine: Engine, target: Path) -> DatabaseCopy:
    os.close(os.open(target, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    copy = sqlite3.connect(target)
    try:
        with engine.connect() as connection:
            # pages=-1: the whole database in one step, so one snapshot (WAL lets writers on).
            connection.connection.driver_connection.backup(copy)  # type: ignore[union-attr]
        # A self-contained file: no -wal beside it, and it opens read-only anywhere.
        copy.execute("PRAGMA journal_mode=DELETE")
        revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        counts = {
            name: copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for name, table in COUNTED.items()
        }
    except sqlite3.Error as error:
        raise BackupError(f"cannot copy the SQLite database: {error}") from None
    finally:
        copy.close()
    return DatabaseCopy(SQLITE_COPY, revision, counts)


def _dump_postgres(engine: Engine, target: Path) -> DatabaseCopy:
    pg_dump = find_program("pg_dump")
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    repeatable = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with repeatable as connection, connection.begin():
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        revision, counts = _revision_and_counts(connection)
        # The transaction stays open while pg_dump reads the snapshot it exported.
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], engine)
    return DatabaseCopy(POSTGRES_DUMP, revision, counts)


def _revision_and_counts(connection: Connection) -> tuple[str, dict[str, int]]:
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    counts = {
        name: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
        for name, table in COUNTED.items()
    }
    return revision, counts


def check_copy(folder: Path, file: str) -> tuple[dict[str, int] | None, list[str]]:
    """Open the copy and check it: (row counts when they can be read, problems found)."""
    if file == SQLITE_COPY:
        return _check_sqlite(folder / file)
    try:
        listing = _run([find_program("pg_restore"), "--list", str(folder / file)], None)
    except BackupError as error:
        return None, [f"{file}: {error}"]
    if not _CASES_DATA.search(listing):
        return None, [f"{file}: the dump holds no data for the cases table"]
    return None, []


def _check_sqlite(path: Path) -> tuple[dict[str, int] | None, list[str]]:
    try:
        copy = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return None, [f"{path.name}: cannot be opened: {error}"]
    try:
        verdict = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            return None, [f"{path.name}: integrity check failed: {'; '.join(verdict[:5])}"]
        counts = {
            name: copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for name, table in COUNTED.items()
        }
    except sqlite3.Error as error:
        return None, [f"{path.name}: not a readable casework database: {error}"]
    finally:
        copy.close()
    return counts, []


def cases_in(engine: Engine) -> int:
    """How many cases the database holds (0 when its tables were never made)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("cases"):
            return 0
        return int(connection.execute(text("SELECT count(*) FROM cases")).scalar_one())


def restore_database(engine: Engine, folder: Path, file: str) -> None:
    """Put the backup's copy into the (empty) database ``engine`` points at."""
    if file == SQLITE_COPY:
        copy = sqlite3.connect(f"{(folder / file).resolve().as_uri()}?mode=ro", uri=True)
        try:
            with engine.connect() as connection:
                copy.backup(connection.connection.driver_connection)  # type: ignore[arg-type]
        except sqlite3.Error as error:
            raise BackupError(f"cannot restore the SQLite database: {error}") from None
        finally:
            copy.close()
        return
    database = make_url(engine.url).database or ""
    command = [find_program("pg_restore"), "--no-owner", "--no-privileges", "--clean"]
    # --clean drops the empty tables a first start may have made; one transaction means
    # a failed restore leaves the database as it was.
    command += ["--if-exists", "--single-transaction", f"--dbname={database}"]
    _run([*command, str(folder / file)], engine)


def find_program(name: str) -> str:
    """A PostgreSQL client program: on PATH, else Debian's newest version; BackupError if absent."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(DEBIAN_VERSIONS.glob(f"*/bin/{name}"), key=_version, reverse=True)
    if not versions:
        raise BackupError(
            f"{name} not found: install PostgreSQL's client programs "
            "(apt-get install postgresql-client) or put them on PATH"
        )
    return str(versions[0])


def _version(program: Path) -> list[int]:
    """``/usr/lib/postgresql/9.6/bin/pg_dump`` -> ``[9, 6]``, so that 16 sorts after 9.6."""
    return [int(part) for part in program.parent.parent.name.split(".") if part.isdigit()]


def libpq_environment(engine: Engine | None) -> dict[str, str]:
    """The environment for a PostgreSQL client program, with the URL's connection settings."""
    environment = dict(os.environ)
    if engine is None:
        return environment
    url = make_url(engine.url)
    query = {key: str(value) for key, value in url.query.items()}
    settings = {
        "PGHOST": url.host or query.get("host"),
        "PGPORT": str(url.port) if url.port else query.get("port"),
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
        **{f"PG{option.upper()}": query.get(option) for option in _LIBPQ_OPTIONS},
    }
    environment.update({key: str(value) for key, value in settings.items() if value})
    return environment


def _run(command: list[str], engine: Engine | None) -> str:
    """Run a client program, never waiting at a password prompt; its output, or BackupError."""
    try:
        result = subprocess.run(
            [command[0], "--no-password", *command[1:]],
            env=libpq_environment(engine),
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise BackupError(f"cannot run {command[0]}: {error.strerror}") from None
    if result.returncode != 0:
        program = Path(command[0]).name
        raise BackupError(f"{program} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout
