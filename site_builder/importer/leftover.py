"""Words of a session's own line that the importer did not read: the whole session is marked.

A pattern that reads a row or a sentence only in part leaves the rest of it behind, and what
it left (a second venue, a lead written an unknown way, a unit it did not recognise) is what
its values are likely wrong about. So every session whose line still holds words once its
date, times, venue, people and the words that only join them are taken away is marked for
review, on every field, with the words left over.
"""

from __future__ import annotations

import re

from site_builder.importer import when
from site_builder.importer.found import Doubt, FoundNotice, FoundSession

SESSION_FIELDS = ("date", "start", "end", "venue", "lead", "units")
# Words that only join a session's parts (由…带班，…派员参加) or say when it repeats.
_JOINING = """
带班领导 带班 领导 参加单位 参加人员 参加部门 参加 参与 派员 派专人 派人 接访地点 接访时间 接访日期
接访 地点 时间 日期 集中 联合 开展 举行 进行 组织 活动 接待 负责 同志 现场 星期 礼拜 周 上午 下午
全天 中午 场次 场 第 次 由 在 于 至 到 和 及 与 等 相关 有关 部门 单位 人员 各 均 每场 每次
分别 同上 工作人员 安排 序号 时段 日 月 年 号 为 的 共同 值班 左右 前往 具体 每天 每日 当天
当日 同一 如下 开始 结束 一季度 二季度 三季度 四季度 根治欠薪 欠薪 农民工 工资 专场 专项
受理 投诉 举报 诉求 反映 增设
"""
# The office that holds the sessions, before 定于 / 将于 (我局定于…, 区根治欠薪办决定于…).
_HOLDER = re.compile(r"^[^，,。；;：:]*?(?:决定|定|将|拟)[于在]|^\s*(?:我|本)[局办委]")
# A clause of purpose (为确保农民工在春节前拿到工资，…) says why, not when or where.
_PURPOSE = re.compile(r"^\s*为(?:了|确保|做好|切实|进一步|保障|维护|及时|方便|畅通)")
_JOINING_WORDS = re.compile("|".join(sorted(re.findall(r"\S+", _JOINING), key=len, reverse=True)))
_CLAUSES = re.compile(r"[，,。；;：:]")
# A clause about a session even without a date or a time in it: its place, its people, or a
# table's cells (tabs, or the runs of spaces a pasted table keeps).
_ABOUT_SESSION = re.compile(r"在|地点|带班|参加|参与|派员|联合|会同|\t| {2,}")
# （如遇周末或节假日提前至前一个工作日）: what the rule does on holidays is read (and marked)
# where the rule's dates are made.
_HOLIDAYS = re.compile(
    r"[（(]?(?:如|若)?遇[^（）()，,。；;]{0,12}(?:节假日|周末|双休日)[^（）()。；;]*[)）]?"
)
_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


def mark_unread_words(found: FoundNotice) -> None:
    """Mark every session whose own words hold some that none of its values explain."""
    by_line: dict[int, list[FoundSession]] = {}
    for session in found.sessions:
        by_line.setdefault(session.source.number, []).append(session)
    for sessions in by_line.values():
        for own, group in _segments(sessions[0].source.text, sessions):
            words = unread_words(own, group, found)
            if not words:
                continue
            message = f"通知此行还有“{'…'.join(words)}”未能读出，请对照原文核对这一场"
            for session in group:
                session.doubts.append(Doubt(message, session.source, SESSION_FIELDS))


def _segments(text: str, sessions: list[FoundSession]) -> list[tuple[str, list[FoundSession]]]:
    """A line of several dates cut into each date's own words (up to the next date), with
    the sessions of that date; the words before the first date belong to every date."""
    dates = when.dates_at(text, _any_year)
    starts = sorted({match.start() for _, match, _ in dates})
    if len(starts) < 2:
        return [(text, sessions)]
    segments = []
    placed: set[int] = set()
    for first, last in zip(starts, [*starts[1:], len(text)], strict=True):
        days = {(day.month, day.day) for day, match, _ in dates if match.start() == first}
        group = [s for s in sessions if (s.day.month, s.day.day) in days and id(s) not in placed]
        placed |= {id(session) for session in group}
        if group:
            segments.append((text[: starts[0]] + "，" + text[first:last], group))
    rest = [session for session in sessions if id(session) not in placed]
    return segments + ([(text, rest)] if rest else [])


def unread_words(text: str, sessions: list[FoundSession], found: FoundNotice) -> list[str]:
    """The words of ``text`` (the words giving ``sessions``) that none of their values hold.

    From the first date or time to the end of its sentence it is read whole; around it
    only the clauses
    that give a place or people are: a sentence of purpose before a schedule
    (为确保农民工…，) is not doubted, nor the office holding it (我局定于).
    """
    text = _HOLIDAYS.sub("", text)
    start, end = _when_sentence(text)
    around = _CLAUSES.split(text[:start]) + _CLAUSES.split(text[end:])
    clauses = [clause for clause in around if _about_session(clause)]
    clauses += _CLAUSES.split(text[start:end])
    left = "，".join(_HOLDER.sub("", clause) for clause in clauses)
    for value in sorted(_values(sessions, found, text), key=len, reverse=True):
        # A pasted table may keep spaces inside a value: 区人社局 一楼接待大厅.
        left = re.sub(r"\s*".join(map(re.escape, value.replace(" ", ""))), " ", left)
    return _WORD.findall(_JOINING_WORDS.sub(" ", left))


def _when_sentence(text: str) -> tuple[int, int]:
    """Where the clause giving the first date or time starts, and the sentence giving the
    last one ends."""
    found = [
        match
        for pattern in (when.DATE, when.TIME_RANGE, when.RULE, when.WEEKLY, when.MONTHLY)
        for match in pattern.finditer(text)
    ]
    if not found:
        return 0, 0
    first = min(match.start() for match in found)
    last = max(match.end() for match in found)
    start = max(text.rfind(mark, 0, first) for mark in "，,。；;：:") + 1
    ends = [index for index in (text.find(mark, last) for mark in "。；;") if index >= 0]
    return start, min(ends, default=len(text))


def _about_session(clause: str) -> bool:
    if _PURPOSE.match(clause) and not when.TIME_RANGE.search(clause):
        return False
    return bool(
        when.DATE.search(clause)
        or when.TIME_RANGE.search(clause)
        or when.RULE.search(clause)
        or when.WEEKLY.search(clause)
        or _ABOUT_SESSION.search(clause)
    )


def _values(sessions: list[FoundSession], found: FoundNotice, text: str) -> set[str]:
    """Everything the sessions read from their line: as written, dates and times included."""
    venues = {venue.id: venue for venue in found.venues}
    units = {unit.id: unit.name for unit in found.units}
    values: set[str] = set()
    for session in sessions:
        venue = venues.get(session.venue or "")
        if venue:
            values |= {venue.name, venue.room or "", venue.address or ""}
        values |= {units.get(session.lead_unit or "", ""), session.lead_title or ""}
        values |= {session.lead_name or "", session.staff or "", session.weekday or ""}
        values |= {units.get(unit, unit) for unit in session.units}
    values |= {text[match.start() : end] for _, match, end in when.dates_at(text, _any_year)}
    values |= {match[0] for _, match in when.time_spans(text)}
    for rule in (when.RULE, when.WEEKLY, when.MONTHLY):
        values |= {match[0] for match in rule.finditer(text)}
    return values - {""}


def _any_year(month: int) -> int:
    """The dates of a line are only cut out of it here, so any year reads them."""
    return 2000
