"""What changes by month: leads and places that take turns (4月由…带班，5月由…; a table of
months), and times kept for some months (7月、8月执行夏季作息时间，接访时间调整为…)."""

from __future__ import annotations

import re
from datetime import date

from site_builder.importer import when
from site_builder.importer.facts import venue_named
from site_builder.importer.found import FoundNotice, FoundSession
from site_builder.importer.parts import fill_people, read_people, sentence_people
from site_builder.importer.places import BARE_PLACE
from site_builder.importer.text import Line

# 4月由县人社局局长 张三带班，5月由…; （一）6月：甲中心，带班领导为…; 5月 甲大厅 陈志刚（局长）.
_MONTH_CLAUSE = re.compile(
    r"(?:^|[，,；;。：:\n|｜])\s*"
    r"(?:（[一二三四五六七八九十\d]{1,2}）|[一二三四五六七八九十]{1,2}、|\d{1,2}[.、．](?!\d))?\s*"
    r"(?:\d{4}年)?(?P<month>\d{1,2})月份?(?![\d日号]|的集中|的接访日)[：:\s]*(?:的接访)?"
    r"(?P<rest>(?:(?![，,；;|｜]\s*\d{1,2}月)[^；;。\n])+)"
)
# 7月、8月执行夏季作息时间，接访时间调整为上午8:30—11:00: months, then their time.
# 8月份接访移至关山街道…: the place, without the words that move the sessions there.
_MOVED = re.compile(r"^(?:接访日?)?(?:接访地点)?(?:移至|改至|改在|设在|在|为)")
_MONTHS = re.compile(
    r"(?<![\d])(?P<months>(?:\d{4}年)?\d{1,2}月份?(?:\s*[、和及]\s*\d{1,2}月份?)*)(?![\d日号])"
)
_MORE = re.compile(r"延长|继续接访|加开|增开|另增")


def month_turns(text: str, source: Line) -> dict[int, FoundSession]:
    """The lead, units and place the text gives to a month's sessions: month → a session
    holding them, its ``venue`` the place as written (they take turns only if two months or
    more have their own)."""
    turns: dict[int, FoundSession] = {}
    for clause in _MONTH_CLAUSE.finditer(text):
        rest = re.sub(r"[|｜]", " ", clause["rest"]).strip().removeprefix("由")
        turn = FoundSession(id="", day=date.min, source=source)
        if "\t" in rest:
            read_people(rest, turn)
        else:
            sentence_people(rest, turn)
        parts = (_MOVED.sub("", part) for part in re.split(r"[，,\s]+", rest))
        place = next((part for part in parts if BARE_PLACE.fullmatch(part)), None)
        if (turn.lead_title or place) and 1 <= int(clause["month"]) <= 12:
            turn.venue = place
            turns[int(clause["month"])] = turn
    return turns


def take_turns(
    sessions: list[FoundSession], turns: dict[int, FoundSession], found: FoundNotice
) -> None:
    """Give each session without a lead, units or place of its own those of its month, when
    two months or more have their own."""
    if len(turns) < 2:
        return
    for session in sessions:
        turn = turns.get(session.day.month)
        if turn is None:
            continue
        fill_people(session, turn)
        if turn.venue and not session.venue:
            session.venue = venue_named(found, turn.venue, turn.source)


def month_times(text: str) -> dict[int, tuple[list[when.Span], bool]]:
    """The times a sentence without dates gives to some months only (7月、8月…调整为上午
    8:30—11:00), month → times and whether they come on top of the day's own (春节前最后一次
    接访日（2026年2月）延长接访时间，下午16:00至19:30继续接访); a later sentence wins."""
    times: dict[int, tuple[list[when.Span], bool]] = {}
    for sentence in re.split(r"[。；;\n]", text):
        spans = when.time_spans(sentence)
        months = _MONTHS.search(sentence)
        if not spans or months is None or when.DATE.search(sentence):
            continue
        if re.search(r"[至到—\-~]", sentence[months.end() : months.end() + 1]):
            continue  # 5月至8月: the campaign's months, not some of them
        more = bool(_MORE.search(sentence))
        if len(spans) > 1 and "全天" not in sentence:
            continue  # 于2024年1月开展…：每周二上午…、每周四下午…: the campaign's month
        for month in map(int, re.findall(r"(\d{1,2})月", months["months"])):
            if 1 <= month <= 12:
                times[month] = ([span for span, _ in spans], more)
    return times


def keep_month_times(
    sessions: list[FoundSession], times: dict[int, tuple[list[when.Span], bool]]
) -> None:
    """Sessions whose own line gives no time take the time of their month, if it has one, or
    are followed by one more session at it (…延长接访时间，下午16:00至19:30继续接访)."""
    for session in list(sessions):
        spans, more = times.get(session.day.month, ([], False))
        if len(spans) == 2 and (session.start, session.end) == (spans[0].start, spans[0].end):
            # 2月份接访日实行全天接访，上午9:00—11:30，下午13:30—17:00: the month's
            # afternoon after the morning every session has.
            _one_more(sessions, session, spans[1])
        if len(spans) != 1 or when.time_spans(session.source.text):
            continue
        if not more:
            session.start, session.end = spans[0].start, spans[0].end
        elif session.start and spans[0].start > session.start:
            _one_more(sessions, session, spans[0])


def _one_more(sessions: list[FoundSession], session: FoundSession, span: when.Span) -> None:
    """One more session on ``session``'s day, at ``span``, after it (once)."""
    if any(other.id == f"{session.id}-pm" for other in sessions):
        return
    added = FoundSession(**{**session.__dict__, "doubts": list(session.doubts)})
    added.id, added.start, added.end = f"{session.id}-pm", span.start, span.end
    sessions.insert(sessions.index(session) + 1, added)
