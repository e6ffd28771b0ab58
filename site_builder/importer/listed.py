"""Sessions a notice gives in its text: numbered lists, sentences and rules (每月第一个星期一)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from site_builder.importer import when
from site_builder.importer.facts import venue_named
from site_builder.importer.found import Doubt, FoundNotice, FoundSession
from site_builder.importer.parts import (
    read_weekday,
    sentence_people,
    share_people,
    split_by_time,
)
from site_builder.importer.places import (
    BARE_PLACE,
    bare_place,
    in_turn,
    same_times,
    subject_place,
    venue_in,
)
from site_builder.importer.rules import rule_sessions
from site_builder.importer.text import HEADING, LABEL, Flat, Line

# A sentence that gives every session's lead and units at once (各场次由…带班).
_EVERY = re.compile(r"各场次|每场|每次|各次|均由|所有场次|以上各")
_ENDS = re.compile(r"[。；;，,：:]")
_DEADLINE = re.compile(r"[日号](?:之|以)?前")
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
# A time said to hold for every date (接访时间均为…, 每天…, 统一为…).
_EVERY_TIME = re.compile(r"均为|均是|统一|每天|每场|各场次|当天|当日")
# A line about who receives: if nothing in it can be read, the sessions are marked.
# Words that say who takes part or leads: if nothing beside them can be read, mark.
_UNITS_HINT = re.compile(r"(?:局|委|办|队|会|中心)[^。；;\n]{0,12}参加")
_LEAD_HINT = re.compile(r"(?<!要)带班(?!接访)")
_PEOPLE_LABEL = re.compile(
    r"(?:带班领导|参加(?:接访)?(?:单位|人员|部门)|接访(?:人员|单位|领导))(?:[：:为是]|\s*$)",
    re.MULTILINE,
)


@dataclass
class Listed:
    """What the text gives: its sessions, and what it says of all sessions (a time, people).

    ``unread`` is a line about who receives (带班领导：…) that could not be read.
    """

    sessions: list[FoundSession]
    times: list[when.Span]
    every_time: bool
    shared: list[tuple[FoundSession, bool]]
    unread: Line | None


def from_text(flat: Flat, found: FoundNotice, year_of: when.YearOf) -> Listed:
    """Sessions from sentences that give dates (or a rule) and a time, with their people.

    The text is read item by item (from one heading to the next): lines such as 地点：…,
    带班领导：… or 参加单位：… give the item's sessions what their own sentence does not.
    """
    sessions: list[FoundSession] = []
    shared: list[tuple[FoundSession, bool]] = []  # people said of every session
    nearby: list[tuple[FoundSession, bool]] = []  # people said beside some sessions
    unread: Line | None = None
    sections = [_Section()]
    for item in _items(flat):
        if _TOP_HEADING.match(item[0][1].lstrip()):
            sections.append(_Section())
        section = sections[-1]
        added: list[FoundSession] = []
        context: list[str] = []
        previous: tuple[str, list[FoundSession]] | None = None  # the last dated sentence
        for source, sentence in item:
            spans = when.time_spans(sentence)
            if spans:
                new = _dated(sentence, spans, source, found, year_of)
                added.extend(new)
                previous = (sentence, new) if new else None
                if not new and not when.DATE.search(sentence):
                    # A time for all dates (接访时间为当天9:00-12:00，…派员参加): its people too.
                    context.append(sentence)
                if not section.times and (
                    (not new and not when.DATE.search(sentence)) or _EVERY_TIME.search(sentence)
                ):
                    # 4月11日、5月9日，均为上午9:00-12:00: also for the dates written before.
                    section.times = [span for span, _ in spans]
                    section.every = bool(_EVERY_TIME.search(sentence))
                continue
            if when.DATE.search(sentence):
                section.undated.append((source, sentence))
            people = FoundSession(id="", day=date.min, source=source)
            if (
                previous
                and sentence_people(sentence, people)
                and subject_place(sentence, previous[0])
            ):
                # 转龙镇由…带班: one more place on the days and times of the sentence before.
                added.extend(same_times(previous, sentence, people, found))
                continue
            previous = None
            context.append(sentence)
        people = FoundSession(id="", day=date.min, source=item[0][0])
        given = sentence_people("\n".join(context), people)
        if added:
            _complete_item(added, context, people if given else None, found)
            if given:
                # 参加单位：… after a numbered list: for the other items too, marked.
                nearby.append((people, False))
        elif given:
            shared.append((people, bool(_EVERY.search("".join(context)))))
        unread = unread or _unread(item, context, people, given)
        sessions.extend(added)
    timed = next((section for section in sections if section.times), _Section())
    for section in sections:
        sessions.extend(section.sessions(found, year_of, timed))
    share_people(sessions, shared + nearby)
    sessions.sort(key=lambda session: (session.day, session.start or session.end))
    return Listed(sessions, timed.times, timed.every, shared, unread)


@dataclass
class _Section:
    """A part of the notice under one heading (一、…): a time it gives for all its dates.

    接访时间均为上午9:00-12:00 followed by dates without a time of their own
    (（一）3月1日，西平街道便民服务中心；) gives each of those dates that time.
    """

    times: list[when.Span] = field(default_factory=list)
    every: bool = False
    undated: list[tuple[Line, str]] = field(default_factory=list)

    def sessions(
        self, found: FoundNotice, year_of: when.YearOf, timed: _Section
    ) -> list[FoundSession]:
        """The sessions of the dates written without a time, at the section's time.

        Without a time of its own, a section takes the one ``timed`` gives for all dates
        (接访时间均为…), for the dates that name a place or people (4月11日：局长 段鹏；).
        """
        sessions = []
        for source, sentence in self.undated:
            if not _entry(sentence, found):
                continue  # a deadline (4月29日前报送), a signature date
            times, every = self.times, self.every
            if not times and timed.every:
                times, every = timed.times, True
            if not times:
                continue
            for session in _dated(sentence, [], source, found, year_of, times):
                if not every:
                    message = "接访时间取自通知的另一处，请核对"
                    session.doubts.append(Doubt(message, source))
                sessions.append(session)
        return sessions


def _unread(
    item: list[tuple[Line, str]], context: list[str], people: FoundSession, given: bool
) -> Line | None:
    """The line of a sentence about who receives (…派员参加, 带班领导：) that gave nothing."""
    for source, sentence in item:
        if sentence in context and (
            (_PEOPLE_LABEL.search(sentence) and not given)
            or (_UNITS_HINT.search(sentence) and not people.units)
            or (_LEAD_HINT.search(sentence) and not people.lead_title)
        ):
            return source
    return None


def _entry(sentence: str, found: FoundNotice) -> bool:
    """Whether a sentence with a date reads as a schedule entry: a place or people with it."""
    if _DEADLINE.search(sentence):
        return False
    people = FoundSession(id="", day=date.min, source=Line(0, "", ""))
    clauses = re.split(r"[，,；;。：:]", sentence)
    dates = list(when.DATE.finditer(sentence))
    words = when.DATE.sub("", sentence)
    return (
        (len(dates) >= 2 and len(re.sub(r"[\W\s]", "", words)) <= 6)  # 第一季度：1月10日、2月14日
        or sentence_people(sentence, people)
        or any(venue.name in sentence for venue in found.venues)
        or any(BARE_PLACE.fullmatch(clause.strip()) for clause in clauses)
    )


def _items(flat: Flat) -> list[list[tuple[Line, str]]]:
    """The text's sentences (with the line each starts on), grouped from heading to heading.

    A sentence ends at 。；; and before a line that opens a heading or a label (时间：…).
    """
    cuts = {0, len(flat.text)} | {match.end() for match in re.finditer(r"[。；;]", flat.text)}
    heads = {0}
    for line, start in zip(flat.lines, flat.starts, strict=True):
        if HEADING.match(line.text):
            heads.add(start)
        if HEADING.match(line.text) or LABEL.match(line.text):
            cuts.add(start)
        if HEADING.match(line.text) and len(line.text) <= 20 and not _ENDS.search(line.text):
            cuts.add(start + len(line.text))  # a heading line (二、参加人员) is no clause's start
    items: list[list[tuple[Line, str]]] = []
    for first, last in itertools.pairwise(sorted(cuts)):
        text = flat.text[first:last]
        if first in heads or not items:
            items.append([])
        if text.strip():
            items[-1].append((flat.line_at(first), text))
    return [item for item in items if item]


def _dated(
    sentence: str,
    spans: list[tuple[when.Span, re.Match[str]]],
    source: Line,
    found: FoundNotice,
    year_of: when.YearOf,
    given: list[when.Span] | None = None,
) -> list[FoundSession]:
    """The sessions of one sentence: each date with its own times (or the ``given`` ones)."""
    bases = []
    days = _days_and_times(sentence, spans, year_of)
    for day, end, own, times in days:
        base = FoundSession(id=day.isoformat(), day=day, source=source)
        read_weekday(base, sentence[end:])
        # A date's own words name its place: 5月16日…在甲开展，5月30日…在乙开展.
        turn = in_turn(own)
        same = [other for other in days if other[1] == end]  # the days of one range
        if len(turn) == len(same) > 1:
            base.venue = venue_named(found, turn[same.index((day, end, own, times))], source)
        else:
            base.venue = venue_in(own, found, source)
        bases.append((base, given or times))
    if not bases and found.campaign:
        every = [span for span, _ in spans]
        bases = [(base, every) for base in rule_sessions(sentence, found, source)]
    place = subject_place(sentence, sentence)
    venue = (
        venue_named(found, place, source)
        if place
        else venue_in(sentence, found, source) or bare_place(sentence, found, source)
    )
    added = []
    for base, times in bases:
        base.venue = venue if place or base.venue is None else base.venue
        sentence_people(sentence, base)
        added.extend(split_by_time(base, times))
    return added


def _days_and_times(
    sentence: str, spans: list[tuple[when.Span, re.Match[str]]], year_of: when.YearOf
) -> list[tuple[date, int, str, list[when.Span]]]:
    """Each date, where it ends, its own words (up to the next date) and its times.

    Dates written together (4月12日、4月26日的9:00-17:00) share the times that follow them.
    """
    dates = when.dates_at(sentence, year_of)
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


def _complete_item(
    sessions: list[FoundSession],
    context: list[str],
    people: FoundSession | None,
    found: FoundNotice,
) -> None:
    """The venue and people an item's label lines give, to its sessions that name none."""
    venues = {venue_in(text, found, sessions[0].source) for text in context} - {None}
    for session in sessions:
        if session.venue is None and len(venues) == 1:
            session.venue = next(iter(venues))
        if people and people.lead_title and not session.lead_title:
            session.lead_unit, session.lead_title = people.lead_unit, people.lead_title
            session.lead_name = people.lead_name
        if people and people.units and not session.units:
            session.units = list(people.units)
