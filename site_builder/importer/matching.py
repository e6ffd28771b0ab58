"""Match an adjustment notice's items to the content's sessions, venues, units and leads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from site_builder.importer import when
from site_builder.importer.adjustment import FoundAdjustment
from site_builder.importer.found import Doubt
from site_builder.importer.parts import LEAD
from site_builder.importer.text import Line
from site_builder.model import Alternative, Lead, Session, Site, Unit, Venue
from site_builder.model_places import date_label

_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_UNIT_LIST = re.compile(r"[、，,；;和及与\s]+")


@dataclass
class SessionEdit:
    """What an adjustment notice changes in one session; ``None`` fields stay as they are."""

    session: Session
    source: Line
    cancelled: bool = False
    day: date | None = None
    weekday: str | None = None
    span: when.Span | None = None
    venue: Venue | None = None
    lead: Lead | None = None
    units: tuple[Unit, ...] | None = None
    alternative: Alternative | None = None
    reason: str | None = None
    doubts: list[Doubt] = field(default_factory=list)


@dataclass
class Matched:
    """The edits of the matched sessions, and items that match no session (not applied)."""

    edits: dict[str, SessionEdit] = field(default_factory=dict)
    unmatched: list[Doubt] = field(default_factory=list)


def match_adjustments(items: list[FoundAdjustment], site: Site) -> Matched:
    """Each item applied to the session it names; anything unsure is a doubt, never a guess."""
    matched = Matched()
    for item in items:
        sessions = _sessions_named(item, site, matched)
        for session in sessions:
            edit = matched.edits.setdefault(session.id, SessionEdit(session, item.source))
            if session.cancelled:
                edit.doubts.append(Doubt("这场接访已经取消，通知的调整未作改动", item.source))
            elif item.cancelled != edit.cancelled and edit.source is not item.source:
                edit.doubts.append(Doubt("通知对这场接访既有调整又有取消，未作改动", item.source))
            elif item.cancelled:
                _cancel(edit, item, site)
            else:
                _change(edit, item, site)
            edit.reason = edit.reason or item.reason
    return matched


def _sessions_named(item: FoundAdjustment, site: Site, matched: Matched) -> list[Session]:
    """The sessions an item names: by date, then by 上午/下午, time or venue if it says."""
    label = date_label(item.day)
    actual = when.WEEKDAY_LABELS[item.day.weekday()]
    if item.weekday and item.weekday != actual:
        message = f"通知写的是{label}（{item.weekday}），但这一天是{actual}；未作改动"
        matched.unmatched.append(Doubt(message, item.source))
        return []
    sessions = [session for session in site.sessions if session.slot.day == item.day]
    if not sessions:
        message = f"通知提到{label}的接访，但日程中这一天没有接访；未作改动"
        matched.unmatched.append(Doubt(message, item.source))
        return []
    if item.half:
        morning = item.half == "上午"
        sessions = [s for s in sessions if s.slot.start and (s.slot.start.hour < 12) == morning]
    if item.span:
        sessions = [s for s in sessions if s.slot.start and s.slot.start.time() == item.span.start]
    named = [s for s in sessions if s.slot.venue.name in item.before]
    sessions = named or sessions
    venues = {session.slot.venue.id for session in sessions}
    # Both halves of a lunch-break day at one venue can take one change; a time cannot.
    if len(venues) > 1 or (len(sessions) > 1 and item.new_span is not None) or not sessions:
        what = "没有与通知所写时间、地点相符的接访" if not sessions else f"有{len(sessions)}场接访"
        message = f"{label}{what}，未能确定通知指的是哪一场；未作改动"
        matched.unmatched.append(Doubt(message, item.source))
        return []
    return sessions


def _cancel(edit: SessionEdit, item: FoundAdjustment, site: Site) -> None:
    edit.cancelled = True
    if item.alternative:
        venue = next((v for v in site.venues if v.name in item.alternative), None)
        edit.alternative = Alternative(item.alternative, venue, item.alternative_day)


def _change(edit: SessionEdit, item: FoundAdjustment, site: Site) -> None:
    if item.new_day is not None:
        edit.day = item.new_day
        edit.weekday = item.new_weekday
        actual = when.WEEKDAY_LABELS[item.new_day.weekday()]
        if item.new_weekday and item.new_weekday != actual:
            message = (
                f"通知写的是{item.new_weekday}，但 {item.new_day.isoformat()} 是{actual}；"
                "请核对日期和星期"
            )
            edit.doubts.append(Doubt(message, item.source))
    edit.span = item.new_span or edit.span
    if item.place:
        edit.venue = _venue(item.place, site)
        if edit.venue is None:
            message = (
                f"新地点“{item.place}”不在 venues.yaml 中：请先在 venues.yaml 添加，"
                "再改这场接访的 venue；地点未作改动"
            )
            edit.doubts.append(Doubt(message, item.source))
    elif item.moved_text:
        current = edit.session.slot.venue
        others = [v for v in site.venues if v != current and v.name in item.moved_text]
        edit.venue = others[0] if len(others) == 1 else edit.venue
        if edit.venue is None and item.new_day is None:
            message = "未能确定新的接访地点（须是 venues.yaml 中的地点）；地点未作改动"
            edit.doubts.append(Doubt(message, item.source))
    if item.lead:
        edit.lead = _lead(item.lead, site)
        if edit.lead is None:
            message = f"未能读懂新的带班领导“{item.lead}”（单位须是 units.yaml 中的）；未作改动"
            edit.doubts.append(Doubt(message, item.source))
    if item.units:
        edit.units = _units(item.units, site, edit, item.source)


def _venue(place: str, site: Site) -> Venue | None:
    name = re.sub(r"[（(].*?[)）]", "", place).strip()
    found = [v for v in site.venues if v.name == name or (name and name in v.name)]
    return found[0] if len(found) == 1 else None


def _unit(name: str, site: Site) -> Unit | None:
    return next((unit for unit in site.units if name in (unit.name, unit.full_name)), None)


def _lead(text: str, site: Site) -> Lead | None:
    """``县人社局局长 王强`` → the unit (as declared), the title and the name."""
    found = LEAD.match(text.strip())
    if found is None:
        return None
    rest = text.strip()[found.end() :].strip()
    name = found["name"] or (rest if _NAME.fullmatch(rest) else None)
    if rest and name != rest and not found["name"]:
        return None
    unit = _unit(found["unit"], site) if found["unit"] else None
    if found["unit"] and unit is None:
        return None
    return Lead(title=found["title"], unit=unit, name=name)


def _units(text: str, site: Site, edit: SessionEdit, source: Line) -> tuple[Unit, ...] | None:
    names = [name for name in _UNIT_LIST.split(text) if name]
    found = [_unit(name, site) for name in names]
    unknown = [name for name, unit in zip(names, found, strict=True) if unit is None]
    if unknown or not names:
        message = (
            f"参加单位“{'、'.join(unknown) or text}”不在 units.yaml 中：请先添加，"
            "再改这场接访的 units；参加单位未作改动"
        )
        edit.doubts.append(Doubt(message, source))
        return None
    return tuple(unit for unit in found if unit is not None)
