"""Sessions that move one week at a time through a list (第一周 甲镇 … 第二周 乙镇 …), the
first week's date given once (按顺序每周一站，第一站5月10日)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from site_builder.importer import when


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


def week_date(head: str, first: date) -> date | None:
    """The date of a 第N周 item, N weeks on from the first."""
    week = WEEK_HEAD.match(head)
    number = when.number(week["n"]) if week else None
    return first + timedelta(weeks=number - 1) if number else None
