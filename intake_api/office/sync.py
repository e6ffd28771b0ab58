"""Import the queue file into the casework database: new lines only, idempotent by receipt.

The web workers only ever append to the queue. The database remembers which file it read
(device and inode), how far (the byte offset after the last whole line) and a checksum of
the bytes each import read. A file that was replaced, shrunk or rewritten before that
offset is refused loudly, and nothing already imported is touched: every complaint that was
acknowledged is in the database or still in the file. ``adopt`` reads a replacement file
from its start when an administrator has checked it (docs/office.md, "队列文件被改动").
A page load that finds the file as it was left writes nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.office.models import QueueSegment, QueueState
from intake_api.office.queue_import import (
    Line,
    LineImporter,
    QueueMissing,
    SyncResult,
    refuse,
    start_over,
    take_turn,
)
from intake_api.office.settings import OfficeSettings

TAIL_BYTES = 4096
_READ_SIZE = 1 << 20


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
    if not (verify_all or adopt) and _unchanged(session, queue_path):
        state = session.execute(select(QueueState).where(QueueState.id == 1)).scalar_one()
        session.rollback()
        return SyncResult(0, 0, (), state.lines, state.path)
    state = take_turn(session)
    try:
        info = os.stat(queue_path)
    except FileNotFoundError:
        if state.offset > 0:
            refuse(session, state, f"{queue_path} is missing; {state.lines} lines were imported")
        session.rollback()
        raise QueueMissing(f"no queue file at {queue_path}") from None
    with open(queue_path, "rb") as handle:
        if adopt:
            start_over(session, state)
        elif state.offset > 0:
            problem = _changed(state, queue_path, info, handle, session, verify_all)
            if problem:
                refuse(session, state, problem)
        state.path, state.device, state.inode = str(queue_path), info.st_dev, info.st_ino
        result = _import_new_lines(session, state, handle, info.st_size, timezone, settings, now)
    state.refused = ""
    session.commit()
    return result


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


def _lines(handle: object, start: int, size: int, first_number: int) -> Iterator[Line]:
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
            yield Line(number, raw + b"\n")
            number += 1


def _unchanged(session: Session, queue_path: Path) -> bool:
    """The file is the one imported, ends where the import did, and its last 4 KB agree."""
    state = session.execute(select(QueueState).where(QueueState.id == 1)).scalar_one()
    try:
        with open(queue_path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if state.refused or state.path != str(queue_path):
                return False
            if (info.st_dev, info.st_ino, info.st_size) != (
                state.device,
                state.inode,
                state.offset,
            ):
                return False
            return _sha256(handle, max(0, state.offset - TAIL_BYTES), state.offset) == (
                state.tail_sha256
            )
    except FileNotFoundError:
        return False


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
    importer = LineImporter(session, timezone, settings, now)
    end = start
    for line in _lines(handle, start, size, state.lines + 1):
        digest.update(line.raw)
        end += len(line.raw)
        importer.add(line)
        state.lines = line.number
    if end > start:
        session.add(QueueSegment(start=start, end=end, sha256=digest.hexdigest()))
        state.offset = end
        state.tail_sha256 = _sha256(handle, max(0, end - TAIL_BYTES), end)
    return importer.result(state)
