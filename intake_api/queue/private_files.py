"""Files only this service may read (mode 0600), and an exclusive lock shared by processes.

The lock is ``flock`` on a side file, taken directly through ``fcntl`` where it exists: the
same lock portalocker takes on POSIX, without its per-call flag checks (about 25 µs a lock
and unlock, twice per complaint). Elsewhere (Windows) portalocker does the locking.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import threading
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import portalocker

log = logging.getLogger(__name__)

# Windows opens descriptors in text mode unless told otherwise: "\n" would be written as
# "\r\n", in pieces, and reads would stop at Ctrl-Z. Elsewhere there is no such flag.
_BINARY = getattr(os, "O_BINARY", 0)
# Windows keeps no owner/group/other modes (see file_io): there is nothing to tighten.
_MODES = os.name != "nt"


def fsync_directory(path: Path) -> None:
    """Make a new directory entry durable (a no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_folder_private(path: Path) -> None:
    """Create ``path`` with mode 0700, or take group and other access away from an existing one.

    ``makedirs(mode=0o700)`` leaves a folder that already exists as it is, and an instance
    folder made by hand (or by an older version) is often 0755: anyone on the machine could
    then list, and with loose file modes read, the key, the queue and the database.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if not _MODES or not mode & 0o077:
        return
    try:
        os.chmod(path, 0o700)
    except PermissionError:  # another user's folder: the files in it are still 0600
        log.warning("%s is open to other users (mode %04o) and not ours to change", path, mode)
        return
    log.warning("%s was open to other users (mode %04o); mode set to 0700", path, mode)


def open_private(path: Path, flags: int) -> int:
    """Open ``path`` in binary mode with mode 0600, creating it (durably) if missing."""
    flags |= _BINARY
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        pass
    if not path.parent.is_dir():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fsync_directory(path.parent.parent)
    fd = os.open(path, flags | os.O_CREAT, 0o600)
    fsync_directory(path.parent)
    return fd


_forks = 0  # how many forks this process is from the one that imported this module


def _forked() -> None:
    global _forks
    _forks += 1


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_forked)


def fork_generation() -> int:
    """Changes in a forked child: a descriptor opened before the fork belongs to the parent.

    Cheaper than ``os.getpid()``, a system call that every append would make three times.
    """
    return _forks


def _lock(handle: BinaryIO) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    else:
        portalocker.lock(handle, portalocker.LockFlags.EXCLUSIVE)


def _unlock(handle: BinaryIO) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    else:
        portalocker.unlock(handle)


class ProcessLock:
    """An exclusive lock held across threads of this process and across processes.

    ``with lock as fd:`` holds it and gives the lock file's descriptor (for a small shared
    state). The operating system drops the lock when its holder dies, so a killed worker
    never leaves it taken.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._threads = threading.Lock()
        self._file: BinaryIO | None = None
        self._generation = fork_generation()

    def __enter__(self) -> int:
        self._threads.acquire()
        try:
            if self._generation != fork_generation():
                # A forked child must not share the parent's lock (flock is per open file).
                self._file, self._generation = None, fork_generation()
            if self._file is None:
                self._file = os.fdopen(open_private(self.path, os.O_RDWR), "r+b", buffering=0)
            _lock(self._file)
        except BaseException:
            self._threads.release()
            raise
        return self._file.fileno()

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._file is not None:
                _unlock(self._file)
        finally:
            self._threads.release()

    def close(self) -> None:
        """Close the lock file (the next ``with`` opens it again)."""
        with self._threads:
            if self._file is not None and self._generation == fork_generation():
                self._file.close()
            self._file = None
