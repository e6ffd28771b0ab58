"""Write what was found as draft content files, with ``# 请核对`` beside uncertain values."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, time

import yaml

from site_builder.importer.found import Doubt, FoundNotice, FoundSession

MARK = "# 请核对："


@dataclass(frozen=True)
class Marked:
    """A ``# 请核对`` comment in a draft file: where it is and why."""

    file: str
    line: int
    doubt: Doubt


class _File:
    """A YAML file being written line by line, remembering its review marks."""

    def __init__(self, name: str, header: str) -> None:
        self.name = name
        self.lines = [
            f"# {header}",
            f"# 标有“{MARK.strip('# ')}”的地方请逐一核对；格式见 docs/content.md。",
        ]
        self.marked: list[Marked] = []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def mark(self, doubts: list[Doubt], indent: str = "") -> None:
        for doubt in doubts:
            self.lines.append(f"{indent}{MARK}{doubt.message}（通知第{doubt.source.number}行）")
            self.marked.append(Marked(self.name, len(self.lines), doubt))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def scalar(value: object) -> str:
    """One YAML value on one line: times quoted, digit-only phones quoted."""
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    if isinstance(value, date | int):
        return str(value)
    dumped = yaml.safe_dump(str(value), allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def draft_files(found: FoundNotice, source_name: str) -> tuple[dict[str, str], list[Marked]]:
    """The draft files (name → text) and every review mark in them."""
    header = f"由 site-builder import 从 {source_name} 生成的草稿。"
    files = [
        _site(found, header),
        _units(found, header),
        _venues(found, header),
        _schedule(found, header),
    ]
    marked = [mark for file in files for mark in file.marked]
    return {file.name: file.text() for file in files}, marked


def _site(found: FoundNotice, header: str) -> _File:
    out = _File("site.yaml", header)
    for key, value in (("title", found.title), ("office", found.office)):
        out.mark(found.doubts.get(key, []))
        if value:
            out.add(f"{key}: {scalar(value)}")
    if found.published:
        out.add(f"published: {found.published.isoformat()}")
    if found.campaign:
        campaign = found.campaign
        out.add("campaign:")
        out.add(f"  name: {scalar(campaign.name)}")
        out.add(f"  first_month: {campaign.first_month}")
        out.add(f"  last_month: {campaign.last_month}")
        if campaign.sessions_per_month:
            out.add(f"  sessions_per_month: {campaign.sessions_per_month}")
    out.mark(found.doubts.get("contacts", []))
    if found.contacts:
        out.add("contacts:")
    for contact in found.contacts:
        out.mark(contact.doubts, "  ")
        out.add(f"  - label: {scalar(contact.label)}")
        for key in ("title", "name"):
            if getattr(contact, key):
                out.add(f"    {key}: {scalar(getattr(contact, key))}")
        out.add(f"    phone: {scalar(contact.phone)}")
    if found.instructions:
        out.add("instructions:")
        out.lines.extend(f"  - {scalar(text)}" for text in found.instructions)
    return out


def _units(found: FoundNotice, header: str) -> _File:
    out = _File("units.yaml", header)
    out.add("units:" if found.units else "units: []")
    for unit in found.units:
        out.add(f"  - id: {unit.id}")
        out.add(f"    name: {scalar(unit.name)}")
    return out


def _venues(found: FoundNotice, header: str) -> _File:
    out = _File("venues.yaml", header)
    out.mark(found.doubts.get("venues", []))
    out.add("venues:" if found.venues else "venues: []")
    for venue in found.venues:
        out.mark(venue.doubts, "  ")
        out.add(f"  - id: {venue.id}")
        out.add(f"    name: {scalar(venue.name)}")
        for key in ("room", "address"):
            if getattr(venue, key):
                out.add(f"    {key}: {scalar(getattr(venue, key))}")
    return out


_SHARED = ("venue", "start", "end", "staff")


def _schedule(found: FoundNotice, header: str) -> _File:
    out = _File("schedule.yaml", header)
    sessions = found.sessions
    defaults = {}
    # A session the notice gives only a start (9点半起) must not take an end from defaults:
    # without one, check names it, beside its mark.
    open_ended = any(s.start is not None and s.end is None for s in sessions)
    for key in _SHARED:
        values = Counter(getattr(s, key) for s in sessions if getattr(s, key) is not None)
        if values and not (key == "end" and open_ended):
            defaults[key] = values.most_common(1)[0][0]
    if defaults:
        out.add("defaults:")
        out.lines.extend(f"  {key}: {scalar(value)}" for key, value in defaults.items())
    out.mark(found.doubts.get("sessions", []))
    out.add("sessions:" if sessions else "sessions: []")
    for session in sessions:
        _session(out, session, defaults)
    return out


def _session(out: _File, session: FoundSession, defaults: dict[str, object]) -> None:
    out.mark(session.doubts, "  ")
    out.add(f"  - id: {session.id}")
    out.add(f"    date: {session.day.isoformat()}")
    if session.weekday:
        out.add(f"    weekday: {session.weekday}")
    if session.start is None:
        out.add("    time_tba: true")
    for key in _SHARED:
        value = getattr(session, key)
        if value is not None and value != defaults.get(key):
            out.add(f"    {key}: {scalar(value)}")
    lead = [
        f"{key}: {scalar(value)}"
        for key, value in (
            ("unit", session.lead_unit),
            ("title", session.lead_title),
            ("name", session.lead_name),
        )
        if value
    ]
    if session.lead_title or session.lead_name:
        out.add(f"    lead: {{{', '.join(lead)}}}")
    if session.units:
        out.add(f"    units: [{', '.join(session.units)}]")
