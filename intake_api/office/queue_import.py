"""Queue lines into cases: what importing from either kind of queue shares.

Each line is parsed and checked (``queue_records``), stored once by receipt with its
possible duplicate found, and an unreadable line is kept as a ``QueueProblem`` so every
report can count it. A receipt already imported with other content is never overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from intake_api.office.duplicates import DuplicateFinder, Sighting
from intake_api.office.models import Case, QueueProblem, QueueSegment, QueueState
from intake_api.office.queue_records import DamagedLine, QueuedComplaint, parse_record
from intake_api.office.settings import OfficeSettings

BATCH = 1000
IMPORTER = "队列导入"


class QueueMissing(Exception):
    """There is no queue, and nothing was ever imported: no complaints yet (or a typo)."""


class QueueChanged(Exception):
    """The queue is not the one, or not the bytes, that were imported; nothing done."""


class QueueUnreachable(QueueChanged):
    """The PostgreSQL queue cannot be read now (a passing state, never recorded as refused)."""


@dataclass(frozen=True)
class SyncResult:
    """What one import found."""

    imported: int
    already_imported: int
    problems: tuple[str, ...]
    lines: int  # lines (or rows) read from the queue so far, all imports together
    path: str


@dataclass(frozen=True)
class Line:
    """One queue line as bytes, with its number (a row's id for a PostgreSQL queue)."""

    number: int
    raw: bytes


@dataclass
class LineImporter:
    """Takes lines one by one and stores their complaints in batches."""

    session: Session
    timezone: tzinfo
    settings: OfficeSettings
    now: Callable[[], datetime]
    imported: int = 0
    already_imported: int = 0
    problems: list[str] = field(default_factory=list)
    _batch: list[tuple[Line, QueuedComplaint]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stamp = self.now().isoformat(timespec="seconds")

    def add(self, line: Line) -> None:
        """Parse ``line``; a damaged one is recorded as a problem, never skipped silently."""
        try:
            self._batch.append((line, _parse(line.raw, self.timezone)))
        except DamagedLine as error:
            self.problems.append(_problem(self.session, line.number, str(error), self.stamp))
        if len(self._batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Store the complaints parsed so far."""
        added, seen, clashes = _store(self.session, self._batch, self.settings, self.stamp)
        self.imported += added
        self.already_imported += seen
        for number, reason in clashes:
            self.problems.append(_problem(self.session, number, reason, self.stamp))
        self._batch.clear()

    def result(self, state: QueueState) -> SyncResult:
        """Flush, stamp ``state`` and say what was found."""
        self.flush()
        state.synced_at = self.stamp
        return SyncResult(
            self.imported, self.already_imported, tuple(self.problems), state.lines, state.path
        )


def take_turn(session: Session) -> QueueState:
    """Lock the state row (one import at a time, across processes) and read it."""
    session.execute(update(QueueState).where(QueueState.id == 1).values(turn=QueueState.turn + 1))
    return session.execute(select(QueueState).where(QueueState.id == 1)).scalar_one()


def refuse(session: Session, state: QueueState, problem: str) -> None:
    """Record why the queue was refused (the console shows it), then raise."""
    state.refused = problem
    session.commit()
    raise QueueChanged(problem)


def start_over(session: Session, state: QueueState) -> None:
    """Forget the old file's offsets and checksums (never its complaints) to read anew."""
    session.execute(delete(QueueSegment))
    session.execute(delete(QueueProblem))
    state.offset, state.lines, state.tail_sha256 = 0, 0, ""


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
    batch: list[tuple[Line, QueuedComplaint]],
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
            queued.received_at,
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
