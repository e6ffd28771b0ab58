"""Import the queue into the casework database: new lines only, idempotent by receipt.

The web workers only ever append to the queue. The database remembers which file it read
(device and inode), how far (the byte offset after the last whole line) and a checksum of
the bytes each import read. A file that was replaced, shrunk or rewritten before that
offset is refused loudly, and nothing already imported is touched: every complaint that was
acknowledged is in the database or still in the file. ``adopt`` reads a replacement file
from its start when an administrator has checked it (docs/office.md, "Recovering").

A PostgreSQL queue (``sync_postgres_queue``) is read by row id instead of byte offset.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from intake_api.office.duplicates import DuplicateFinder, Sighting
from intake_api.office.models import Case, QueueProblem, QueueSegment, QueueState
from intake_api.office.queue_records import DamagedLine, QueuedComplaint, parse_record
from intake_api.office.settings import OfficeSettings
from intake_api.queue.postgres_queue import TABLE

TAIL_BYTES = 4096
_READ_SIZE = 1 << 20
_BATCH = 1000
IMPORTER = "队列导入"


class QueueMissing(Exception):
    """There is no queue file, and nothing was ever imported: no complaints yet (or a typo)."""


class QueueChanged(Exception):
    """The queue file is not the one, or not the bytes, that were imported; nothing done."""


class QueueUnreachable(QueueChanged):
    """The PostgreSQL queue cannot be read now (a passing state, never recorded as refused)."""


@dataclass(frozen=True)
class SyncResult:
    """What one import found."""

    imported: int
    already_imported: int
    problems: tuple[str, ...]
    lines: int  # lines read from the file so far, all imports together
    path: str


@dataclass(frozen=True)
class _Line:
    number: int
    raw: bytes


def sync_queue(
    session: Session,
    queue_path: Path,
    timezone: tzinfo,
    settings: OfficeSettings,
    now: Callable[[], datetime],
    *,
    verify_all: bool = False,
    adopt: bool = False,
) -> SyncResult:
    """Import the lines appended since the last import; commit, and return what was found.

    ``verify_all`` re-checks every byte imported before (the command line does); otherwise
    only the file's identity, its size and the last 4 KB imported are checked (page loads).
    """
    state = _take_turn(session)
    try:
        info = os.stat(queue_path)
    except FileNotFoundError:
        if state.offset > 0:
            _refuse(session, state, f"{queue_path} is missing; {state.lines} lines were imported")
        session.rollback()
        raise QueueMissing(f"no queue file at {queue_path}") from None
    with open(queue_path, "rb") as handle:
        if adopt:
            _start_over(session, state)
        elif state.offset > 0:
            problem = _changed(state, queue_path, info, handle, session, verify_all)
            if problem:
                _refuse(session, state, problem)
        result = _import_new_lines(session, state, handle, info.st_size, timezone, settings, now)
    state.path, state.device, state.inode = str(queue_path), info.st_dev, info.st_ino
    state.refused = ""
    session.commit()
    return result


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
    state = _take_turn(session)
    if adopt:
        _start_over(session, state)
    elif state.offset > 0 and state.path and state.path != url:
        _refuse(
            session, state, f"the database was filled from {state.path}, but the queue is now {url}"
        )
    try:
        with queue.connect() as connection:
            last = _last_committed_id(connection)
            if last is None or last < state.offset:
                if state.offset > 0:
                    connection.rollback()
                    found = "no queue table" if last is None else f"ids up to {last} only"
                    _refuse(
                        session,
                        state,
                        f"{url} has {found}; rows up to id {state.offset} were imported",
                    )
                session.rollback()
                raise QueueMissing(f"no complaint queue table in {url}")
            connection.commit()  # lets the app's inserts go on while the rows are read
            rows = connection.execution_options(stream_results=True, yield_per=_BATCH).execute(
                text(f"SELECT id, line FROM {TABLE} WHERE id > :after AND id <= :last ORDER BY id"),
                {"after": state.offset, "last": last},
            )
            state.path = url
            lines = (_Line(row_id, line.encode("utf-8")) for row_id, line in rows)
            result = _import_rows(session, state, lines, timezone, settings, now)
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


def _import_rows(
    session: Session,
    state: QueueState,
    lines: Iterator[_Line],
    timezone: tzinfo,
    settings: OfficeSettings,
    now: Callable[[], datetime],
) -> SyncResult:
    """Import ``lines`` (numbered by row id); ``state.offset`` becomes the last id read."""
    imported = already = 0
    problems: list[str] = []
    stamp = now().isoformat(timespec="seconds")
    batch: list[tuple[_Line, QueuedComplaint]] = []

    def flush() -> None:
        nonlocal imported, already
        added, seen, clashes = _store(session, batch, settings, stamp)
        imported, already = imported + added, already + seen
        for number, reason in clashes:
            problems.append(_problem(session, number, reason, stamp))
        batch.clear()

    for line in lines:
        try:
            batch.append((line, _parse(line.raw, timezone)))
        except DamagedLine as error:
            problems.append(_problem(session, line.number, str(error), stamp))
        if len(batch) >= _BATCH:
            flush()
        state.offset, state.lines = line.number, state.lines + 1
    flush()
    state.synced_at = stamp
    return SyncResult(imported, already, tuple(problems), state.lines, str(state.path))


def _take_turn(session: Session) -> QueueState:
    """Lock the state row (one import at a time, across processes) and read it."""
    session.execute(update(QueueState).where(QueueState.id == 1).values(turn=QueueState.turn + 1))
    return session.execute(select(QueueState).where(QueueState.id == 1)).scalar_one()


def _refuse(session: Session, state: QueueState, problem: str) -> None:
    """Record why the queue was refused (the console shows it), then raise."""
    state.refused = problem
    session.commit()
    raise QueueChanged(problem)


def _changed(
    state: QueueState,
    queue_path: Path,
    info: os.stat_result,
    handle: object,
    session: Session,
    verify_all: bool,
) -> str | None:
    """Why the file is not the one imported so far, or None."""
    if state.path and Path(state.path) != queue_path:
        return f"the database was filled from {state.path}, but the queue is now {queue_path}"
    if (info.st_dev, info.st_ino) != (state.device, state.inode):
        return f"{queue_path} was replaced by another file (an editor's save, a copy?)"
    if info.st_size < state.offset:
        return f"{queue_path} shrank from {state.offset} to {info.st_size} bytes"
    start = max(0, state.offset - TAIL_BYTES)
    if _sha256(handle, start, state.offset) != state.tail_sha256:
        return f"{queue_path} was changed before byte {state.offset} (lines already imported)"
    if verify_all:
        segments = session.execute(select(QueueSegment).order_by(QueueSegment.start)).scalars()
        for segment in segments:
            if _sha256(handle, segment.start, segment.end) != segment.sha256:
                return f"{queue_path} was changed between bytes {segment.start} and {segment.end}"
    return None


def _start_over(session: Session, state: QueueState) -> None:
    """Forget the old file's offsets and checksums (never its complaints) to read anew."""
    session.execute(delete(QueueSegment))
    session.execute(delete(QueueProblem))
    state.offset, state.lines, state.tail_sha256 = 0, 0, ""


def _sha256(handle: object, start: int, end: int) -> str:
    digest = hashlib.sha256()
    handle.seek(start)  # type: ignore[attr-defined]
    remaining = end - start
    while remaining > 0:
        chunk = handle.read(min(_READ_SIZE, remaining))  # type: ignore[attr-defined]
        if not chunk:
            break
        digest.update(chunk)
        remaining -= len(chunk)
    return digest.hexdigest()


def _lines(handle: object, start: int, size: int, first_number: int) -> Iterator[_Line]:
    """Whole lines from ``start``; a last line without its newline is left for next time."""
    handle.seek(start)  # type: ignore[attr-defined]
    pending, number, position = b"", first_number, start
    while position < size:
        chunk = handle.read(min(_READ_SIZE, size - position))  # type: ignore[attr-defined]
        if not chunk:
            break
        position += len(chunk)
        *whole, pending = (pending + chunk).split(b"\n")
        for raw in whole:
            yield _Line(number, raw + b"\n")
            number += 1


def _import_new_lines(
    session: Session,
    state: QueueState,
    handle: object,
    size: int,
    timezone: tzinfo,
    settings: OfficeSettings,
    now: Callable[[], datetime],
) -> SyncResult:
    start, digest = state.offset, hashlib.sha256()
    imported = already = 0
    problems: list[str] = []
    stamp = now().isoformat(timespec="seconds")
    batch: list[tuple[_Line, QueuedComplaint]] = []

    def flush() -> None:
        nonlocal imported, already
        added, seen, clashes = _store(session, batch, settings, stamp)
        imported, already = imported + added, already + seen
        for line, reason in clashes:
            problems.append(_problem(session, line, reason, stamp))
        batch.clear()

    end = start
    for line in _lines(handle, start, size, state.lines + 1):
        digest.update(line.raw)
        end += len(line.raw)
        try:
            batch.append((line, _parse(line.raw, timezone)))
        except DamagedLine as error:
            problems.append(_problem(session, line.number, str(error), stamp))
        if len(batch) >= _BATCH:
            flush()
        state.lines = line.number
    flush()
    if end > start:
        session.add(QueueSegment(start=start, end=end, sha256=digest.hexdigest()))
        state.offset = end
        state.tail_sha256 = _sha256(handle, max(0, end - TAIL_BYTES), end)
    state.synced_at = stamp
    return SyncResult(imported, already, tuple(problems), state.lines, str(state.path))


def _parse(raw: bytes, timezone: tzinfo) -> QueuedComplaint:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedLine("not UTF-8 text") from None
    except ValueError:
        raise DamagedLine("not JSON") from None
    if not isinstance(record, dict):
        raise DamagedLine("not a JSON object")
    return parse_record(record, timezone)


def _problem(session: Session, line: int, reason: str, stamp: str) -> str:
    """Keep an unreadable line's number and reason (once), and describe it."""
    known = session.execute(select(QueueProblem).where(QueueProblem.line == line)).scalar()
    if known is None:
        session.add(QueueProblem(line=line, reason=reason, found_at=stamp))
    return f"line {line}: {reason}"


def _store(
    session: Session,
    batch: list[tuple[_Line, QueuedComplaint]],
    settings: OfficeSettings,
    stamp: str,
) -> tuple[int, int, list[tuple[int, str]]]:
    """Insert the complaints not yet stored: (added, already there, clashing lines)."""
    if not batch:
        return 0, 0, []
    receipts = [queued.receipt for _, queued in batch]
    found = session.execute(select(Case.receipt, Case.original).where(Case.receipt.in_(receipts)))
    stored = {receipt: original for receipt, original in found}
    finder = DuplicateFinder(settings.duplicate_window_days)
    finder.load(
        session,
        [str(q.values["phone"]) for _, q in batch],
        [str(q.values["id_number"]) for _, q in batch if q.values["id_number"]],
    )
    rows, already, clashes = [], 0, []
    for line, queued in batch:
        if queued.receipt in stored:
            if stored[queued.receipt] == queued.original:
                already += 1
            else:
                clashes.append((line.number, "receipt already imported with other content"))
            continue
        sighting = Sighting(
            queued.receipt,
            str(queued.values["phone"]),
            queued.values["id_number"],  # type: ignore[arg-type]
            str(queued.values["employer"]),
            queued.received_on,
        )
        finder.add(sighting)
        stored[queued.receipt] = queued.original
        rows.append(
            {
                "receipt": queued.receipt,
                "received_at": queued.received_at,
                "received_on": queued.received_on,
                "channel": queued.channel,
                "source": queued.source,
                "original": queued.original,
                "queue_line": line.number,
                "imported_at": stamp,
                **queued.values,
                "possible_duplicate_of": finder.earliest_match(sighting),
                "status": "received",
                "updated_at": stamp,
                "updated_by": IMPORTER,
                "version": 1,
            }
        )
    if rows:
        # render_nulls: one multi-row INSERT, not one statement per pattern of empty columns.
        session.execute(insert(Case).execution_options(render_nulls=True), rows)
    return len(rows), already, clashes
