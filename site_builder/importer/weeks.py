"""Sessions that move one week at a time through a list (第一周 甲镇 … 第二周 乙镇 …), the
first week's date given once (按顺序每周一站，第一站5月10日)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from site_builder.importer import when
from site_builder.importer.text import Line

WEEK_HEAD = re.compile(r"^第(?P<n>[一二三四五六七八九十\d]{1,3})周(?![一二三四五六日天])")
_FIRST = re.compile(r"(?:第一[站周场次]|首站|首场)[为是：:\s]*$|(?:从|自|于)$")


def first_week(text: str, year_of: when.YearOf) -> date | None:
    """The date of the first week's session, when the sessions go weekly (每周三) and the
    notice names the first one (第一站5月10日, 从5月10日起)."""
    if not when.WEEKLY.search(text):
        return None
    for day, match, _ in when.dates_at(text, year_of):
        if _FIRST.search(text[max(0, match.start() - 6) : match.start()]):
            return day
    return None


def as_dated(item: list[tuple[Line, str]], first: date) -> list[tuple[Line, str]] | None:
    """A 第N周 item (第二周 乙镇 地点：…) with its date for a head (5月17日 / 乙镇 地点：…)."""
    (source, head), rest = item[0], item[1:]
    week = WEEK_HEAD.match(head.lstrip())
    if week is None:
        return None
    day = first + timedelta(weeks=when.number(week["n"]) - 1)
    after = head.lstrip()[week.end() :].strip()
    return [(source, f"{day.month}月{day.day}日"), *([(source, after)] if after else []), *rest]
