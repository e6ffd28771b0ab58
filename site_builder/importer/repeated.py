"""A session written as the one before it: 同一时间、同一地点, 参加单位同上."""

from __future__ import annotations

import re

from site_builder.importer import when
from site_builder.importer.found import FoundSession

SAME_TIME = re.compile(
    r"同一时间|时间(?:[、，,][^。，,；;]{1,8})*同上|时间[和及]?地点(?:均)?同上|相同时间|同样时间"
)
_SAME_PLACE = re.compile(r"同一地点|地点(?:均)?[：:]?同上|相同地点|原地点")
_SAME_UNITS = re.compile(r"(?:参加|参与)?(?:单位|部门)[：:]?同上|原参加单位")
_SAME_LEAD = re.compile(r"(?:带班)?领导[：:]?同上")


def times_of(before: list[FoundSession]) -> list[when.Span]:
    """The times of the sessions before, each once, in order."""
    spans: list[when.Span] = []
    for session in before:
        if session.start and session.end and when.Span(session.start, session.end) not in spans:
            spans.append(when.Span(session.start, session.end))
    return spans


def same_as(before: list[FoundSession], sessions: list[FoundSession], sentence: str) -> None:
    """Give ``sessions`` the place, units and lead of ``before`` where the sentence says so."""
    first = before[0]
    for session in sessions:
        if session.venue is None and _SAME_PLACE.search(sentence):
            session.venue = first.venue
        if not session.units and _SAME_UNITS.search(sentence):
            session.units = list(first.units)
        if not session.lead_title and _SAME_LEAD.search(sentence):
            session.lead_unit, session.lead_title = first.lead_unit, first.lead_title
            session.lead_name = first.lead_name
