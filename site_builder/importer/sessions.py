"""The sessions of a notice: from its schedule table, or from its text (lists and rules)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from site_builder.importer import when
from site_builder.importer.columns import (
    Row,
    ends_with_place_and_lead,
    lost_cells,
    roles,
    table_rows,
)
from site_builder.importer.exceptions import apply_date_exceptions
from site_builder.importer.facts import venue_named
from site_builder.importer.found import Doubt, FoundNotice, FoundSession, FoundUnit
from site_builder.importer.half_rows import halves
from site_builder.importer.listed import Listed, from_text
from site_builder.importer.lost_cells import row_units, untangle
from site_builder.importer.moves import apply_moves
from site_builder.importer.paired_cells import places_and_leads, row_places
from site_builder.importer.parts import (
    read_people,
    read_weekday,
    share_people,
    split_by_time,
)
from site_builder.importer.shared import people_left_out, under_table, year_in
from site_builder.importer.text import HEADING, LABEL, Flat, Line
from site_builder.importer.turns import keep_month_times, month_times, take_turns
from site_builder.importer.units import slips, unit_id

_TWO_HALVES = re.compile(r"上午\s*\d{1,2}[:：点时].*下午\s*\d{1,2}[:：点时]")
_NO_TIME = "通知此行没有接访时间，已写作“时间另行通知”"
_SIGNED = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_HEADER = re.compile(r"(?:时间|日期|时段).{0,30}(?:领导|单位|人员|地点)")
# The words a table's header is made of: a line with many others (春节前欠薪集中接访来了！
# 时间地点看这里→, a WeChat title) is no header.
_COLUMN_WORDS = re.compile(
    r"序号|编号|场次|接访|集中|联合|日期|时间|时段|地点|场所|地址|带班|领导|职务|参加|参与|单位|部门"
    r"|人员|工作人|工作|备注|星期|上下午|上午|下午|内容|联系|电话|负责人|姓名|[\s|｜/、*#]"
)
# 表格中空白表示同上: the notice says its table's empty cells repeat the row above.
_BLANK_SAME = re.compile(r"空[白格][^。\n]{0,8}(?:同上|与上[一]?[行栏]相同)")
# The session fields a table column gives.
_FIELDS = {"half": ("start", "end"), "time": ("start", "end"), "venue": ("venue",)}
_FIELDS |= {"lead": ("lead",), "units": ("units",)}


def read_sessions(lines: list[Line], flat: Flat, found: FoundNotice, year: int | None) -> None:
    """Fill in ``found.sessions`` and ``found.units``."""
    guessed = None if year or found.campaign or found.published else year_in(flat)
    year_of = _year_of(found, year or guessed)
    if not (year or found.campaign or found.published or guessed):
        written = when.DATE.search(flat.text)
        if written:  # 7月4日 with no year anywhere: no date can be drafted without one
            message = "通知中的日期没有写年份：请用 --year 指定年份后重新导入"
            found.doubt("sessions", message, flat.line_at(written.start()))
    listed = from_text(flat, found, year_of)
    table = _table(lines)
    tabled: list[FoundSession] = []
    if table:
        header, following = table
        rows = table_rows(header, following, bool(_BLANK_SAME.search(flat.text)))
        tabled = (
            _from_rows(rows, found, year_of)
            if rows
            else _from_table(
                Flat(_body(header, following)),
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
            if session.day not in in_table:
                found.doubt(
                    "sessions",
                    f"正文提到 {session.day.isoformat()} 接访，日程表中没有这一天",
                    session.source,
                )
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
    apply_date_exceptions(flat, found.sessions, found, year_of)
    keep_month_times(found.sessions, month_times(flat.text))
    people_left_out(found, flat)
    if guessed:
        for session in found.sessions:
            message = f"通知没有落款日期，年份按文中的 {guessed} 年，请核对日期"
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
        session.doubts = [doubt for doubt in session.doubts if doubt.message != _NO_TIME]
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


def _year_of(found: FoundNotice, year: int | None) -> when.YearOf:
    def year_of(month: int) -> int | None:
        if year is not None:
            return year
        if found.campaign:
            first_year, first_month = map(int, found.campaign.first_month.split("-"))
            return first_year if month >= first_month else first_year + 1
        if found.published is None:
            return None
        # A notice of December gives January's dates without a year: next year's.
        late = found.published.month - month >= 6
        return found.published.year + 1 if late else found.published.year

    return year_of


def _table(lines: list[Line]) -> tuple[Line, list[Line]] | None:
    """The schedule table's header and the lines after it, up to the next heading."""
    for index, line in enumerate(lines):
        line = Line(line.number, _unspaced(line.text), _unspaced(line.original))
        stacked = _stacked_header(lines[index:])
        if stacked:
            # 接访日期 / 接访时间 / 带班领导 / 参加接访单位, a cell a line (a PDF made text).
            line, index = stacked, index + len(stacked.text.split("\t")) - 1
        # A header names its columns: short, no date or time in it, and not a heading.
        header = re.sub(r"\s+", " ", line.text)
        if (
            len(header) <= 60
            and _HEADER.search(header)
            and not re.search(r"\d", header)
            and not HEADING.match(header)
            and not re.search(r"[，。；]", header)  # a sentence: 各区要提前公告接访时间地点，…
            and len(_COLUMN_WORDS.sub("", header)) <= 3
            and len(set(_COLUMN_WORDS.findall(header)) - _NOT_COLUMNS) >= 3
        ):
            rows: list[Line] = []
            for row in lines[index + 1 :]:
                if HEADING.match(row.text):
                    break
                rows.append(row)
            if rows:
                return line, rows
    return None


# 日  期, 时  间, 地  点: a header's names spread to the width of their columns.
_SPREAD = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])([ \u3000]{1,4})([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)
_SPREAD_NAMES = {"日期", "时间", "地点", "序号", "时段", "备注", "场次", "单位", "领导"}


def _unspaced(text: str) -> str:
    """``日  期`` as ``日期  ``: the name whole, each later column where it was."""

    def whole(match: re.Match[str]) -> str:
        name = match[1] + match[3]
        return name + match[2] if name in _SPREAD_NAMES else match[0]

    return _SPREAD.sub(whole, text)


def _column_name(text: str) -> bool:
    """Whether a line is only a column's name (接访日期, 参加接访单位)."""
    left = _COLUMN_WORDS.sub("", text)
    return len(text) <= 8 and len(left) <= 1 and left != text


# Words a header's line is made of that name no column of their own (接访时间及地点 is a
# heading over two facts, not a table's three columns or more).
_NOT_COLUMNS = {"接访", "集中", "联合", " ", "|", "｜", "/", "、", "*", "#"}


def _stacked_header(lines: list[Line]) -> Line | None:
    """A header written a cell a line: three short lines or more, each a column's name."""
    cells = []
    for line in lines:
        if not _column_name(line.text):
            break
        cells.append(line.text)
    if len(cells) < 3:
        return None
    return Line(lines[0].number, "\t".join(cells), "\t".join(cells))


def _body(header: Line, following: list[Line]) -> list[Line]:
    """The lines of a table whose cells ran together, up to the first sentence, label or date
    line after it (请各单位…。, 联系电话：…, the signature's 2023年9月28日): those are no row.
    The header repeated after a page break is left out, and so is a row's number (序号) run
    into its date (16月7日 is row 1 of 6月7日)."""
    body = []
    rows = 0  # the rows begun so far: a row begins with its date
    numbered = re.match(r"(?:序?号|编号)", header.text)  # 序 / 号 接访日期…: a header cell broken
    # Rows whose number ran into their date (21月8日): then 11月6日 is row 1 of 1月6日 too.
    glued = (
        numbered
        and sum(
            not _dated(line.text) and any(_dated(line.text[cut:]) for cut in (1, 2))
            for line in following
        )
        >= 2
    )
    for index, line in enumerate(following):
        after = following[index + 1].text if index + 1 < len(following) else ""
        # 2023年6月14日 / （星期三）上午: a row's date with its year, not the signature's.
        signed = _SIGNED.match(line.text) and not re.match(r"[（(](?:星期|周)|上午|下午|\d", after)
        if (len(line.text) > 10 and line.text.endswith("。")) or signed:
            break
        if re.search(r"地址[：:]|^注[：:]|^备注[：:]", line.text):
            break  # 甲大厅地址：…路××号 under the table: a note, no row
        if LABEL.match(line.text) and not re.match(r"(?:上午|下午)[：:]", line.text):
            break  # 联系电话：… ends the table; 上午：局长 甲 is a cell of it
        if line.text == header.text or ("\t" in header.text and _column_name(line.text)):
            continue  # the header again, after a page break
        number = f"{rows + 1}"
        rest = line.text.removeprefix(number)
        if numbered and rest != line.text and (glued or not _dated(line.text)) and _dated(rest):
            line = Line(line.number, rest, line.original)
        rows += _dated(line.text)
        body.append(line)
    return body


def _dated(text: str) -> bool:
    """Whether ``text`` starts with a date that can be (26月11日 is row 2 of 6月11日)."""
    match = re.match(r"(?:\d{4}年)?(\d{1,2})月(\d{1,2})(?:[日号]|$)", text)
    return bool(match) and 1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 31


def _from_table(
    table: Flat,
    found: FoundNotice,
    year_of: when.YearOf,
    with_venue: bool | None,
    ends_with_lead: bool = False,
    by_half: bool = False,
) -> list[FoundSession]:
    """Sessions from a table's text: each row runs from its date to the next row's date."""
    dates = when.dates_at(table.text, year_of)
    starts = sorted({match.start() for _, match, _ in dates})
    rows = []
    for day, match, end in dates:
        following = [start for start in starts if start > match.start()]
        row = table.text[end : following[0] if following else len(table.text)]
        # The next row's number (序号) ends this row's text: 区住建局、区交通运输局2.
        row = re.sub(r"(?<=[\u4e00-\u9fff）)])\d{1,3}\s*$", "", row)
        rows.append((day, row, table.line_at(match.start())))
    known = {name for _, row, _ in rows for name in row_units(row) or []}
    lost = None if with_venue is None else (known, with_venue)
    sessions: list[FoundSession] = []
    places = row_places([row for _, row, _ in rows]) if ends_with_lead else frozenset()
    # 上午9:00-12:00 甲… 下午14:30-17:30 乙: rows of two halves, each with its own time.
    by_half = by_half or any(_TWO_HALVES.search(row) for _, row, _ in rows)
    for day, row, source in rows:
        above = sessions[-1] if sessions else None
        paired = _half_sessions(day, row, source, found, above) if by_half else []
        if ends_with_lead and not paired:
            paired = _paired_sessions(day, row, source, found, places)
        sessions.extend(paired or _row_sessions(day, row, source, found, lost=lost))
    return sessions


def _half_sessions(
    day: date, row: str, source: Line, found: FoundNotice, above: FoundSession | None = None
) -> list[FoundSession]:
    """The morning and the afternoon of a row whose cells ran together and were merged over
    both halves (half_rows.py); the times the notice gives for each half where the row
    gives none; a place or units the row leaves out are those of the row ``above`` (a cell
    merged over several dates). Each is marked: merged cells are read by where their text
    stands."""
    session = FoundSession(id=day.isoformat(), day=day, source=source)
    row = row[read_weekday(session, row) :]
    parts = halves(row)
    if parts is None:
        return []
    sessions = []
    for half in parts:
        part = FoundSession(**{**session.__dict__, "doubts": list(session.doubts)})
        part.half = half.name
        if half.span:
            part.start, part.end = half.span.start, half.span.end
        else:
            part.doubts.append(Doubt(_NO_TIME, source, ("start", "end")))
        part.venue = _lost_venue(found, half.place, source) if half.place else None
        if half.lead:
            read_people(half.lead, part)
        part.units = list(half.units or [])
        if above:
            part.venue = part.venue or above.venue
            part.units = part.units or list(above.units)
        message = "日程表的单元格跨上午和下午，已按位置分开，请核对"
        part.doubts.append(Doubt(message, source, ("venue", "lead", "units")))
        sessions.append(part)
    return sessions


def _paired_sessions(
    day: date, row: str, source: Line, found: FoundNotice, places: frozenset[str]
) -> list[FoundSession]:
    """The sessions of a row of a table ending 地点, 带班领导 whose cells ran together: each
    time with the places and leads after it (several places at one time are several
    sessions); a time with none after it has those of the time before."""
    session = FoundSession(id=day.isoformat(), day=day, source=source)
    row = row[read_weekday(session, row) :]
    spans = when.time_spans(row)
    ends = [match.start() for _, match in spans[1:]] + [len(row)]
    sessions: list[FoundSession] = []
    pairs: list[tuple[str, str]] = []
    for (span, match), end in zip(spans, ends, strict=True):
        own = places_and_leads(row[match.end() : end], places)
        # 下午… 王玉梅（…）: a lead without a place is at the place of the time before (a
        # place cell merged over a morning and an afternoon row).
        places = [place for place, _ in pairs]
        pairs = [
            (place or (places[index] if index < len(places) else ""), lead)
            for index, (place, lead) in enumerate(own)
        ] or pairs
        for place, lead in pairs:
            part = FoundSession(**{**session.__dict__, "doubts": list(session.doubts)})
            part.start, part.end = span.start, span.end
            part.venue = _lost_venue(found, place, source) if place else None
            read_people(lead, part)
            sessions.append(part)
    return sessions


def _from_rows(rows: list[Row], found: FoundNotice, year_of: when.YearOf) -> list[FoundSession]:
    """Sessions from a table whose cells are known: each cell read for its column only."""
    sessions: list[FoundSession] = []
    days: list[date] = []
    for row in rows:
        written = row.cells.get("date", "")
        dates = when.dates_at(written, year_of)
        if dates:
            days = [day for day, _, _ in dates]
            written = written[dates[-1][2] :]
        elif written or not days or not row.cells.keys() - {"number"}:
            # A row without a date: a note under the table, or a date not read.
            if when.time_spans(written + row.cells.get("time", "")):
                found.doubt("sessions", f"日程表此行没有可读的日期：{row.source.text}", row.source)
            continue
        # else: a merged date cell, so the row belongs to the date above.
        # A 时段 column (上午/下午) says which half of the day the time is in.
        when_cell = row.cells.get("half", "") + row.cells.get("time", "")
        lead = _half_lead(row.cells.get("lead", ""), when_cell)
        if "title" in row.cells:  # 带班领导 | 职务: 何伟 | 新都镇副镇长
            lead = f"{row.cells['title']} {lead}"
        text = "\t".join([written, when_cell, lead])
        text += "\t" + row.cells.get("units", "")
        place = row.cells.get("venue")
        venue = venue_named(found, place, row.source) if place else None
        for day in days:
            for session in _row_sessions(day, text, row.source, found, venue):
                if row.guessed:
                    fields = tuple(key for role in row.guessed for key in _FIELDS[role])
                    message = "日程表此行有空白格，按上一行处理，请核对"
                    session.doubts.append(Doubt(message, row.source, tuple(dict.fromkeys(fields))))
                sessions.append(session)
    return sessions


def _half_lead(cell: str, when_cell: str) -> str:
    """The lead of a row's half of the day, when its cell names one for each half (上午：局长
    甲 下午：副局长 乙, the cell merged over a morning row and an afternoon row)."""
    halves = {part[:2]: part[2:].strip(" ：:；;，,") for part in re.split(r"(?=上午|下午)", cell)}
    if not {"上午", "下午"} <= halves.keys():
        return cell
    spans = when.time_spans(when_cell)
    afternoon = "下午" in when_cell or any(span.start.hour >= 12 for span, _ in spans)
    return halves["下午" if afternoon else "上午"]


def _row_sessions(
    day: date,
    row: str,
    source: Line,
    found: FoundNotice,
    venue: str | None = None,
    lost: tuple[set[str], bool] | None = None,
) -> list[FoundSession]:
    """The sessions of one row; ``lost``: the table's units and whether a venue column
    comes before the lead, when the row's cells ran together."""
    session = FoundSession(id=day.isoformat(), day=day, source=source, venue=venue)
    row = row[read_weekday(session, row) :]
    spans = when.time_spans(row)
    for _, match in spans:
        row = row.replace(match[0], "\t", 1)
    half = None if spans else re.match(r"\s*(上午|下午)场?", row)
    if half:  # 5月8日（周三）上午: the time is given elsewhere, for each half of the day
        session.half, row = half[1], row[half.end() :]
    cells = untangle(row, *lost) if lost else None
    if cells:
        session.venue = _lost_venue(found, cells.venue, source) if cells.venue else None
        row = cells.lead + "\t" + "、".join(cells.units)
        venue = session.venue
    for known in found.venues if venue is None else []:
        if known.name in row:
            session.venue = known.id
            row = row.replace(known.name, "\t", 1)
    read_people(row, session)
    if not spans:
        session.doubts.append(Doubt(_NO_TIME, source, ("start", "end")))
        return [session]
    return split_by_time(session, [span for span, _ in spans])


def _lost_venue(found: FoundNotice, place: str, source: Line) -> str | None:
    """A venue read from a row whose cells ran together: its name may be cut wrong."""
    known = {venue.id for venue in found.venues}
    venue_id = venue_named(found, place, source)
    for venue in found.venues:
        if venue.id == venue_id and venue_id not in known:
            venue.doubts.append(Doubt("地点取自断行的日程表，请核对名称", source, ("venue",)))
    return venue_id


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
