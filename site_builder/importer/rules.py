"""Sessions a rule gives instead of dates: 每月第一个星期一, 每周三, 每月10日."""

from __future__ import annotations

import re
from datetime import date, timedelta

from site_builder.importer import holidays, when
from site_builder.importer.found import Doubt, FoundNotice, FoundSession
from site_builder.importer.text import Line

_MOVED = re.compile(r"顺延|提前")
_WEEKEND_MOVED = re.compile(
    r"(?:星期六|星期日|星期天|周六|周日|周末|双休日|节假日)[^。；;]{0,12}?(?P<word>顺延|提前)"
)
_HOLIDAY_NAMES = r"元旦|春节|清明节?|劳动节|五一|端午节?|中秋节?|国庆节?"
# （中秋节、国庆节法定假日除外）, 法定节假日除外, 国庆假期暂停: the rule's days off.
_EXCLUDED = re.compile(
    rf"(?P<names>(?:{_HOLIDAY_NAMES})(?:[、和及与]?(?:{_HOLIDAY_NAMES}))*)?[^，,。；;（）()]{{0,6}}?"
    r"(?:法定)?(?:节)?假(?:日|期)?(?:期间)?(?:除外|暂停|不接访|不安排|休息)"
)


def rule_sessions(sentence: str, found: FoundNotice, source: Line) -> list[FoundSession]:
    """The sessions of a rule (每月第一个星期一, 每周三, 每月10日) over the campaign's months.

    A rule that says 遇节假日顺延 (or 提前) moves a Saturday or Sunday to the Monday after
    (the Friday before); holidays are not known here, so each of its sessions is marked.
    """
    moved = _MOVED.search(sentence)
    excluded = _EXCLUDED.search(sentence)
    names = (
        {
            holidays.ALIASES.get(name, name)
            for name in re.findall(_HOLIDAY_NAMES, excluded["names"] or "")
        }
        if excluded
        else set()
    )
    # 第二周的星期一 is the second Monday to some offices, the Monday of the second
    # calendar week to others (the seed notice's own dates do both).
    by_week = re.search(r"第[一二三四1-4]周", sentence)
    sessions = []
    for day in _rule_days(sentence, found):
        holiday = holidays.holiday_on(day)
        if excluded and holiday and (not names or holiday in names):
            continue  # 国庆节除外: no session on a day off the rule leaves out
        session = FoundSession(id="", day=day, source=source)
        if excluded and not holidays.known(day.year):
            message = f"通知说“{excluded[0]}”，{day.year} 年的假期未知，请核对这天不是假日"
            session.doubts.append(Doubt(message, source, ("date",)))
        elif holiday and not excluded:
            message = f"{day.isoformat()} 是{holiday}假期，请核对这天是否接访"
            session.doubts.append(Doubt(message, source, ("date",)))
        if by_week:
            message = f"“{by_week[0]}”按该月第几个星期几计算，请核对日期"
            session.doubts.append(Doubt(message, source, ("date",)))
        if moved:
            off_weekend(session, moved[0], source)
        session.id = session.day.isoformat()
        sessions.append(session)
    return sessions


def weekend_move(sentence: str) -> str | None:
    """顺延 or 提前, when a sentence of its own moves a rule's weekend days
    (当月10日为星期六、星期日的，顺延至下一个星期一进行)."""
    moved = _WEEKEND_MOVED.search(sentence)
    return moved["word"] if moved else None


def off_weekend(session: FoundSession, word: str, source: Line, holiday: bool = True) -> None:
    """Move a session on a Saturday or Sunday to the Monday after (顺延) or the Friday before
    (提前), marked; a weekday is kept, marked if holidays move too (they are not known here)."""
    day = session.day
    if day.weekday() >= 5:
        earlier = word == "提前"
        session.day = (
            day - timedelta(days=day.weekday() - 4)
            if earlier
            else (day + timedelta(days=7 - day.weekday()))
        )
        session.id = session.day.isoformat()
        to = "之前的星期五" if earlier else "之后的星期一"
        message = f"{day.isoformat()} 是周末，按通知“{word}”改到{to}，请核对"
        session.doubts.append(Doubt(message, source, ("date",)))
    elif holiday:
        message = f"通知说遇节假日{word}，请核对这天不是节假日"
        session.doubts.append(Doubt(message, source, ("date",)))


def _rule_days(sentence: str, found: FoundNotice) -> list[date]:
    months = _months(found)
    days = []
    for rule in when.RULE.finditer(sentence):
        days.extend(when.rule_dates(rule, months))
    for weekly in when.WEEKLY.finditer(sentence):
        days.extend(when.weekly_dates(weekly, months))
    for monthly in when.MONTHLY.finditer(sentence):
        days.extend(when.monthly_dates(monthly, months))
    return sorted(set(days))


def _months(found: FoundNotice) -> list[tuple[int, int]]:
    assert found.campaign is not None
    year, month = map(int, found.campaign.first_month.split("-"))
    last = tuple(map(int, found.campaign.last_month.split("-")))
    months = []
    while (year, month) <= last and len(months) < 36:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
