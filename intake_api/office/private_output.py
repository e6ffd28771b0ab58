"""Writing a file that holds personal data: mode 0600, all or nothing, clear errors.

The data goes to a temporary file beside the target, is flushed to disk, then renamed over
the target; on any failure the temporary file is removed, so nothing half-written is left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """The file could not be written; the message says why and where, for the clerk."""


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (mode 0600), replacing it atomically; OutputError if not."""
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    if not path.parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {path.parent} does not exist")
    draft: str | None = None
    try:
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(draft, path)
        draft = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {_reason(error)}") from None
    finally:
        if draft is not None:
            with contextlib.suppress(OSError):
                os.unlink(draft)


def _reason(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (choose a folder you may write to)"
    return error.strerror or str(error)
