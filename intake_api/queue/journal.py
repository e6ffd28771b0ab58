"""An append-only JSON Lines file that several processes share; a line is durable on return.

Writers append one whole line per ``os.write`` under an inter-process lock, then make it
durable with *group commit*: whoever holds the sync lock fsyncs on behalf of every line
written before that fsync started, and records how far the file is now safe. A writer whose
line is already covered returns without an fsync of its own; none returns before one. That
mark lives in a small side file and is trusted only within the same boot and the same inode
(a crash of the machine loses unsynced data, and the mark with it).

Before every append the writer checks, under the lock, that the file ends with a newline
(one ``fstat`` it needs anyway and a one-byte ``pread``). Checking only at start would not
do: a worker killed in the middle of its ``write`` leaves a partial line while the other
workers keep appending, and the next record must never be glued to it. It also checks, with
one ``fstatvfs``, that the line leaves ``MIN_FREE_BYTES`` free on the disk and keeps the file
within its size cap; if not, nothing is written (``JournalFull``), and the log says so once
each time this process's verdict changes (full, room again), not once per refused line.

Positioned reads and writes, free space and modes go through ``FILE_IO`` (``file_io``), so
the same code runs on Windows, where ``os.pread`` and friends do not exist. Windows has no
boot id (``_boot_id`` finds none), so there the mark is never trusted and every append
fsyncs on its own.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
import stat
import struct
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from intake_api.queue.file_io import FILE_IO
from intake_api.queue.private_files import ProcessLock, fork_generation, open_private

log = logging.getLogger(__name__)

MIN_FREE_BYTES = 1024 * 1024
_CHUNK = 4096
# One encoder for every line: json.dumps with options builds a new encoder on each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
# The group-commit mark at the start of the .sync file: a tag, the file's identity (boot id,
# device, inode), then how far the file is known synced and how far an fsync failed.
_MARK_TAG = b"jsync\x00v2"
_IDENTITY = struct.Struct("<16sQQ")
_OFFSETS = struct.Struct("<QQ")
_MARK_SIZE = len(_MARK_TAG) + _IDENTITY.size + _OFFSETS.size


class JournalUnavailable(Exception):
    """The journal cannot take a line now (unwritable, disk full, failed fsync)."""


class JournalFull(JournalUnavailable):
    """The line would cross the disk's free-space reserve or the journal's size cap."""


@dataclass(frozen=True)
class JournalLine:
    """One line read back: its number, and the record or the reason it could not be read."""

    number: int
    record: dict[str, object] | None
    problem: str | None = None


def _boot_id() -> bytes | None:
    """This boot's identity (Linux), so a mark written before a machine crash is not trusted."""
    try:
        return uuid.UUID(Path("/proc/sys/kernel/random/boot_id").read_text().strip()).bytes
    except (OSError, ValueError):
        return None


def _read_mark(lock_fd: int, identity: bytes | None) -> tuple[int, int]:
    """(synced up to, failed up to) for the file ``identity`` names, or (0, 0) when unknown."""
    if identity is None:
        return 0, 0
    mark = FILE_IO.pread(lock_fd, _MARK_SIZE, 0)
    if len(mark) != _MARK_SIZE or mark[: len(_MARK_TAG) + len(identity)] != _MARK_TAG + identity:
        return 0, 0
    synced, failed = _OFFSETS.unpack_from(mark, len(_MARK_TAG) + len(identity))
    return synced, failed


def _write_mark(lock_fd: int, identity: bytes | None, synced: int, failed: int) -> None:
    if identity is not None:
        FILE_IO.pwrite(lock_fd, _MARK_TAG + identity + _OFFSETS.pack(synced, failed), 0)


def encode_line(record: Mapping[str, object]) -> str:
    """``record`` as the one line the journal writes for it (without the newline)."""
    return _ENCODER.encode(record)


class Journal:
    """Durable appends of JSON records, one per line, shared by every worker process."""

    def __init__(self, path: Path, max_bytes: int | None = None) -> None:
        self.path = path
        self.max_bytes = max_bytes  # the size cap; None: only the disk's reserve limits it
        self._full: str | None = None  # why this process last found no room (None: room)
        self._append_lock = ProcessLock(path.with_name(path.name + ".lock"))
        self._sync_lock = ProcessLock(path.with_name(path.name + ".sync"))
        self._fd: int | None = None
        self._opened = (0, 0)  # (device, inode) of the file self._fd is open on
        self._identity: bytes | None = None  # the same, with the boot, for the sync mark
        self._fd_generation = fork_generation()
        self._boot = _boot_id()

    def append(self, record: Mapping[str, object]) -> None:
        """Write ``record`` as one line and return only once it is on disk."""
        data = (encode_line(record) + "\n").encode("utf-8")
        try:
            fd, end, identity = self._write(data)
        except OSError as error:
            raise JournalUnavailable(f"cannot write {self.path.name}: {error.strerror}") from None
        try:
            self._make_durable(fd, end, identity)
        except OSError as error:
            raise JournalUnavailable(f"cannot sync {self.path.name}: {error.strerror}") from None
        finally:
            os.close(fd)

    def close(self) -> None:
        """Release the file and the locks (at shutdown; a later append opens them again)."""
        if self._fd is not None and self._fd_generation == fork_generation():
            os.close(self._fd)
        self._fd = None
        self._append_lock.close()
        self._sync_lock.close()

    def recover(self) -> None:
        """Move a torn final line (left by a crash) aside; called at start and before writes."""
        try:
            with self._append_lock:
                self._repair_tail(*self._open())
        except OSError as error:
            raise JournalUnavailable(f"cannot open {self.path.name}: {error.strerror}") from None

    def check_writable(self) -> None:
        """Raise JournalUnavailable unless a line could be appended now.

        Read-only and without the lock, so that a health check never waits behind appends
        (or holds them up): the file (if any) and its folder writable, free space, size cap.
        """
        folder = self.path.parent
        try:
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent  # the first append creates the missing folders
            size = self._size_for_check()
            if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
                raise JournalUnavailable(f"cannot create files in {folder}")
            free = shutil.disk_usage(folder).free
        except OSError as error:
            raise JournalUnavailable(f"cannot open {self.path.name}: {error.strerror}") from None
        problem = self._no_room(size + 1, free - 1)  # room for one byte more, at least
        if problem is not None:
            raise JournalFull(problem)

    def _size_for_check(self) -> int:
        """The file's size (0 if it does not exist yet); unavailable if it is not writable."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return 0
        if not stat.S_ISREG(info.st_mode) or not os.access(self.path, os.W_OK):
            raise JournalUnavailable(f"{self.path} is not a writable file")
        return info.st_size

    def _no_room(self, size: int, free: int) -> str | None:
        """Why a file of ``size`` bytes with ``free`` bytes left on its disk is too much."""
        if free < MIN_FREE_BYTES:
            return f"less than {MIN_FREE_BYTES} bytes free for {self.path.name}"
        if self.max_bytes is not None and size > self.max_bytes:
            return f"{self.path.name} is at its size cap of {self.max_bytes} bytes"
        return None

    def _check_room(self, fd: int, size: int, length: int) -> None:
        """Raise JournalFull unless ``length`` more bytes fit (the caller holds the lock)."""
        problem = self._no_room(size + length, FILE_IO.free_bytes(fd, self.path) - length)
        if problem != self._full:
            # Once per change in this process: a flood of refused posts is one line, not many.
            if problem is not None:
                log.error("no room, refusing new lines: %s", problem)
            else:
                log.warning("room again in %s: accepting new lines", self.path.name)
            self._full = problem
        if problem is not None:
            raise JournalFull(problem)

    def _open(self) -> tuple[int, int]:
        """The descriptor for appends and the file's size, reopened if the file was replaced."""
        if self._fd_generation != fork_generation():
            self._fd, self._fd_generation = None, fork_generation()
        if self._fd is not None:
            # One stat of the path: if it is still the file we hold open, its size is ours.
            with contextlib.suppress(FileNotFoundError):
                current = os.stat(self.path)
                if (current.st_dev, current.st_ino) == self._opened:
                    return self._fd, current.st_size
            os.close(self._fd)
            self._fd = None
        # On Windows the C runtime emulates O_APPEND by seeking to the end before each write:
        # not atomic against other writers, but every write to this file is made under the
        # exclusive append lock, so no other write can come between that seek and the write.
        fd = open_private(self.path, os.O_RDWR | os.O_APPEND)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise JournalUnavailable(f"{self.path} is not a regular file")
        if FILE_IO.make_private is not None and info.st_mode & 0o077:
            log.warning("%s was readable by others; mode set to 0600", self.path.name)
            FILE_IO.make_private(fd, self.path)
        self._fd, self._opened = fd, (info.st_dev, info.st_ino)
        self._identity = (
            None if self._boot is None else _IDENTITY.pack(self._boot, info.st_dev, info.st_ino)
        )
        return fd, info.st_size

    def _write(self, data: bytes) -> tuple[int, int, bytes | None]:
        """Append ``data`` as one write under the lock: a private fd, the end offset, the file."""
        with self._append_lock:
            fd, size = self._open()
            size = self._repair_tail(fd, size)
            self._check_room(fd, size, len(data))
            try:
                written = os.write(fd, data)
            except OSError:
                self._truncate(fd, size)
                raise
            if written != len(data):
                self._truncate(fd, size)
                raise OSError(errno.ENOSPC, "short write (disk full?)")
            return os.dup(fd), size + written, self._identity

    def _truncate(self, fd: int, size: int) -> None:
        """Cut off a partial write so it never runs into the next line."""
        with contextlib.suppress(OSError):
            os.ftruncate(fd, size)
            self._forget_beyond(size)

    def _repair_tail(self, fd: int, size: int) -> int:
        """Quarantine bytes after the last newline (a torn line); return the clean size."""
        if size == 0 or FILE_IO.pread(fd, 1, size - 1) == b"\n":
            return size
        keep = size
        while keep > 0:
            start = max(0, keep - _CHUNK)
            newline = FILE_IO.pread(fd, keep - start, start).rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            keep = start
        torn = FILE_IO.pread(fd, size - keep, keep)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.torn-{stamp}-{os.getpid()}")
        out = open_private(aside, os.O_WRONLY)
        try:
            os.write(out, torn)
            os.fsync(out)
        finally:
            os.close(out)
        os.ftruncate(fd, keep)
        os.fsync(fd)
        self._forget_beyond(keep)
        log.error("torn final line (%d bytes) moved aside to %s", len(torn), aside.name)
        return keep

    def _forget_beyond(self, size: int) -> None:
        """After a truncation, no mark may claim bytes past ``size`` (they will be rewritten)."""
        with self._sync_lock as lock_fd:
            synced, failed = _read_mark(lock_fd, self._identity)
            _write_mark(lock_fd, self._identity, min(synced, size), min(failed, size))

    def _make_durable(self, fd: int, end: int, identity: bytes | None) -> None:
        """Return once bytes up to ``end`` are fsynced, by this call or by another writer's."""
        with self._sync_lock as lock_fd:
            synced, failed = _read_mark(lock_fd, identity)
            if end <= failed:
                raise JournalUnavailable("an fsync covering this line failed")
            if end <= synced:
                return
            covered = os.fstat(fd).st_size
            try:
                os.fsync(fd)
            except OSError as error:
                _write_mark(lock_fd, identity, synced, max(failed, covered))
                raise JournalUnavailable(f"fsync failed: {error.strerror}") from None
            _write_mark(lock_fd, identity, max(synced, covered), failed)


def read_journal(path: Path) -> Iterator[JournalLine]:
    """Every complete line of a journal, in order; unreadable lines are reported, not skipped."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                yield JournalLine(number, None, "incomplete last line (a write in progress?)")
                return
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as error:
                yield JournalLine(number, None, f"not JSON: {error}")
                continue
            if isinstance(record, dict):
                yield JournalLine(number, record)
            else:
                yield JournalLine(number, None, "not a JSON object")
