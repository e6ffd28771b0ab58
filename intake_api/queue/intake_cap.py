"""The global cap: at most so many complaints from the public a minute and an hour, whoever
sends them, counted alike by every worker process and thread that shares the queue.

Per-address limits (``security.py``) slow one sender down, but not many: a botnet, or one
IPv6 subscriber with 2^64 addresses. This cap counts every accepted complaint, from any
address, in fixed windows aligned to the clock's minutes and hours. The counts live in a
small side file beside the queue (``complaints.jsonl.rate``), read and rewritten under an
inter-process lock, so that with N gunicorn workers the cap is the cap, not N times it. A
complaint costs an open, a lock, a 40-byte read and write, and a close (microseconds). The
file is not fsynced: after a machine crash the counts restart, which at worst lets one more
window's worth in.
"""

from __future__ import annotations

import contextlib
import logging
import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from intake_api.queue.file_io import FILE_IO
from intake_api.queue.journal import JournalUnavailable
from intake_api.queue.private_files import ProcessLock

log = logging.getLogger(__name__)

_TAG = b"icap\x00v1\x00"
# The tag, then the minute and the hour (counted from the epoch) and the complaints in each.
_COUNTS = struct.Struct("<8sqqqq")


class CapReached(Exception):
    """The global cap is reached: nothing was counted; ``retry_after`` seconds until it opens."""

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Counts:
    minute: int
    in_minute: int
    hour: int
    in_hour: int


class IntakeCap:
    """At most ``per_minute`` and ``per_hour`` complaints from the public, for every worker."""

    def __init__(self, path: Path, per_minute: int, per_hour: int) -> None:
        self.path = path
        self.per_minute = per_minute
        self.per_hour = per_hour
        self._refusing: str | None = None  # why this process last refused (None: it accepted)

    @classmethod
    def beside(cls, queue: Path, per_minute: int, per_hour: int) -> IntakeCap:
        """The cap for ``queue``, counted in ``<queue>.rate``."""
        return cls(queue.with_name(queue.name + ".rate"), per_minute, per_hour)

    def take(self, now: float) -> None:
        """Count one complaint at ``now`` (epoch seconds), or raise CapReached.

        Raises JournalUnavailable when the counts cannot be read or written.
        """
        minute, hour = int(now // 60), int(now // 3600)
        with self._counts_file() as fd:
            counts = _read(fd, minute, hour)
            refusal = None
            if counts.in_hour >= self.per_hour:
                refusal = (f"{self.per_hour} complaints this hour", (hour + 1) * 3600 - now)
            elif counts.in_minute >= self.per_minute:
                refusal = (f"{self.per_minute} complaints this minute", (minute + 1) * 60 - now)
            self._note(None if refusal is None else refusal[0])
            if refusal is not None:
                raise CapReached(f"global cap reached: {refusal[0]}", max(1, math.ceil(refusal[1])))
            _write(fd, _Counts(minute, counts.in_minute + 1, hour, counts.in_hour + 1))

    def give_back(self, now: float) -> None:
        """Uncount a complaint taken at ``now`` that could not be queued after all.

        Best effort: if the counts cannot be rewritten, the complaint stays counted, which
        only makes the cap a little stricter until its window ends.
        """
        minute, hour = int(now // 60), int(now // 3600)
        with contextlib.suppress(JournalUnavailable), self._counts_file() as fd:
            counts = _read(fd, minute, hour)
            _write(
                fd,
                _Counts(minute, max(0, counts.in_minute - 1), hour, max(0, counts.in_hour - 1)),
            )

    @contextlib.contextmanager
    def _counts_file(self) -> Iterator[int]:
        """The counts file's descriptor, locked against every other process and thread."""
        # A lock of its own each time: its own open file, so threads exclude each other too,
        # and nothing stays open that the app would have to close.
        lock = ProcessLock(self.path)
        try:
            with lock as fd:
                yield fd
        except OSError as error:
            raise JournalUnavailable(
                f"cannot count complaints in {self.path.name}: {error.strerror}"
            ) from None
        finally:
            lock.close()

    def _note(self, refusal: str | None) -> None:
        """Log a change between accepting and refusing, once per change in this process."""
        if refusal == self._refusing:
            return
        if refusal is not None:
            log.error("global cap reached (%s): refusing complaints from the public", refusal)
        else:
            log.warning("global cap open again: accepting complaints from the public")
        self._refusing = refusal


def _read(fd: int, minute: int, hour: int) -> _Counts:
    """The counts for ``minute`` and ``hour`` (0 for a window that has not started)."""
    raw = FILE_IO.pread(fd, _COUNTS.size, 0)
    if len(raw) != _COUNTS.size or not raw.startswith(_TAG):
        return _Counts(minute, 0, hour, 0)
    _, stored_minute, in_minute, stored_hour, in_hour = _COUNTS.unpack(raw)
    return _Counts(
        minute,
        in_minute if stored_minute == minute else 0,
        hour,
        in_hour if stored_hour == hour else 0,
    )


def _write(fd: int, counts: _Counts) -> None:
    FILE_IO.pwrite(
        fd, _COUNTS.pack(_TAG, counts.minute, counts.in_minute, counts.hour, counts.in_hour), 0
    )
