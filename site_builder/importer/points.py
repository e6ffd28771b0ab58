"""Places listed under a dated sentence: 5月13日上午9时至11时30分，同时设两个接访点：
1. 甲大厅，由…带班；2. 乙中心，由…带班 — one session at each, on that sentence's days."""

from __future__ import annotations

import re
from datetime import date

from site_builder.importer import when
from site_builder.importer.found import FoundNotice, FoundSession
from site_builder.importer.parts import sentence_people
from site_builder.importer.places import bare_place, venue_in
from site_builder.importer.text import HEADING, Line


def opens_points(sentence: str, sessions: list[FoundSession]) -> bool:
    """Whether a dated sentence opens a list of its places (…同时设两个接访点：)."""
    return bool(sessions) and sentence.rstrip().endswith(("：", ":"))


def point_sessions(
    item: list[tuple[Line, str]], opened: list[FoundSession], found: FoundNotice
) -> list[FoundSession] | None:
    """The sessions of an item that is one of the places listed under the sentence that gave
    ``opened`` (a numbered place with its people, no date or time of its own), or ``None``."""
    source, sentence = item[0]
    listed = HEADING.match(sentence.lstrip()) or re.match(r"[-*•·]\s", sentence.lstrip())
    if not listed or when.DATE.search(sentence):
        return None
    if when.time_spans(sentence):
        return None
    venue = venue_in(sentence, found, source) or bare_place(sentence, found, source)
    if venue is None:
        return None
    people = FoundSession(id="", day=date.min, source=source)
    sentence_people(sentence, people)
    points = []
    for session in opened:
        point = FoundSession(**{**session.__dict__, "doubts": [], "units": list(session.units)})
        point.source, point.venue = source, venue
        if people.lead_title:
            point.lead_unit, point.lead_title = people.lead_unit, people.lead_title
            point.lead_name = people.lead_name
        point.units = list(people.units) or point.units
        points.append(point)
    return points
