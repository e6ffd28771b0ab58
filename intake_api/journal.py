"""An append-only JSON Lines file that several processes share; a line is durable on return.

Writers append one whole line per ``os.write`` under an inter-process lock, then make it
durable with *group commit*: whoever holds the sync lock fsyncs on behalf of every line
written before that fsync started, and records how far the file is now safe. A writer whose
line is already covered returns without an fsync of its own; none returns before one. That
mark lives in a small side file and is trusted only within the same boot and the same inode
(a crash of the machine loses unsynced data, and the mark with it).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import portalocker

log = logging.getLogger(__name__)

_STATE_SIZE = 256
MIN_FREE_BYTES = 1024 * 1024
_CHUNK = 4096


class JournalUnavailable(Exception):
    """The journal cannot take a line now (unwritable, disk full, failed fsync)."""


@dataclass(frozen=True)
class JournalLine:
    """One line read back: its number, and the record or the reason it could not be read."""

    number: int
    record: dict[str, object] | None
    problem: str | None = None


def _boot_id() -> str | None:
    """This boot's identity (Linux), so a mark written before a machine crash is not trusted."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _fsync_directory(path: Path) -> None:
    """Make a new directory entry durable (a no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _open_private(path: Path, flags: int) -> int:
    """Open ``path`` with mode 0600, creating it (and a durable directory entry) if missing."""
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        pass
    if not path.parent.is_dir():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _fsync_directory(path.parent.parent)
    fd = os.open(path, flags | os.O_CREAT, 0o600)
    _fsync_directory(path.parent)
    return fd


class _ProcessLock:
    """An exclusive lock held across threads of this process and across processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._threads = threading.Lock()
        self.fd: int | None = None
        self._file: BinaryIO | None = None
        self._pid = os.getpid()

    @contextlib.contextmanager
    def held(self) -> Iterator[int]:
        with self._threads:
            if self._pid != os.getpid():
                # A forked child must not share the parent's lock (flock is per open file).
                self._file, self._pid = None, os.getpid()
            if self._file is None:
                self.fd = _open_private(self.path, os.O_RDWR)
                self._file = os.fdopen(self.fd, "r+b", buffering=0)
            portalocker.lock(self._file, portalocker.LockFlags.EXCLUSIVE)
            try:
                yield self.fd
            finally:
                portalocker.unlock(self._file)

    def close(self) -> None:
        with self._threads:
            if self._file is not None and self._pid == os.getpid():
                self._file.close()
            self._file = None


class Journal:
    """Durable appends of JSON records, one per line, shared by every worker process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._append_lock = _ProcessLock(path.with_name(path.name + ".lock"))
        self._sync_lock = _ProcessLock(path.with_name(path.name + ".sync"))
        self._fd: int | None = None
        self._fd_pid = os.getpid()
        self._boot = _boot_id()

    def append(self, record: Mapping[str, object]) -> None:
        """Write ``record`` as one line and return only once it is on disk."""
        line = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        data = (line + "\n").encode("utf-8")
        try:
            fd, end = self._write(data)
        except OSError as error:
            raise JournalUnavailable(f"cannot write {self.path.name}: {error.strerror}") from None
        try:
            self._make_durable(fd, end)
        finally:
            os.close(fd)

    def close(self) -> None:
        """Release the file and the locks (at shutdown; a later append opens them again)."""
        if self._fd is not None and self._fd_pid == os.getpid():
            os.close(self._fd)
        self._fd = None
        self._append_lock.close()
        self._sync_lock.close()

    def recover(self) -> None:
        """Move a torn final line (left by a crash) aside; called at start and before writes."""
        try:
            with self._append_lock.held():
                self._repair_tail(self._open())
        except OSError as error:
            raise JournalUnavailable(f"cannot open {self.path.name}: {error.strerror}") from None

    def check_writable(self) -> None:
        """Raise JournalUnavailable unless a line could be appended now."""
        try:
            with self._append_lock.held():
                fd = self._open()
                self._repair_tail(fd)
                space = os.fstatvfs(fd)
        except OSError as error:
            raise JournalUnavailable(f"cannot open {self.path.name}: {error.strerror}") from None
        if space.f_bavail * space.f_frsize < MIN_FREE_BYTES:
            raise JournalUnavailable(f"less than {MIN_FREE_BYTES} bytes free for {self.path.name}")

    def _open(self) -> int:
        """The file descriptor for appends, reopened if the file was moved or replaced."""
        if self._fd_pid != os.getpid():
            self._fd, self._fd_pid = None, os.getpid()
        if self._fd is not None:
            try:
                current = os.stat(self.path)
                opened = os.fstat(self._fd)
                if (current.st_dev, current.st_ino) == (opened.st_dev, opened.st_ino):
                    return self._fd
            except FileNotFoundError:
                pass
            os.close(self._fd)
            self._fd = None
        fd = _open_private(self.path, os.O_RDWR | os.O_APPEND)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise JournalUnavailable(f"{self.path} is not a regular file")
        if info.st_mode & 0o077:
            log.warning("%s was readable by others; mode set to 0600", self.path.name)
            os.fchmod(fd, 0o600)
        self._fd = fd
        return fd

    def _write(self, data: bytes) -> tuple[int, int]:
        """Append ``data`` as one write under the lock; return a private fd and the end offset."""
        with self._append_lock.held():
            fd = self._open()
            size = self._repair_tail(fd)
            try:
                written = os.write(fd, data)
            except OSError:
                self._truncate(fd, size)
                raise
            if written != len(data):
                self._truncate(fd, size)
                raise OSError(28, "short write (disk full?)")
            return os.dup(fd), size + written

    def _truncate(self, fd: int, size: int) -> None:
        """Cut off a partial write so it never runs into the next line."""
        with contextlib.suppress(OSError):
            os.ftruncate(fd, size)
            self._forget_beyond(size, fd)

    def _repair_tail(self, fd: int) -> int:
        """Quarantine bytes after the last newline (a torn line); return the clean size."""
        size = os.fstat(fd).st_size
        if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
            return size
        keep = size
        while keep > 0:
            start = max(0, keep - _CHUNK)
            newline = os.pread(fd, keep - start, start).rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            keep = start
        torn = os.pread(fd, size - keep, keep)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.torn-{stamp}-{os.getpid()}")
        out = _open_private(aside, os.O_WRONLY)
        try:
            os.write(out, torn)
            os.fsync(out)
        finally:
            os.close(out)
        os.ftruncate(fd, keep)
        os.fsync(fd)
        self._forget_beyond(keep, fd)
        log.error("torn final line (%d bytes) moved aside to %s", len(torn), aside.name)
        return keep

    def _state_key(self, fd: int) -> str | None:
        if self._boot is None:
            return None
        info = os.fstat(fd)
        return f"{self._boot}:{info.st_dev}:{info.st_ino}"

    def _read_state(self, lock_fd: int, key: str | None) -> tuple[int, int]:
        """(synced up to, failed up to) for this file, or (0, 0) when unknown."""
        try:
            state = json.loads(os.pread(lock_fd, _STATE_SIZE, 0).rstrip(b" \0") or b"{}")
            if key is not None and state.get("key") == key:
                return int(state["synced"]), int(state["failed"])
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
        return 0, 0

    def _write_state(self, lock_fd: int, key: str | None, synced: int, failed: int) -> None:
        body = json.dumps({"key": key, "synced": synced, "failed": failed}).encode()
        os.pwrite(lock_fd, body.ljust(_STATE_SIZE), 0)

    def _forget_beyond(self, size: int, fd: int) -> None:
        """After a truncation, no mark may claim bytes past ``size`` (they will be rewritten)."""
        with self._sync_lock.held() as lock_fd:
            key = self._state_key(fd)
            synced, failed = self._read_state(lock_fd, key)
            self._write_state(lock_fd, key, min(synced, size), min(failed, size))

    def _make_durable(self, fd: int, end: int) -> None:
        """Return once bytes up to ``end`` are fsynced, by this call or by another writer's."""
        with self._sync_lock.held() as lock_fd:
            key = self._state_key(fd)
            synced, failed = self._read_state(lock_fd, key)
            if end <= failed:
                raise JournalUnavailable("an fsync covering this line failed")
            if end <= synced:
                return
            covered = os.fstat(fd).st_size
            try:
                os.fsync(fd)
            except OSError as error:
                self._write_state(lock_fd, key, synced, max(failed, covered))
                raise JournalUnavailable(f"fsync failed: {error.strerror}") from None
            self._write_state(lock_fd, key, max(synced, covered), failed)


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
