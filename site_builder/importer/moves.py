"""A session the notice itself moves (10月8日适逢国庆假期，当月接访顺延至10月15日) or calls off
(其中，5月1日为劳动节法定节假日，当周不安排接访)."""

from __future__ import annotations

import re
from datetime import date, time

from site_builder.importer import when
from site_builder.importer.found import Doubt, FoundSession
from site_builder.importer.text import Flat

_MOVE = re.compile(r"(?:顺延|改|调整|推迟|延期|移|挪)(?:至|到|为|在)")
_OFF = re.compile(r"(?:不安排|暂停|停止|取消)(?:当[天日周次])?(?:集中)?接访|不接访")


def apply_moves(flat: Flat, sessions: list[FoundSession], year_of: when.YearOf) -> None:
    """Move the sessions of a date that a sentence moves to another (…顺延至10月15日), marked."""
    moved_any = False
    for sentence in re.split(r"[。；;]", flat.text):
        dates = when.dates_at(sentence, year_of)
        for move in _MOVE.finditer(sentence):
            before = [day for day, match, _ in dates if match.end() <= move.start()]
            before = before or _rule_day(sentence[: move.start()], sessions)
            after = [day for day, match, _ in dates if match.start() >= move.end()]
            if not (before and after) or len(set(before)) != 1:
                continue
            moved, to = before[-1], after[0]
            for session in sessions:
                if session.day == moved and not _held(sessions, to, session):
                    session.day, session.id = (
                        to,
                        session.id.replace(moved.isoformat(), to.isoformat()),
                    )
                    message = f"通知说 {moved.isoformat()} 的接访改到 {to.isoformat()}，请核对"
                    session.doubts.append(Doubt(message, session.source, ("date",)))
                    moved_any = True
    if moved_any:
        sessions.sort(key=lambda session: (session.day, session.start or time.min))


def drop_called_off(
    flat: Flat, sessions: list[FoundSession], year_of: when.YearOf
) -> list[FoundSession]:
    """Without the sessions of a date a sentence of its own calls off (…5月1日（星期三）为劳动节
    法定节假日，当周不安排接访), unless it moves them to another date."""
    off = set()
    for sentence in re.split(r"[。；;]", flat.text):
        dates = when.dates_at(sentence, year_of)
        stop = _OFF.search(sentence)
        said = len(dates) == 1 and stop and dates[0][1].end() <= stop.start()
        if said and not when.time_spans(sentence):
            off.add(dates[0][0])
    return [session for session in sessions if session.day not in off]


# 5月接访日调整为5月12日: the day a rule gives in May.
_MONTHS_DAY = re.compile(r"(\d{1,2})月份?[^，,。；;]{0,16}?接访日")


def _rule_day(text: str, sessions: list[FoundSession]) -> list[date]:
    """The one day drafted in the month ``text`` names as its 接访日, if it names one."""
    named = _MONTHS_DAY.search(text)
    days = {s.day for s in sessions if named and s.day.month == int(named[1])}
    return sorted(days) if len(days) == 1 else []


def _held(sessions: list[FoundSession], day: date, like: FoundSession) -> bool:
    """Whether a session like ``like`` is already drafted on ``day``."""
    return any(s.day == day and s.start == like.start and s.venue == like.venue for s in sessions)
