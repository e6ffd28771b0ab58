"""Dates, times and weekdays as Chinese notices write them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_DIGITS = dict(zip("一二两三四五六七八九", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
WEEKDAY_LABELS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# 2021年4月12日, 4月12日, 4.12, 4/12, 2023.4.18, 2024-03-12 (only with its year: 4-12 is no
# date) — and the end of a range: 至3日, 至5月2日.
# A short date is not a list number before a date ("1.1月10日" is item 1), an amount
# (1.2万元, 3.5%) or a clause number (第1.2条).
DATE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]"
    r"|(?<![\d:.第])(?:(?P<syear>\d{4})(?P<sep>[./-]))?(?P<smonth>\d{1,2})(?(sep)(?P=sep)|[./])"
    r"(?P<sday>\d{1,2})"
    r"(?![\d:./年月日号万亿元%％倍个人件名条款项次米吨]|\s*(?:万|亿|元|个|人|条|款))"
)
# 2月1日至3日, 1月24日（星期三）至25日（星期四）: the last day of a range.
RANGE_END = re.compile(
    r"(?:\s*[（(](?:星期|周)[一二三四五六日天][)）])?"
    r"\s*(?:起\s*)?(?:至|到|—|-|~)\s*(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})[日号](?:止)?"
)
_MORE_DAYS = re.compile(r"\s*[、，,和及]\s*(?P<day>\d{1,2})[日号](?![前起止])")
# 星期二, （周三）, （三） — not 周一至周五, the weekdays of a range of dates.
WEEKDAY = re.compile(
    r"^\s*(?:[（(]?\s*(?:星期|周|礼拜)|[（(](?=\s*[一二三四五六日天]\s*[)）]))"
    r"\s*(?P<day>[一二三四五六日天])(?!\s*[至到~～\-—])\s*[)）]?"
)
# An hour in digits, or in characters before 点/时 (下午两点半至五点, 上午九时至十二时).
_CLOCK = (
    r"(?:(?P<{p}half>上午|下午|中午|晚上)\s*)?"
    r"(?:(?P<{p}h>\d{{1,2}})|(?P<{p}hz>十[一二]?|[一二两三四五六七八九])(?=[点时]))"
    r"(?:[:：](?P<{p}m>\d{{2}})|时(?:(?P<{p}m2>\d{{1,2}}|[一二三四五]?十[五]?)分|(?P<{p}half_t>半))?"
    r"|点(?:(?P<{p}m3>\d{{1,2}}|[一二三四五]?十[五]?)分|(?P<{p}half_h>半))?)"
)
TIME_RANGE = re.compile(
    _CLOCK.format(p="a") + r"\s*(?:-|—|–|~|～|至|到)+\s*" + _CLOCK.format(p="b")
)
_START_AT = re.compile(_CLOCK.format(p="a") + r"\s*(?:开始|起)")
RULE = re.compile(
    r"每月(?:的)?(?:第(?P<nth>[一二三四1-4](?:个?[、和及]第?[一二三四1-4])*)|(?P<last>最后一|最末一?))"
    r"(?:个|周的?)?"
    r"(?:星期|周|礼拜)(?P<day>[一二三四五六日天])"
)

# 每周三, 每周星期三, 每周一、周四 (not 每周一至周五: a range of days is no weekly session).
WEEKLY = re.compile(
    r"每(?:周|个?星期|个?礼拜)(?:的)?(?:星期|周)?"
    r"(?P<day>[一二三四五六日天](?:[、和及]\s*(?:星期|周)?[一二三四五六日天])*)(?![至到-])"
)

# 每月10日, 每月5日和20日 (not 每月5日前: a deadline for reports, not a session).
MONTHLY = re.compile(
    r"每月(?:的)?(?P<day>\d{1,2}(?:[日号]?[、和及]\d{1,2})*)[日号](?!前|之前|以前|止|起|至)"
)


@dataclass(frozen=True)
class Span:
    """A start and end time of day."""

    start: time
    end: time


def has_rule(text: str) -> bool:
    """Whether the text gives dates by a rule (每月第二个星期三, 每周三, 每月15日)."""
    return any(rule.search(text) for rule in (RULE, WEEKLY, MONTHLY))


def weekday_number(text: str) -> int:
    """0 for 一 (Monday) … 6 for 日/天."""
    return _NUMERALS[text] - 1


def number(text: str) -> int:
    """``12``, ``十二``, ``两``, ``三十``, ``四十五`` as a number."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.rpartition("十")
    value = _DIGITS.get(ones, 0)
    if ten:
        value += 10 * _DIGITS.get(tens, 1)
    return value


def clock(match: re.Match[str], prefix: str, half: str | None) -> time | None:
    """The time of day of one side of a TIME_RANGE match; ``half`` is the range's 上午/下午."""
    hour = number(match[f"{prefix}h"] or match[f"{prefix}hz"])
    minute_text = match[f"{prefix}m"] or match[f"{prefix}m2"] or match[f"{prefix}m3"]
    minute = (
        30 if match[f"{prefix}half_h"] or match[f"{prefix}half_t"] else number(minute_text or "0")
    )
    if (half in ("下午", "晚上") and hour < 12) or (half == "中午" and hour < 6):
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def start_time(text: str) -> tuple[time, re.Match[str]] | None:
    """A start written without an end (9:00开始, 上午9点半起), if the text has one."""
    match = _START_AT.search(text)
    start = clock(match, "a", match["ahalf"]) if match else None
    return (start, match) if start and match else None


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
    weekday = weekday_number(match["day"])
    if match["last"]:  # 每月最后一个星期五: the fifth if the month has one, else the fourth
        found = (
            nth_weekday(year, month, 5, weekday) or nth_weekday(year, month, 4, weekday)
            for year, month in months
        )
        return [day for day in found if day is not None]
    # 每月第二、第四个星期四: each of the weeks it names.
    nths = [_NUMERALS.get(nth) or int(nth) for nth in re.findall(r"[一二三四1-4]", match["nth"])]
    found = (nth_weekday(year, month, nth, weekday) for year, month in months for nth in nths)
    return [day for day in found if day is not None]


def weekly_dates(match: re.Match[str], months: list[tuple[int, int]]) -> list[date]:
    """The dates a WEEKLY match (每周三, 每周一、周四) gives over the campaign's months."""
    found = []
    for name in re.findall(r"[一二三四五六日天]", match["day"]):
        for year, month in months:
            for nth in range(1, 6):
                day = nth_weekday(year, month, nth, weekday_number(name))
                if day is not None:
                    found.append(day)
    return sorted(found)


def monthly_dates(match: re.Match[str], months: list[tuple[int, int]]) -> list[date]:
    """The dates a MONTHLY match (每月10日) gives over the campaign's months."""
    found = []
    for year, month in months:
        for day in re.findall(r"\d{1,2}", match["day"]):
            try:
                found.append(date(year, month, int(day)))
            except ValueError:
                continue  # 每月31日 in a month of 30 days
    return found


YearOf = Callable[[int], int | None]


def dates_at(text: str, year_of: YearOf) -> list[tuple[date, re.Match[str], int]]:
    """Dates in ``text`` with the match and the end position (after any range end).

    A range (2月1日至3日) gives one date per day. Invalid dates (2月30日) are skipped.
    """
    found: list[tuple[date, re.Match[str], int]] = []
    for match in DATE.finditer(text):
        if found and match.start() < found[-1][2]:
            continue  # the end of a range already read: 11月7日至11月9日
        month = int(match["month"] or match["smonth"])
        day = int(match["day"] or match["sday"])
        written = match["year"] or match["syear"]
        year = int(written) if written else year_of(month)
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
            # A range of more than a month is a period only a weekly rule picks days from.
            longest = 366 if WEEKLY.search(text) else 31
            if first < last and (last - first).days <= longest:
                end = tail.end()
            else:
                last = first
        days = [date.fromordinal(day) for day in range(first.toordinal(), last.toordinal() + 1)]
        # 2月14日、21日、28日: more days of the same month, written without it.
        while (more := _MORE_DAYS.match(text, end)) and last == first:
            try:
                days.append(date(year, first.month, int(more["day"])))
            except ValueError:
                break
            end = more.end()
        found.extend((day, match, end) for day in days)
    return _without_periods(text, found)


# A range that names a period, not sessions: 第15周（4月7日—4月13日）：4月9日（周三）上午…
_PERIOD = re.compile(r"(?:[（(]|第\s*\d{1,2}\s*周[：:]?)\s*$")


def _without_periods(
    text: str, found: list[tuple[date, re.Match[str], int]]
) -> list[tuple[date, re.Match[str], int]]:
    """``found`` less the ranges, bracketed or after 第N周, that hold a date written after them."""
    spans: dict[int, list[date]] = {}
    for day, match, _ in found:
        spans.setdefault(match.start(), []).append(day)
    framing = {
        at
        for at, days in spans.items()
        if len(days) > 1
        and _PERIOD.search(text[max(0, at - 12) : at])
        and any(
            later > at and len(single) == 1 and days[0] <= single[0] <= days[-1]
            for later, single in spans.items()
        )
    }
    return [item for item in found if item[1].start() not in framing]


def weekly_in_range(
    sentence: str, dates: list[tuple[date, re.Match[str], int]]
) -> list[tuple[date, re.Match[str], int]]:
    """Of a range's days, those a weekly rule keeps (1月2日至1月30日，每周二: the Tuesdays)."""
    weekly = WEEKLY.search(sentence)
    if weekly is None:
        return dates
    kept = {weekday_number(day) for day in re.findall(r"[一二三四五六日天]", weekly["day"])}
    ranges = Counter(match.start() for _, match, _ in dates)
    return [
        (day, match, end)
        for day, match, end in dates
        if ranges[match.start()] == 1 or day.weekday() in kept
    ]
