"""Rows of a schedule table whose cells ran together (PDF text): venue, lead and units apart.

A PDF table comes out as its cells' lines one after another, so a row reads
``区人社局一楼接待大厅区人社局局长刘洪区人社局、区住建局`` with no sign of where the venue
ends or where the lead's name stops and the units begin. The header gives the order of the
columns (地点, 带班领导, 参加单位); the units list gives the names the other cells use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.importer.paired_cells import SURNAMES, name_at_end, places_and_leads
from site_builder.importer.parts import TITLES
from site_builder.importer.units import UNIT

_TITLE = re.compile(TITLES)
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_LEVELS = "县区市州镇乡"


@dataclass(frozen=True)
class Cells:
    """A row's venue, lead and units as the columns held them."""

    venue: str
    lead: str
    units: list[str]


def row_units(row: str) -> list[str] | None:
    """The units list that ends a row (the last column), or ``None`` if it does not end so."""
    parts = re.sub(r"\s+", "", row).split("、")
    tail = parts[1:]
    if not all(UNIT.fullmatch(part) for part in tail):
        return None
    levels = {part[0] for part in tail if part[0] in _LEVELS} or set(_LEVELS)
    first = parts[0]
    # The first unit starts at the last level character (区, 县) that begins a unit name.
    for start in range(len(first) - 2, 0, -1):
        if first[start] in levels and UNIT.fullmatch(first[start:]):
            return [first[start:], *tail]
    return None


def _units_start(text: str, units: list[str]) -> int:
    """Where in ``text`` (spaces and all) the units list that ends it starts."""
    squeezed = 0
    target = len(re.sub(r"\s+", "", text)) - len("、".join(units))
    for index, char in enumerate(text):
        if squeezed == target:
            return index
        squeezed += not char.isspace()
    return len(text)


def untangle(row: str, known: set[str], with_venue: bool) -> Cells | None:
    """The cells of a row that reads [地点,] 带班领导 (unit, title, name), 参加单位 in order.

    ``known`` are the unit names of the table's units lists; the lead's unit must be one.
    ``None`` when the row does not split this way for certain.
    """
    text = re.sub(r"[\t\n]+", "", row).strip()
    units = row_units(text)
    if units is None:
        return None
    pairs = places_and_leads(text[: _units_start(text, units)], bracketed_only=True)
    if len(pairs) == 1 and "（" not in pairs[0][0]:
        # 区人社局三楼接待 室 刘海涛（区人社局 局长）, or run together (接访室罗正华（…）): the
        # name before the brackets that hold its unit and title.
        venue, lead = pairs[0]
        return Cells(venue=venue if with_venue else "", lead=lead, units=units)
    head = re.sub(r"\s+", "", text)
    head = head[: len(head) - len("、".join(units))]
    titles = list(_TITLE.finditer(head))
    if not titles:
        return None
    title = titles[-1]
    name = head[title.end() :]
    if name and not _NAME.fullmatch(name):
        return None
    before = head[: title.start()]
    unit = max((name for name in known if before.endswith(name)), key=len, default=None)
    if unit is None:
        return None
    venue = before[: -len(unit)]
    if not name and venue:
        # 接待室 莫建华 区人社局局长: the name before its unit and title, in a cell of its own.
        spaced = re.sub(r"\s*" + r"\s*".join(map(re.escape, unit + title[0])) + r".*$", "", text)
        name = name_at_end(spaced) or ""
        name = name if name[:1] in SURNAMES else ""  # 来访接 待室 is no name
        venue = venue[: len(venue) - len(name)] if name and venue.endswith(name) else venue
        name = name if venue else ""
    if venue and not with_venue:
        return None
    lead = f"{unit}{title[0]}" + (f" {name}" if name else "")
    return Cells(venue=venue, lead=lead, units=units)
