"""Import a notice: read it, find the facts, write the draft folder safely."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from site_builder.importer.adjust import adjust
from site_builder.importer.draft import Marked, draft_files
from site_builder.importer.facts import read_facts
from site_builder.importer.found import Doubt, FoundNotice, FoundSession, FoundVenue
from site_builder.importer.leftover import mark_unread_words
from site_builder.importer.notice_page import notice_page
from site_builder.importer.reading import NoticeError, read_notice
from site_builder.importer.sessions import read_sessions
from site_builder.importer.text import Flat, Line, notice_lines

NOTICE_PAGE = "notices/01-notice.md"


@dataclass(frozen=True)
class Imported:
    """What an import writes (or found already written) and what to review.

    ``files`` (name → text) are the files it writes into ``into``; ``diff`` is their unified
    diff against what ``into`` holds; ``adjusted`` is the number of sessions an adjustment
    notice changes (``None`` for a new draft).
    """

    into: Path
    found: FoundNotice
    marked: list[Marked]
    unchanged: bool
    files: dict[str, str] = field(default_factory=dict)
    diff: str = ""
    adjusted: int | None = None

    def write(self) -> None:
        """Write the files, each beside its target first and then moved into place."""
        try:
            for name, text in self.files.items():
                target = self.into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.importing")
                partial.write_text(text, encoding="utf-8")
                os.replace(partial, target)
        except OSError as error:
            raise NoticeError(f"{self.into}: cannot write ({error.strerror})") from None


def find_notice(
    path: Path, year: int | None = None, today: date | None = None
) -> tuple[FoundNotice, dict[str, str], list[Marked]]:
    """Everything the notice gives, and the draft files (name → text) with their marks;
    ``today`` decides the year of a notice that writes none (by default, today)."""
    return _draft(_lines(path), year, path.name, today)


def _lines(path: Path) -> list[Line]:
    lines = notice_lines(read_notice(path))
    if not any(line.text for line in lines):
        raise NoticeError(f"{path.name}: the file has no text")
    return lines


def _draft(
    lines: list[Line], year: int | None, source_name: str = "", today: date | None = None
) -> tuple[FoundNotice, dict[str, str], list[Marked]]:
    flat = Flat(lines)
    found = FoundNotice()
    read_facts(lines, flat, found)
    declared = [venue for venue in found.venues if not venue.dated]
    read_sessions(lines, flat, found, year, today or date.today())
    _complete(found, declared, lines[0])
    mark_unread_words(found)
    files, marked = draft_files(found, source_name)
    files[NOTICE_PAGE] = notice_page(lines, found)
    return found, files, marked


def import_notice(
    path: Path, into: Path, year: int | None = None, dry_run: bool = False
) -> Imported:
    """Write the draft of ``path`` into an empty ``into``, or apply an adjustment notice to it.

    With ``dry_run`` nothing is written: the result's diff shows what would be.
    """
    imported = plan_import(path, into, year)
    if not dry_run:
        imported.write()
    return imported


def plan_import(path: Path, into: Path, year: int | None = None) -> Imported:
    """What importing ``path`` into ``into`` writes, without writing it.

    An adjustment notice (调整通知) changes the sessions of the content in ``into`` and
    records each change; any other notice needs an empty folder (or one holding its draft).
    """
    lines = _lines(path)
    found, files, marked = _draft(lines, year, path.name)
    existing = _existing_files(into)
    if existing and existing != files:
        adjustment = None
        if (into / "schedule.yaml").is_file():
            adjustment = adjust(lines, into, year)
        if adjustment is None:
            raise NoticeError(
                f"{into} is not empty and is not this notice's draft; nothing was written. "
                "Import into a new folder (--into DIR) and compare"
            )
        changed = {
            name: text for name, text in adjustment.files.items() if existing.get(name) != text
        }
        diff = content_diff(into, existing, changed)
        return Imported(into, found, adjustment.marked, False, changed, diff, adjustment.sessions)
    if existing:
        return Imported(into, found, marked, unchanged=True)
    return Imported(into, found, marked, False, files, content_diff(into, existing, files))


def content_diff(into: Path, existing: dict[str, str | None], files: dict[str, str]) -> str:
    """A unified diff of ``files`` (name → new text) against what ``into`` holds."""
    parts = []
    for name in sorted(files):
        old = existing.get(name)
        parts.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                files[name].splitlines(keepends=True),
                "/dev/null" if old is None else (into / name).as_posix(),
                (into / name).as_posix(),
            )
        )
    return "".join(parts)


def _existing_files(into: Path) -> dict[str, str | None]:
    if into.exists() and not into.is_dir():
        raise NoticeError(f"{into} is a file, not a folder")
    if not into.exists():
        return {}
    found: dict[str, str | None] = {}
    for path in sorted(into.rglob("*")):
        if path.is_file():
            try:
                found[path.relative_to(into).as_posix()] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                found[path.relative_to(into).as_posix()] = None
        elif path.is_dir() and not any(path.iterdir()):
            found[path.relative_to(into).as_posix() + "/"] = None
    return found


def _halves(found: FoundNotice) -> None:
    """A morning and an afternoon at one venue written as two rows: ids ``-am`` and ``-pm``,
    as a lunch-break day written in one line gets."""
    by_id: dict[str, list[FoundSession]] = {}
    for session in found.sessions:
        by_id.setdefault(session.id, []).append(session)
    for same in by_id.values():
        if len(same) != 2 or same[0].venue != same[1].venue:
            continue
        morning, afternoon = sorted(same, key=lambda session: session.start or time.max)
        if morning.start and afternoon.start and morning.start.hour < 12 <= afternoon.start.hour:
            morning.id, afternoon.id = f"{morning.id}-am", f"{afternoon.id}-pm"


def _complete(found: FoundNotice, declared: list[FoundVenue], first: Line) -> None:
    """Venues of sessions that name none; missing required facts marked for review.

    A session without a place of its own is at the notice's one declared place (地点：…);
    a place only one row or sentence names is no place for the others.
    """
    if len(declared) == 1 and len(found.venues) == 1:
        for session in found.sessions:
            session.venue = session.venue or declared[0].id
    elif found.default_venue:
        for session in found.sessions:
            session.venue = session.venue or found.default_venue
    elif len(declared) == 1:
        for session in found.sessions:
            if session.venue is None:
                session.venue = declared[0].id
                session.doubts.append(
                    Doubt(
                        f"通知此处没有写明地点，按“{declared[0].name}”处理",
                        session.source,
                        ("venue",),
                    )
                )
    for session in found.sessions:
        if session.venue is None:
            session.doubts.append(
                Doubt("通知此行没有写明接访地点，请补上 venue", session.source, ("venue",))
            )
    _halves(found)
    seen: set[str] = set()
    for session in found.sessions:
        if session.id in seen:
            # Two sessions on one day (two venues): ids must differ, and stay readable.
            session.id = f"{session.id}-{session.venue or len(seen)}"
            session.doubts.append(
                Doubt("同一天有多场接访，请核对 id 和地点", session.source, ("venue",))
            )
        seen.add(session.id)
    for key, present, message in (
        ("title", found.title, "未找到网站标题，请补上 title"),
        ("office", found.office, "未找到发文单位（落款），请补上 office"),
        ("contacts", found.contacts, "未找到联系电话，请补上 contacts"),
        ("venues", found.venues, "未找到接访地点，请补上 venues"),
        ("sessions", found.sessions, "未找到接访日程，请补上 sessions"),
    ):
        if not present:
            found.doubt(key, message, first)
