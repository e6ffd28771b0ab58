"""Apply an adjustment notice (调整通知) to existing content, as recorded changes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.errors import InvalidContent
from site_builder.importer import when
from site_builder.importer.adjustment import read_adjustments
from site_builder.importer.draft import Marked, scalar
from site_builder.importer.facts import read_facts
from site_builder.importer.found import Doubt, FoundNotice
from site_builder.importer.matching import match_adjustments
from site_builder.importer.notice_page import notice_page
from site_builder.importer.reading import NoticeError
from site_builder.importer.recording import mark_line, record_changes
from site_builder.importer.schedule_text import ScheduleEditError, ScheduleText
from site_builder.importer.text import Flat, Line
from site_builder.loader import load_site
from site_builder.model import Site

_ADJUSTMENT_TITLE = re.compile(r"调整|变更|取消|改期|延期")


@dataclass(frozen=True)
class Adjustment:
    """The content files an adjustment notice changes (name → text) and what to review."""

    files: dict[str, str]
    sessions: int
    marked: list[Marked]


def is_adjustment(found: FoundNotice, lines: list[Line]) -> bool:
    """An adjustment notice: its title says so (关于调整…的通知), or it moves 原定 sessions."""
    title = found.notice_title or ""
    return bool(_ADJUSTMENT_TITLE.search(title)) or any("原定" in line.text for line in lines)


def adjust(lines: list[Line], into: Path, year: int | None) -> Adjustment | None:
    """The changed files of ``into``; ``None`` if the notice is not an adjustment notice."""
    found = FoundNotice()
    read_facts(lines, Flat(lines), found)
    if not is_adjustment(found, lines):
        return None
    site = _site(into)
    items, not_read = read_adjustments(lines, _year_of(site, found, year))
    if not items and not not_read:
        return None
    schedule = (into / "schedule.yaml").read_text(encoding="utf-8")
    text = ScheduleText(schedule)
    matched = match_adjustments(items, site)
    matched.unmatched.extend(not_read)
    try:
        changed = record_changes(text, matched, found.published)
    except ScheduleEditError as error:
        raise NoticeError(f"{into / 'schedule.yaml'}: {error}; edit it by hand") from None
    page_name, page = _notice_page(lines, found, into)
    files = {"schedule.yaml": text.text, page_name: page}
    doubts = [d for edit in matched.edits.values() for d in edit.doubts] + matched.unmatched
    return Adjustment(files, changed, _marked(text.text, schedule, doubts))


def _site(into: Path) -> Site:
    try:
        return load_site(into)
    except InvalidContent as invalid:
        raise NoticeError(
            f"{into}: the content has {len(invalid.errors)} error(s); run "
            f"site-builder check --content {into} and correct them first; nothing was written"
        ) from None


def _year_of(site: Site, found: FoundNotice, year: int | None) -> when.YearOf:
    """A date's year when the notice leaves it out: --year, the sessions' or the notice's."""

    def year_of(month: int) -> int | None:
        if year is not None:
            return year
        years = sorted({s.slot.day.year for s in site.sessions if s.slot.day.month == month})
        if len(years) == 1:
            return years[0]
        return found.published.year if found.published else None

    return year_of


def _notice_page(lines: list[Line], found: FoundNotice, into: Path) -> tuple[str, str]:
    """The notice as ``notices/NN-adjustment.md`` (kind: adjustment), after the others."""
    page = notice_page(lines, found).replace("\n---\n", "\nkind: adjustment\n---\n", 1)
    blocks = page.removesuffix("\n").split("\n\n")
    # The signature (office, then date) is shown from the front matter: not twice.
    signed = len(blocks) > 2 and blocks[-2] == found.office
    if signed and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", blocks[-1]):
        blocks = blocks[:-2]
    # The addressees likewise: from the front matter, flush left above the text.
    head, _, first = blocks[0].rpartition("\n---\n")
    if re.fullmatch(r"[\u4e00-\u9fff（）()、，]{2,40}[：:]", first) and len(blocks) > 1:
        blocks = [f"{head}\naddressees: {scalar(first[:-1])}\n---\n{blocks[1]}", *blocks[2:]]
    page = "\n\n".join(blocks) + "\n"
    notices = into / "notices"
    existing = sorted(notices.glob("*.md")) if notices.is_dir() else []
    for path in existing:
        if path.read_text(encoding="utf-8") == page:
            raise NoticeError(
                f"{path}: this adjustment notice was imported already; nothing was written"
            )
    numbers = [int(m[1]) for p in existing if (m := re.match(r"(\d+)-", p.name))]
    return f"notices/{max(numbers, default=0) + 1:02d}-adjustment.md", page


def _marked(new: str, old: str, doubts: list[Doubt]) -> list[Marked]:
    """Where each doubt's comment ended up in the new schedule.yaml."""
    lines = new.splitlines()
    before = old.splitlines().count
    used: set[int] = set()
    marked = []
    for doubt in doubts:
        comment = mark_line(doubt)
        for index, line in enumerate(lines):
            if line.strip() == comment and index not in used and before(line) == 0:
                used.add(index)
                marked.append(Marked("schedule.yaml", index + 1, doubt))
                break
    return sorted(marked, key=lambda mark: mark.line)
