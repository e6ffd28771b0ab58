"""The items of an adjustment notice (调整通知): which session, and what it changes."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from site_builder.importer import when
from site_builder.importer.found import Doubt
from site_builder.importer.text import HEADING, Line, joined, paragraphs

# A word that changes something; the item's text after it says into what.
_CANCEL = re.compile(r"取消|暂停|停止举行|不再举行")
_CHANGE = re.compile(
    rf"调整|改期|改为|改到|改至|改在|调至|调到|移至|移到|推迟|提前|顺延|延期|变更|更换|更改"
    rf"|{_CANCEL.pattern}"
)
_TO = r"(?:调整|改|变更|更换|更改)(?:为|成|至|到|在)"
_MOVED_TO = re.compile(rf"(?:{_TO}|改期|推迟|提前|顺延|延期|调|移)(?:至|到)?(?:于|在)?\s*$")
_PLACE = re.compile(rf"地点{_TO}(?P<place>[^，,。；;]+)")
_LEAD = re.compile(rf"领导(?:同志)?{_TO}(?P<lead>[^，,。；;]+)")
_UNITS = re.compile(rf"单位{_TO}(?P<units>[^，,。；;]+)")
_TIME = re.compile(rf"时间{_TO}")
_REASON = re.compile(r"因(?!此)[^，,。；;、]{2,40}")
_SHARED_REASON = re.compile(r"(因(?!此)[^，,。；;]{2,40})[，,]\s*(?:现将|特将|经研究)")
_HALF = re.compile(r"上午|下午")
_SAME_DAY = re.compile(r"当天|当日|同日")
_UNCHANGED = re.compile(r"地点不变")
_MOVED_PLACE = re.compile(r"(?:调整|改|移)(?:在|到|至)")


@dataclass
class FoundAdjustment:
    """One item of an adjustment notice: the session it names and what changes.

    Texts (``place``, ``lead``, ``units``) are as the notice writes them; they are matched
    against the content's venues and units later.
    """

    day: date
    source: Line
    before: str  # how the notice names the session, after its date (下午, a time, a place)
    weekday: str | None = None  # as the notice writes it beside the date
    half: str | None = None
    span: when.Span | None = None
    new_day: date | None = None
    new_weekday: str | None = None
    new_span: when.Span | None = None
    place: str | None = None  # 地点调整为…: must name a venue
    moved_text: str | None = None  # 调整至5月22日在…举行: a venue named here is the new one
    lead: str | None = None
    units: str | None = None
    cancelled: bool = False
    alternative: str | None = None
    alternative_day: date | None = None
    reason: str | None = None


def read_adjustments(
    lines: list[Line], year_of: when.YearOf
) -> tuple[list[FoundAdjustment], list[Doubt]]:
    """Every item that names a session's date and changes it; items not understood."""
    found: list[FoundAdjustment] = []
    doubts: list[Doubt] = []
    shared_reason = None
    for group in paragraphs(lines):
        text = HEADING.sub("", joined(group))
        dates = when.dates_at(text, year_of)
        if not dates:
            shared = _SHARED_REASON.search(text)
            shared_reason = shared[1] if shared and shared_reason is None else shared_reason
            continue
        if "\t" in text and len(dates) > 1 and not _CHANGE.search(text):
            # A table row 原定时间 | 调整后时间 | …: the second date is where it moves.
            moved_to = dates[1][1].start()
            text = f"{text[:moved_to]}调整至{text[moved_to:]}"
            dates = when.dates_at(text, year_of)
        if not _CHANGE.search(text):
            continue
        items = _read_item(text, dates, group[0])
        if items is None:
            doubts.append(Doubt(f"未能读懂这条调整，未作改动：“{text}”", group[0]))
            continue
        found.extend(items)
    for item in found:
        item.reason = item.reason or shared_reason
    return found, doubts


def _read_item(
    text: str, dates: list[tuple[date, re.Match[str], int]], source: Line
) -> list[FoundAdjustment] | None:
    """The item's sessions (5月10日、5月24日的接访取消 names two) with what changes."""
    targets = [d for d in dates if not _MOVED_TO.search(text[: d[1].start()])]
    if not targets:
        return None
    day, match, end = targets[0]
    change = _CHANGE.search(text, end)
    cut = change.start() if change else len(text)
    named = [target for target in targets if target[1].start() < cut]
    end = max(target[2] for target in named)
    item = FoundAdjustment(day=day, source=source, before=text[end:cut])
    weekday = when.WEEKDAY.match(text[match.end() :])
    if weekday:
        item.weekday = when.WEEKDAY_LABELS[when.weekday_number(weekday["day"])]
    spans = when.time_spans(item.before)
    item.span = spans[0][0] if spans else None
    half = _HALF.search(item.before)
    item.half = half[0] if half and not spans else None
    reason = _REASON.search(text)
    item.reason = reason[0] if reason else None
    cancel = _CANCEL.search(text)
    if cancel:
        _read_cancellation(text, max(cancel.start(), end), item)
    else:
        after = text[cut:]
        _read_move(after, dates, match, item, text)
        for pattern, key in ((_PLACE, "place"), (_LEAD, "lead"), (_UNITS, "units")):
            found = pattern.search(text, end)
            if found:
                setattr(item, key, found[key].strip())
        changed = (item.new_day, item.new_span, item.place, item.moved_text, item.lead, item.units)
        if all(value is None for value in changed) or (item.new_day and len(named) > 1):
            return None
    return [replace(item, day=target[0]) for target in named]


def _read_move(
    after: str,
    dates: list[tuple[date, re.Match[str], int]],
    target: re.Match[str],
    item: FoundAdjustment,
    text: str,
) -> None:
    """A new date (调整至5月12日), a new time (时间调整为下午2:30—5:30) and a new place."""
    for day, match, end in dates:
        if match is not target and _MOVED_TO.search(text[: match.start()]):
            item.new_day = day
            weekday = when.WEEKDAY.match(text[end:])
            if weekday:
                item.new_weekday = when.WEEKDAY_LABELS[when.weekday_number(weekday["day"])]
            break
    spans = when.time_spans(after)
    if spans and (item.new_day is not None or _TIME.search(text)):
        item.new_span = spans[0][0]
    moved = item.new_day is not None or _MOVED_PLACE.match(after)
    if moved and not _UNCHANGED.search(after):
        # 调整至5月22日在市劳动保障监察支队举行: a venue named after the date is the new one.
        item.moved_text = after


def _read_cancellation(text: str, cancel: int, item: FoundAdjustment) -> None:
    """取消, and what the notice offers instead (改为当天在县信访局设临时接访点…)."""
    item.cancelled = True
    rest = re.split(r"[，,。；;]", text[cancel:], maxsplit=1)
    alternative = rest[1].strip("，,。；; ") if len(rest) > 1 else ""
    alternative = alternative.removeprefix("改为").removeprefix("届时").strip()
    if not alternative:
        return
    item.alternative = alternative
    days = when.dates_at(alternative, lambda month: item.day.year)
    if days:
        item.alternative_day = days[0][0]
    elif _SAME_DAY.search(alternative):
        item.alternative_day = item.day
