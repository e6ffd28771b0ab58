"""Score the importer's sessions of a notice against those written by hand beside it.

Each expected session (``NAME.expected.yaml``) is paired with an imported one on the same
day (the one agreeing on most fields) and is then right (every field equal), marked (every
field that differs is one a ``# 请核对`` doubt of the session, or of its venue, concerns),
wrong (a field differs unmarked: the worst case) or missed. Imported sessions left unpaired
are invented. ``strict=False`` counts a session marked for any doubt at all, about any field
(how the earlier rounds were scored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from notice_files import NOTICES

from site_builder.importer.found import FoundNotice, FoundSession
from site_builder.importer.run import find_notice

FIELDS = ("date", "start", "end", "venue", "lead", "units")


@dataclass
class Score:
    """How the importer's sessions of one notice compare with the expected ones."""

    right: list[dict] = field(default_factory=list)
    marked: list[tuple[dict, dict]] = field(default_factory=list)
    wrong: list[tuple[dict, dict]] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    invented: list[dict] = field(default_factory=list)

    @property
    def expected(self) -> int:
        """How many sessions the notice gives."""
        return len(self.right) + len(self.marked) + len(self.wrong) + len(self.missed)


def expected_sessions(notice: Path) -> list[dict]:
    """The sessions written by hand beside ``notice``, as plain values."""
    path = notice.with_name(notice.stem + ".expected.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        {
            "date": str(item["date"]),
            "start": item["start"],
            "end": item["end"],
            "venue": _place(item.get("venue")),
            "lead": item.get("lead"),
            "units": list(item.get("units", [])),
        }
        for item in data["sessions"]
    ]


def as_written(found: FoundNotice, session: FoundSession) -> dict:
    """An imported session as the notice writes it: names, not the draft's ids."""
    venues = {venue.id: venue.name + (venue.room or "") for venue in found.venues}
    units = {unit.id: unit.name for unit in found.units}
    doubted_venues = {venue.id for venue in found.venues if venue.doubts}
    lead = units.get(session.lead_unit or "", "") + (session.lead_title or "")
    if session.lead_name:
        lead += f" {session.lead_name}"
    return {
        "date": session.day.isoformat(),
        "start": session.start and f"{session.start:%H:%M}",
        "end": session.end and f"{session.end:%H:%M}",
        "venue": _place(venues.get(session.venue or "")),
        "lead": lead or None,
        "units": [units.get(unit, unit) for unit in session.units],
        "marked": [doubt.message for doubt in session.doubts],
        "marked_fields": {key for doubt in session.doubts for key in doubt.fields}
        | ({"venue"} if session.venue in doubted_venues else set()),
    }


def _place(name: str | None) -> str | None:
    """A place as written, brackets aside: 甲所（乙中心一楼） is the draft's name 甲所 with its
    room 乙中心一楼, whichever way the expected file writes it."""
    return re.sub(r"[（）()\s]", "", name) if name else name


def _agree(one: dict, other: dict) -> int:
    return sum(one[key] == other[key] for key in FIELDS)


def _is_marked(expected: dict, got: dict, strict: bool) -> bool:
    if not strict:
        return bool(got["marked"])
    differing = {key for key in FIELDS if expected[key] != got[key]}
    return differing <= got["marked_fields"]


def score(notice: Path, strict: bool = True) -> Score:
    """Import ``notice`` and compare its sessions with the expected ones."""
    found, _, _ = find_notice(notice)
    imported = [as_written(found, session) for session in found.sessions]
    result = Score()
    for expected in expected_sessions(notice):
        same_day = [item for item in imported if item["date"] == expected["date"]]
        if not same_day:
            result.missed.append(expected)
            continue
        best = max(same_day, key=lambda item: _agree(item, expected))
        imported.remove(best)
        if _agree(best, expected) == len(FIELDS):
            result.right.append(expected)
        elif _is_marked(expected, best, strict):
            result.marked.append((expected, best))
        else:
            result.wrong.append((expected, best))
    result.invented = imported
    return result


def notices_named(prefix: str) -> list[Path]:
    """The test notices whose names start with ``prefix``, without their expected files."""
    return sorted(
        path for path in NOTICES.glob(f"{prefix}-*") if not path.name.endswith(".expected.yaml")
    )


def differences(pairs: list[tuple[dict, dict]]) -> list[str]:
    """``2024-03-12 09:00: lead 'A' != 'B'`` for each expected and imported pair that differ."""
    return [
        f"{expected['date']} {expected['start']}: "
        + ", ".join(
            f"{key} {expected[key]!r} != {got[key]!r}"
            for key in FIELDS
            if expected[key] != got[key]
        )
        for expected, got in pairs
    ]


def assert_right_or_marked(notice: Path) -> None:
    """Every session of ``notice`` right or marked on the field that differs; none invented."""
    result = score(notice)
    assert differences(result.wrong) == []
    assert result.missed == []
    assert [(item["date"], item["start"]) for item in result.invented] == []
    assert result.expected == len(result.right) + len(result.marked) > 0


def share_right(notices: list[Path]) -> tuple[int, int]:
    """How many of the sessions of ``notices`` are exactly right, of how many."""
    results = [score(notice) for notice in notices]
    return sum(len(r.right) for r in results), sum(r.expected for r in results)
