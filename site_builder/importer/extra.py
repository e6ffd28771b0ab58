"""A session added on the day a rule gives: 2023年1月的集中接访日当天下午14时至17时，在甲
增设一场接访，由…带班 — the rule's January day, at that time and place."""

from __future__ import annotations

import re

from site_builder.importer import when
from site_builder.importer.found import FoundNotice, FoundSession
from site_builder.importer.parts import sentence_people, split_by_time
from site_builder.importer.places import venue_in
from site_builder.importer.repeated import same_as
from site_builder.importer.text import Line

_ON_RULE_DAY = re.compile(
    r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月份?的?(?:集中)?(?:联合)?接访日(?:当天)?"
    r"(?=.*(?:增设|加设|另设|增加))"
)


def added_on_rule_day(
    sentence: str,
    spans: list[tuple[when.Span, re.Match[str]]],
    source: Line,
    found: FoundNotice,
    drafted: list[FoundSession],
) -> list[FoundSession]:
    """The sessions a sentence adds on a month's day of sessions drafted already, if it does."""
    named = _ON_RULE_DAY.search(sentence)
    if named is None or when.DATE.search(sentence):
        return []
    month, year = int(named["month"]), int(named["year"]) if named["year"] else None
    days = {
        session.day
        for session in drafted
        if session.day.month == month and (year is None or session.day.year == year)
    }
    if len(days) != 1:
        return []
    day = days.pop()
    session = FoundSession(id=day.isoformat(), day=day, source=source)
    session.venue = venue_in(sentence, found, source)
    sentence_people(sentence, session)
    added = split_by_time(session, [span for span, _ in spans])
    same_as([s for s in drafted if s.day == day], added, sentence)
    return added
