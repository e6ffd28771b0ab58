"""A line written as a table row without a header: 5月14日 星期二 9:00-11:30 镇便民服务中心二楼
城关镇副镇长 卢军 镇劳动保障所、镇综治办 (cells apart by spaces, no words between them)."""

from __future__ import annotations

import re

from site_builder.importer.facts import venue_named
from site_builder.importer.found import Doubt, FoundNotice, FoundSession
from site_builder.importer.parts import LEAD, read_people
from site_builder.importer.places import PLACE_END
from site_builder.importer.text import Line
from site_builder.importer.units import UNIT

_PLACE = re.compile(rf"{PLACE_END}|楼|厅")
# Prose, not cells: a sentence's punctuation or its verbs.
_PROSE = re.compile(r"[，,。；;：:]|开展|带班|参加|举行")


def read_row_line(rest: str, session: FoundSession, found: FoundNotice, source: Line) -> None:
    """The place and people of what follows a line's time, when it reads as cells; the
    lead or units it leaves unread are marked, so that none passes for none."""
    # Cells apart by pipes (3月12日上午9:00-11:30 | 区人社局一楼大厅 | …) or by spaces.
    piped = rest.replace("｜", "|").count("|") >= 2
    tokens = [cell.strip() for cell in rest.split("|") if cell.strip()] if piped else rest.split()
    if len(tokens) < 2 or _PROSE.search(rest):
        return
    first = tokens[0]
    place = _PLACE.search(first) and not (LEAD.search(first) or UNIT.fullmatch(first))
    if place:
        session.venue = session.venue or venue_named(found, first, source)
        tokens = tokens[1:]
    if not (session.lead_title or session.units):
        read_people("\t".join(tokens if piped else _joined(tokens)), session)
    given = (("lead", session.lead_title), ("units", session.units))
    missing = [key for key, value in given if not value]
    if missing:
        message = f"此行像是日程表的一行，未能读出其中的 {' 和 '.join(missing)}，请核对"
        session.doubts.append(Doubt(message, source, tuple(missing)))


def _joined(tokens: list[str]) -> list[str]:
    """Cells from words: a lead's title and name (城关镇副镇长 卢军) are one cell."""
    cells: list[str] = []
    for token in tokens:
        if cells and LEAD.fullmatch(f"{cells[-1]} {token}"):
            cells[-1] = f"{cells[-1]} {token}"
        else:
            cells.append(token)
    return cells
