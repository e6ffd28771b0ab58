"""Dates, times and weekdays as Chinese notices write them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
WEEKDAY_LABELS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# 2021年4月12日, 4月12日, 4.12, 4/12 — and the end of a range: 至3日, 至5月2日.
DATE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]"
    r"|(?<![\d:.])(?P<smonth>\d{1,2})[./](?P<sday>\d{1,2})(?![\d:./])"
)
RANGE_END = re.compile(r"\s*(?:至|到|—|-|~)\s*(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})[日号]")
WEEKDAY = re.compile(r"^\s*[（(]?\s*(?:星期|周|礼拜)\s*(?P<day>[一二三四五六日天])\s*[)）]?")
_CLOCK = (
    r"(?:(?P<{p}half>上午|下午|中午|晚上)\s*)?(?P<{p}h>\d{{1,2}})"
    r"(?:[:：](?P<{p}m>\d{{2}})|时(?:(?P<{p}m2>\d{{1,2}})分)?|点(?:(?P<{p}m3>\d{{1,2}})分|(?P<{p}half_h>半))?)"
)
TIME_RANGE = re.compile(
    _CLOCK.format(p="a") + r"\s*(?:-|—|–|~|～|至|到)+\s*" + _CLOCK.format(p="b")
)
RULE = re.compile(
    r"每月(?:的)?第(?P<nth>[一二三四1-4])(?:个|周的?)?(?:星期|周|礼拜)(?P<day>[一二三四五六日天])"
)


@dataclass(frozen=True)
class Span:
    """A start and end time of day."""

    start: time
    end: time


def weekday_number(text: str) -> int:
    """0 for 一 (Monday) … 6 for 日/天."""
    return _NUMERALS[text] - 1


def clock(match: re.Match[str], prefix: str, half: str | None) -> time | None:
    """The time of day of one side of a TIME_RANGE match; ``half`` is the range's 上午/下午."""
    hour = int(match[f"{prefix}h"])
    minute_text = match[f"{prefix}m"] or match[f"{prefix}m2"] or match[f"{prefix}m3"]
    minute = 30 if match[f"{prefix}half_h"] else int(minute_text or 0)
    if (half in ("下午", "晚上") and hour < 12) or (half == "中午" and hour < 6):
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def time_spans(text: str) -> list[tuple[Span, re.Match[str]]]:
    """Every valid time range in ``text`` (``下午3:00—5:30`` is 15:00–17:30)."""
    spans = []
    for match in TIME_RANGE.finditer(text):
        start = clock(match, "a", match["ahalf"])
        end = clock(match, "b", match["bhalf"] or match["ahalf"])
        if start and end and end <= start and not match["bhalf"] and end.hour < 12:
            end = time(end.hour + 12, end.minute)  # "14:00-5:30" means 17:30
        if start and end and start < end:
            spans.append((Span(start, end), match))
    return spans


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> date | None:
    """The nth (1-based) given weekday of a month, or None if the month has no such day."""
    first = date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def rule_dates(match: re.Match[str], months: list[tuple[int, int]]) -> list[date]:
    """The dates a RULE match (每月第三个星期四) gives over the campaign's months."""
    nth = _NUMERALS.get(match["nth"]) or int(match["nth"])
    weekday = weekday_number(match["day"])
    found = (nth_weekday(year, month, nth, weekday) for year, month in months)
    return [day for day in found if day is not None]


YearOf = Callable[[int], int | None]


def dates_at(text: str, year_of: YearOf) -> list[tuple[date, re.Match[str], int]]:
    """Dates in ``text`` with the match and the end position (after any range end).

    A range (2月1日至3日) gives one date per day. Invalid dates (2月30日) are skipped.
    """
    found: list[tuple[date, re.Match[str], int]] = []
    for match in DATE.finditer(text):
        month = int(match["month"] or match["smonth"])
        day = int(match["day"] or match["sday"])
        year = int(match["year"]) if match["year"] else year_of(month)
        if year is None:
            continue
        try:
            first = date(year, month, day)
        except ValueError:
            continue
        end = match.end()
        last = first
        tail = RANGE_END.match(text, end)
        if tail:
            try:
                last = date(year, int(tail["month"] or month), int(tail["day"]))
            except ValueError:
                last = first
            if first < last and (last - first).days <= 31:
                end = tail.end()
            else:
                last = first
        current = first
        while current <= last:
            found.append((current, match, end))
            current = date.fromordinal(current.toordinal() + 1)
    return found
