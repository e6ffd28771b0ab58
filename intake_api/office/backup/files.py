"""Files in a backup: the queue copied under its lock, checksums, copying a file back."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from intake_api.queue.private_files import ProcessLock, fsync_directory

_CHUNK = 1 << 20
# Windows would otherwise open descriptors in text mode and write "\r\n" for "\n".
_BINARY = getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class JournalCopy:
    """How many whole lines were copied, and how many bytes of a torn last line were not."""

    lines: int
    left_out: int


def _create(path: Path) -> int:
    """A new file only this service may read; never an existing one."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)


def copy_journal(source: Path, target: Path) -> JournalCopy:
    """Copy a queue (or ledger) file's whole lines while holding its append lock.

    Every append is one write under that lock, so no line can be half-written while the
    copy is read. Bytes after the last newline can only be a line torn by a crash (the
    next append moves them aside); they are not a complaint and are left out.
    """
    lock = ProcessLock(source.with_name(source.name + ".lock"))
    try:
        with lock, source.open("rb") as handle, os.fdopen(_create(target), "wb") as out:
            lines = copied = whole = 0
            while chunk := handle.read(_CHUNK):
                out.write(chunk)
                lines += chunk.count(b"\n")
                newline = chunk.rfind(b"\n")
                if newline >= 0:
                    whole = copied + newline + 1
                copied += len(chunk)
            out.truncate(whole)
            out.flush()
            os.fsync(out.fileno())
    finally:
        lock.close()
    return JournalCopy(lines, copied - whole)


def seal(path: Path) -> dict[str, object]:
    """Make ``path`` durable and private; its size and SHA-256 for the manifest."""
    os.chmod(path, 0o600)
    with path.open("r+b") as handle:
        digest = sha256_of(handle)
        os.fsync(handle.fileno())
    return {"sha256": digest, "size": path.stat().st_size}


def sha256_of(handle: BinaryIO, start: int = 0, end: int | None = None) -> str:
    """The SHA-256 of an open binary file's bytes from ``start`` to ``end`` (or its end)."""
    digest = hashlib.sha256()
    handle.seek(start)
    remaining = -1 if end is None else end - start
    while remaining != 0:
        chunk = handle.read(_CHUNK if remaining < 0 else min(_CHUNK, remaining))
        if not chunk:
            break
        digest.update(chunk)
        remaining = -1 if remaining < 0 else remaining - len(chunk)
    return digest.hexdigest()


def write_json(path: Path, value: object) -> None:
    """Write ``value`` as sorted, indented JSON into a new private file, durably."""
    with os.fdopen(_create(path), "w", encoding="utf-8") as out:
        out.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())


def unreadable_lines(path: Path) -> tuple[int, list[int]]:
    """(lines, numbers of the lines that are not a whole JSON object) of a JSON Lines file."""
    lines, bad = 0, []
    with path.open("rb") as handle:
        for raw in handle:
            lines += 1
            try:
                whole = raw.endswith(b"\n") and isinstance(json.loads(raw), dict)
            except ValueError:
                whole = False
            if not whole:
                bad.append(lines)
    return lines, bad


def copy_back(copy: Path, target: Path) -> bool:
    """Copy a backed-up file to ``target`` unless a file is already there; True if copied."""
    if target.exists():
        return False
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = target.with_name(f".{target.name}.restoring-{os.getpid()}")
    try:
        with copy.open("rb") as handle, os.fdopen(_create(draft), "wb") as out:
            while chunk := handle.read(_CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        # A link, not a rename: it fails instead of replacing a file that appeared meanwhile.
        os.link(draft, target)
    except FileExistsError:
        return False
    finally:
        draft.unlink(missing_ok=True)
    fsync_directory(target.parent)
    return True
