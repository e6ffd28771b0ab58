"""The sessions of one sentence that gives dates (or a rule), times, a place and people."""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import date

from site_builder.importer import when
from site_builder.importer.facts import venue_named
from site_builder.importer.found import Doubt, FoundNotice, FoundSession
from site_builder.importer.parts import read_people, read_weekday, sentence_people, split_by_time
from site_builder.importer.places import (
    bare_place,
    in_turn,
    leads_at_places,
    subject_place,
    venue_in,
)
from site_builder.importer.row_line import read_row_line
from site_builder.importer.rules import rule_sessions
from site_builder.importer.text import Line

_DEADLINE_AFTER = re.compile(r"(?:之|以)?前(?!往)")
# A time's own place, right after it: 上午9:00-12:00在区人社局一楼大厅，下午…转至甲庭接访
_AT_PLACE_ONLY = re.compile(r"^\s*(?:在|转至|移至|改至|改在)[^，,；;。]{2,40}")
_PAUSE = re.compile(r"暂停|停止|不安排|除外|不接访|休息|放假|取消")
_DEADLINE_BEFORE = re.compile(r"(?:截至|截止|截止到|不晚于)$")


def dated(
    sentence: str,
    spans: list[tuple[when.Span, re.Match[str]]],
    source: Line,
    found: FoundNotice,
    year_of: when.YearOf,
    given: list[when.Span] | None = None,
) -> list[FoundSession]:
    """The sessions of one sentence: each date with its own times (or the ``given`` ones)."""
    bases = []
    owns: dict[int, str] = {}  # each date's own words, by id of its session
    days = _days_and_times(sentence, spans, year_of)
    if days and found.campaign and _rule_gives(sentence, spans, found, source, days):
        days = []  # 每月第二个星期三（首场为5月11日）: the rule's days, the first among them
    for day, end, own, times in days:
        base = FoundSession(id=day.isoformat(), day=day, source=source)
        read_weekday(base, sentence[end:])
        # A date's own words name its place: 5月16日…在甲开展，5月30日…在乙开展.
        turn = in_turn(own)
        same = [other for other in days if other[1] == end]  # the days of one range
        if len(turn) == len(same) > 1:
            base.venue = venue_named(found, turn[same.index((day, end, own, times))], source)
        elif len(in_turn(sentence)) == len(days) > 1:
            # 分别于4月9日、4月16日…，分别在甲、乙…开展: one place a date, in order.
            base.venue = venue_named(found, in_turn(sentence)[len(bases)], source)
        else:
            base.venue = venue_in(own, found, source)
        bases.append((base, given or times))
        owns[id(base)] = own
    if not bases and found.campaign:
        paused = _paused(sentence, year_of)
        bases = [
            (base, given or times)
            for part, times in _rules_and_times(sentence, spans)
            for base in rule_sessions(part, found, source)
            if base.day not in paused
        ]
    place = subject_place(sentence, sentence)
    venue = (
        venue_named(found, place, source)
        if place
        else venue_in(sentence, found, source) or bare_place(sentence, found, source)
    )
    for base, _ in bases:
        base.venue = venue if place or base.venue is None else base.venue
        sentence_people(sentence, base)
        own = owns.get(id(base), "")
        if len(bases) > 1:
            _own_people(own, base)
        timed = [match.end() for _, match in when.time_spans(own)]
        if timed and not (base.lead_title and base.units and base.venue):
            read_row_line(own[max(timed) :], base, found, source)
    pairs = leads_at_places(sentence)
    if pairs and len({base.day for base, _ in bases}) == 1:
        # …乙在丙窗口、戊在己会议室同时开展接访: a session at each place, with its lead.
        bases = [
            (_at_place(base, lead, place, found, source), times)
            for base, times in bases
            for lead, place in pairs
        ]
    leads = {(base.lead_unit, base.lead_title, base.lead_name) for base, _ in bases}
    if len({base.day for base, _ in bases}) > 1 and len(leads) == 1 and sentence.count("带班") > 1:
        # One sentence, several dates and several 带班: its leads were not told apart.
        for base, _ in bases:
            base.doubts.append(Doubt("此句写有几位带班领导，这场的 lead 请核对", source, ("lead",)))
    parts = [part for base, times in bases for part in split_by_time(base, times)]
    _people_by_time(sentence, spans, parts, found)
    return parts


def _at_place(
    base: FoundSession, lead: str, place: str, found: FoundNotice, source: Line
) -> FoundSession:
    """A copy of ``base`` at ``place`` with the lead ``lead`` names."""
    session = dataclasses.replace(base, units=list(base.units), doubts=list(base.doubts))
    session.venue = venue_named(found, place, source)
    session.lead_unit = session.lead_title = session.lead_name = None
    read_people(lead, session)
    session.units = list(base.units)
    return session


def _rule_gives(
    sentence: str,
    spans: list[tuple[when.Span, re.Match[str]]],
    found: FoundNotice,
    source: Line,
    days: list[tuple[date, int, str, list[when.Span]]],
) -> bool:
    """Whether a sentence's rule gives every date the sentence also writes out."""
    if len({end for _, end, _, _ in days}) < len(days):
        return False  # 自4月3日至5月15日，每周三: a range bounds the rule
    ruled = {
        session.day
        for part, _ in _rules_and_times(sentence, spans)
        for session in rule_sessions(part, found, source)
    }
    return bool(ruled) and {day for day, _, _, _ in days} <= ruled


def _people_by_time(
    sentence: str,
    spans: list[tuple[when.Span, re.Match[str]]],
    parts: list[FoundSession],
    found: FoundNotice,
) -> None:
    """The lead and place each time gives (上午9:00—12:00由甲带班，下午14:30—17:30由乙带班),
    over the sentence's one lead and place."""
    if len(spans) < 2:
        return
    ordered = sorted(spans, key=lambda pair: pair[1].start())
    ends = [match.start() for _, match in ordered[1:]] + [len(sentence)]
    for (span, match), end in zip(ordered, ends, strict=True):
        words = sentence[match.end() : end]
        people = FoundSession(id="", day=date.min, source=Line(0, "", ""))
        if when.DATE.search(words):
            continue
        # 上午9:00-12:00在甲大厅，下午15:00-17:30在乙会议室: each time's own place.
        place = _AT_PLACE_ONLY.search(words)
        if not (sentence_people(words, people) or place):
            continue
        for part in parts:
            if (part.start, part.end) != (span.start, span.end):
                continue
            if place:
                part.venue = venue_in(place[0], found, part.source)
            if people.lead_title:
                part.lead_unit, part.lead_title = people.lead_unit, people.lead_title
                part.lead_name = people.lead_name


def _own_people(own: str, base: FoundSession) -> None:
    """The lead and units a date's own words give, over the sentence's (3月12日：局长甲
    3月26日：副局长乙: the sentence's last lead is not the first date's)."""
    people = FoundSession(id="", day=base.day, source=base.source)
    if not sentence_people(own, people):
        return
    if people.lead_title:
        base.lead_unit, base.lead_title = people.lead_unit, people.lead_title
        base.lead_name = people.lead_name
    if people.units:
        base.units = list(people.units)
    base.doubts.extend(doubt for doubt in people.doubts if doubt not in base.doubts)


def _rules_and_times(
    sentence: str, spans: list[tuple[when.Span, re.Match[str]]]
) -> list[tuple[str, list[when.Span]]]:
    """Each rule of a sentence with the times written after it (每周二上午9:00-12:00、每周四下午
    14:30-17:30); a sentence of one rule, or rules without times of their own, shares them."""
    every = [span for span, _ in spans]
    starts = sorted(
        match.start()
        for rule in (when.RULE, when.WEEKLY, when.MONTHLY)
        for match in rule.finditer(sentence)
    )
    parts = []
    for first, last in itertools.pairwise([*starts, len(sentence)]):
        own = [span for span, match in spans if first <= match.start() < last]
        parts.append((sentence[first:last], own))
    if len(parts) < 2 or not all(own for _, own in parts):
        return [(sentence, every)]
    # The words after the last time (（遇节假日顺延）) hold for every rule.
    tail = sentence[max(match.end() for _, match in spans) :]
    return [(part + tail, own) for part, own in parts]


def _paused(sentence: str, year_of: when.YearOf) -> set[date]:
    """Days the sentence says there is no session (春节假期1月21日至27日暂停, …除外)."""
    paused = set()
    for day, match, _ in when.dates_at(sentence, year_of):
        clause = re.split(r"[，,。；;）)]", sentence[match.start() :], maxsplit=1)[0]
        before = re.split(r"[，,。；;（(]", sentence[: match.start()])[-1]
        if _PAUSE.search(clause) or _PAUSE.search(before):
            paused.add(day)
    return paused


def _days_and_times(
    sentence: str, spans: list[tuple[when.Span, re.Match[str]]], year_of: when.YearOf
) -> list[tuple[date, int, str, list[when.Span]]]:
    """Each date, where it ends, its own words (up to the next date) and its times.

    Dates written together (4月12日、4月26日的9:00-17:00) share the times that follow them.
    """
    dates = when.weekly_in_range(sentence, when.dates_at(sentence, year_of))
    # 请于2月10日前报名, 截至7月31日: a deadline beside the dates is no session.
    paused = _paused(sentence, year_of)
    dates = [
        (day, match, end)
        for day, match, end in dates
        if not _DEADLINE_AFTER.match(sentence, end)
        and not _DEADLINE_BEFORE.search(sentence, 0, match.start())
        and day not in paused
    ]
    starts = sorted({match.start() for _, match, _ in dates})
    paired: list[tuple[date, int, str, list[when.Span]]] = []
    pending: list[tuple[date, int, str]] = []
    for day, match, end in dates:
        following = next((start for start in starts if start > match.start()), len(sentence))
        pending.append((day, end, sentence[end:following]))
        times = [span for span, time in spans if end <= time.start() < following]
        if times:
            paired.extend((day, end, own, times) for day, end, own in pending)
            pending = []
    every = [span for span, _ in spans]
    return paired + [(day, end, own, every) for day, end, own in pending]
