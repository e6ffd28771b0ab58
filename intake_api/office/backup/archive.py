"""Backups of the casework: make one, check one, restore one into a new, empty database.

A backup is a folder ``DIR/<YYYY-MM-DDTHHMMSS>/`` holding

- ``office.sqlite3`` or ``office.pgdump``: the database (``backup_database``);
- ``complaints.jsonl``: the queue, copied under its append lock *after* the database, so
  it holds every line the database copy had imported (the queue only ever grows);
- ``complaints.ledger.jsonl``: the old ledger file, when there is one;
- ``manifest.json``: size and SHA-256 of each file, row and line counts, the schema
  revision and when it was made.

It is written into a hidden temporary folder beside it and renamed into place, so a
failed backup leaves nothing that looks like a backup.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from intake_api.office.backup.database_copy import (
    POSTGRES_DUMP,
    SQLITE_COPY,
    BackupError,
    cases_in,
    copy_database,
    restore_database,
)
from intake_api.office.backup.files import (
    copy_back,
    copy_journal,
    seal,
    sha256_of,
    write_json,
)
from intake_api.office.backup.verify import (
    LEDGER_COPY,
    MANIFEST,
    QUEUE_COPY,
    find_backup,
    verify_backup,
)
from intake_api.office.database import MIGRATIONS, make_engine, upgrade
from intake_api.office.legacy_ledger import ledger_path
from intake_api.office.models import QueueSegment, QueueState
from intake_api.queue.private_files import fsync_directory

FORMAT = 1  # of the manifest
QUEUE_IN_POSTGRES = (
    "the queue lives in PostgreSQL and is not in this backup: back it up with the database "
    "server's own tools (pg_dump)"
)


@dataclass(frozen=True)
class Backup:
    """A backup that was made: its folder and its manifest."""

    folder: Path
    manifest: dict[str, Any]


def make_backup(engine: Engine, queue_path: Path | None, parent: Path, now: datetime) -> Backup:
    """Back up the database and the queue file (None: a PostgreSQL queue) under ``parent``."""
    if parent.exists() and not parent.is_dir():
        raise BackupError(f"{parent} is a file, not a folder")
    try:
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=parent))
    except OSError as error:
        raise BackupError(f"cannot write in {parent}: {error.strerror}") from None
    try:
        manifest = _fill(partial, engine, queue_path, now)
        folder = _move_into_place(partial, parent, now)
        fsync_directory(parent)
    except OSError as error:
        raise BackupError(f"cannot write the backup in {parent}: {error.strerror}") from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return Backup(folder, manifest)


def _fill(partial: Path, engine: Engine, queue_path: Path | None, now: datetime) -> dict[str, Any]:
    """Copy everything into ``partial`` and write the manifest; the manifest."""
    database = copy_database(engine, partial)
    files, queue_lines = [database.file], 0
    if queue_path is None:
        queue: dict[str, object] = {"path": None, "note": QUEUE_IN_POSTGRES}
    else:
        queue = {"path": str(queue_path), "torn_bytes_left_out": 0}
    if queue_path is not None and queue_path.is_file():
        copied = copy_journal(queue_path, partial / QUEUE_COPY)
        files.append(QUEUE_COPY)
        queue_lines, queue["torn_bytes_left_out"] = copied.lines, copied.left_out
    if queue_path is not None and ledger_path(queue_path).is_file():
        copy_journal(ledger_path(queue_path), partial / LEDGER_COPY)
        files.append(LEDGER_COPY)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "database": engine.dialect.name,
        "schema_revision": database.revision,
        "counts": {**database.counts, "queue_lines": queue_lines},
        "queue": queue,
        "files": {name: seal(partial / name) for name in files},
    }
    write_json(partial / MANIFEST, manifest)
    return manifest


def _move_into_place(partial: Path, parent: Path, now: datetime) -> Path:
    """Rename the finished folder to its time (``-2``, ``-3``... if that one is taken)."""
    base, number = now.strftime("%Y-%m-%dT%H%M%S"), 1
    while True:
        folder = parent / (base if number == 1 else f"{base}-{number}")
        if not folder.exists():
            try:
                os.rename(partial, folder)
                return folder
            except OSError as error:
                if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
        number += 1


@dataclass(frozen=True)
class Restored:
    """What a restore did: from which backup, what the database now holds, notes on the queue."""

    folder: Path
    counts: dict[str, int]
    notes: list[str]


def restore_backup(source: Path, database_url: str, queue_path: Path | None) -> Restored:
    """Restore a verified backup into an empty database, and the queue file if there is none.

    ``queue_path`` None: the queue is a PostgreSQL table, which only the server's own tools
    back up and restore; a queue file in the backup is left where it is.
    """
    folder = find_backup(source)
    verification = verify_backup(folder)
    if verification.problems:
        raise BackupError(
            f"{folder} failed verification; nothing was restored:\n"
            + "\n".join(verification.problems)
        )
    manifest = verification.manifest
    files: dict[str, object] = manifest["files"]
    _refuse_stray_wal(database_url)
    engine = make_engine(database_url)
    try:
        _check_target(engine, database_url, manifest)
        restore_database(engine, folder, SQLITE_COPY if SQLITE_COPY in files else POSTGRES_DUMP)
        upgrade(engine)
        if queue_path is None:
            notes = [QUEUE_IN_POSTGRES]
        else:
            notes = _restore_queue(folder, files, queue_path)
            note = _adopt_queue_file(engine, queue_path)
            notes += [note] if note else []
    finally:
        engine.dispose()
    return Restored(folder, manifest["counts"], notes)


def _refuse_stray_wal(database_url: str) -> None:
    """A SQLite -wal file left without its database would be replayed into the new one."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    path = Path(url.database)
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and (not path.exists() or path.stat().st_size == 0):
        raise BackupError(
            f"{wal} is left from a database that is no longer there: move it and "
            f"{path.name}-shm aside with the old database, then run restore again"
        )


def _check_target(engine: Engine, database_url: str, manifest: dict[str, Any]) -> None:
    """Refuse a database of the other kind, a newer schema, or a database with cases."""
    if manifest["database"] != engine.dialect.name:
        raise BackupError(
            f"the backup holds a {manifest['database']} database, but OFFICE_DATABASE_URL "
            f"points at {engine.dialect.name}"
        )
    try:
        ScriptDirectory(str(MIGRATIONS)).get_revision(str(manifest["schema_revision"]))
    except CommandError:
        raise BackupError(
            f"the backup's schema revision {manifest['schema_revision']} is newer than this "
            "version of the app: restore it with the version that made it"
        ) from None
    existing = cases_in(engine)
    if existing:
        url = make_url(database_url)
        where = url.database if engine.dialect.name == "sqlite" else url.render_as_string()
        aside = f"or move {url.database} aside " if engine.dialect.name == "sqlite" else ""
        raise BackupError(
            f"the database {where} already holds {existing} cases; a restore never writes "
            f"over cases: point OFFICE_DATABASE_URL at a new, empty database {aside}"
            "and run restore again"
        )


def _restore_queue(folder: Path, files: dict[str, object], queue_path: Path) -> list[str]:
    """Copy the queue and ledger files back where none exist; never over an existing one."""
    notes = []
    for name, target in ((QUEUE_COPY, queue_path), (LEDGER_COPY, ledger_path(queue_path))):
        if name not in files:
            continue
        if copy_back(folder / name, target):
            notes.append(f"{name} restored to {target}")
        else:
            notes.append(f"{target} exists and was kept as it is (a restore never overwrites it)")
    return notes


def _adopt_queue_file(engine: Engine, queue_path: Path) -> str | None:
    """Point the import state at the queue file here if it holds every byte imported.

    The restored file (or one copied by hand) is a new file, which ``sync`` would refuse as
    "replaced"; it may carry on with it only when the imported bytes are all unchanged.
    """
    with Session(engine) as session:
        state = session.get(QueueState, 1)
        if state is None or state.offset == 0 or not queue_path.is_file():
            return None
        info = os.stat(queue_path)
        if (state.path, state.device, state.inode) == (str(queue_path), info.st_dev, info.st_ino):
            return None
        segments = session.execute(select(QueueSegment)).scalars().all()
        with queue_path.open("rb") as handle:
            unchanged = info.st_size >= state.offset and all(
                sha256_of(handle, segment.start, segment.end) == segment.sha256
                for segment in segments
            )
        if not unchanged:
            return (
                f"{queue_path} does not hold the lines this database imported: "
                "`complaints sync` will refuse it (docs/office.md says how to recover)"
            )
        state.path, state.device, state.inode = str(queue_path), info.st_dev, info.st_ino
        state.refused = ""
        session.commit()
    return None
