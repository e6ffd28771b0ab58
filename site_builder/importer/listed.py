"""Sessions a notice gives in its text: numbered lists, sentences and rules (每月第一个星期一)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from site_builder.importer import weeks, when
from site_builder.importer.by_date import give_people, people_by_date, units_of_date
from site_builder.importer.dated import dated
from site_builder.importer.extra import added_on_rule_day
from site_builder.importer.facts import venue_named
from site_builder.importer.found import Doubt, FoundNotice, FoundSession
from site_builder.importer.parts import (
    LABELLED_LEAD,
    LABELLED_UNITS,
    read_people,
    sentence_people,
    share_people,
    take_halves,
)
from site_builder.importer.places import (
    BARE_PLACE,
    bare_place,
    bracketed_places,
    same_times,
    subject_place,
    venue_in,
)
from site_builder.importer.points import opens_points, point_sessions
from site_builder.importer.repeated import SAME_TIME, same_as, times_of
from site_builder.importer.rules import off_weekend, weekend_move
from site_builder.importer.sentences import HALF_ROW, items
from site_builder.importer.text import LABEL, Flat, Line
from site_builder.importer.turns import month_turns, take_turns
from site_builder.importer.unread import unread_line

_SEE_LIST = re.compile(
    r"(?:具体|详细)(?:安排|时间|日期|场次)?(?:详见|见)|(?:详见|见)(?:附件|附表|下表)"
)
# A sentence that gives every session's lead and units at once (各场次由…带班).
_EVERY = re.compile(r"各场次|每场|每次|各次|均由|所有场次|以上各|届时")
_DEADLINE = re.compile(r"[日号](?:之|以)?前")
# The office and the date that sign the notice (…人力资源和社会保障局2023年2月20日).
_SIGNATURE = re.compile(r"(?:局|办公室|小组|政府|委员会|中心)\d{4}年\d{1,2}月\d{1,2}日$")
# When a page or an article was published (原创 … 2026年01月09日 17:46, 发布时间：…): no session.
_STAMP = re.compile(
    r"\d{4}[年\-/.]\d{1,2}[月\-/.]\d{1,2}日?\W*\d{1,2}:\d{2}(?!\s*[-—–~至到])|原创|发布(?:时间|日期)"
)
# A time that is a phone's or an office's hours, not a session's.
_NOT_SESSION_TIME = re.compile(
    r"电话|联系人|咨询|工作日\d|工作日[（(]|办公时间|午休|不接访|暂停接[待访]|\d{3,4}-\d{7,8}"
    r"|1[3-9]\d{9}"
)
_SEVERAL_PLACES = re.compile(r"[两二三多]处|[两二三多]个(?:接访)?地?点|两个地点|同时设点|分别设")
_SAME_DAY = re.compile(
    r"(?:当天|当日|同日|同一天)(?:上午|下午)?\s*(?:\d|[一二三四五六七八九十两]{1,3}[点时])"
)
_HALF_DAY = re.compile(r"上午|下午|全天|晚上")
_HALF = re.compile(r"(?:上午|下午)\s*[，,]")
_BULLET_LINE = re.compile(r"[-*•·]\s")
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_PLACES_HEADING = re.compile(r"地点|接访点|点位")
# 接访地点：县人社局一楼大厅 under a heading: the place of that part's sessions.
_PLACE_LABEL = re.compile(r"^\s*(?:接访|集中接访|活动)?地点[：:]")
# A time said to hold for every date (接访时间均为…, 每天…, 统一为…).
_EVERY_TIME = re.compile(
    r"均为|均是|统一|每天|每场|每次|各场次|当天|当日|如无特别说明|除(?:特别|另有)说明外"
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
    turns: dict[int, FoundSession] = field(default_factory=dict)
    # People an item gives beside its own dated sentences: for a table's rows too.
    nearby: list[tuple[FoundSession, bool]] = field(default_factory=list)


def from_text(flat: Flat, found: FoundNotice, year_of: when.YearOf) -> Listed:
    """Sessions from sentences that give dates (or a rule) and a time, with their people.

    The text is read item by item (from one heading to the next): lines such as 地点：…,
    带班领导：… or 参加单位：… give the item's sessions what their own sentence does not.
    """
    reader = _TextReader(flat, found, year_of)
    for item in items(flat):
        reader.read_item(item)
    return reader.finish()


@dataclass
class _Item:
    """What the sentences of one item have given so far."""

    sentences: list[tuple[Line, str]]
    section: _Section
    added: list[FoundSession]
    context: list[str] = field(default_factory=list)
    previous: tuple[str, list[FoundSession]] | None = None  # the last dated sentence
    timed: list[tuple[Line, str]] = field(default_factory=list)  # times after a date without
    # one (时间：上午9:30—12:00)
    undated: list[tuple[Line, str]] = field(default_factory=list)
    # Blocks of label lines, each opened by its date (时间：5月28日…, 地点：…, 带班领导：…).
    blocks: bool = False
    untimed_rule: tuple[Line, str] | None = None  # 每月15日为接访日（…） without its time
    place: tuple[Line, str] | None = None  # the last line that is only a place, heading its block
    anchors: dict[int, tuple[Line, str]] = field(default_factory=dict)  # the date line each time
    # line was read with


class _TextReader:
    """Reads a notice's text item by item, keeping what earlier items gave."""

    def __init__(self, flat: Flat, found: FoundNotice, year_of: when.YearOf) -> None:
        self.flat, self.found, self.year_of = flat, found, year_of
        self.sessions: list[FoundSession] = []
        self.shared: list[tuple[FoundSession, bool]] = []  # people said of every session
        self.nearby: list[tuple[FoundSession, bool]] = []  # people said beside some sessions
        self.unread: Line | None = None
        self.turns: dict[int, FoundSession] = {}  # people by month (4月由…带班，5月由…带班)
        self.sections = [_Section()]
        self.last: list[FoundSession] = []  # the sessions of the last dated sentence
        self.halves: list[tuple[str, FoundSession]] = []  # people for mornings or afternoons
        self.by_date: dict[date, FoundSession] = {}  # 带班领导：12月6日 局长 张三 12月13日 …
        self.opened: list[FoundSession] = []  # sessions whose sentence opens a list of places
        # Items of a date and its label lines, waiting for the time the notice gives all of them.
        self.pending: list[tuple[_Section, tuple[Line, str], list[str], FoundSession | None]] = []
        self.replaced: set[int] = set()  # ids of those, once their places are read
        self.first_week = weeks.first_week(flat.text, year_of)
        self.week_lines: set[int] = set()  # the lines of 第N周 items

    def read_item(self, item: list[tuple[Line, str]]) -> None:
        """Read one item (a heading and what follows it)."""
        dated_week = weeks.as_dated(item, self.first_week) if self.first_week else None
        if dated_week:
            # 第二周 乙镇 地点：… (第一站5月10日, 每周一站): the item as the date it falls on.
            item = dated_week
            self.week_lines.add(item[0][0].number)
        if _TOP_HEADING.match(item[0][1].lstrip()):
            self.sections.append(_Section())
        points = point_sessions(item, self.opened, self.found) if self.opened else None
        if points:
            self.replaced |= {id(session) for session in self.opened}
        else:
            self.opened = []
        heading = item[0][1]
        if (
            len(item) == 1
            and _TOP_HEADING.match(heading.lstrip())
            and _PLACES_HEADING.search(heading)
            and not when.DATE.search(heading)
        ):
            # 一、接访日期 … / 二、接访地点及人员 / （一）那大接访点：甲大厅。由…带班 / （二）…:
            # each place listed under the heading holds every session dated without one.
            self.opened = [s for s in self.sessions if not s.venue and id(s) not in self.replaced]
        blocks = (
            sum(
                bool(LABEL.match(text.lstrip()) and (when.DATE.search(text) or when.has_rule(text)))
                for _, text in item
            )
            > 1
        )
        said = item[1:] if points else item
        it = _Item(said, self.sections[-1], points or [], blocks=blocks)
        for index, (source, sentence) in enumerate(said):
            self._read_sentence(it, index, source, sentence)
        self._close_item(it, item)

    def _read_sentence(self, it: _Item, index: int, source: Line, sentence: str) -> None:
        if _NOT_SESSION_TIME.search(sentence) and not when.DATE.search(sentence):
            it.context.append(sentence)  # 联系电话：…（工作日8:30-17:00）: no session's time
            return
        if BARE_PLACE.fullmatch(sentence.strip()) and (it.place or not it.added):
            # 📍 甲大厅 / 1月10日至12日 / 每天上午9:00—11:30 / 📍 乙会议室 / …
            it.place = (source, sentence.strip())
        opened = self.opened
        bullet = point_sessions([(source, sentence)], opened, self.found) if opened else None
        if bullet and _BULLET_LINE.match(sentence.lstrip()):
            # …两地同步接访： / - 甲大厅，带班领导：… / - 乙会议室，带班领导：…
            it.added.extend(bullet)
            self.replaced |= {id(session) for session in opened}
            return
        previous = it.previous
        opening = previous and _SEVERAL_PLACES.search(sentence) and not when.DATE.search(sentence)
        if opening and opens_points(sentence, previous[1]):
            # 4月16日…上午9:00—12:00 / 本次同时设两个接访点： / 1. 甲大厅。带班领导：…
            self.opened = previous[1]
            return
        spans = when.time_spans(sentence)
        if spans:
            self._read_timed(it, index, source, sentence, spans)
        elif not self._read_untimed(it, source, sentence):
            self._read_people(it, index, source, sentence)

    def _read_timed(
        self,
        it: _Item,
        index: int,
        source: Line,
        sentence: str,
        spans: list[tuple[when.Span, re.Match[str]]],
    ) -> None:
        """A sentence with a time: its sessions, or the time of the item's or all dates."""
        found, year_of, last, section = self.found, self.year_of, self.last, it.section
        new = dated(sentence, spans, source, found, year_of)
        if not new:
            # 2023年1月的集中接访日当天下午…增设一场接访: on a day drafted above.
            new = added_on_rule_day(sentence, spans, source, found, [*self.sessions, *it.added])
        goes_on = it.previous and it.previous[0].rstrip().endswith(("；", ";"))
        half_day = re.match(r"(?:上午|下午|晚上|中午)\s*\d", sentence.lstrip())
        if not new and last and (_SAME_DAY.match(sentence.lstrip()) or (goes_on and half_day)):
            # …；当天下午15:00-17:30，接访组转至乙会议室…，仍由王海波同志带班
            day = last[0].day
            both = f"{day.month}月{day.day}日，{sentence}"
            new = dated(both, when.time_spans(both), source, found, year_of)
            for session in new:
                # …，仍由王海波同志带班; 仍由张卫东副镇长带班: the morning's lead, in full.
                named = session.lead_name and session.lead_name == last[0].lead_name
                if not session.lead_title or named:
                    session.lead_unit, session.lead_title = last[0].lead_unit, last[0].lead_title
                    session.lead_name = last[0].lead_name
        if not new and it.untimed_rule and not when.DATE.search(sentence):
            # …每月15日为接访日。接访日当天上午9:00-12:00…: the rule's time, said after it.
            rule_source, rule = it.untimed_rule
            both = f"{rule}，{sentence}"
            new = dated(both, when.time_spans(both), rule_source, found, year_of)
            it.untimed_rule = None
            # 上午场接访时间为…，下午场…: the times of every session, listed ones too.
            section.times, section.every = [span for span, _ in spans], True
        before = it.sentences[index - 1] if index else None
        anchor = before if before and _date_alone(before[1]) else it.anchors.get(index - 1)
        if not new and it.added and anchor and not when.DATE.search(sentence):
            # …(sessions above) / 1月17日至18日（星期一至星期二） / 下午14:00—17:00: the
            # date's own times, after the item's first sessions.
            both = f"{anchor[1]}，{sentence}"
            new = dated(both, when.time_spans(both), anchor[0], found, year_of)
            it.anchors[index] = anchor
            it.undated[:] = [entry for entry in it.undated if entry != anchor]
            section.undated = [entry for entry in section.undated if entry != anchor]
        if last:
            same_as(last, new, sentence)  # 3月14日…，地点同上，由…带班
        for session in new if it.place else []:
            session.venue = session.venue or venue_named(found, it.place[1], it.place[0])
        it.added.extend(new)
        it.previous = (sentence, new) if new else None
        self.last = new or last
        self.opened = new if opens_points(sentence, new) else self.opened
        if not new and not when.DATE.search(sentence):
            # A time for all dates (接访时间为当天9:00-12:00，…派员参加): its people too.
            it.context.append(sentence)
            if it.undated:  # the time for a date written above it in the item
                it.timed.append((source, sentence))
        if not section.times and (
            (not new and not when.DATE.search(sentence)) or _EVERY_TIME.search(sentence)
        ):
            # 4月11日、5月9日，均为上午9:00-12:00: also for the dates written before.
            section.times = [span for span, _ in spans]
            section.every = bool(_EVERY_TIME.search(sentence))
        elif not new and not when.DATE.search(sentence):
            # 安排全天接访的，下午接访时间为14:30—17:30: the other half of a 全天.
            section.more_times += [span for span, _ in spans]

    def _read_untimed(self, it: _Item, source: Line, sentence: str) -> bool:
        """A sentence without a time that moves, repeats or staffs sessions drafted above, or
        gives a rule; whether it was read."""
        found, year_of, last = self.found, self.year_of, self.last
        moved = weekend_move(sentence)
        if moved and last and it.previous and when.has_rule(it.previous[0]):
            # 每月10日…。当月10日为星期六、星期日的，顺延至下一个星期一进行。
            for session in last:
                off_weekend(session, moved, source, "假" in sentence)
            return True
        if found.campaign and not when.DATE.search(sentence) and when.has_rule(sentence):
            new = dated(sentence, [], source, found, year_of, it.section.times)
            drafted = [*self.sessions, *it.added]
            if new and {s.day for s in new} <= {s.day for s in drafted}:
                # - 每月第二个星期三：甲窗口: the rule said again for its place, no new sessions.
                venue = venue_in(sentence, found, source) or bare_place(sentence, found, source)
                for session in drafted:
                    if venue and not session.venue and session.day in {s.day for s in new}:
                        session.venue = venue
                return True
            if it.section.times and new:
                it.added.extend(new)  # 接访时间为上午9:00-12:00。每月15日为接访日。
                self.last = new
                return True
            it.untimed_rule = (source, sentence)
        listed_people = people_by_date(sentence, source, year_of) or units_of_date(
            sentence, source, year_of
        )
        days = [s.day for s in [*self.sessions, *it.added]]
        if (
            listed_people
            and listed_people.keys() <= set(days)
            # 4月13日（星期三）上午，由…带班: not when that day has a morning and afternoon.
            and not (_HALF.search(sentence) and any(days.count(d) > 1 for d in listed_people))
        ):
            # 带班领导：12月6日 局长 甲 12月13日 副局长 乙: people for sessions dated above.
            self.by_date |= listed_people
            return True
        if last and when.DATE.search(sentence) and SAME_TIME.search(sentence):
            # 12月27日同一时间、同一地点再次开展…，参加单位同上
            new = dated(sentence, [], source, found, year_of, times_of(last))
            same_as(last, new, sentence)
            it.added.extend(new)
            return True
        return False

    def _read_people(self, it: _Item, index: int, source: Line, sentence: str) -> None:
        """A sentence of people and places: for the dated sentence before it, one more place,
        a half day's, or the item's."""
        found, previous = self.found, it.previous
        several = previous and _SEVERAL_PLACES.search(previous[0])
        clauses = re.split(r"[，,](?=[\u4e00-\u9fff]{2,20}?由)", sentence)
        if several and len(clauses) > 1 and not when.DATE.search(sentence):
            # …两处同时接访。甲大厅由…带班，乙大厅由…带班: each place's clause on its own.
            for clause in clauses:
                self._read_people(it, index, source, clause)
            return
        if when.DATE.search(sentence):
            it.section.undated.append((source, sentence))
            it.undated.append((source, sentence))
        people = FoundSession(id="", day=date.min, source=source)
        if (
            previous
            and sentence_people(sentence, people)
            and (
                subject_place(sentence, previous[0])
                or (_SEVERAL_PLACES.search(previous[0]) and venue_in(sentence, found, source))
            )
            and not when.DATE.search(sentence)
        ):
            # 转龙镇由…带班: one more place on the days and times of the sentence before.
            it.added.extend(same_times(previous, sentence, people, found))
            if _SEVERAL_PLACES.search(previous[0]):
                # …在甲、乙两处同时设点接访。甲由…带班；乙由…: the places' own sessions
                # stand for the sentence's, which named no one place.
                self.replaced |= {id(s) for s in previous[1] if not s.lead_title}
            return
        if (
            previous
            and BARE_PLACE.fullmatch(sentence.strip())
            and all(session.venue is None for session in previous[1])
        ):
            # 🗓 6月10日（周二）上午9:00-12:00 / 📍 县人社局一楼大厅: the place on the next line.
            for session in previous[1]:
                session.venue = venue_named(found, sentence.strip(), source)
            return
        own_line = previous and previous[1][0].source.number == source.number
        # 带班领导：… under a date and its time line (1月20日 / 上午9:00—11:30): that date's.
        in_block = (it.blocks or index - 1 in it.anchors) and LABEL.match(sentence.lstrip())
        if previous and in_block and re.search(r"单位[：:]\s*同上", sentence):
            # 参加单位：同上 in a block: the units of the block before.
            drafted = [*self.sessions, *it.added]
            before = [s for s in drafted if s not in previous[1] and s.units]
            for session in previous[1]:
                session.units = session.units or list(before[-1].units if before else [])
            return
        if (
            previous
            and (own_line or in_block)
            and not when.DATE.search(sentence)
            and (
                sentence_people(sentence, people)
                or (in_block and venue_in(sentence, found, source))
            )
        ):
            # …蒋斌；参加单位：区住建局…: the rest of the dated sentence's own line; or, in
            # blocks of 时间：… 地点：… 带班领导：… lines, the labels of the block's date.
            _complete_item(previous[1], [sentence], people, found)
            return
        it.previous = None
        half = HALF_ROW.match(sentence.lstrip())
        if half and not when.DATE.search(sentence):
            # 上午：局长 张三带班, or a table's row 上午	局长 张三	县住建局
            people = FoundSession(id="", day=date.min, source=source)
            if not sentence_people(sentence, people):
                read_people(sentence.lstrip()[half.end() :], people)
            if people.lead_title or people.units:
                self.halves.append((half["half"], people))
                return
        it.context.append(sentence)

    def _close_item(self, it: _Item, item: list[tuple[Line, str]]) -> None:
        """What the item's undated lines and its context give its sessions, or all of them."""
        found, section, undated, context = self.found, it.section, it.undated, it.context
        if not it.added and undated:
            it.added = _by_item(undated, it.timed, found, self.year_of, item)
            if it.added:
                section.undated = [entry for entry in section.undated if entry not in undated]
        people = FoundSession(id="", day=date.min, source=item[0][0])
        given = sentence_people(_listed("\n".join(context)), people)
        self.turns |= month_turns("\n".join(context), item[0][0])
        own_labels = (
            len(undated) == 1
            and not _STAMP.search(undated[0][1])
            and len(re.sub(r"\W", "", when.DATE.sub("", undated[0][1]))) <= 12
            and any(LABEL.match(text.lstrip()) for text in context)
        )
        if it.added:
            _complete_item(it.added, context, people if given else None, found)
            if given:
                # 参加单位：… after a numbered list: for the other items too, marked unless
                # it says so (每次接访由…带班).
                self.nearby.append((people, bool(_EVERY.search("".join(context)))))
        elif (
            own_labels
            and not it.timed
            and (given or venue_in("\n".join(context), found, item[0][0]))
        ):
            # 1. 3月4日（星期三） / 地点：… / 带班领导：…, the time said once after every item:
            # the item's session, drafted when that time is known.
            self.pending.append((section, undated[0], context, people if given else None))
            section.undated = [entry for entry in section.undated if entry not in undated]
        elif given:
            self.shared.append((people, bool(_EVERY.search("".join(context)))))
        self.unread = self.unread or unread_line(item, context, people, given)
        labels = [text for _, text in item if _PLACE_LABEL.match(text)]
        section.places |= {venue_in(text, found, item[0][0]) for text in labels} - {None}
        single = len(undated) == 1 and len(labels) == 1 and undated[0] in section.undated
        if single and _entry(undated[0][1], found):
            # （三）6月11日…上午，由…带班…。地点：甲大厅。: the item's own place, for its date.
            source, sentence = undated[0]
            index = section.undated.index(undated[0])
            section.undated[index] = (source, f"{sentence}{labels[0]}")
        section.added.extend(it.added)
        self.sessions.extend(it.added)

    def finish(self) -> Listed:
        """The sessions read, with what was said of several of them."""
        found, year_of = self.found, self.year_of
        sessions = [session for session in self.sessions if id(session) not in self.replaced]
        if self.week_lines and self.first_week:
            # 从5月10日起…, 第一站5月10日: the first week's date, its session drafted from its item.
            first, lines = self.first_week, self.week_lines
            sessions = [s for s in sessions if s.day != first or s.source.number in lines]
            for session in sessions:
                if session.source.number in lines:
                    message = f"日期按第一周 {first.isoformat()} 起每周一场推出，请核对"
                    session.doubts.append(Doubt(message, session.source, ("date",)))
        timed = next((section for section in self.sections if section.times), _Section())
        for section, (source, sentence), context, people in self.pending:
            times = section.times or (timed.times if timed.every else [])
            new = (
                dated(sentence, [], source, found, year_of, of_day(sentence, times))
                if times
                else []
            )
            if new:
                _complete_item(new, context, people, found)
                sessions.extend(new)
        for section in self.sections:
            drafted = list(sessions)
            for extra in section.sessions(found, year_of, timed):
                _add_extra(sessions, extra, drafted)
            if len(section.places) == 1:
                place = next(iter(section.places))
                for session in section.added:
                    session.venue = session.venue or place
        sessions = _listed_over_rule(sessions)
        take_turns(sessions, self.turns, found)
        take_halves(sessions, self.halves)
        give_people(sessions, self.by_date)
        share_people(sessions, self.shared + self.nearby)
        sessions.sort(key=lambda session: (session.day, session.start or session.end))
        return Listed(
            sessions, timed.times, timed.every, self.shared, self.unread, self.turns, self.nearby
        )


def _add_extra(
    sessions: list[FoundSession], extra: FoundSession, drafted: list[FoundSession]
) -> None:
    """Add a session a section's undated lines give, unless it only says more of one
    ``drafted`` before them."""
    same = [
        session
        for session in sessions
        if (session.day, session.start, session.end) == (extra.day, extra.start, extra.end)
    ]
    place_only = extra.venue and not (extra.lead_title or extra.units)
    units_only = not (extra.venue or extra.lead_title or _HALF_DAY.search(extra.source.text))
    if units_only and any(s.day == extra.day for s in drafted):
        # 1月20日专场接访参加单位同上，另增加乙: of a date drafted above, no new session.
        return
    if same and place_only and all(session.venue is None for session in same):
        # 其中，4月28日接访在唐冶街道办事处三楼会议室举行: a place for a date listed above.
        for session in same:
            session.venue = extra.venue
    else:
        sessions.append(extra)


@dataclass
class _Section:
    """A part of the notice under one heading (一、…): a time it gives for all its dates.

    接访时间均为上午9:00-12:00 followed by dates without a time of their own
    (（一）3月1日，西平街道便民服务中心；) gives each of those dates that time.
    """

    times: list[when.Span] = field(default_factory=list)
    every: bool = False
    more_times: list[when.Span] = field(default_factory=list)  # said after ``times``
    undated: list[tuple[Line, str]] = field(default_factory=list)
    places: set[str | None] = field(default_factory=set)  # given by a 地点： line
    added: list[FoundSession] = field(default_factory=list)

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
                sessions.extend(_started(sentence, source, found, year_of))
                continue
            for session in dated(
                sentence, [], source, found, year_of, self._of_day(sentence, times)
            ):
                if not every:
                    message = "接访时间取自通知的另一处，请核对"
                    session.doubts.append(Doubt(message, source, ("start", "end")))
                sessions.append(session)
        return sessions

    def _of_day(self, sentence: str, times: list[when.Span]) -> list[when.Span]:
        return of_day(sentence, times + [span for span in self.more_times if span not in times])


def of_day(sentence: str, times: list[when.Span]) -> list[when.Span]:
    """The times for the part of the day a sentence names: 全天 is the morning and the
    afternoon (…上午9:00—12:00；安排全天接访的，下午14:30—17:30), 上午 the morning only."""
    if "全天" in sentence:
        return times
    for half, morning in (("上午", True), ("下午", False)):
        if half in sentence and not ("上午" in sentence and "下午" in sentence):
            return [span for span in times if (span.start.hour < 12) == morning] or times
    return times


def _listed(text: str) -> str:
    """A bulleted list of units (以下单位派员参加：\n- 县住建局\n- 县水务局) as one line."""
    text = re.sub(r"[：:]\s*\n[-*•·]\s*", "：", text)
    return re.sub(r"\n[-*•·]\s*", "、", text)


def _listed_over_rule(sessions: list[FoundSession]) -> list[FoundSession]:
    """Without the sessions a rule gives (每月第二、第四个星期三) when the notice lists every
    one of its days as well (4月13日（星期三）上午，由…带班): the list says more of each."""

    def by_rule(session: FoundSession) -> bool:
        """Drafted from a rule: 每周三, or 5月10日至5月31日，每周三 on a day it does not write."""
        text = session.source.text
        written = rf"(?<!\d){session.day.month}月{session.day.day}[日号]"
        return when.has_rule(text) and not (
            when.DATE.search(text) and re.search(written, text.replace(" ", ""))
        )

    def changed(session: FoundSession) -> bool:
        """4月21日（星期二）改为下午接访，…: the rule's session of that day is replaced."""
        day = f"{session.day.month}月{session.day.day}[日号]"
        return bool(
            re.search(rf"{day}[^；;。]*?(?:改为|改在|改至|改到|调整为|调至)", session.source.text)
        )

    ruled = {session.day for session in sessions if by_rule(session)}
    listed = {session.day for session in sessions if not by_rule(session)}
    # 每周三集中接访（具体安排见附件）: the rule says its list gives the days.
    deferred = any(_SEE_LIST.search(s.source.text) for s in sessions if by_rule(s))
    if not ruled or not (ruled <= listed or (listed and deferred)):
        moved = {session.day for session in sessions if not by_rule(session) and changed(session)}
        # 5月24日（星期三）全天，上午8:30-11:30、下午…: the list's morning stands for the rule's.
        again = {(s.day, s.start) for s in sessions if not by_rule(s)}
        return [
            s
            for s in sessions
            if not (by_rule(s) and (s.day in moved or (s.day, s.start) in again))
        ]
    return [session for session in sessions if not by_rule(session)]


def _date_alone(sentence: str) -> bool:
    """Whether a sentence is a date with no time (1月20日（星期四）)."""
    return bool(when.DATE.search(sentence)) and not when.time_spans(sentence)


def _by_item(
    undated: list[tuple[Line, str]],
    timed: list[tuple[Line, str]],
    found: FoundNotice,
    year_of: when.YearOf,
    item: list[tuple[Line, str]],
) -> list[FoundSession]:
    """Sessions of an item whose date and times are written apart: 第一场：11月8日 / 时间：上午
    9:30—12:00, or 7月11日 / 上午：甲大厅，9:00-11:30，由…带班 / 下午：乙…. A date with only a
    start (9：00开始) is a session without a time, marked."""
    undated = [(line, text) for line, text in undated if not _SIGNATURE.search(text)]
    undated = [(line, text) for line, text in undated if not _STAMP.search(text)]
    if len(undated) == 1 and timed:
        (source, day_text), added = undated[0], []
        for (line, sentence), block in zip(timed, _place_blocks(item, timed, found), strict=True):
            both = f"{day_text}，{sentence}"
            new = dated(both, when.time_spans(both), line, found, year_of)
            if new and block:
                people = FoundSession(id="", day=date.min, source=line)
                given = sentence_people(_listed("\n".join(block)), people)
                _complete_item(new, block, people if given else None, found)
            added.extend(new)
        return added
    added = []
    for source, sentence in undated:
        if timed:
            spans = [span for _, text in timed[:1] for span, _ in when.time_spans(text)]
            added.extend(dated(sentence, [], source, found, year_of, of_day(sentence, spans)))
        else:
            added.extend(_started(sentence, source, found, year_of))
    return added


def _started(
    sentence: str, source: Line, found: FoundNotice, year_of: when.YearOf
) -> list[FoundSession]:
    """The sessions of dates given only a start (4月16日、4月23日（均为星期二）上午9点半起),
    with the people and place of their sentence; the end is left to the clerk."""
    start = when.start_time(sentence)
    if start is None:
        return []
    sessions = []
    for day, _, _ in when.dates_at(sentence, year_of):
        session = FoundSession(id=day.isoformat(), day=day, source=source, start=start[0])
        sentence_people(sentence, session)
        session.venue = venue_in(sentence, found, source)
        message = f"通知只写了开始时间“{start[1][0]}”，请核对 start 并补上 end"
        session.doubts.append(Doubt(message, source, ("start", "end")))
        sessions.append(session)
    return sessions


def _place_blocks(
    item: list[tuple[Line, str]], timed: list[tuple[Line, str]], found: FoundNotice
) -> list[list[str]]:
    """The lines of each time's own block, when a date has several places each with its
    time and people (第一场：1月12日 / 点位一：甲大厅 / 时间：… / 带班领导：… / 点位二：乙…);
    else no lines for any."""
    at = [item.index(entry) for entry in timed]
    starts = []
    for before, index in zip([None, *at], at, strict=False):
        first = 0 if before is None else before + 1
        opening = [
            place
            for place in range(first, index)
            if venue_in(item[place][1], found, item[place][0])
            and not sentence_people(item[place][1], FoundSession("", date.min, item[place][0]))
        ]
        if not opening:
            return [[] for _ in timed]
        starts.append(opening[0])
    ends = [*starts[1:], len(item)]
    return [[text for _, text in item[start:end]] for start, end in zip(starts, ends, strict=True)]


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
        or bracketed_places(sentence)
    )


def _complete_item(
    sessions: list[FoundSession],
    context: list[str],
    people: FoundSession | None,
    found: FoundNotice,
) -> None:
    """The venue and people an item's label lines give, to its sessions that name none."""
    # A sentence with a date of its own (春节前（2024年2月1日）…地点改在乙) names that date's place.
    undated = [text for text in context if not when.DATE.search(text)]
    source = sessions[0].source
    venues = {venue_in(text, found, source) for text in undated} - {None}
    if not venues:
        # 第一轮：1月10日至12日… / 📍 区人社局一楼政务大厅: a line that is only a place.
        alone = [text for text in undated if BARE_PLACE.fullmatch(text.strip())]
        venues = {venue_named(found, text.strip(), source) for text in alone[:1]} - {None}
    # 带班领导：甲 … 带班领导：乙 in one item: which lead is whose is not known here.
    leads = {match[0] for text in context for match in LABELLED_LEAD.finditer(text)}
    lists = {match["list"] for text in context for match in LABELLED_UNITS.finditer(text)}
    for session in sessions:
        if session.venue is None and len(venues) == 1:
            session.venue = next(iter(venues))
        if people and people.lead_title and not session.lead_title:
            session.lead_unit, session.lead_title = people.lead_unit, people.lead_title
            session.lead_name = people.lead_name
            if len(leads) > 1:
                message = "通知这一段写有几位带班领导，这场的 lead 请核对"
                session.doubts.append(Doubt(message, session.source, ("lead",)))
        if people and people.units and not session.units:
            session.units = list(people.units)
            if len(lists) > 1:
                message = "通知这一段写有几组参加单位，这场的 units 请核对"
                session.doubts.append(Doubt(message, session.source, ("units",)))
