"""Checking a backup: every file against its manifest, the database copy, every queue line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake_api.office.backup.database_copy import (
    COUNTED,
    POSTGRES_DUMP,
    SQLITE_COPY,
    BackupError,
    check_copy,
)
from intake_api.office.backup.files import sha256_of, unreadable_lines

MANIFEST = "manifest.json"
QUEUE_COPY = "complaints.jsonl"
LEDGER_COPY = "complaints.ledger.jsonl"
KNOWN_FILES = {SQLITE_COPY, POSTGRES_DUMP, QUEUE_COPY, LEDGER_COPY}
# A backup folder's name: the time it was made, and a number when two share a second.
FOLDER_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{6})(?:-(\d+))?$")


def find_backup(path: Path) -> Path:
    """``path`` if it is a backup folder, else the newest backup folder in it."""
    if (path / MANIFEST).is_file():
        return path
    if not path.is_dir():
        raise BackupError(f"no backup at {path}")
    found = [
        child
        for child in path.iterdir()
        if FOLDER_NAME.match(child.name) and (child / MANIFEST).is_file()
    ]
    if not found:
        raise BackupError(f"no backup in {path} (a backup folder holds a {MANIFEST})")
    return max(found, key=_order)


def _order(folder: Path) -> tuple[str, int]:
    match = FOLDER_NAME.match(folder.name)
    assert match is not None
    return match[1], int(match[2] or 1)


@dataclass(frozen=True)
class Verification:
    """What checking a backup found: a summary to show, and every problem."""

    folder: Path
    manifest: dict[str, Any]
    summary: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def verify_backup(folder: Path) -> Verification:
    """Check every file against the manifest, open the database copy, read every queue line."""
    try:
        manifest = _read_manifest(folder / MANIFEST)
    except (OSError, ValueError):
        return Verification(folder, {}, problems=[f"{MANIFEST}: not a readable backup manifest"])
    files: dict[str, dict[str, object]] = manifest["files"]
    counts: dict[str, int] = manifest["counts"]
    database = SQLITE_COPY if SQLITE_COPY in files else POSTGRES_DUMP
    result = Verification(folder, manifest)
    result.summary.append(
        f"backup {folder}: made {manifest.get('created_at')} from a {manifest.get('database')} "
        f"database at schema revision {manifest.get('schema_revision')}"
    )
    intact = {name for name, expected in files.items() if _matches(folder, name, expected, result)}
    if intact == set(files):
        result.summary.append(f"{len(files)} files: sizes and SHA-256 checksums as in the manifest")
    if database in intact:
        _check_database(folder, database, counts, result)
    if QUEUE_COPY in intact:
        _check_lines(folder / QUEUE_COPY, counts.get("queue_lines"), result)
    if LEDGER_COPY in intact:
        _check_lines(folder / LEDGER_COPY, None, result)
    if QUEUE_COPY not in files:
        result.summary.append("no queue file: there was none when the backup was made")
    return result


def _read_manifest(path: Path) -> dict[str, Any]:
    """The manifest, if it has the shape ``make_backup`` writes; ValueError otherwise."""
    manifest = json.loads(path.read_text(encoding="utf-8"))
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not (
        isinstance(files, dict)
        and set(files) <= KNOWN_FILES
        and len(set(files) & {SQLITE_COPY, POSTGRES_DUMP}) == 1
        and all(isinstance(expected, dict) for expected in files.values())
        and isinstance(manifest.get("counts"), dict)
    ):
        raise ValueError("not a backup manifest")
    return manifest


def _matches(folder: Path, name: str, expected: dict[str, object], result: Verification) -> bool:
    path = folder / name
    if not path.is_file():
        result.problems.append(f"{name}: missing")
        return False
    size = path.stat().st_size
    if size != expected.get("size"):
        result.problems.append(f"{name}: {size} bytes, the manifest says {expected.get('size')}")
        return False
    with path.open("rb") as handle:
        if sha256_of(handle) != expected.get("sha256"):
            result.problems.append(f"{name}: checksum differs from the manifest (changed?)")
            return False
    return True


def _check_database(folder: Path, name: str, counts: dict[str, int], result: Verification) -> None:
    found, problems = check_copy(folder, name)
    result.problems.extend(problems)
    expected = {key: counts.get(key) for key in COUNTED}
    if found is not None and found != expected:
        result.problems.append(
            f"{name}: holds {_counts(found)}; the manifest says {_counts(expected)}"
        )
    elif not problems:
        how = "integrity check ok" if found is not None else "pg_restore reads its contents"
        result.summary.append(f"{name}: {how}; {_counts(expected)}")


def _counts(counts: dict[str, int | None]) -> str:
    return f"cases {counts['cases']}, events {counts['events']}, accounts {counts['users']}"


def _check_lines(path: Path, expected: int | None, result: Verification) -> None:
    lines, bad = unreadable_lines(path)
    if bad:
        result.problems.append(
            f"{path.name}: {len(bad)} lines are not a whole JSON record (first: line {bad[0]})"
        )
    elif expected is not None and lines != expected:
        result.problems.append(f"{path.name}: {lines} lines; the manifest says {expected}")
    else:
        result.summary.append(f"{path.name}: {lines} lines, each a whole JSON record")
