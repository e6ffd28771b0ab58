"""Import a PostgreSQL queue into the casework database, by row id.

``QueueState.offset`` is the last row id imported, ``path`` the URL without password. The
app only ever inserts rows (never updates or deletes them), so there is no file identity
or checksum to check; a table whose ids end below the offset was recreated, and is
refused like a shrunk file. A row's "line number" is its id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from intake_api.office.queue_import import (
    BATCH,
    Line,
    LineImporter,
    QueueMissing,
    QueueUnreachable,
    SyncResult,
    refuse,
    start_over,
    take_turn,
)
from intake_api.office.settings import OfficeSettings
from intake_api.queue.postgres_queue import TABLE


def sync_postgres_queue(
    session: Session,
    queue: Engine,
    url: str,
    timezone: tzinfo,
    settings: OfficeSettings,
    now: Callable[[], datetime],
    *,
    adopt: bool = False,
) -> SyncResult:
    """Import the rows of a PostgreSQL queue added since the last import; commit.

    ``QueueState.offset`` is the last row id imported, ``path`` the URL without password.
    The app only ever inserts rows (never updates or deletes them), so there is no file
    identity or checksum to check; a table whose ids end below the offset was recreated,
    and is refused like a shrunk file. A row's "line number" is its id.
    """
    state = take_turn(session)
    if adopt:
        start_over(session, state)
    elif state.offset > 0 and state.path and state.path != url:
        refuse(
            session, state, f"the database was filled from {state.path}, but the queue is now {url}"
        )
    try:
        with queue.connect() as connection:
            last = _last_committed_id(connection)
            if last is None or last < state.offset:
                if state.offset > 0:
                    connection.rollback()
                    found = "no queue table" if last is None else f"ids up to {last} only"
                    refuse(
                        session,
                        state,
                        f"{url} has {found}; rows up to id {state.offset} were imported",
                    )
                session.rollback()
                raise QueueMissing(f"no complaint queue table in {url}")
            connection.commit()  # lets the app's inserts go on while the rows are read
            rows = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
                text(f"SELECT id, line FROM {TABLE} WHERE id > :after AND id <= :last ORDER BY id"),
                {"after": state.offset, "last": last},
            )
            state.path = url
            importer = LineImporter(session, timezone, settings, now)
            for row_id, line in rows:
                importer.add(Line(row_id, line.encode("utf-8")))
                state.offset, state.lines = row_id, state.lines + 1
            result = importer.result(state)
    except DBAPIError as error:
        session.rollback()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise QueueUnreachable(f"cannot read the PostgreSQL queue {url}: {reason}") from None
    state.device, state.inode = 0, 0
    state.refused = ""
    session.commit()
    return result


def _last_committed_id(connection: Connection) -> int | None:
    """The highest id below which every row is committed (0: empty); None: no table yet.

    Ids are drawn when an insert starts, but inserts commit in any order: row 11 may be
    visible while row 10 is not yet. SHARE mode waits for every insert in progress (they
    hold ROW EXCLUSIVE) and holds new ones for the moment it takes to read the highest id,
    so no row at or below it can appear later and be skipped.
    """
    if connection.execute(text("SELECT to_regclass(:name)"), {"name": TABLE}).scalar() is None:
        return None
    connection.execute(text("SET LOCAL lock_timeout = '10s'"))
    connection.execute(text(f"LOCK TABLE {TABLE} IN SHARE MODE"))
    return connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {TABLE}")).scalar_one()
