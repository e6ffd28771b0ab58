"""The few file calls the journal needs that Windows lacks, chosen once at import.

POSIX systems get ``os.pread``, ``os.pwrite``, ``os.fstatvfs`` and ``os.fchmod`` directly.
Windows has none of them; there the journal reads and writes at an offset by ``lseek`` and
then ``read`` or ``write``, asks ``shutil.disk_usage`` for free space, and leaves modes alone.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileIO:
    """Positioned reads and writes, free space, and making a file private (None: no modes)."""

    pread: Callable[[int, int, int], bytes]
    pwrite: Callable[[int, bytes, int], int]
    free_bytes: Callable[[int, Path], int]
    make_private: Callable[[int, Path], None] | None


def _statvfs_free(fd: int, path: Path) -> int:
    space = os.fstatvfs(fd)
    return space.f_bavail * space.f_frsize


def _fchmod_private(fd: int, path: Path) -> None:
    os.fchmod(fd, 0o600)


# Seek, then read or write. The seek moves the position that every user of the descriptor
# shares, so this is safe only because the journal calls it under the lock that guards that
# descriptor: the append lock for the queue file (every read and write of it happens under
# that lock; outside it the descriptor is only fstat'ed and fsync'ed, which ignore the
# position), the sync lock for the mark in the .sync file (portalocker seeks to byte 0 itself
# before locking or unlocking it). Nothing relies on the position left behind: the queue
# file is opened O_APPEND, so every write goes to its end whatever the position.
def _seek_read(fd: int, size: int, offset: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


def _seek_write(fd: int, data: bytes, offset: int) -> int:
    os.lseek(fd, offset, os.SEEK_SET)
    return os.write(fd, data)


def _disk_usage_free(fd: int, path: Path) -> int:
    return shutil.disk_usage(path.parent).free


# Windows keeps no owner/group/other modes (Python reports every writable file as 0o666),
# so there is nothing to tighten; the queue folder's access list is the deployment's job.
WINDOWS = FileIO(_seek_read, _seek_write, _disk_usage_free, make_private=None)

if hasattr(os, "pread"):
    FILE_IO = FileIO(os.pread, os.pwrite, _statvfs_free, _fchmod_private)
else:
    FILE_IO = WINDOWS
