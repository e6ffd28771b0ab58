"""The sessions of a notice: from its schedule table, or from its text (lists and rules)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from site_builder.importer import when
from site_builder.importer.found import Doubt, FoundNotice, FoundSession, FoundUnit
from site_builder.importer.text import HEADING, Flat, Line
from site_builder.importer.units import UNIT, slips, unit_id

_HEADER = re.compile(r"(?:时间|日期).{0,30}(?:领导|单位|人员|地点)")
_TITLES = (
    "分管负责同志|主要负责同志|负责同志|分管领导|主要领导|党组书记|分管副局长|副局长|局长"
    "|副县长|县长|副区长|区长|副镇长|镇长|副乡长|乡长|副主任|主任|大队长|书记"
)
LEAD = re.compile(
    rf"(?P<unit>{UNIT.pattern})?(?P<title>{_TITLES})"
    r"(?:[ \t]+(?P<name>[\u4e00-\u9fff]{2,3})(?=[ \t]|$))?"
)
_STAFF = re.compile(r"(?:业务)?科室负责人|工作人员|业务骨干|相关人员")
_SEPARATORS = re.compile(r"[、，,；;\s和及]+")


def read_sessions(lines: list[Line], flat: Flat, found: FoundNotice, year: int | None) -> None:
    """Fill in ``found.sessions`` and ``found.units``."""
    year_of = _year_of(found, year)
    listed = _from_text(flat, found, year_of)
    table = _table(lines)
    if table:
        found.sessions = _from_table(table, found, year_of)
        in_table = {session.day for session in found.sessions}
        for session in listed:
            if session.day not in in_table:
                found.doubt(
                    "sessions",
                    f"正文提到 {session.day.isoformat()} 接访，日程表中没有这一天",
                    session.source,
                )
    else:
        found.sessions = listed
    _name_units(found)


def _year_of(found: FoundNotice, year: int | None) -> when.YearOf:
    def year_of(month: int) -> int | None:
        if year is not None:
            return year
        if found.campaign:
            first_year, first_month = map(int, found.campaign.first_month.split("-"))
            return first_year if month >= first_month else first_year + 1
        return found.published.year if found.published else None

    return year_of


def _table(lines: list[Line]) -> Flat | None:
    for index, line in enumerate(lines):
        if len(line.text) <= 60 and _HEADER.search(line.text):
            rows: list[Line] = []
            for row in lines[index + 1 :]:
                if HEADING.match(row.text):
                    break
                rows.append(row)
            if rows:
                return Flat(rows)
    return None


def _from_table(table: Flat, found: FoundNotice, year_of: when.YearOf) -> list[FoundSession]:
    dates = when.dates_at(table.text, year_of)
    starts = sorted({match.start() for _, match, _ in dates})
    sessions: list[FoundSession] = []
    for day, match, end in dates:
        following = [start for start in starts if start > match.start()]
        row = table.text[end : following[0] if following else len(table.text)]
        sessions.extend(_row_sessions(day, row, table.line_at(match.start()), found))
    return sessions


def _row_sessions(day: date, row: str, source: Line, found: FoundNotice) -> list[FoundSession]:
    session = FoundSession(id=day.isoformat(), day=day, source=source)
    row = row[_read_weekday(session, row) :]
    spans = when.time_spans(row)
    for _, match in spans:
        row = row.replace(match[0], "\t", 1)
    for venue in found.venues:
        if venue.name in row:
            session.venue = venue.id
            row = row.replace(venue.name, "\t", 1)
    _read_people(row, session)
    if not spans:
        session.doubts.append(Doubt("通知此行没有接访时间，已写作“时间另行通知”", source))
        return [session]
    return _split_by_time(session, [span for span, _ in spans])


def _read_weekday(session: FoundSession, text: str) -> int:
    """Read a weekday label at the start of ``text``; a wrong one is kept and marked."""
    weekday = when.WEEKDAY.match(text)
    if weekday is None:
        return 0
    written = when.weekday_number(weekday["day"])
    session.weekday = when.WEEKDAY_LABELS[written]
    if written != session.day.weekday():
        actual = when.WEEKDAY_LABELS[session.day.weekday()]
        session.doubts.append(
            Doubt(
                f"通知写的是{session.weekday}，但 {session.day.isoformat()} 是{actual}；"
                "请核对日期和星期",
                session.source,
            )
        )
    return weekday.end()


def _read_people(row: str, session: FoundSession) -> None:
    lead = LEAD.search(row)
    if lead:
        session.lead_unit = lead["unit"]
        session.lead_title = lead["title"]
        session.lead_name = lead["name"]
        row = row[: lead.start()] + "\t" + row[lead.end() :]
    staff = _STAFF.search(row)
    if staff:
        session.staff = staff[0]
        row = row[: staff.start()] + "\t" + row[staff.end() :]
    for token in _SEPARATORS.split(row):
        if not token.strip("（）()"):
            continue
        if UNIT.fullmatch(token):
            session.units.append(token)
        else:
            session.doubts.append(Doubt(f"未能识别“{token}”，已略去", session.source))


def _split_by_time(session: FoundSession, spans: list[when.Span]) -> list[FoundSession]:
    """One session per time span: a day with a lunch break is two sessions."""
    sessions = []
    for span in spans:
        part = FoundSession(**{**session.__dict__, "doubts": list(session.doubts)})
        part.start, part.end = span.start, span.end
        if len(spans) > 1:
            part.id = f"{session.id}-{'am' if span.start.hour < 12 else 'pm'}"
        sessions.append(part)
    return sessions


def _from_text(flat: Flat, found: FoundNotice, year_of: when.YearOf) -> list[FoundSession]:
    """Sessions from sentences that give dates (or a monthly rule) and a time."""
    sessions: list[FoundSession] = []
    position = 0
    for sentence in re.split(r"(?<=[。；;])", flat.text):
        spans = when.time_spans(sentence)
        source = flat.line_at(position)
        position += len(sentence)
        if not spans:
            continue
        bases = []
        for day, _, end in when.dates_at(sentence, year_of):
            base = FoundSession(id=day.isoformat(), day=day, source=source)
            _read_weekday(base, sentence[end:])
            bases.append(base)
        rule = when.RULE.search(sentence)
        if not bases and rule and found.campaign:
            days = when.rule_dates(rule, _months(found))
            bases = [FoundSession(id=day.isoformat(), day=day, source=source) for day in days]
        for base in bases:
            sessions.extend(_split_by_time(base, [span for span, _ in spans]))
    return sessions


def _months(found: FoundNotice) -> list[tuple[int, int]]:
    assert found.campaign is not None
    year, month = map(int, found.campaign.first_month.split("-"))
    last = tuple(map(int, found.campaign.last_month.split("-")))
    months = []
    while (year, month) <= last and len(months) < 36:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _name_units(found: FoundNotice) -> None:
    """Give every unit named in the sessions a short id; correct one-character slips."""
    names: Counter[str] = Counter()
    for session in found.sessions:
        names.update(session.units)
        if session.lead_unit:
            names[session.lead_unit] += 1
    corrected = slips(names)
    ids: dict[str, str] = {}
    for name in names:
        if name in corrected:
            continue
        ids[name] = unit_id(name, set(ids.values()))
        found.units.append(FoundUnit(id=ids[name], name=name))
    for session in found.sessions:
        for slip in {name for name in session.units if name in corrected}:
            session.doubts.append(
                Doubt(f"原文写作“{slip}”，按“{corrected[slip]}”处理", session.source)
            )
        session.units = [ids[corrected.get(name, name)] for name in session.units]
        if session.lead_unit:
            session.lead_unit = ids[corrected.get(session.lead_unit, session.lead_unit)]
