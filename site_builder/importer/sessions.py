"""The sessions of a notice: from its schedule table, or from its text (lists and rules)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from site_builder.importer import when
from site_builder.importer.columns import (
    ends_with_place_and_lead,
    lost_cells,
    roles,
    table_rows,
)
from site_builder.importer.exceptions import apply_date_exceptions
from site_builder.importer.found import Doubt, FoundNotice, FoundSession, FoundUnit
from site_builder.importer.listed import Listed, from_text
from site_builder.importer.moves import apply_moves, drop_called_off
from site_builder.importer.parts import share_people, split_by_time
from site_builder.importer.shared import (
    date_in,
    people_left_out,
    under_table,
    year_by_weekdays,
    year_in,
)
from site_builder.importer.table_finding import find_table, table_body
from site_builder.importer.table_sessions import NO_TIME, from_rows, from_table_text
from site_builder.importer.text import Flat, Line
from site_builder.importer.turns import keep_month_times, month_times, take_turns
from site_builder.importer.units import slips, unit_id

# 此外，…增加开展一次集中联合接访: a session the text adds to the table's.
_ONE_MORE = re.compile(r"增加|增设|加开|加设|另行安排|另安排")
# …，地点和参加单位与第3次相同: what a session of the text shares with a row of the table.
_SAME_AS_ROW = re.compile(
    r"(?P<what>[^，,。；;]{2,12}?)(?:均|都)?(?:与|同)第(?P<n>[一二三四五六七八九十\d]{1,3})"
    r"(?:次|场|期|轮)(?:接访)?(?:相同|一致)?"
)
# 表格中空白表示同上: the notice says its table's empty cells repeat the row above.
_BLANK_SAME = re.compile(r"空[白格][^。\n]{0,8}(?:同上|与上[一]?[行栏]相同)")


def _same_as_row(session: FoundSession, rows: list[FoundSession]) -> None:
    """Give a session of the text the place, units or lead of the table's row it names
    (地点和参加单位与第3次相同); what is not said stays as the text gives it."""
    same = _SAME_AS_ROW.search(session.source.text)
    number = when.number(same["n"]) if same else 0
    if same is None or not 1 <= number <= len(rows):
        return
    row, what = rows[number - 1], same["what"]
    if "地点" in what and not session.venue:
        session.venue = row.venue
    if "单位" in what and not session.units:
        session.units = list(row.units)
    if "带班" in what and not session.lead_title:
        session.lead_unit, session.lead_title = row.lead_unit, row.lead_title
        session.lead_name = row.lead_name


def read_sessions(
    lines: list[Line], flat: Flat, found: FoundNotice, year: int | None, today: date
) -> None:
    """Fill in ``found.sessions`` and ``found.units``; ``today`` is when the import runs."""
    guessed = None if year or found.campaign or found.published else year_in(flat)
    stamp = date_in(flat) if guessed else None
    dated_notice = year or found.campaign or found.published or guessed
    by_weekday = None if dated_notice else year_by_weekdays(flat, today)
    year_of = _year_of(found, year or (None if stamp else guessed) or by_weekday, stamp)
    if not (dated_notice or by_weekday):
        written = when.DATE.search(flat.text)
        if written:  # 7月4日 with no year anywhere: no date can be drafted without one
            message = "通知中的日期没有写年份：请用 --year 指定年份后重新导入"
            found.doubt("sessions", message, flat.line_at(written.start()))
    listed = from_text(flat, found, year_of)
    table = find_table(lines)
    tabled: list[FoundSession] = []
    if table:
        header, following = table
        rows = table_rows(header, following, bool(_BLANK_SAME.search(flat.text)))
        tabled = (
            from_rows(rows, found, year_of)
            if rows
            else from_table_text(
                Flat(table_body(header, following)),
                found,
                year_of,
                lost_cells(header.text),
                ends_with_place_and_lead(header.text),
                "half" in (roles(header.text, spaced=True) or []),
            )
        )
        # A table of no dates (时段 | 带班领导 | 参加单位 under a dated sentence) gives the
        # sessions of the text their people; the text gives the sessions.
        table = table if tabled or not listed.sessions else None
    if table:
        found.sessions = tabled
        in_table = {session.day for session in found.sessions}
        for session in listed.sessions:
            if session.day in in_table:
                continue
            message = f"正文提到 {session.day.isoformat()} 接访，日程表中没有这一天"
            _same_as_row(session, tabled)
            complete = session.start and session.venue and session.lead_title
            if complete and _ONE_MORE.search(session.source.text):
                # 此外，…定于12月19日下午…在甲会议室增加开展一次…，由…带班: one more session.
                doubt = Doubt(f"{message}，已按正文列入，请核对", session.source, ("date",))
                session.doubts.append(doubt)
                found.sessions.append(session)
            else:
                found.doubt("sessions", message, session.source)
        found.sessions.sort(key=lambda session: (session.day, session.start or session.end))
        found.sessions = _timed(found.sessions, listed)
        take_turns(found.sessions, listed.turns, found)
        if rows:
            share_people(found.sessions, under_table(rows, following))
        share_people(found.sessions, listed.shared + listed.nearby)
    else:
        found.sessions = listed.sessions
    if listed.unread:
        for session in found.sessions:
            if not (session.lead_title and session.units):
                message = (
                    f"通知第{listed.unread.number}行写有接访人员，未能读出，请核对 lead 和 units"
                )
                session.doubts.append(Doubt(message, listed.unread, ("lead", "units")))
    apply_moves(flat, found.sessions, year_of)
    found.sessions = drop_called_off(flat, found.sessions, year_of)
    apply_date_exceptions(flat, found.sessions, found, year_of)
    keep_month_times(found.sessions, month_times(flat.text))
    people_left_out(found, flat)
    if guessed:
        for session in found.sessions:
            message = (
                f"通知没有落款日期，年份按文中的日期 {stamp.isoformat()} 推出，请核对日期"
                if stamp
                else f"通知没有落款日期，年份按文中的 {guessed} 年，请核对日期"
            )
            session.doubts.append(Doubt(message, session.source, ("date",)))
    elif by_weekday:
        for session in found.sessions:
            message = f"通知没有写年份，按所写的星期推为 {by_weekday} 年，请核对日期"
            session.doubts.append(Doubt(message, session.source, ("date",)))
    _name_units(found)


def _timed(sessions: list[FoundSession], listed: Listed) -> list[FoundSession]:
    """Table rows without a time take the one the text gives for all (接访时间为当天9:00-12:00)."""
    if not listed.times:
        return sessions
    timed = []
    for session in sessions:
        if session.start is not None:
            timed.append(session)
            continue
        session.doubts = [doubt for doubt in session.doubts if doubt.message != NO_TIME]
        if not listed.every_time:
            session.doubts.append(
                Doubt("接访时间取自通知正文，请核对", session.source, ("start", "end"))
            )
        # A row that says 上午 takes the morning time of 上午场9:00-11:30，下午场14:00-16:30.
        halves = [
            span for span in listed.times if (span.start.hour < 12) == (session.half == "上午")
        ]
        spans = halves if session.half and len(halves) == 1 else listed.times
        timed.extend(split_by_time(session, spans))
    return timed


def _year_of(found: FoundNotice, year: int | None, stamp: date | None = None) -> when.YearOf:
    """The year of a month's dates: given, the campaign's, or that of the notice's date (or,
    without one, of the article's date ``stamp``)."""

    def year_of(month: int) -> int | None:
        if year is not None:
            return year
        if found.campaign:
            first_year, first_month = map(int, found.campaign.first_month.split("-"))
            return first_year if month >= first_month else first_year + 1
        published = found.published or stamp
        if published is None:
            return None
        # A notice of December gives January's dates without a year: next year's.
        late = published.month - month >= 6
        return published.year + 1 if late else published.year

    return year_of


def _name_units(found: FoundNotice) -> None:
    """Give every unit named in the sessions a short id; correct one-character slips."""
    names: Counter[str] = Counter()
    for session in found.sessions:
        names.update(session.units)
        if session.lead_unit:
            names[session.lead_unit] += 1
    corrected = {
        slip: name
        for slip, name in slips(names).items()
        # 区水务局、区税务局 in one list are two units, not one written wrong.
        if not any({slip, name} <= set(session.units) for session in found.sessions)
    }
    ids: dict[str, str] = {}
    for name in names:
        if name in corrected:
            continue
        ids[name] = unit_id(name, set(ids.values()))
        found.units.append(FoundUnit(id=ids[name], name=name))
    glued = _glued(names)
    for session in found.sessions:
        for name in {name for name in session.units if name in glued}:
            message = f"“{name}”像是姓名和“{glued[name]}”连在一起，请核对带班领导和参加单位"
            session.doubts.append(Doubt(message, session.source, ("lead", "units")))
        for slip in {name for name in session.units if name in corrected}:
            session.doubts.append(
                Doubt(f"原文写作“{slip}”，按“{corrected[slip]}”处理", session.source, ("units",))
            )
        session.units = [ids[corrected.get(name, name)] for name in session.units]
        if session.lead_unit:
            session.lead_unit = ids[corrected.get(session.lead_unit, session.lead_unit)]


def _glued(names: Counter[str]) -> dict[str, str]:
    """Unit names that are another unit's name after two or three characters (a lead's name
    run into the units cell of a PDF table: 马强县人社局)."""
    return {
        name: other
        for name in names
        for other in names
        if name.endswith(other) and 2 <= len(name) - len(other) <= 3
    }
