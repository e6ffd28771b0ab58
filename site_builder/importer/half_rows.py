"""Rows of a PDF table that hold a morning and an afternoon: the 时段 column says 上午 and
下午, and every cell merged over both halves comes out once, between or after them.

``上午8:30-12:00 甲大厅 黄志鹏（市人社局局长）市住建局、市水利局 下午14:30-17:30 乙会议室`` or
``上午 甲大厅 上午：区人社局局长 周建华 下午：区人社局副局长 孙丽 区住建局、区水务局 下午``:
each half's own time, place, lead and units where it gives them, the other half's where it
does not (the cell was merged).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from site_builder.importer import when
from site_builder.importer.lost_cells import row_units
from site_builder.importer.paired_cells import places_and_leads
from site_builder.importer.places import PLACE_END

# 上午 or 下午 as a row's 时段 cell, not as a label of the lead (上午：… / 上午由…带班).
_HALF = re.compile(r"(上午|下午)(?![：:由])")
# 上午：区人社局局长 周建华下午：区人社局副局长 孙丽, or 上午由甲带班，下午由乙带班.
_LEADS = re.compile(r"上午[：:由](?P<am>.+?)下午[：:由](?P<pm>.+)$")


class _SeveralPlaces(Exception):
    """A half that holds sessions at several places at once."""


@dataclass
class Half:
    """What one half of a row gives; ``None`` where the cell was merged with the other's."""

    name: str
    span: when.Span | None = None
    place: str | None = None
    lead: str | tuple[str, str] | None = None  # a pair: the lead of each half
    units: list[str] | None = None


def halves(row: str) -> list[Half] | None:
    """The morning and the afternoon a row gives (or the one half it gives), or ``None``."""
    marks = list(_HALF.finditer(row))
    names = [mark[1] for mark in marks]
    if names not in (["上午", "下午"], ["上午"], ["下午"]):
        return None
    ends = [mark.start() for mark in marks[1:]] + [len(row)]
    found = []
    for mark, end in zip(marks, ends, strict=True):
        half = Half(mark[1])
        try:
            _read(row[mark.end() : end], half)
        except _SeveralPlaces:
            return None
        found.append(half)
    leads = next((half.lead for half in found if isinstance(half.lead, tuple)), None)
    for half in found:
        if leads:  # 上午：局长 甲 下午：副局长 乙, a lead cell merged over both halves
            half.lead = leads[0 if half.name == "上午" else 1]
    # A cell merged over both halves is written once, after the first or after the last.
    for one, other in [*itertools.pairwise(found), *itertools.pairwise(found[::-1])]:
        other.place = other.place or one.place
        other.lead = other.lead or one.lead
        other.units = other.units or one.units
    return found


def _read(part: str, half: Half) -> None:
    """The time, place, lead and units one half's text gives."""
    spans = when.time_spans(part)
    if spans:
        half.span = spans[0][0]
        part = part.replace(spans[0][1][0], " ")
    units = row_units(part)
    if units:
        part = _without_units(part, units)
        half.units = units
    leads = _LEADS.search(part)
    if leads:
        half.lead = (_lead(leads["am"]), _lead(leads["pm"]))  # type: ignore[assignment]
        half.place = re.sub(r"\s+", "", part[: leads.start()]) or None
        return
    pairs = places_and_leads(part)
    if len(pairs) > 1:
        raise _SeveralPlaces  # two places at one time: paired_cells reads those
    if pairs:
        place, lead = pairs[0]
        half.place, half.lead = place or None, lead
        return
    text = re.sub(r"\s+", "", part)
    # What is left is the half's place if it ends as one (每场接访均由… after the table is not).
    half.place = text if re.search(rf"{PLACE_END}(?:[一二三四五六七八九十\d]楼)?$", text) else None


def _lead(written: str) -> str:
    """A lead as a cell writes it after 上午：/上午由, without 带班 and the comma after."""
    return re.sub(r"\s*带班[，,。]?\s*$|[，,]\s*$", "", written.strip())


def _without_units(part: str, units: list[str]) -> str:
    """``part`` less the units list that ends it (its spaces and line breaks aside)."""
    written = "、".join(units)
    squeezed = re.sub(r"\s+", "", part)
    return squeezed[: len(squeezed) - len(written)] if squeezed.endswith(written) else part
